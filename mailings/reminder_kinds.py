"""The reminders whose data are on the portal's lower layers: a registration not confirmed
after two days, the registration window closing, the personal agenda the day before, the
deadline for visa letter requests (travel/, which is below mailings). Other apps register
theirs (mailings/reminders.py)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import as_written
from delegates.models import (
    ACTIVE_STATUSES,
    CompanyVisitBookingStatus,
    Registration,
    RegistrationStatus,
)
from delegates.services import tokens
from delegates.services.mail import footer_context
from mailings.reminders import ReminderKind, register
from mailings.services.reminders import not_yet_reminded
from meetings.models import MeetingPoint
from meetings.presentation import meeting_time, organization_name
from meetings.reading import agenda
from sessions_app.dates import session_moment
from sessions_app.models import long_date
from travel.services.entitlement import settings_of
from travel.services.tracking import registrations_to_remind_of_the_letter_deadline

UNCONFIRMED_AFTER = datetime.timedelta(days=2)
CLOSING_WITHIN = datetime.timedelta(days=3)


def _context(registration):
    return {**footer_context(registration), "session": registration.session}


def _render(template, subject, context):
    text = as_written(render_to_string(f"emails/{template}.txt", context))
    html = as_written(render_to_string(f"emails/{template}.html", context))
    return as_written(str(subject)), text, html


def _registrations(session):
    return Registration.objects.filter(session=session, anonymized_at__isnull=True).select_related(
        "person", "session"
    )


# --- a registration not confirmed after two days ---------------------------------------------


def due_unconfirmed(session, now):
    if not session.is_registration_open(now):
        return []
    registrations = _registrations(session).filter(
        status=RegistrationStatus.PENDING_CONFIRMATION, created_at__lte=now - UNCONFIRMED_AFTER
    )
    return [(registration, "") for registration in not_yet_reminded(registrations, "unconfirmed")]


def build_unconfirmed(registration, key):
    context = {
        **_context(registration),
        "confirmation_url": tokens.confirmation_url(registration),
    }
    subject = gettext("Reminder: please confirm your registration for the %(session)s") % {
        "session": registration.session.title
    }
    return _render("reminder_unconfirmed", subject, context)


# --- the registration window closing -------------------------------------------------------


def due_closing(session, now):
    closes = session.registration_closes
    if closes is None or not (now < closes <= now + CLOSING_WITHIN):
        return []
    if not session.is_registration_open(now):
        return []
    registrations = _registrations(session).filter(status__in=ACTIVE_STATUSES)
    return [
        (registration, "")
        for registration in not_yet_reminded(registrations, "registration_closing")
    ]


def build_closing(registration, key):
    session = registration.session
    context = {
        **_context(registration),
        "closes_at": session_moment(session.registration_closes, session),
        "is_pending": registration.status == RegistrationStatus.PENDING_CONFIRMATION,
    }
    if context["is_pending"]:
        context["confirmation_url"] = tokens.confirmation_url(registration)
    subject = gettext("Registration for the %(session)s closes soon") % {"session": session.title}
    return _render("reminder_registration_closing", subject, context)


# --- the personal agenda the day before ----------------------------------------------------


def due_agenda(session, now):
    local_today = timezone.localtime(now, session.tzinfo).date()
    if local_today != session.start_date - datetime.timedelta(days=1):
        return []
    key = session.start_date.isoformat()
    registrations = _registrations(session).filter(status=RegistrationStatus.APPROVED)
    return [(registration, key) for registration in not_yet_reminded(registrations, "agenda", key)]


def build_agenda(registration, key):
    session = registration.session
    visits = [
        booking.visit
        for booking in registration.company_visit_bookings.filter(
            status=CompanyVisitBookingStatus.BOOKED
        ).select_related("visit__session")
    ]
    meetings = []
    meeting_point = MeetingPoint.objects.filter(session=session).select_related("session").first()
    if meeting_point is not None:
        meetings = [
            {
                "time": meeting_time(meeting, meeting_point),
                "table": meeting.table_number,
                "partner": meeting.counterpart.person.full_name,
                "organization": organization_name(meeting.counterpart.organization),
            }
            for meeting in agenda(registration, meeting_point)
            if meeting.slot is not None
        ]
    context = {
        **_context(registration),
        "tables": list(registration.thematic_tables.all()),
        "visits": [
            {"title": visit.title, "when": session_moment(visit.starts_at, session)}
            for visit in visits
        ],
        "meetings": meetings,
    }
    subject = gettext("Your programme at the %(session)s tomorrow") % {"session": session.title}
    return _render("reminder_agenda", subject, context)


# --- the deadline for visa letter requests ---------------------------------------------------


def due_visa_letter(session, now):
    """Delegates entitled to a visa letter who have not asked for one, in the week before the
    session's deadline (travel.services.tracking); once per deadline (a moved deadline
    reminds again)."""
    deadline = settings_of(session).letter_deadline
    if deadline is None:
        return []
    today = timezone.localtime(now, session.tzinfo).date()
    ids = [
        registration.pk
        for registration in registrations_to_remind_of_the_letter_deadline(session, today)
    ]
    if not ids:
        return []
    key = deadline.isoformat()
    registrations = _registrations(session).filter(pk__in=ids)
    return [
        (registration, key)
        for registration in not_yet_reminded(registrations, "visa_letter_deadline", key)
    ]


def build_visa_letter(registration, key):
    session = registration.session
    context = {
        **_context(registration),
        "deadline": long_date(datetime.date.fromisoformat(key)),
        "visa_letter_url": tokens.private_url("travel:visa_letter", registration),
    }
    subject = gettext(
        "Visa invitation letter for the %(session)s: please ask for it by %(date)s"
    ) % {
        "session": session.title,
        "date": context["deadline"],
    }
    return _render("reminder_visa_letter", subject, context)


register(
    ReminderKind(
        code="unconfirmed",
        label=_("Registration not confirmed after two days"),
        order=10,
        due=due_unconfirmed,
        build=build_unconfirmed,
    )
)
register(
    ReminderKind(
        code="registration_closing",
        label=_("Registration window closing (three days before)"),
        order=20,
        due=due_closing,
        build=build_closing,
    )
)
register(
    ReminderKind(
        code="agenda",
        label=_("Personal agenda the day before the session"),
        order=30,
        due=due_agenda,
        build=build_agenda,
    )
)
register(
    ReminderKind(
        code="visa_letter_deadline",
        label=_("Visa letter not requested, a week before the deadline"),
        order=40,
        due=due_visa_letter,
        build=build_visa_letter,
    )
)
