"""The historical record: every edition known from public sources, loaded from
`sessions_app/data/editions.csv` (one row per edition, with the precision of its date, its
place in three languages, its confidence and its sources) and `edition_figures.csv` (the
figures sources reported, each with its source; the evidence is in `editions_sources.md`).

Loading is idempotent, and it never overwrites what staff corrected: a row whose history
holds a change made by a user is left as it is (and counted as kept). An edition held in a
known region at a date known at least to the year gets its session in the portal.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.spreadsheets import CSV_BOM, CsvWriter
from sessions_app.models import (
    Confidence,
    DatePrecision,
    Edition,
    EditionSource,
    EditionStatus,
    FigureKind,
    Qualifier,
    Region,
    ReportedFigure,
    Session,
    SessionStatus,
)
from sessions_app.services.institutions import give_default_institutions
from sessions_app.time_zones import proposed_zone

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EDITIONS_CSV = DATA_DIR / "editions.csv"
FIGURES_CSV = DATA_DIR / "edition_figures.csv"

# Registrations the ministry reported for editions held before the portal: the statistics
# page shows them per delegation (the source is among the edition's reported figures).
HISTORICAL_REGISTRATIONS = {25: (310, 83)}

# "Venezia (Isola di San Servolo; Mestre)": the city, then the venue in brackets.
_CITY_AND_VENUE = re.compile(r"^(?P<city>[^(]*?)\s*\((?P<venue>[^)]*)\)\s*$")
_ONLINE = "online"


@dataclass
class HistoryReport:
    """Rows created, updated, unchanged and kept as staff corrected them, per kind of row."""

    counts: dict = field(default_factory=dict)

    def count(self, kind, outcome):
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def __str__(self):
        parts = []
        for kind in ("editions", "sources", "figures", "sessions"):
            counts = self.counts.get(kind, Counter())
            text = (
                f"{kind}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
            if counts["kept"]:
                text += f", {counts['kept']} kept as corrected by staff"
            parts.append(text)
        return "; ".join(parts)

    def total(self, outcome):
        return sum(counts[outcome] for counts in self.counts.values())


def corrected_by_staff(instance):
    """Whether a user (not a loading command) changed this row: its history says so."""
    return instance.history.filter(history_user__isnull=False).exists()


def _upsert(model, lookup, values, report, kind):
    """Create or update one row, touching it only when something changed and never when
    staff corrected it."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        report.count(kind, "created")
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        report.count(kind, "unchanged")
        return instance
    if corrected_by_staff(instance):
        report.count(kind, "kept")
        return instance
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    report.count(kind, "updated")
    return instance


def _split_city(text):
    match = _CITY_AND_VENUE.match(text)
    if match:
        return match["city"], match["venue"]
    return text, ""


def read_editions():
    """The rows of editions.csv, each with its attempt (1, then 2 for the same number)."""
    attempts = Counter()
    with EDITIONS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            row = {key: (value or "").strip() for key, value in row.items()}
            number = int(row["number"])
            attempts[number] += 1
            row["sequence"] = attempts[number]
            yield row


def edition_values(row, regions):
    """The fields of an Edition from one row of editions.csv: unknown stays empty."""
    is_online = row["city_en"].lower() == _ONLINE
    city_it, venue = ("", "") if is_online else _split_city(row["city_it"])
    precision = row["date_precision"] or DatePrecision.UNKNOWN
    return {
        "status": EditionStatus(row["status"]),
        "is_online": is_online,
        "confidence": Confidence(row["confidence"]),
        "date_precision": DatePrecision(precision),
        "year": int(row["year"]) if row["year"] else None,
        "start_date": datetime.date.fromisoformat(row["start_date"]) if row["start_date"] else None,
        "end_date": datetime.date.fromisoformat(row["end_date"]) if row["end_date"] else None,
        "host_country": row["country"],
        "host_region": regions[row["region_iso"]] if row["region_iso"] else None,
        "city_it": city_it,
        "city_ru": "" if is_online else _split_city(row["city_ru"])[0],
        "city_en": "" if is_online else _split_city(row["city_en"])[0],
        "venue": venue,
        "tables_note": row["tables"],
        "figures_note": row["figures"],
    }


def has_a_session(edition):
    """An edition held in a known region, at a date known at least to the year, is a session
    of the portal too (its page lists the edition's sources and figures)."""
    return (
        edition.status == EditionStatus.HELD
        and not edition.is_online
        and edition.host_region_id is not None
        and edition.date_precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
        and (edition.start_date is not None or edition.year is not None)
    )


