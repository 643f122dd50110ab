"""Printed documents of the Meeting Point: personal agendas, the organizers' grid (WeasyPrint,
fonts covering Latin and Cyrillic) and the Excel list of meetings needing an interpreter."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.documents import stored_pdf
from core.pdf import render_pdf
from core.spreadsheets import xlsx_row
from delegates.models import Registration
from meetings import reading, services
from meetings.models import Meeting
from meetings.presentation import both_scripts, organization_name, slot_time
from sessions_app.dates import header_with_zone

GRID_TABLES_PER_PAGE = 10


# The public page topics an agenda's content follows from (core/documents.py): the meetings
# and the Meeting Point, the delegates and their organizations, the session.
AGENDA_TOPICS = ("meetings", "registrations", "organizations", "sessions")
# The moment put in an agenda's HTML to compare its content with the agendas already printed.
_ANY_MOMENT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def render_agenda_html(registrations, meeting_point, printed_at=None):
    """One page per delegate, each in the delegate's own language, printed at `printed_at`
    (now by default)."""
    printed_at = printed_at or timezone.now()
    pages = []
    for registration in registrations:
        with translation.override(registration.language or "it"):
            pages.append(
                render_to_string(
                    "pdf/_agenda_page.html",
                    {
                        "registration": registration,
                        "meeting_point": meeting_point,
                        "session": meeting_point.session,
                        "meetings": reading.agenda(registration, meeting_point),
                        "generated_at": timezone.localtime(
                            printed_at, meeting_point.session.tzinfo
                        ),
                    },
                )
            )
    return render_to_string("pdf/agenda.html", {"pages": pages, "meeting_point": meeting_point})


def _stored_agendas(kind, decided_by, registrations, meeting_point):
    """Agendas printed once and served from storage until what they show changes
    (core/documents.py); the date printed on them is the moment they were first printed."""
    return stored_pdf(
        kind,
        decided_by,
        AGENDA_TOPICS,
        lambda: render_agenda_html(registrations, meeting_point, printed_at=_ANY_MOMENT),
        lambda: render_agenda_html(registrations, meeting_point),
    )


def agenda_pdf_path(registration, meeting_point):
    """The stored personal agenda of one delegate."""
    return _stored_agendas("agenda", registration.pk, [registration], meeting_point)


def render_agenda_pdf(registration, meeting_point):
    """The personal agenda of one delegate as PDF bytes."""
    return agenda_pdf_path(registration, meeting_point).read_bytes()


def all_agendas_pdf_path(meeting_point):
    """Every agenda of the Meeting Point for printing, ordered by delegation and name: stored
    as the personal ones are."""
    registrations = list(
        Registration.objects.filter(pk__in=services.scheduled_registration_ids(meeting_point))
        .select_related("person", "organization", "session")
        .order_by("delegation", "person__family_name_latin", "person__given_name_latin")
    )
    return _stored_agendas("agendas", meeting_point.pk, registrations, meeting_point)


def render_all_agendas_pdf(meeting_point):
    return all_agendas_pdf_path(meeting_point).read_bytes()


def render_grid_html(meeting_point):
    """The grid of tables × slots to post at the entrance, in Italian and Russian."""
    rows = reading.grid(meeting_point)
    sections = []
    for start in range(0, meeting_point.tables, GRID_TABLES_PER_PAGE):
        stop = start + GRID_TABLES_PER_PAGE
        sections.append(
            {
                "tables": range(start + 1, min(stop, meeting_point.tables) + 1),
                "rows": [(slot, cells[start:stop]) for slot, cells in rows],
            }
        )
    with translation.override("it"):
        return render_to_string(
            "pdf/meeting_grid.html",
            {
                "meeting_point": meeting_point,
                "session": meeting_point.session,
                "sections": sections,
                "stats": reading.statistics(meeting_point),
            },
        )


def render_grid_pdf(meeting_point):
    return render_pdf(render_grid_html(meeting_point))


def interpreter_workbook(meeting_point, language=None):
    """Meetings that need an interpreter, by slot and table, as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    meetings = (
        Meeting.objects.filter(
            meeting_point=meeting_point, needs_interpreter=True, slot__isnull=False
        )
        .select_related(
            "registration_a__person",
            "registration_a__organization",
            "registration_a__b2b_profile",
            "registration_b__person",
            "registration_b__organization",
            "registration_b__b2b_profile",
        )
        .order_by("slot", "table_number")
    )
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(language or translation.get_language()):
        sheet.title = _("Interpreters")[:31]
        headers = [
            _("Slot"),
            header_with_zone(_("Time"), [meeting_point.session]),
            _("Table"),
            _("First delegate"),
            _("Organization"),
            _("Languages"),
            _("Second delegate"),
            _("Organization"),
            _("Languages"),
        ]
        sheet.append(xlsx_row(sheet, headers, font=Font(bold=True)))
        for meeting in meetings:
            row = [
                meeting.slot + 1,
                slot_time(meeting_point.slot(meeting.slot), meeting_point),
                meeting.table_number,
            ]
            for registration in (meeting.registration_a, meeting.registration_b):
                profile = getattr(registration, "b2b_profile", None)
                languages = (
                    ", ".join(str(label) for label in profile.language_labels()) if profile else ""
                )
                row += [
                    both_scripts(registration.person),
                    organization_name(registration.organization),
                    languages,
                ]
            sheet.append(xlsx_row(sheet, row))
    sheet.freeze_panes = "A2"
    for index, width in enumerate([6, 13, 7, 34, 34, 22, 34, 34, 22], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
