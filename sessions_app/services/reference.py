"""Reference data (regions), the historical editions and the demo session."""

import csv
import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sessions_app.models import Country, DatePrecision, Region, Session, SessionStatus
from sessions_app.services.institutions import give_default_institutions
from sessions_app.services.programme import load_demo_programme

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
REGION_FIELDS = ("country", "kind", "name_it", "name_ru", "name_en")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _upsert(model, lookup, values, report):
    """Create or update one row, touching the database only when something changed."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        model.objects.create(**lookup, **values)
        report.created += 1
        return
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    report.updated += 1


@transaction.atomic
def load_reference_data():
    """Load Italy's 20 regions and Russia's 83 federal subjects; idempotent."""
    report = LoadReport()
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {field: row[field].strip() for field in REGION_FIELDS}
            _upsert(Region, {"code": row["code"].strip()}, values, report)
    return report


# Editions known from public records. Dates known only to the month are recorded as such.
HISTORY = [
    # number, region, city it/ru/en, start, end, precision, registrations it/ru
    (8, "IT-57", ("Ancona", "Анкона", "Ancona"), "2005-10-26", "2005-10-27", "day", None),
    (12, "IT-72", ("Napoli", "Неаполь", "Naples"), "2007-10-01", "2007-10-01", "month", None),
    (14, "IT-42", ("Sanremo", "Сан-Ремо", "Sanremo"), "2008-10-27", "2008-10-28", "day", None),
    (17, "IT-75", ("Bari", "Бари", "Bari"), "2010-11-18", "2010-11-19", "day", None),
    (19, "IT-82", ("Catania", "Катания", "Catania"), "2011-10-20", "2011-10-22", "day", None),
    (
        21,
        "IT-57",
        ("San Benedetto del Tronto", "Сан-Бенедетто-дель-Тронто", "San Benedetto del Tronto"),
        "2012-10-23",
        "2012-10-26",
        "day",
        None,
    ),
    (23, "IT-21", ("Torino", "Турин", "Turin"), "2013-11-12", "2013-11-13", "day", None),
    (25, "IT-25", ("Bergamo", "Бергамо", "Bergamo"), "2016-12-01", "2016-12-02", "day", (310, 83)),
    (
        26,
        "RU-SVE",
        ("Ekaterinburg", "Екатеринбург", "Yekaterinburg"),
        "2017-10-12",
        "2017-10-13",
        "day",
        None,
    ),
    (27, "IT-52", ("Firenze", "Флоренция", "Florence"), "2018-11-29", "2018-11-30", "day", None),
]

TIME_ZONES = {Country.ITALY: "Europe/Rome"}
REGION_TIME_ZONES = {"RU-SVE": "Asia/Yekaterinburg", "RU-TA": "Europe/Moscow"}


@transaction.atomic
def load_history():
    """Load the editions known from public records; idempotent. Needs the reference data."""
    regions = Region.objects.in_bulk(field_name="code")
    report = LoadReport()
    for number, region_code, cities, start, end, precision, registrations in HISTORY:
        region = regions[region_code]
        values = {
            "host_country": region.country,
            "host_region": region,
            "city_it": cities[0],
            "city_ru": cities[1],
            "city_en": cities[2],
            "start_date": datetime.date.fromisoformat(start),
            "end_date": datetime.date.fromisoformat(end),
            "date_precision": DatePrecision(precision),
            "status": SessionStatus.HELD,
            "time_zone": REGION_TIME_ZONES.get(region_code, TIME_ZONES.get(region.country)),
            "historical_registrations_italian": registrations[0] if registrations else None,
            "historical_registrations_russian": registrations[1] if registrations else None,
        }
        _upsert(Session, {"number": number}, values, report)
        give_default_institutions(Session.objects.get(number=number))
    return report


DEMO_SESSION_NUMBER = 30


@transaction.atomic
def load_demo_session(today=None):
    """An upcoming session with registration open and a two-day programme, for `make run`.

    Its dates are set relative to the day it is first created and never moved afterwards,
    so that running the command twice changes nothing; a demo session created before the
    programme existed gets its programme on the next run.
    """
    existing = Session.objects.filter(number=DEMO_SESSION_NUMBER).first()
    if existing:
        give_default_institutions(existing)
        load_demo_programme(existing)
        return existing, False
    today = today or timezone.localdate()
    region = Region.objects.get(code="RU-TA")
    start = today + datetime.timedelta(days=75)
    zone = REGION_TIME_ZONES["RU-TA"]
    # Registration opens and closes at times of the host city, where the deadline is shown.
    opens = datetime.datetime.combine(
        today - datetime.timedelta(days=7), datetime.time(9), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    closes = datetime.datetime.combine(
        start - datetime.timedelta(days=5), datetime.time(18), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    session = Session.objects.create(
        number=DEMO_SESSION_NUMBER,
        host_country=region.country,
        host_region=region,
        city_it="Kazan’",
        city_ru="Казань",
        city_en="Kazan",
        venue="Kazan Expo",
        time_zone=zone,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        registration_opens=opens,
        registration_closes=closes,
        status=SessionStatus.REGISTRATION_OPEN,
        italian_cochair_name="Mario Rossi",
        italian_cochair_name_cyrillic="Марио Росси",
        italian_cochair_title=(
            "Direttore generale per la politica industriale, l’innovazione e le PMI (demo)"
        ),
        italian_cochair_title_ru=(
            "Генеральный директор по промышленной политике, инновациям и МСП (демо)"
        ),
        russian_cochair_name="Иван Петров",
        russian_cochair_title=(
            "Директор Департамента развития малого и среднего предпринимательства (демо)"
        ),
        russian_cochair_title_it=(
            "Direttore del Dipartimento per lo sviluppo delle piccole e medie imprese (demo)"
        ),
        capacity_italian=300,
        capacity_russian=100,
        notes="Demo session created by `make run`.",
    )
    give_default_institutions(session)
    load_demo_programme(session)
    return session, True