def session_values(edition):
    if edition.date_precision == DatePrecision.YEAR:
        start = end = datetime.date(edition.year, 1, 1)
    elif edition.date_precision == DatePrecision.MONTH:
        start = end = edition.start_date
    else:
        start, end = edition.start_date, edition.end_date or edition.start_date
    registrations = HISTORICAL_REGISTRATIONS.get(edition.number, (None, None))
    region = edition.host_region
    return {
        "host_country": region.country,
        "host_region": region,
        "city_it": edition.city_it,
        "city_ru": edition.city_ru,
        "city_en": edition.city_en,
        "venue": edition.venue,
        "start_date": start,
        "end_date": end,
        "date_precision": edition.date_precision,
        "status": SessionStatus.HELD,
        "time_zone": proposed_zone(region),
        "historical_registrations_italian": registrations[0],
        "historical_registrations_russian": registrations[1],
    }


@transaction.atomic
def load_history():
    """Load every edition of editions.csv, its sources and reported figures, and the sessions
    of the editions held in a known region at a known date; idempotent. Needs the regions."""
    regions = Region.objects.in_bulk(field_name="code")
    report = HistoryReport()
    for row in read_editions():
        edition = _upsert(
            Edition,
            {"number": int(row["number"]), "sequence": row["sequence"]},
            edition_values(row, regions),
            report,
            "editions",
        )
        for position, url in enumerate(row["sources"].split()):
            _upsert(
                EditionSource,
                {"edition": edition, "url": url},
                {"position": position},
                report,
                "sources",
            )
        if has_a_session(edition):
            session = _upsert(
                Session, {"number": edition.number}, session_values(edition), report, "sessions"
            )
            give_default_institutions(session)
            if edition.session_id != session.pk:
                _upsert(Edition, {"pk": edition.pk}, {"session": session}, HistoryReport(), "-")
    _load_figures(report)
    return report


def _load_figures(report):
    editions = {(edition.number, edition.sequence): edition for edition in Edition.objects.all()}
    sources = {(source.edition_id, source.url): source for source in EditionSource.objects.all()}
    with FIGURES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            edition = editions[(int(row["number"]), int(row["sequence"]))]
            source = sources.get((edition.pk, row["source"]))
            if source is None:  # a figure whose source staff removed from the edition
                report.count("figures", "kept")
                continue
            _upsert(
                ReportedFigure,
                {"edition": edition, "kind": FigureKind(row["kind"]), "source": source},
                {
                    "value": int(row["value"]),
                    "qualifier": Qualifier(row["qualifier"]),
                    "is_forecast": row["is_forecast"] == "yes",
                },
                report,
                "figures",
            )


HISTORY_CSV_COLUMNS = (
    "number",
    "roman",
    "attempt",
    "status",
    "online",
    "confidence",
    "public_record_found",
    "date_precision",
    "year",
    "start_date",
    "end_date",
    "country",
    "region_code",
    "city_it",
    "city_ru",
    "city_en",
    "venue",
    "session_in_portal",
    "sources",
    "reported_figures",
)


def history_rows():
    """One list of values per edition, in the order of HISTORY_CSV_COLUMNS."""
    for edition in Edition.objects.for_display():
        figures = "; ".join(
            f"{figure.kind}={figure.value} ({figure.qualifier}"
            f"{', forecast' if figure.is_forecast else ''}) {figure.source.url}"
            for figure in edition.figures.all()
        )
        yield [
            edition.number,
            edition.roman_numeral,
            edition.sequence,
            edition.status,
            "yes" if edition.is_online else "no",
            edition.confidence,
            "yes" if edition.has_public_record else "no",
            edition.date_precision,
            edition.year,
            edition.start_date,
            edition.end_date,
            edition.host_country,
            edition.host_region.code if edition.host_region else "",
            edition.city_it,
            edition.city_ru,
            edition.city_en,
            edition.venue,
            edition.session.number if edition.session else "",
            " ".join(source.url for source in edition.sources.all()),
            figures,
        ]


def history_csv_text():
    """The historical record as CSV (UTF-8 with a BOM, so that Excel reads the Cyrillic)."""
    stream = io.StringIO()
    stream.write(CSV_BOM)
    writer = CsvWriter(stream)
    writer.writerow(HISTORY_CSV_COLUMNS)
    for row in history_rows():
        writer.writerow(row)
    return stream.getvalue()
