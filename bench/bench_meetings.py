"""Scheduling the Meeting Point: 1 000 accepted requests among 400 delegates, 40 tables and
15 slots (the size of the XXV session in Bergamo), against a plain greedy pass.

The algorithm runs on the real models: the requests, profiles and meetings are created in a
throwaway database and `schedule_meetings` reads them, schedules and writes the placements.
"""

import datetime
import random
import time

from bench.common import benchmark_database, database_label, goal_row, lombardy

DELEGATES_ITALIAN = 310
DELEGATES_RUSSIAN = 90
MEETINGS = 1000
TABLES = 40
SLOTS = 15


def _pairs(rng):
    """Requests concentrate on some popular delegates, as they do at real events."""
    italians = range(DELEGATES_ITALIAN)
    russians = range(DELEGATES_RUSSIAN)
    italian_weights = [rng.paretovariate(1.6) for _ in italians]
    russian_weights = [rng.paretovariate(1.6) for _ in russians]
    pairs = set()
    while len(pairs) < MEETINGS:
        pairs.add(
            (rng.choices(italians, italian_weights)[0], rng.choices(russians, russian_weights)[0])
        )
    return sorted(pairs)


def _build(rng, tables, interpreters):
    from django.utils import timezone

    from delegates.models import Organization, Person, Registration
    from meetings.models import B2BProfile, Meeting, MeetingPoint
    from sessions_app.models import Session

    region = lombardy()
    number = Session.objects.count() + 200
    day = datetime.date(2030, 12, 1)
    session = Session.objects.create(
        number=number,
        host_country="IT",
        host_region=region,
        city_it="Bergamo",
        start_date=day,
        end_date=day,
    )
    zone = session.tzinfo
    start = datetime.datetime.combine(day, datetime.time(14), tzinfo=zone)
    meeting_point = MeetingPoint.objects.create(
        session=session,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20 * SLOTS),
        slot_minutes=20,
        tables=tables,
        interpreters_per_slot=interpreters,
    )
    organization = Organization.objects.create(
        name_latin=f"Bench {number}", country="IT", category="company"
    )
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(
            given_name="Delegate",
            family_name=str(index),
            given_name_latin="Delegate",
            family_name_latin=str(index),
            email=f"bench{number}-{index}@example.org",
        )
        for index in range(DELEGATES_ITALIAN + DELEGATES_RUSSIAN)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            person=person,
            session=session,
            delegation="IT" if index < DELEGATES_ITALIAN else "RU",
            organization=organization,
            position="Manager",
            status="approved",
            wants_bilateral_meetings=True,
            privacy_consent_at=now,
        )
        for index, person in enumerate(people)
    )
    B2BProfile.objects.bulk_create(
        B2BProfile(
            registration=registration,
            offers="-",
            looks_for="-",
            unavailable_slots=sorted(rng.sample(range(SLOTS), rng.choice([0, 0, 0, 2, 4]))),
        )
        for registration in registrations
    )
    Meeting.objects.bulk_create(
        Meeting(
            meeting_point=meeting_point,
            registration_a=registrations[italian],
            registration_b=registrations[DELEGATES_ITALIAN + russian],
            needs_interpreter=rng.random() < 0.25,
        )
        for italian, russian in _pairs(rng)
    )
    return meeting_point


def _scenario(label, tables, interpreters):
    from core.authorization import SYSTEM
    from meetings import scheduling, services
    from meetings.models import Meeting

    meeting_point = _build(random.Random(7), tables, interpreters)
    # Wall time without tracemalloc, which would slow the pure-Python search several times.
    started = time.perf_counter()
    report = services.schedule_meetings(meeting_point, by=SYSTEM)
    seconds = time.perf_counter() - started
    greedy = services.schedule_meetings(
        meeting_point, by=SYSTEM, algorithm=scheduling.greedy_schedule
    )
    # The scheduler's own result stays in the database; the greedy run is only compared.
    services.schedule_meetings(meeting_point, by=SYSTEM)
    placed = Meeting.objects.filter(meeting_point=meeting_point, slot__isnull=False).count()
    name = "meetings scheduling"
    note = f"{label}; {database_label()}"
    return [
        {
            "benchmark": name,
            "figure": f"{label}: seconds",
            "value": f"{seconds:.2f}",
            "unit": "s",
            "note": f"{note}; search alone {report.search_seconds:.2f} s",
        },
        {
            "benchmark": name,
            "figure": f"{label}: placed (scheduler)",
            "value": report.placed,
            "unit": "meetings",
            "note": f"of {report.total}, capacity {meeting_point.capacity}; {placed} saved",
        },
        {
            "benchmark": name,
            "figure": f"{label}: placed (greedy baseline)",
            "value": greedy.placed,
            "unit": "meetings",
            "note": f"first-fit greedy, search alone {greedy.search_seconds:.2f} s",
        },
        goal_row(
            name,
            f"{label}: placed / greedy",
            report.placed / max(1, greedy.placed),
            "ratio",
            1.0,
            "the scheduler places at least what first-fit greedy places",
        ),
    ]


def run():
    rows = []
    with benchmark_database():
        rows += _scenario(f"{TABLES} tables × {SLOTS} slots", TABLES, None)
        rows += _scenario(f"{TABLES} tables × {SLOTS} slots, 8 interpreters", TABLES, 8)
        rows += _scenario(f"80 tables × {SLOTS} slots, 12 interpreters", 80, 12)
    return rows
