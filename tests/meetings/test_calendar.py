"""The delegate's personal calendar feed: their programme and B2B meetings, parsed back with
icalendar; a meeting moved updates the event (same UID, new time, higher SEQUENCE); the feed
is gone (410) once the registration is cancelled; its address opens nothing else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.authorization import SYSTEM
from delegates.models import CompanyVisitBooking
from delegates.services.workflow import cancel
from meetings import calendar
from meetings.services import create_meeting_by_staff, place_meeting
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    ThematicTableFactory,
    session_local_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(meeting_session, russian):
    """A plenary for everyone; two tables (the delegate chose one); two company visits (the
    delegate booked one)."""
    session = meeting_session
    chosen, other = ThematicTableFactory(session=session), ThematicTableFactory(session=session)
    russian.thematic_tables.add(chosen)
    plenary = ProgrammeItemFactory(session=session, place_it="Sala A", place_ru="Зал А")
    table_item = ProgrammeItemFactory(
        session=session,
        kind="thematic_table",
        table=chosen,
        starts_at=session_local_time(session, 0, 11),
        ends_at=session_local_time(session, 0, 13),
    )
    ProgrammeItemFactory(
        session=session,
        kind="thematic_table",
        table=other,
        title_it="Tavolo non scelto",
        title_ru="Невыбранный стол",
        starts_at=session_local_time(session, 0, 11),
        ends_at=session_local_time(session, 0, 13),
    )
    booked = ProgrammeItemFactory(
        session=session,
        kind="company_visit",
        title_ru="Посещение завода",
        starts_at=session_local_time(session, 1, 9),
        ends_at=session_local_time(session, 1, 12),
    )
    ProgrammeItemFactory(
        session=session,
        kind="company_visit",
        title_it="Visita non prenotata",
        title_ru="Непрошенное посещение",
        starts_at=session_local_time(session, 1, 9),
        ends_at=session_local_time(session, 1, 12),
    )
    CompanyVisitBooking.objects.create(registration=russian, visit=booked, status="booked")
    return {"plenary": plenary, "table": table_item, "visit": booked, "chosen": chosen}


def feed_url(registration):
    return reverse("meetings:calendar", kwargs={"token": calendar.calendar_token(registration)})


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in parsed.walk("VEVENT")}, parsed


def test_the_feed_holds_the_delegates_programme_and_meetings_in_their_language(
    client, meeting_point, italian, russian, programme
):
    meeting = create_meeting_by_staff(meeting_point, italian, russian, 1, 2, by=SYSTEM)
    events, parsed = events_of(client.get(feed_url(russian)))
    assert "моя программа" in str(parsed["x-wr-calname"])
    summaries = sorted(str(event["summary"]) for event in events.values())
    assert len(events) == 4, summaries
    plenary = events[f"programme-{programme['plenary'].pk}@127.0.0.1"]
    assert str(plenary["summary"]) == programme["plenary"].title_ru
    assert str(plenary["location"]) == "Зал А"
    assert plenary.decoded("dtstart") == programme["plenary"].starts_at
    table = events[f"programme-{programme['table'].pk}@127.0.0.1"]
    assert programme["chosen"].name_ru in str(table["summary"])
    visit = events[f"programme-{programme['visit'].pk}@127.0.0.1"]
    assert str(visit["summary"]) == "Посещение предприятия: Посещение завода"
    b2b = events[f"meeting-{meeting.pk}@127.0.0.1"]
    slot = meeting_point.slot(1)
    assert b2b.decoded("dtstart") == slot.starts_at
    assert b2b.decoded("dtend") == slot.ends_at
    # The partner in both scripts, the table, in Russian.
    assert italian.person.full_name in str(b2b["summary"])
    assert "стол 2" in str(b2b["summary"])
    assert "Стол: 2" in str(b2b["description"])
    assert italian.organization.name_latin in str(b2b["description"])
    assert int(b2b["sequence"]) == 0


def test_the_italian_partner_reads_the_same_meeting_in_italian(
    client, meeting_point, italian, russian
):
    meeting = create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    events, _parsed = events_of(client.get(feed_url(italian)))
    b2b = events[f"meeting-{meeting.pk}@127.0.0.1"]
    assert "tavolo 1" in str(b2b["summary"])
    assert russian.person.full_name in str(b2b["summary"])
    assert russian.person.full_name_latin in str(b2b["summary"])


def test_a_moved_meeting_keeps_its_uid_with_the_new_time_and_a_higher_sequence(
    client, meeting_point, italian, russian
):
    meeting = create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    before = events_of(client.get(feed_url(russian)))[0][uid]
    place_meeting(meeting, 3, 2, by=SYSTEM)
    after = events_of(client.get(feed_url(russian)))[0][uid]
    assert after.decoded("dtstart") == meeting_point.slot(3).starts_at
    assert after.decoded("dtstart") != before.decoded("dtstart")
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("last-modified") >= before.decoded("last-modified")


def test_the_scheduler_moving_a_meeting_raises_its_sequence(
    client, meeting_point, italian, russian
):
    from meetings.services import apply_placements

    meeting = create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    before = events_of(client.get(feed_url(italian)))[0][uid]
    apply_placements(meeting_point, {meeting.pk: (4, 3, False)}, by=SYSTEM, reason="scheduled")
    after = events_of(client.get(feed_url(italian)))[0][uid]
    assert after.decoded("dtstart") == meeting_point.slot(4).starts_at
    assert int(after["sequence"]) > int(before["sequence"])


def test_new_meeting_point_times_raise_the_sequence_of_its_meetings(
    client, meeting_point, italian, russian
):
    meeting = create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    before = events_of(client.get(feed_url(italian)))[0][uid]
    meeting_point.starts_at += datetime.timedelta(minutes=30)
    meeting_point.ends_at += datetime.timedelta(minutes=30)
    meeting_point.save()
    after = events_of(client.get(feed_url(italian)))[0][uid]
    assert after.decoded("dtstart") == before.decoded("dtstart") + datetime.timedelta(minutes=30)
    assert int(after["sequence"]) > int(before["sequence"])


def test_a_meeting_not_placed_yet_is_not_in_the_feed(client, meeting_point, italian, russian):
    create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    events, _parsed = events_of(client.get(feed_url(italian)))
    assert not [uid for uid in events if uid.startswith("meeting-")]


def test_the_feed_is_private_and_can_be_downloaded(client, meeting_point, italian):
    response = client.get(feed_url(italian), {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_feed_of_a_cancelled_registration_is_gone(client, meeting_point, italian):
    assert client.get(feed_url(italian)).status_code == 200
    cancel(italian, by=italian)
    response = client.get(feed_url(italian))
    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_feed_of_an_expired_link_is_gone(client):
    registration = RegistrationFactory(session=PastSessionFactory())
    response = client.get(feed_url(registration))
    assert response.status_code == 410


def altered(token):
    return token[:-1] + ("1" if token[-1] != "1" else "2")


def _altered(token):
    return token[:-1] + ("1" if token[-1] == "0" else "0")


@pytest.mark.parametrize(
    "token",
    [
        lambda registration: registration.management_token,
        # The last character changed ("1" when it is "0": the same token 1 time in 16 before).
        lambda registration: _altered(calendar.calendar_token(registration)),
        lambda registration: (
            f"{registration.pk + 1}-" + calendar.calendar_token(registration)[-32:]
        ),
        lambda registration: "1-" + "a" * 32,
        lambda registration: "x" * 400,
    ],
)
def test_a_wrong_or_altered_token_finds_nothing(client, italian, token):
    RegistrationFactory(session=italian.session)  # the next id exists
    address = reverse("meetings:calendar", kwargs={"token": token(italian)})
    assert client.get(address).status_code == 404


def test_the_feed_address_does_not_reveal_the_private_link(italian):
    assert italian.management_token not in calendar.calendar_url(italian)
    assert calendar.webcal_url(italian).startswith("webcal://")


def test_the_private_page_links_the_feed(client, italian):
    page = client.get(
        reverse("delegates:manage", kwargs={"token": italian.management_token})
    ).content.decode()
    assert calendar.webcal_url(italian) in page
    assert calendar.calendar_url(italian) + "?download=1" in page


@pytest.mark.parametrize("count", [1, 4])
def test_the_feed_costs_the_same_queries_whatever_it_holds(
    client, meeting_point, russian, count, django_assert_num_queries
):
    session = meeting_point.session
    table = ThematicTableFactory(session=session)
    russian.thematic_tables.add(table)
    for index in range(count):
        partner = RegistrationFactory(session=session, wants_bilateral_meetings=True)
        create_meeting_by_staff(meeting_point, partner, russian, index, 1, by=SYSTEM)
        ProgrammeItemFactory(session=session)
        visit = ProgrammeItemFactory(session=session, kind="company_visit")
        CompanyVisitBooking.objects.create(registration=russian, visit=visit, status="booked")
        ProgrammeItemFactory(session=session, kind="thematic_table", table=table)
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(feed_url(russian))
    events, _parsed = events_of(response)
    assert len(events) == 4 * count


def test_the_feed_is_fresh_at_every_request(client, meeting_point, italian, russian):
    """No stale cache: an item changed after the first request shows at the second."""
    item = ProgrammeItemFactory(session=meeting_point.session)
    uid = f"programme-{item.pk}@127.0.0.1"
    first = events_of(client.get(feed_url(italian)))[0][uid]
    item.starts_at += datetime.timedelta(hours=1)
    item.ends_at += datetime.timedelta(hours=1)
    item.save()
    second = events_of(client.get(feed_url(italian)))[0][uid]
    assert second.decoded("dtstart") - first.decoded("dtstart") == datetime.timedelta(hours=1)
    assert int(second["sequence"]) == int(first["sequence"]) + 1
    assert second.decoded("dtstamp") <= timezone.now()


FEED_QUERIES = 10


def test_an_event_without_its_own_place_is_at_the_venue_named_in_the_readers_language(
    client, meeting_point, russian, programme
):
    session = russian.session
    session.venue, session.venue_ru = "Kazan Expo", "Казань Экспо"
    session.save(update_fields=["venue", "venue_ru"])
    visit = programme["visit"]
    visit.place_it = visit.place_ru = visit.place_en = ""
    visit.save(update_fields=["place_it", "place_ru", "place_en"])
    events, _parsed = events_of(client.get(feed_url(russian)))
    assert str(events[f"programme-{visit.pk}@127.0.0.1"]["location"]) == "Казань Экспо"


def test_the_partners_position_is_in_the_readers_language_when_known(
    client, meeting_point, italian, russian
):
    italian.position = "Direttore commerciale"
    italian.save()
    italian.b2b_profile.position_other_language = "Коммерческий директор"
    italian.b2b_profile.save()
    russian.position = "Главный инженер"
    russian.save()
    meeting = create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    events, _parsed = events_of(client.get(feed_url(russian)))
    description = str(events[uid]["description"])
    assert "Должность: Коммерческий директор" in description
    assert "Direttore commerciale" not in description
    # Known in Russian only: the Italian reader gets it as written.
    events, _parsed = events_of(client.get(feed_url(italian)))
    assert "Главный инженер" in str(events[uid]["description"])


def test_a_tables_moderators_come_with_their_titles_in_the_readers_language(
    client, meeting_point, russian, programme
):
    table = programme["chosen"]
    table.italian_moderator_name = "Marco Colombo"
    table.italian_moderator_title = "Presidente dell’associazione"
    table.italian_moderator_title_ru = "Президент отраслевого союза"
    table.save()
    events, _parsed = events_of(client.get(feed_url(russian)))
    description = str(events[f"programme-{programme['table'].pk}@127.0.0.1"]["description"])
    assert "Модераторы: Marco Colombo, Президент отраслевого союза" in description
    assert "Presidente" not in description
