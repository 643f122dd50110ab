"""E-mails of the Meeting Point, each rendered in its recipient's language and kept in the
outbox (sessions_app/services/outbox.py) in the transaction of the change that causes it."""

from django.conf import settings
from django.utils import translation

from delegates.models import Registration
from delegates.services.mail import queue_templated_email
from delegates.services.tokens import private_url
from meetings.models import MeetingPoint, MeetingRequest
from meetings.reading import agenda

REQUEST_KINDS = ("received", "accepted", "declined", "cancelled", "withdrawn")


def _send(template, context, registration):
    queue_templated_email(template, context, registration)
    return 1


def queue_request_email(kind, request_id, recipient_id, departed=False):
    """`kind` is one of REQUEST_KINDS; the recipient is a registration's primary key;
    `departed`: the other side no longer takes part in the session."""
    if kind not in REQUEST_KINDS:
        raise ValueError(kind)
    request = (
        MeetingRequest.objects.select_related(
            "sender__person", "sender__organization", "recipient__person", "recipient__organization"
        )
        .filter(pk=request_id)
        .first()
    )
    recipient = (
        Registration.objects.select_related("person", "session").filter(pk=recipient_id).first()
    )
    if request is None or recipient is None:
        return 0
    counterpart = request.counterpart_of(recipient)
    context = {
        "request": request,
        "counterpart": counterpart,
        "departed": departed,
        "requests_url": private_url("meetings:requests", recipient),
        "agenda_url": private_url("meetings:agenda", recipient),
    }
    return _send(f"meetings_request_{kind}", context, recipient)


def queue_agenda_email(meeting_point_id, registration_id):
    meeting_point = MeetingPoint.objects.select_related("session").filter(pk=meeting_point_id)
    meeting_point = meeting_point.first()
    registration = (
        Registration.objects.select_related("person", "session").filter(pk=registration_id).first()
    )
    if meeting_point is None or registration is None:
        return 0
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        meetings = [m for m in agenda(registration, meeting_point) if m.slot is not None]
    context = {
        "meeting_point": meeting_point,
        "meetings": meetings,
        "agenda_url": private_url("meetings:agenda", registration),
        "pdf_url": private_url("meetings:agenda_pdf", registration),
    }
    return _send("meetings_agenda", context, registration)


def queue_meeting_cancelled_email(meeting, recipient, counterpart, departed=False):
    """Tell `recipient` that their meeting with `counterpart` is cancelled (the counterpart
    no longer takes part: `departed`, or staff cancelled it). Rendered now: the meeting is
    about to go."""
    recipient = Registration.objects.select_related("person", "session").get(pk=recipient.pk)
    counterpart = Registration.objects.select_related("person", "organization").get(
        pk=counterpart.pk
    )
    meeting_point = MeetingPoint.objects.select_related("session").get(pk=meeting.meeting_point_id)
    context = {
        "meeting": meeting,
        "meeting_point": meeting_point,
        "slot": meeting_point.slot(meeting.slot),
        "counterpart": counterpart,
        "departed": departed,
        "agenda_url": private_url("meetings:agenda", recipient),
    }
    return _send("meetings_meeting_cancelled", context, recipient)
