"""Reference data (regions) and the demo session (the historical editions: history.py)."""

import csv
import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sessions_app.models import Region, Session, SessionStatus
from sessions_app.services.institutions import give_default_institutions
from sessions_app.services.programme import load_demo_programme
from sessions_app.time_zones import proposed_zone

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
    zone = proposed_zone(region)
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
        venue_ru="Казань Экспо",
        venue_en="Kazan Expo",
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
        italian_cochair_title_en=(
            "Director General for Industrial Policy, Innovation and SMEs (demo)"
        ),
        russian_cochair_name="Иван Петров",
        russian_cochair_title=(
            "Директор Департамента развития малого и среднего предпринимательства (демо)"
        ),
        russian_cochair_title_it=(
            "Direttore del Dipartimento per lo sviluppo delle piccole e medie imprese (demo)"
        ),
        russian_cochair_title_en=(
            "Director of the Department for the Development of Small and Medium-Sized "
            "Enterprises (demo)"
        ),
        capacity_italian=300,
        capacity_russian=100,
        notes="Demo session created by `make run`.",
    )
    give_default_institutions(session)
    load_demo_programme(session)
    return session, True
