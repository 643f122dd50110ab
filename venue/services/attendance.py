"""Who came: attendance lists (CSV, Excel) and signed attendance sheets (PDF)."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import bilingual_labels
from core.pdf import render_pdf
from core.spreadsheets import CSV_BOM, CsvWriter, xlsx_row
from sessions_app.dates import header_with_zone, spreadsheet_moment
from venue.services.checkin import attendance_queryset, sheet_registrations


def attendance_headers(session):
    return [
        gettext("Delegation"),
        gettext("Family name (Latin script)"),
        gettext("Given name (Latin script)"),
        gettext("Name (native script)"),
        gettext("Organization"),
        gettext("Organization (Cyrillic script)"),
        gettext("Position"),
        gettext("Role"),
        header_with_zone(gettext("Checked in at"), [session]),
        gettext("Checked in by"),
    ]


def attendance_rows(session):
    """One row per delegate who checked in, times in the host city's time zone."""
    for check_in in attendance_queryset(session).iterator(chunk_size=500):
        registration = check_in.registration
        person = registration.person
        organization = registration.organization
        yield [
            registration.get_delegation_display(),
            person.family_name_latin,
            person.given_name_latin,
            person.full_name if person.has_other_script else "",
            organization.name_latin,
            organization.name_cyrillic,
            registration.position,
            registration.get_role_display(),
            spreadsheet_moment(check_in.checked_in_at, session),
            check_in.checked_in_by.get_username() if check_in.checked_in_by else "",
        ]


def attendance_csv(session):
    """The attendance list as CSV (UTF-8 with BOM, so that Excel reads the Cyrillic)."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = CsvWriter(buffer)
    writer.writerow(attendance_headers(session))
    for row in attendance_rows(session):
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def attendance_xlsx(session):
    """The attendance list as an Excel workbook (written in streaming mode)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Attendance")[:31])
    sheet.append(xlsx_row(sheet, attendance_headers(session), font=Font(bold=True)))
    for row in attendance_rows(session):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _both_languages(function):
    texts = {}
    for language in ("it", "ru"):
        with translation.override(language):
            texts[language] = str(function())
    return texts


SHEET_LABELS = {
    "name": _("Name"),
    "organization": _("Organization"),
    "delegation": _("Delegation"),
    "signature": _("Signature"),
    "empty": _("No approved delegate."),
}


def render_attendance_sheet(session, table=None):
    """A PDF to be signed at the plenary (table None) or at one thematic table: number, name
    in both scripts, organization, delegation and an empty signature column."""
    registrations = sheet_registrations(session, table)
    if table is not None:
        heading = {"it": table.localized("name", "it"), "ru": table.localized("name", "ru")}
    else:
        heading = _both_languages(lambda: gettext("Plenary session"))
    html = render_to_string(
        "pdf/attendance_sheet.html",
        {
            "session": session,
            "titles": _both_languages(lambda: session.title),
            "cities": {
                "it": session.localized("city", "it"),
                "ru": session.localized("city", "ru"),
            },
            "dates": _both_languages(lambda: session.dates_display),
            "heading": heading,
            "registrations": registrations,
            "labels": bilingual_labels(SHEET_LABELS),
        },
    )
    return render_pdf(html)


def sheet_filename(session, table=None):
    suffix = f"table-{table.pk}" if table is not None else "plenary"
    return f"attendance-{session.number}-{suffix}.pdf"
