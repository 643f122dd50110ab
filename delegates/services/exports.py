"""Lists of registrations for staff: CSV and Excel files of any filtered queryset, streamed
in chunks so that 10 000 rows need neither 10 000 queries nor all rows in memory at once."""

import io

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from core.spreadsheets import CSV_BOM, CsvWriter, xlsx_row
from core.text import lower_first
from delegates.models import (
    CompanyVisitBooking,
    CompanyVisitBookingStatus,
    OrganizationCategory,
    RegistrationQuestion,
    RegistrationRole,
    RegistrationStatus,
)
from sessions_app.dates import header_with_zone, spreadsheet_moment
from sessions_app.models import Session

CHUNK_SIZE = 2000


def _labels():
    """Display texts of the choices, translated once per export rather than once per cell."""
    return {
        "status": {value: str(label) for value, label in RegistrationStatus.choices},
        "role": {value: str(label) for value, label in RegistrationRole.choices},
        "category": {value: str(label) for value, label in OrganizationCategory.choices},
        # Shown in parentheses after the visit's title: lower case, as inside a sentence.
        "booking": {
            value: lower_first(label) for value, label in CompanyVisitBookingStatus.choices
        },
        True: str(_("yes")),
        False: str(_("no")),
    }


COLUMNS = [
    (_("Session"), lambda r, t: r.session.roman_numeral),
    (_("Delegation"), lambda r, t: r.delegation),
    (_("Status"), lambda r, t: t["status"].get(r.status, r.status)),
    (_("Family name"), lambda r, t: r.person.family_name),
    (_("Given name"), lambda r, t: r.person.given_name),
    (_("Family name (Latin script)"), lambda r, t: r.person.family_name_latin),
    (_("Given name (Latin script)"), lambda r, t: r.person.given_name_latin),
    (_("E-mail"), lambda r, t: r.person.email),
    (_("Phone"), lambda r, t: r.person.phone),
    (_("Organization"), lambda r, t: r.organization.name_latin),
    (_("Organization (Cyrillic script)"), lambda r, t: r.organization.name_cyrillic),
    (_("Category"), lambda r, t: t["category"].get(r.organization.category, "")),
    (_("Region"), lambda r, t: r.organization.region.name if r.organization.region else ""),
    (_("Position"), lambda r, t: r.position),
    (_("Role"), lambda r, t: t["role"].get(r.role, r.role)),
    (_("Thematic tables"), lambda r, t: "; ".join(table.name for table in r.export_tables)),
    (
        _("Company visits"),
        lambda r, t: "; ".join(
            f"{b.visit.title} ({t['booking'].get(b.status, b.status)})" for b in r.export_visits
        ),
    ),
    (_("Bilateral meetings"), lambda r, t: t[bool(r.wants_bilateral_meetings)]),
    (_("Language"), lambda r, t: r.language),
    (_("Submitted at"), lambda r, t: spreadsheet_moment(r.submitted_at, r.session)),
    (_("Decided at"), lambda r, t: spreadsheet_moment(r.decided_at, r.session)),
]
# Columns of times: each in its session's zone, which the header names.
TIME_COLUMNS = {len(COLUMNS) - 2, len(COLUMNS) - 1}


def export_queryset(queryset):
    """The queryset with everything the columns read, in two or three queries per chunk."""
    return queryset.select_related(
        "session", "person", "organization", "organization__region"
    ).prefetch_related(
        Prefetch("thematic_tables", to_attr="export_tables"),
        Prefetch(
            "company_visit_bookings",
            queryset=CompanyVisitBooking.objects.select_related("visit"),
            to_attr="export_visits",
        ),
        Prefetch("answers", to_attr="export_answers"),
    )


def export_questions(queryset):
    """The registration questions of the sessions in `queryset` (one query): one column
    each, after the fixed ones, named by the session's numeral when there are several."""
    questions = list(
        RegistrationQuestion.objects.filter(
            session_id__in=queryset.order_by().values("session_id")
        ).select_related("session")
    )
    questions.sort(key=lambda question: (-question.session.number, question.position, question.pk))
    return questions


def export_sessions(queryset):
    """The sessions of the registrations in `queryset` (one query)."""
    return Session.objects.filter(pk__in=queryset.order_by().values("session_id"))


def header_row(questions=(), sessions=()):
    several = len({question.session_id for question in questions}) > 1
    return [
        header_with_zone(title, sessions) if index in TIME_COLUMNS else str(title)
        for index, (title, _getter) in enumerate(COLUMNS)
    ] + [
        f"{question.session.roman_numeral}: {question.label()}" if several else question.label()
        for question in questions
    ]


def rows(queryset, questions=()):
    labels = _labels()
    for registration in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        answers = {answer.question_id: answer for answer in registration.export_answers}
        row = [getter(registration, labels) for _title, getter in COLUMNS]
        for question in questions:
            answer = answers.get(question.pk)
            if answer is not None:
                answer.question = question  # already loaded: no query per cell
            row.append(answer.display() if answer is not None else "")
        yield row


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset):
    """The CSV file line by line (UTF-8 with BOM, so that Excel reads Cyrillic right)."""
    writer = CsvWriter(_Echo())
    questions = export_questions(queryset)
    yield CSV_BOM + writer.writerow(header_row(questions, export_sessions(queryset)))
    for row in rows(queryset, questions):
        yield writer.writerow(row)


def xlsx_bytes(queryset, title="Registrations"):
    """The Excel workbook, written in openpyxl's streaming (write-only) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    questions = export_questions(queryset)
    sheet.append(xlsx_row(sheet, header_row(questions, export_sessions(queryset))))
    for row in rows(queryset, questions):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
