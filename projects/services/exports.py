"""The list of projects for staff, as CSV or Excel (through core/spreadsheets.py: what
delegates typed never runs as a formula)."""

import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from core.spreadsheets import CSV_BOM, CsvWriter, xlsx_row
from delegates.models import OrganizationCategory
from projects.models import ProjectKind, ProjectStatus, TranslationState
from sessions_app.dates import header_with_zone, spreadsheet_moment
from sessions_app.models import Sector, Session

COLUMNS = [
    (_("Session"), lambda p, t: p.session.roman_numeral),
    (_("Thematic table"), lambda p, t: p.thematic_table.name),
    (_("Order"), lambda p, t: p.presentation_order),
    (_("Status"), lambda p, t: t["status"].get(p.status, p.status)),
    (_("Translation"), lambda p, t: t["translation"].get(p.translation_state, "")),
    (_("Title (Italian)"), lambda p, t: p.title_it),
    (_("Title (Russian)"), lambda p, t: p.title_ru),
    (_("Summary (Italian)"), lambda p, t: p.summary_it),
    (_("Summary (Russian)"), lambda p, t: p.summary_ru),
    (_("Kind of collaboration"), lambda p, t: t["kind"].get(p.kind, p.kind)),
    (_("Sector"), lambda p, t: t["sector"].get(p.sector, p.sector)),
    (_("Partner sought"), lambda p, t: t["category"].get(p.partner_category, "")),
    (_("Partner's region"), lambda p, t: p.partner_region.name if p.partner_region else ""),
    (_("Delegation"), lambda p, t: p.proposer.delegation),
    (_("Proposer"), lambda p, t: p.proposer.person.full_name),
    (_("E-mail"), lambda p, t: p.proposer.person.email),
    (_("Organization"), lambda p, t: p.proposer.organization.display_name),
    (_("Proposer's region"), lambda p, t: p.proposer_region.name if p.proposer_region else ""),
    (_("Proposed at"), lambda p, t: spreadsheet_moment(p.created_at, p.session)),
    (_("Decided at"), lambda p, t: spreadsheet_moment(p.decided_at, p.session)),
    (
        _("Reason of the decision"),
        lambda p, t: " — ".join(
            str(part)
            for part in (p.get_decline_reason_display(), p.decision_note_it, p.decision_note_ru)
            if part
        ),
    ),
]


TIME_COLUMNS = {COLUMNS[-3][0], COLUMNS[-2][0]}


def _labels():
    return {
        "status": {value: str(label) for value, label in ProjectStatus.choices},
        "translation": {value: str(label) for value, label in TranslationState.choices},
        "kind": {value: str(label) for value, label in ProjectKind.choices},
        "sector": {value: str(label) for value, label in Sector.choices},
        "category": {value: str(label) for value, label in OrganizationCategory.choices},
    }


def rows(queryset):
    labels = _labels()
    # Times in each project's session's zone, which the headers name.
    sessions = Session.objects.filter(pk__in=queryset.order_by().values("session_id"))
    yield [
        header_with_zone(title, sessions) if title in TIME_COLUMNS else str(title)
        for title, _getter in COLUMNS
    ]
    for project in queryset.with_related().iterator(chunk_size=2000):
        yield [getter(project, labels) for _title, getter in COLUMNS]


def csv_text(queryset):
    class Echo:
        def write(self, value):
            return value

    writer = CsvWriter(Echo())
    return CSV_BOM + "".join(writer.writerow(row) for row in rows(queryset))


def xlsx_bytes(queryset, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in rows(queryset):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
