"""Lists of registrations for staff: CSV and Excel files of any filtered queryset, streamed
in chunks so that 10 000 rows need neither 10 000 queries nor all rows in memory at once."""

import csv
import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from delegates.models import CompanyVisitBooking

CHUNK_SIZE = 2000


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


COLUMNS = [
    (_("Session"), lambda r: r.session.roman_numeral),
    (_("Delegation"), lambda r: r.delegation),
    (_("Status"), lambda r: r.get_status_display()),
    (_("Family name"), lambda r: r.person.family_name),
    (_("Given name"), lambda r: r.person.given_name),
    (_("Family name (Latin script)"), lambda r: r.person.family_name_latin),
    (_("Given name (Latin script)"), lambda r: r.person.given_name_latin),
    (_("E-mail"), lambda r: r.person.email),
    (_("Phone"), lambda r: r.person.phone),
    (_("Organization"), lambda r: r.organization.name_latin),
    (_("Organization (Cyrillic script)"), lambda r: r.organization.name_cyrillic),
    (_("Category"), lambda r: r.organization.get_category_display()),
    (_("Region"), lambda r: r.organization.region.name if r.organization.region else ""),
    (_("Position"), lambda r: r.position),
    (_("Role"), lambda r: r.get_role_display()),
    (_("Thematic tables"), lambda r: "; ".join(t.name for t in r.thematic_tables.all())),
    (
        _("Company visits"),
        lambda r: "; ".join(
            f"{b.visit.title} ({b.get_status_display()})" for b in r.company_visit_bookings.all()
        ),
    ),
    (_("Bilateral meetings"), lambda r: _("yes") if r.wants_bilateral_meetings else _("no")),
    (_("Language"), lambda r: r.language),
    (_("Submitted at"), lambda r: _moment(r.submitted_at)),
    (_("Decided at"), lambda r: _moment(r.decided_at)),
]

# Spreadsheet programs run cells starting with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export_queryset(queryset):
    """The queryset with everything the columns read, in two or three queries per chunk."""
    return queryset.select_related(
        "session", "person", "organization", "organization__region"
    ).prefetch_related(
        "thematic_tables",
        Prefetch(
            "company_visit_bookings",
            queryset=CompanyVisitBooking.objects.select_related("visit"),
        ),
    )


def header_row():
    return [str(title) for title, _getter in COLUMNS]


def rows(queryset):
    for registration in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield [_safe(getter(registration)) for _title, getter in COLUMNS]


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset):
    """The CSV file line by line (UTF-8 with BOM, so that Excel reads Cyrillic right)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header_row())
    for row in rows(queryset):
        yield writer.writerow(row)


def xlsx_bytes(queryset, title="Registrations"):
    """The Excel workbook, written in openpyxl's streaming (write-only) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header_row())
    for row in rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
