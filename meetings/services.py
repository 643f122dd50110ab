"""Business rules of the Meeting Point: profiles, requests, meetings and their schedule.

Views, admin actions, commands and tasks call these functions; each checks its rule, changes
what goes with it in one transaction and queues the e-mails in the recipient's language.

Who acts (`core.authorization`): a delegate acts through their own private link, so
their services take the delegate's Registration (`send_request(sender, …)`,
`accept_request(request, by=registration)`) and check that it is theirs to act on; staff
services take the acting user as the required keyword `by` and check the permission of the
role table (Organizers and Ministry administrators run the Meeting Point), or SYSTEM for
the portal itself (demo data, benchmarks).
"""

import logging
import time
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_update_with_history

from core.authorization import (
    SYSTEM,
    ActionNotAllowed,
    history_user,
    is_system,
    is_user,
    require_permission,
)
from core.public_cache import bump as bump_public_pages
from core.text import italian_elision
from delegates.models import Registration, RegistrationStatus
from meetings import emails, scheduling, subjects
from meetings.models import (
    B2BProfile,
    Meeting,
    MeetingPoint,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
)
from meetings.presentation import both_scripts, session_time
from meetings.signals import meeting_request_state_changed, meeting_state_changed

logger = logging.getLogger(__name__)

# What staff need (the role table): approving profiles, arranging and moving meetings,
# running the scheduler, e-mailing the agendas.
APPROVE_PROFILES_PERMISSION = "meetings.change_b2bprofile"
ADD_MEETING_PERMISSION = "meetings.add_meeting"
CHANGE_MEETING_PERMISSION = "meetings.change_meeting"
DELETE_MEETING_PERMISSION = "meetings.delete_meeting"
DELETE_REQUEST_PERMISSION = "meetings.delete_meetingrequest"
SEND_AGENDAS_PERMISSION = "meetings.change_meetingpoint"
ADD_MEETING_POINT_PERMISSION = "meetings.add_meetingpoint"
CHANGE_MEETING_POINT_PERMISSION = "meetings.change_meetingpoint"
DELETE_MEETING_POINT_PERMISSION = "meetings.delete_meetingpoint"
ADD_PROFILE_PERMISSION = "meetings.add_b2bprofile"


def _require(by, permission):
    require_permission(
        by, permission, message=gettext_lazy("You are not allowed to run the Meeting Point.")
    )


class MeetingPointError(Exception):
    """A rule of the Meeting Point forbids the action; the message is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Who may take part


def meeting_point_of(registration):
    """The Meeting Point of the registration's session, or None."""
    return MeetingPoint.objects.filter(session_id=registration.session_id).first()


def check_participant(registration):
    """Raise unless `registration` may use the Meeting Point of its session."""
    if registration.status == RegistrationStatus.CANCELLED:
        raise MeetingPointError(
            _(
                "Your registration for this session was cancelled: the Meeting Point is no "
                "longer available to you."
            )
        )
    if registration.status == RegistrationStatus.REJECTED:
        raise MeetingPointError(
            _(
                "Your registration for this session was not accepted: the Meeting Point is not "
                "available to you."
            )
        )
    if registration.status != RegistrationStatus.APPROVED:
        # Still to be decided (submitted, waitlisted, awaiting e-mail confirmation).
        raise MeetingPointError(
            _(
                "The Meeting Point is open to approved delegates only: it will be available to "
                "you once your registration is approved."
            )
        )
    if not registration.wants_bilateral_meetings:
        raise MeetingPointError(
            _("You have not asked to take part in bilateral meetings at this session.")
        )


def opt_in(registration):
    """An approved delegate who did not tick the B2B box at registration joins later."""
    if registration.status != RegistrationStatus.APPROVED:
        check_participant(registration)
    if not registration.wants_bilateral_meetings:
        registration.wants_bilateral_meetings = True
        registration.save(update_fields=["wants_bilateral_meetings", "updated_at"])
    return registration


def check_open(meeting_point, now=None):
    if not meeting_point.is_open_for_requests(now):
        closed_at = meeting_point.closes_at or meeting_point.ends_at
        raise MeetingPointError(
            italian_elision(
                _(
                    "The Meeting Point closed on %(date)s: requests can no longer be sent or "
                    "answered."
                )
                % {"date": session_time(min(closed_at, now or timezone.now()), meeting_point)}
            )
        )


def is_visible(profile, meeting_point):
    registration = profile.registration
    return (
        registration.status == RegistrationStatus.APPROVED
        and registration.wants_bilateral_meetings
        and (profile.is_approved or not meeting_point.requires_profile_approval)
    )


@transaction.atomic
def save_profile(registration, **values):
    """Create or update the delegate's B2B profile. A changed profile needs approval again
    when the Meeting Point requires approval."""
    check_participant(registration)
    profile = B2BProfile.objects.filter(registration=registration).first()
    meeting_point = meeting_point_of(registration)
    if profile is None:
        profile = B2BProfile(registration=registration)
    content_changed = any(
        getattr(profile, name) != values[name]
        for name in ("offers", "looks_for", "position_other_language")
        if name in values
    )
    for name, value in values.items():
        setattr(profile, name, value)
    if content_changed and meeting_point and meeting_point.requires_profile_approval:
        profile.is_approved = False
    profile.full_clean(exclude=["registration"])
    profile.save()
    return profile


def save_profile_by_staff(profile, *, by):
    """Staff create or correct a delegate's B2B profile in the admin (approving it there
    too), with one history entry naming who."""
    _require(by, APPROVE_PROFILES_PERMISSION if profile.pk else ADD_PROFILE_PERMISSION)
    with transaction.atomic():
        profile._history_user = history_user(by)
        profile._change_reason = "changed by staff"
        profile.save()
    return profile


def approve_profiles(profiles, *, by):
    """Staff make profiles visible in the catalogue."""
    _require(by, APPROVE_PROFILES_PERMISSION)
    return B2BProfile.objects.filter(pk__in=[p.pk for p in profiles]).update(is_approved=True)


def needs_interpreter(first, second):
    """A meeting needs an interpreter when either side asks for one, or when both listed
    the languages they speak and have none in common."""
    profiles = [getattr(registration, "b2b_profile", None) for registration in (first, second)]
    if any(profile and profile.needs_interpreter for profile in profiles):
        return True
    if all(profile and profile.languages for profile in profiles):
        return not set(profiles[0].languages) & set(profiles[1].languages)
    return False


# ---------------------------------------------------------------------------------------------
# The Meeting Point itself


def save_meeting_point(meeting_point, *, by):
    """Staff set up or change a Meeting Point (times, tables, rules), with one history entry
    naming who. Meetings keep the number of their slot: after a change of times or breaks,
    the scheduler must run again (the admin says so)."""
    _require(
        by,
        CHANGE_MEETING_POINT_PERMISSION if meeting_point.pk else ADD_MEETING_POINT_PERMISSION,
    )
    with transaction.atomic():
        if meeting_point.pk:
            _lock(meeting_point)
        meeting_point._history_user = history_user(by)
        meeting_point._change_reason = "changed by staff"
        meeting_point.save()
    return meeting_point


def delete_meeting_point(meeting_point, *, by):
    """Staff delete a Meeting Point set up by mistake: only while no request was sent and no
    meeting arranged in it (their delegates would lose them without a word)."""
    _require(by, DELETE_MEETING_POINT_PERMISSION)
    with transaction.atomic():
        locked = _lock(meeting_point)
        if locked.requests.exists() or locked.meetings.exists():
            raise MeetingPointError(
                _(
                    "This Meeting Point already holds requests or meetings: cancel them "
                    "first, or keep it."
                )
            )
        locked._history_user = history_user(by)
        locked._change_reason = "deleted by staff"
        locked.delete()


# ---------------------------------------------------------------------------------------------
# Requests


def _queue_email(kind, request_id, recipient_id, departed=False):
    emails.queue_request_email(kind, request_id, recipient_id, departed=departed)


def _lock_meeting_point(registration):
    meeting_point = (
        MeetingPoint.objects.select_for_update()
        .select_related("session")
        .filter(session_id=registration.session_id)
        .first()
    )
    if meeting_point is None:
        raise MeetingPointError(_("This session has no Meeting Point."))
    return meeting_point


@transaction.atomic
def send_request(sender, recipient, message="", now=None):
    """`sender` asks `recipient` for a meeting; the recipient gets an e-mail."""
    meeting_point = _lock_meeting_point(sender)
    check_participant(sender)
    check_open(meeting_point, now)
    if sender.pk == recipient.pk:
        raise MeetingPointError(_("You cannot ask yourself for a meeting."))
    if recipient.session_id != sender.session_id:
        raise MeetingPointError(_("This delegate does not take part in the same session."))
    if meeting_point.cross_delegation_only and recipient.delegation == sender.delegation:
        raise MeetingPointError(
            _(
                "At this session bilateral meetings are only between the Italian and the "
                "Russian delegations."
            )
        )
    if not B2BProfile.objects.filter(registration=sender).exists():
        raise MeetingPointError(
            _("Please fill in your B2B profile first, so that the other side knows who asks.")
        )
    profile = B2BProfile.objects.filter(registration=recipient).select_related("registration")
    profile = profile.first()
    if profile is None or not is_visible(profile, meeting_point):
        raise MeetingPointError(
            _("This delegate does not take part in the Meeting Point or is not available.")
        )
    existing = (
        MeetingRequest.objects.select_for_update()
        .filter(
            Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender),
        )
        .first()
    )
    if existing is not None:
        return _resend(existing, sender, message, now)
    request = MeetingRequest.objects.create(
        meeting_point=meeting_point,
        sender=sender,
        recipient=recipient,
        message=message.strip(),
        created_at=now or timezone.now(),
    )
    _queue_email("received", request.pk, recipient.pk)
    return request


def _resend(existing, sender, message, now):
    """A second request between the same two delegates: only a withdrawn request of one's
    own may be sent again."""
    if existing.status == MeetingRequestStatus.ACCEPTED:
        raise MeetingPointError(_("You already have a meeting with this delegate."))
    if existing.sender_id != sender.pk:
        if existing.status == MeetingRequestStatus.PENDING:
            raise MeetingPointError(
                _(
                    "This delegate has already asked you for a meeting: you can accept their "
                    "request among your requests."
                )
            )
        if existing.status == MeetingRequestStatus.DECLINED:
            raise MeetingPointError(_("You have declined this delegate's request."))
        # The other side withdrew their request: this one replaces it, in our direction.
        MeetingRequest.objects.filter(pk=existing.pk).update(
            sender=sender, recipient=existing.sender
        )
        existing.sender, existing.recipient = sender, existing.sender
    elif existing.status == MeetingRequestStatus.PENDING:
        raise MeetingPointError(_("You have already sent a request to this delegate."))
    elif existing.status == MeetingRequestStatus.DECLINED:
        raise MeetingPointError(_("This delegate has declined your request."))
    return change_request(
        existing,
        MeetingRequestStatus.PENDING,
        by=sender,
        now=now,
        changes={"message": message.strip()},
        reason="sent again",
    )


def _lock_request(request):
    return (
        MeetingRequest.objects.select_for_update()
        .select_related("meeting_point__session", "sender", "recipient")
        .get(pk=request.pk)
    )


def accepted_count(registration):
    return MeetingRequest.objects.filter(
        recipient=registration, status=MeetingRequestStatus.ACCEPTED
    ).count()


# ---------------------------------------------------------------------------------------------
# The lifecycle of a request: one table, one function


class Party:
    """Who may change a request: one of its two delegates, staff (who delete requests in the
    admin), or the portal itself."""

    SENDER = "sender"
    RECIPIENT = "recipient"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True)
class RequestTransition:
    """From `sources` to `target`, by whom, and whom the e-mail of `email` goes to ("sender",
    "recipient", "other": the side that did not act, or "partner": the side that neither
    acted nor is leaving the Meeting Point, the recipient when staff or the portal act)."""

    name: str
    sources: tuple
    target: str
    actors: frozenset
    email: str | None = None
    email_to: str | None = None


RequestStatus = MeetingRequestStatus
REQUEST_TRANSITIONS = (
    RequestTransition(
        "accept",
        (RequestStatus.PENDING,),
        RequestStatus.ACCEPTED,
        frozenset({Party.RECIPIENT}),
        email="accepted",
        email_to="sender",
    ),
    RequestTransition(
        "decline",
        (RequestStatus.PENDING,),
        RequestStatus.DECLINED,
        frozenset({Party.RECIPIENT}),
        email="declined",
        email_to="sender",
    ),
    # The sender withdraws; the portal withdraws the requests of a delegate who left; staff
    # withdraw the requests they delete. The partner is told.
    RequestTransition(
        "withdraw",
        (RequestStatus.PENDING,),
        RequestStatus.CANCELLED,
        frozenset({Party.SENDER, Party.STAFF, Party.SYSTEM}),
        email="withdrawn",
        email_to="partner",
    ),
    # Either side cancels an accepted request: its meeting goes with it.
    RequestTransition(
        "cancel",
        (RequestStatus.ACCEPTED,),
        RequestStatus.CANCELLED,
        frozenset({Party.SENDER, Party.RECIPIENT, Party.SYSTEM}),
        email="cancelled",
        email_to="other",
    ),
    RequestTransition(
        "send_again",
        (RequestStatus.CANCELLED,),
        RequestStatus.PENDING,
        frozenset({Party.SENDER}),
        email="received",
        email_to="recipient",
    ),
)
REQUEST_TABLE = {(source, row.target): row for row in REQUEST_TRANSITIONS for source in row.sources}


def _party(request, by):
    if is_system(by):
        return Party.SYSTEM
    if is_user(by):
        _require(by, DELETE_REQUEST_PERMISSION)
        return Party.STAFF
    if isinstance(by, Registration):
        if by.pk == request.sender_id:
            return Party.SENDER
        if by.pk == request.recipient_id:
            return Party.RECIPIENT
    raise ActionNotAllowed(gettext_lazy("This request is not yours."))


def _request_refusal(request, to, party):
    if request.status == RequestStatus.PENDING and to == RequestStatus.CANCELLED:
        return MeetingPointError(_("Decline the request instead."))
    if request.status == RequestStatus.PENDING:
        return MeetingPointError(_("Only the delegate who received the request can answer it."))
    return MeetingPointError(_("This request has already been answered or withdrawn."))


def change_request(
    request, to, *, by, reason="", now=None, notify=True, changes=None, leaving=None
):
    """Move a meeting request to the status `to`, as `by` (one of its two delegates, by their
    private link, staff deleting it, or SYSTEM), with what goes with it: accepting creates the
    meeting (after the rules of the Meeting Point), cancelling an accepted request cancels its
    meeting. Saves the changed fields with one history entry, queues the other side's e-mail
    in their language and, after the commit, sends `meeting_request_state_changed`. `changes`
    are other fields the same action sets (the new message of a request sent again);
    `leaving` is the registration (id) whose departure withdraws it, who is not told."""
    now = now or timezone.now()
    with transaction.atomic():
        # The Meeting Point first, as every change of its requests and meetings locks it.
        MeetingPoint.objects.select_for_update().get(pk=request.meeting_point_id)
        locked = _lock_request(request)
        party = _party(locked, by)
        row = REQUEST_TABLE.get((locked.status, to))
        if row is None or party not in row.actors:
            raise _request_refusal(locked, to, party)
        source = locked.status
        if row.name == "accept":
            _check_acceptance(locked, by, now)
        tracked = ("status", "answered_at", "created_at", *(changes or {}))
        before = {name: getattr(locked, name) for name in tracked}
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = row.target
        if row.target == RequestStatus.PENDING:
            locked.created_at, locked.answered_at = now, None
        else:
            locked.answered_at = now
        locked._history_user = history_user(by)
        locked._change_reason = reason or row.name
        changed = [name for name in tracked if getattr(locked, name) != before[name]]
        locked.save(update_fields=changed)
        if row.name == "accept":
            _create_meeting_of(locked)
        elif row.name == "cancel":
            meeting = Meeting.objects.filter(request=locked).first()
            if meeting is not None:
                change_meeting(
                    meeting,
                    MeetingState.CANCELLED,
                    by=SYSTEM,
                    reason=reason or row.name,
                    notify=False,
                )
        if row.email and notify:
            leaving_id = getattr(leaving, "pk", leaving)
            if row.email_to == "partner":
                recipient_id = (
                    locked.sender_id if leaving_id == locked.recipient_id else locked.recipient_id
                )
            else:
                recipient_id = {
                    "sender": locked.sender_id,
                    "recipient": locked.recipient_id,
                    "other": locked.recipient_id if party == Party.SENDER else locked.sender_id,
                }[row.email_to]
            _queue_email(
                row.email, locked.pk, recipient_id, departed=leaving_id not in (None, recipient_id)
            )
        transaction.on_commit(
            partial(
                _publish,
                meeting_request_state_changed,
                request=locked,
                old_state=source,
                new_state=row.target,
                actor=by,
                reason=reason or row.name,
            ),
            robust=True,
        )
    for name in changed:
        setattr(request, name, getattr(locked, name))
    return request


def _check_acceptance(request, by, now):
    check_participant(by)
    check_open(request.meeting_point, now)
    sender = Registration.objects.select_related("b2b_profile").get(pk=request.sender_id)
    if sender.status != RegistrationStatus.APPROVED or not sender.wants_bilateral_meetings:
        raise MeetingPointError(_("This delegate no longer takes part in the Meeting Point."))
    recipient = Registration.objects.select_related("b2b_profile").get(pk=by.pk)
    profile = getattr(recipient, "b2b_profile", None)
    cap = profile.max_accepted_requests if profile else None
    if cap is not None and accepted_count(recipient) >= cap:
        raise MeetingPointError(
            ngettext(
                "You have already accepted %(count)d request, the most you set in your "
                "profile. Raise the limit in your profile to accept more.",
                "You have already accepted %(count)d requests, the most you set in your "
                "profile. Raise the limit in your profile to accept more.",
                cap,
            )
            % {"count": cap}
        )


def _create_meeting_of(request):
    sender = Registration.objects.select_related("b2b_profile").get(pk=request.sender_id)
    recipient = Registration.objects.select_related("b2b_profile").get(pk=request.recipient_id)
    Meeting.objects.create(
        meeting_point=request.meeting_point,
        request=request,
        registration_a=sender,
        registration_b=recipient,
        needs_interpreter=needs_interpreter(sender, recipient),
    )


def _publish(signal, **kwargs):
    for receiver, result in signal.send_robust(sender=MeetingRequest, **kwargs):
        if isinstance(result, Exception):
            logger.error("%r failed", receiver, exc_info=result)


def accept_request(request, by, now=None):
    """The recipient `by` accepts: a meeting is created, to be placed by the scheduler."""
    return change_request(request, RequestStatus.ACCEPTED, by=by, now=now)


def decline_request(request, by, now=None):
    """The recipient `by` declines; the sender is told."""
    return change_request(request, RequestStatus.DECLINED, by=by, now=now)


def cancel_request(request, by, now=None):
    """The sender withdraws a pending request, or either side cancels an accepted one (its
    meeting goes with it and the other side is told)."""
    return change_request(request, RequestStatus.CANCELLED, by=by, now=now)


def delete_requests(requests, *, by, reason="deleted by staff"):
    """Staff delete meeting requests (the admin's delete page and bulk delete): a pending
    request is withdrawn first (its recipient is told), the meeting of an accepted one not
    held yet is cancelled (both delegates are told); a meeting already held stays, without
    its request. The rows go, their history stays. Returns how many were deleted."""
    _require(by, DELETE_REQUEST_PERMISSION)
    count = 0
    with transaction.atomic():
        for request in sorted(requests, key=lambda r: r.pk):
            current = MeetingRequest.objects.filter(pk=request.pk).first()
            if current is None:
                continue
            meeting = Meeting.objects.filter(request_id=current.pk, is_held=False).first()
            if meeting is not None:
                change_meeting(meeting, MeetingState.CANCELLED, by=by, reason=reason)
            elif current.status == RequestStatus.PENDING:
                change_request(current, RequestStatus.CANCELLED, by=by, reason=reason)
            locked = _lock_request(current)
            locked._history_user = history_user(by)
            locked._change_reason = reason
            locked.delete()
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Meetings arranged or moved by staff


def check_placement(meeting_point, meeting, slot, table_number):
    """Raise when `meeting` cannot stand at (`slot`, `table_number`)."""
    if meeting_point.slot(slot) is None:
        raise MeetingPointError(_("There is no such slot."))
    if not 1 <= table_number <= meeting_point.tables:
        raise MeetingPointError(
            ngettext(
                "There is only one table, number %(count)d.",
                "Tables are numbered from 1 to %(count)d.",
                meeting_point.tables,
            )
            % {"count": meeting_point.tables}
        )
    others = Meeting.objects.filter(meeting_point=meeting_point, slot=slot)
    if meeting.pk:
        others = others.exclude(pk=meeting.pk)
    if others.filter(table_number=table_number).exists():
        raise MeetingPointError(_("This table is already taken in this slot."))
    people = [meeting.registration_a_id, meeting.registration_b_id]
    if others.filter(Q(registration_a__in=people) | Q(registration_b__in=people)).exists():
        raise MeetingPointError(_("One of the two delegates already has a meeting in this slot."))
    cap = meeting_point.interpreters_per_slot
    if (
        meeting.needs_interpreter
        and cap is not None
        and others.filter(needs_interpreter=True).count() >= cap
    ):
        raise MeetingPointError(_("All interpreters are already busy in this slot."))


def validate_pair(meeting_point, first, second):
    """Raise unless staff may arrange a meeting between `first` and `second`."""
    if first.pk == second.pk:
        raise MeetingPointError(_("A meeting needs two different delegates."))
    for registration in (first, second):
        if registration.session_id != meeting_point.session_id:
            raise MeetingPointError(
                _("%(name)s is not registered for this session.")
                % {"name": both_scripts(registration.person)}
            )
    if (
        Meeting.objects.filter(meeting_point=meeting_point)
        .filter(
            Q(registration_a=first, registration_b=second)
            | Q(registration_a=second, registration_b=first)
        )
        .exists()
    ):
        raise MeetingPointError(_("These delegates already have a meeting."))


def _lock(meeting_point):
    return (
        MeetingPoint.objects.select_for_update().select_related("session").get(pk=meeting_point.pk)
    )


@transaction.atomic
def create_meeting_by_staff(
    meeting_point,
    first,
    second,
    slot=None,
    table_number=None,
    interpreter=None,
    notes="",
    *,
    by,
):
    """Staff arrange a meeting (for institutions, say), placed by hand when a slot and a
    table are given, otherwise left to the scheduler."""
    _require(by, ADD_MEETING_PERMISSION)
    meeting_point = _lock(meeting_point)
    validate_pair(meeting_point, first, second)
    meeting = Meeting(
        meeting_point=meeting_point,
        registration_a=first,
        registration_b=second,
        needs_interpreter=needs_interpreter(first, second) if interpreter is None else interpreter,
        notes=notes,
    )
    if (slot is None) != (table_number is None):
        raise MeetingPointError(_("Give both a slot and a table, or neither."))
    if slot is not None:
        check_placement(meeting_point, meeting, slot, table_number)
        meeting.slot, meeting.table_number, meeting.is_manual = slot, table_number, True
    meeting.save()
    return meeting


# ---------------------------------------------------------------------------------------------
# The lifecycle of a meeting: one table, one function


class MeetingState:
    """A meeting's state (`Meeting.status`): not placed yet, placed at a slot and table, held,
    or cancelled (the row stays, out of every agenda, grid and count, with its history)."""

    UNPLACED = MeetingStatus.UNPLACED
    PLACED = MeetingStatus.PLACED
    HELD = MeetingStatus.HELD
    CANCELLED = MeetingStatus.CANCELLED

    LABELS = dict(MeetingStatus.choices)


def meeting_state(meeting):
    """The state of `meeting` as its fields say now (changes not saved yet included)."""
    if meeting.status == MeetingStatus.CANCELLED:
        return MeetingState.CANCELLED
    return meeting.place_status()


@dataclass(frozen=True)
class MeetingTransition:
    """From `sources` to `target`; staff need `permission` (SYSTEM always may); one of the
    two delegates may too when `delegates_may`."""

    name: str
    sources: tuple
    target: str
    permission: str
    delegates_may: bool = False


MEETING_TRANSITIONS = (
    # By hand (pinned there: the scheduler keeps it), or moved to another slot or table.
    MeetingTransition(
        "place",
        (MeetingState.UNPLACED, MeetingState.PLACED),
        MeetingState.PLACED,
        CHANGE_MEETING_PERMISSION,
    ),
    MeetingTransition(
        "unplace", (MeetingState.PLACED,), MeetingState.UNPLACED, CHANGE_MEETING_PERMISSION
    ),
    MeetingTransition("hold", (MeetingState.PLACED,), MeetingState.HELD, CHANGE_MEETING_PERMISSION),
    MeetingTransition(
        "not_held", (MeetingState.HELD,), MeetingState.PLACED, CHANGE_MEETING_PERMISSION
    ),
    MeetingTransition(
        "cancel",
        (MeetingState.UNPLACED, MeetingState.PLACED),
        MeetingState.CANCELLED,
        DELETE_MEETING_PERMISSION,
        delegates_may=True,
    ),
    # Staff delete a meeting recorded as held (a mistake): nobody is told.
    MeetingTransition(
        "delete_held", (MeetingState.HELD,), MeetingState.CANCELLED, DELETE_MEETING_PERMISSION
    ),
)
MEETING_TABLE = {(source, row.target): row for row in MEETING_TRANSITIONS for source in row.sources}


def _check_meeting_actor(row, meeting, by):
    if isinstance(by, Registration):
        if row.delegates_may and by.pk in (meeting.registration_a_id, meeting.registration_b_id):
            return
        raise ActionNotAllowed(gettext_lazy("This meeting is not yours."))
    _require(by, row.permission)


def change_meeting(
    meeting,
    to,
    *,
    by,
    slot=None,
    table_number=None,
    reason="",
    notify=True,
    leaving=None,
    now=None,
):
    """Move a meeting to the state `to`, as `by`, with what goes with it: placing it (at
    `slot` and `table_number`, checked under the Meeting Point's lock) pins it there;
    cancelling it frees its slot, closes its accepted request and tells the delegates who did
    not act, in their language (`leaving`: the delegate whose departure cancels it, who is
    not told). One history entry per change; `meeting_state_changed` after the commit."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting_point = _lock(meeting.meeting_point)
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("registration_a__person", "registration_b__person", "request")
            .filter(pk=meeting.pk)
            .first()
        )
        if locked is None:
            raise MeetingPointError(_("This meeting no longer exists."))
        locked.meeting_point = meeting_point
        source = meeting_state(locked)
        row = MEETING_TABLE.get((source, to))
        if row is None:
            raise MeetingPointError(
                _("A meeting that is “%(state)s” cannot become “%(target)s”.")
                % {
                    "state": MeetingState.LABELS[source],
                    "target": MeetingState.LABELS.get(to, to),
                }
            )
        _check_meeting_actor(row, locked, by)
        reason = reason or row.name
        locked._history_user = history_user(by)
        locked._change_reason = reason
        fields = []
        if row.name == "place":
            if slot is None or table_number is None:
                raise MeetingPointError(_("Give both a slot and a table, or neither."))
            check_placement(meeting_point, locked, slot, table_number)
            locked.slot, locked.table_number, locked.is_manual = slot, table_number, True
            fields = ["slot", "table_number", "is_manual"]
        elif row.name == "unplace":
            locked.slot = locked.table_number = None
            locked.is_manual = False
            fields = ["slot", "table_number", "is_manual"]
        elif row.name == "hold":
            locked.is_held, locked.held_at = True, now
            fields = ["is_held", "held_at"]
        elif row.name == "not_held":
            locked.is_held, locked.held_at = False, None
            fields = ["is_held", "held_at"]
        if row.target == MeetingState.CANCELLED:
            _cancel(locked, by, reason, notify and row.name == "cancel", leaving, now)
        else:
            locked.save(update_fields=fields)
        transaction.on_commit(
            partial(
                _publish_meeting,
                meeting=locked,
                meeting_id=meeting.pk,
                old_state=source,
                new_state=row.target,
                actor=by,
                reason=reason,
            ),
            robust=True,
        )
    for name in ("slot", "table_number", "is_manual", "is_held", "held_at", "status"):
        setattr(meeting, name, getattr(locked, name))
    return meeting


def _cancel(meeting, by, reason, notify, leaving, now):
    request = meeting.request
    if request is not None and request.status == RequestStatus.ACCEPTED:
        request._history_user = history_user(by)
        request._change_reason = reason
        request.status, request.answered_at = RequestStatus.CANCELLED, now
        request.save(update_fields=["status", "answered_at"])
        transaction.on_commit(
            partial(
                _publish,
                meeting_request_state_changed,
                request=request,
                old_state=RequestStatus.ACCEPTED,
                new_state=RequestStatus.CANCELLED,
                actor=by,
                reason=reason,
            ),
            robust=True,
        )
    if notify:
        acting = getattr(by, "pk", None) if isinstance(by, Registration) else None
        departed = getattr(leaving, "pk", leaving)
        for delegate, other in (
            (meeting.registration_a, meeting.registration_b),
            (meeting.registration_b, meeting.registration_a),
        ):
            if delegate.pk not in (acting, departed):
                emails.queue_meeting_cancelled_email(
                    meeting, delegate, other, departed=other.pk == departed
                )
    # The row stays, cancelled: its place is free and its request may be sent again (a new
    # meeting then); the history says where it was.
    meeting.status = MeetingStatus.CANCELLED
    meeting.slot = meeting.table_number = meeting.held_at = meeting.request = None
    meeting.is_manual = meeting.is_held = False
    meeting.save(
        update_fields=[
            "status",
            "slot",
            "table_number",
            "held_at",
            "request",
            "is_manual",
            "is_held",
        ]
    )


def _publish_meeting(**kwargs):
    for receiver, result in meeting_state_changed.send_robust(sender=Meeting, **kwargs):
        if isinstance(result, Exception):
            logger.error("%r failed", receiver, exc_info=result)


def place_meeting(meeting, slot, table_number, *, by):
    """Staff move a meeting by hand; the scheduler keeps it there from now on. Neither slot
    nor table: it goes back to the scheduler."""
    if slot is None and table_number is None:
        if meeting_state(meeting) == MeetingState.UNPLACED:
            return release_meetings([meeting], by=by) and meeting
        return change_meeting(meeting, MeetingState.UNPLACED, by=by)
    if slot is None or table_number is None:
        raise MeetingPointError(_("Give both a slot and a table, or neither."))
    return change_meeting(meeting, MeetingState.PLACED, by=by, slot=slot, table_number=table_number)


def release_meetings(meetings, *, by):
    """Let the scheduler move meetings placed by hand again (they stay where they are until
    it runs). Returns how many were pinned."""
    _require(by, CHANGE_MEETING_PERMISSION)
    count = 0
    with transaction.atomic():
        pinned = Meeting.objects.filter(pk__in=[m.pk for m in meetings], is_manual=True)
        for meeting_point_id in sorted(set(pinned.values_list("meeting_point_id", flat=True))):
            meeting_point = _lock(MeetingPoint(pk=meeting_point_id))
            chosen = pinned.filter(meeting_point=meeting_point)
            count += apply_placements(
                meeting_point,
                {m.pk: (m.slot, m.table_number, False) for m in chosen},
                by=by,
                reason="released to the scheduler",
            )
    return count


def apply_placements(meeting_point, placements, *, by, reason):
    """The one door of changes of place in bulk (the scheduler's run, releasing pins): give
    each meeting of `placements` (meeting id -> (slot, table number, placed by hand)) its
    place, in few queries whatever their number. Like `change_meeting`, it checks the actor,
    writes one history entry per meeting changed (with the actor and the reason) and, after
    the commit, sends `meeting_state_changed` for each (for a meeting moved from one slot to
    another, or only released, the old and new state are the same). Meetings held, or
    already where they should be, are left alone. The caller holds the Meeting Point's lock
    (`_lock`); the placements must not clash with each other or with the meetings left alone
    (the database refuses a clash). Returns how many changed."""
    _require(by, CHANGE_MEETING_PERMISSION)
    meetings = list(
        Meeting.objects.filter(meeting_point=meeting_point, pk__in=list(placements), is_held=False)
    )
    changed, moved, events = [], [], []
    for meeting in meetings:
        slot, table_number, is_manual = placements[meeting.pk]
        if (meeting.slot, meeting.table_number, meeting.is_manual) == (
            slot,
            table_number,
            is_manual,
        ):
            continue
        old_state = meeting_state(meeting)
        if (meeting.slot, meeting.table_number) != (slot, table_number):
            moved.append(meeting.pk)
        meeting.slot, meeting.table_number, meeting.is_manual = slot, table_number, is_manual
        changed.append(meeting)
        events.append((meeting, old_state, meeting_state(meeting)))
    if not changed:
        return 0
    with transaction.atomic():
        # Each row's unique constraints are checked as it is written: free the old places of
        # the meetings that move before giving any of them a new one.
        Meeting.objects.filter(pk__in=moved).update(
            slot=None, table_number=None, is_manual=False, status=MeetingStatus.UNPLACED
        )
        for meeting in changed:
            meeting.status = meeting.place_status()
        bulk_update_with_history(
            changed,
            Meeting,
            ["slot", "table_number", "is_manual", "status"],
            batch_size=500,
            default_user=history_user(by),
            default_change_reason=reason,
        )
        for meeting, old_state, new_state in events:
            transaction.on_commit(
                partial(
                    _publish_meeting,
                    meeting=meeting,
                    meeting_id=meeting.pk,
                    old_state=old_state,
                    new_state=new_state,
                    actor=by,
                    reason=reason,
                ),
                robust=True,
            )
    # The public statistics count the meetings scheduled.
    bump_public_pages("meetings")
    return len(changed)


def mark_held(meetings, *, by, held=True, now=None):
    """The desk or the table host records that placed meetings took place (or not); returns
    how many changed."""
    _require(by, CHANGE_MEETING_PERMISSION)
    # The public statistics count the meetings held.
    bump_public_pages("meetings")
    source, target = (
        (MeetingState.PLACED, MeetingState.HELD)
        if held
        else (MeetingState.HELD, MeetingState.PLACED)
    )
    count = 0
    with transaction.atomic():
        candidates = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
            "meeting_point"
        )
        for meeting in candidates.order_by("pk"):
            if meeting_state(meeting) == source:
                change_meeting(meeting, target, by=by, now=now)
                count += 1
    return count


def update_meeting_details(meeting, *, by, needs_interpreter, notes):
    """Staff change what is noted about a meeting; a placed meeting that now needs an
    interpreter must still find one free in its slot."""
    _require(by, CHANGE_MEETING_PERMISSION)
    with transaction.atomic():
        meeting_point = _lock(meeting.meeting_point)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        locked.needs_interpreter, locked.notes = needs_interpreter, notes
        if locked.slot is not None and needs_interpreter:
            check_placement(meeting_point, locked, locked.slot, locked.table_number)
        locked._history_user = history_user(by)
        locked._change_reason = "details changed"
        locked.save(update_fields=["needs_interpreter", "notes"])
    meeting.needs_interpreter, meeting.notes = needs_interpreter, notes
    return meeting


def cancel_meetings(meetings, *, by, reason=""):
    """Staff delete meetings: each is cancelled, and both delegates are told."""
    count = 0
    with transaction.atomic():
        for meeting in sorted(meetings, key=lambda m: m.pk):
            if meeting.status == MeetingStatus.CANCELLED:
                continue
            change_meeting(meeting, MeetingState.CANCELLED, by=by, reason=reason)
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# A delegate leaves the Meeting Point (their registration is no longer approved)


def meetings_given_up(registration):
    """For the cancellation e-mail (delegates.services.given_up): the meetings not held yet
    and the requests still awaiting an answer that release_registration() is about to cancel,
    in the active language."""
    meetings = Meeting.objects.involving(registration).filter(is_held=False).count()
    requests = MeetingRequest.objects.filter(
        Q(sender_id=registration.pk) | Q(recipient_id=registration.pk),
        status=RequestStatus.PENDING,
    ).count()
    phrases = []
    if meetings:
        phrases.append(
            ngettext(
                "%(count)s bilateral meeting at the Meeting Point (the partner is told)",
                "%(count)s bilateral meetings at the Meeting Point (the partners are told)",
                meetings,
            )
            % {"count": meetings}
        )
    if requests:
        phrases.append(
            ngettext(
                "%(count)s meeting request still awaiting an answer",
                "%(count)s meeting requests still awaiting an answer",
                requests,
            )
            % {"count": requests}
        )
    return phrases


def release_registration(registration, *, by, reason="", only_upcoming=False):
    """Withdraw the pending requests of a delegate who no longer takes part, cancel their
    meetings not held yet (the slots are free for the scheduler) and tell each partner, in
    the partner's language. Idempotent: nothing left, nothing done. `only_upcoming`: leave
    alone the Meeting Points already over (old sessions being anonymized). Returns
    (requests withdrawn, meetings cancelled)."""
    _require(by, CHANGE_MEETING_PERMISSION)
    registration_id = getattr(registration, "pk", registration)
    if (
        only_upcoming
        and not MeetingPoint.objects.filter(
            session__registrations=registration_id, ends_at__gt=timezone.now()
        ).exists()
    ):
        return 0, 0
    with transaction.atomic():
        requests = list(
            MeetingRequest.objects.filter(
                Q(sender_id=registration_id) | Q(recipient_id=registration_id),
                status=RequestStatus.PENDING,
            ).order_by("pk")
        )
        for request in requests:
            change_request(
                request,
                RequestStatus.CANCELLED,
                by=SYSTEM,
                reason=reason,
                leaving=registration_id,
            )
        meetings = list(
            Meeting.objects.filter(
                Q(registration_a_id=registration_id) | Q(registration_b_id=registration_id),
                is_held=False,
            )
            .select_related("meeting_point")
            .order_by("pk")
        )
        for meeting in meetings:
            change_meeting(
                meeting, MeetingState.CANCELLED, by=SYSTEM, reason=reason, leaving=registration_id
            )
    return len(requests), len(meetings)


def erase_messages(registration_ids):
    """Blank what erased delegates wrote in their requests, history included."""
    MeetingRequest.objects.filter(sender_id__in=registration_ids).update(message="")
    MeetingRequest.history.filter(sender_id__in=registration_ids).update(message="")


# ---------------------------------------------------------------------------------------------
# Scheduling


REASON_MESSAGES = {
    scheduling.Reason.NO_SLOTS: lambda name: _("The Meeting Point has no time slots."),
    scheduling.Reason.UNAVAILABLE: lambda name: (
        _("%(name)s is unavailable in every slot.") % {"name": name}
    ),
    scheduling.Reason.NO_COMMON_SLOT: lambda name: _(
        "The two delegates are never available at the same time."
    ),
    scheduling.Reason.AGENDA_FULL: lambda name: (
        _("%(name)s already has a meeting in every slot in which both are available.")
        % {"name": name}
    ),
    scheduling.Reason.NO_TABLE: lambda name: _(
        "Every table is taken in the slots in which both are available."
    ),
    scheduling.Reason.NO_INTERPRETER: lambda name: _(
        "No interpreter is free in the slots in which both are available."
    ),
    scheduling.Reason.PINNED_INVALID: lambda name: _(
        "It was placed by hand in a slot or at a table that no longer exists."
    ),
    scheduling.Reason.PINNED_CONFLICT: lambda name: _(
        "It was placed by hand where it clashes with another meeting placed by hand."
    ),
}


@dataclass
class UnplacedMeeting:
    meeting: Meeting
    reason: str
    message: str


@dataclass
class ScheduleReport:
    """What `schedule_meetings` did: counts, and each meeting it could not place with why."""

    total: int = 0
    placed: int = 0
    kept_manual: int = 0
    unplaced: list = field(default_factory=list)
    seconds: float = 0.0
    search_seconds: float = 0.0
    greedy_placed: int | None = None

    def __str__(self):
        return ngettext(
            "%(placed)d of %(total)d meeting placed (%(manual)d kept where staff put them), "
            "%(unplaced)d not placed.",
            "%(placed)d of %(total)d meetings placed (%(manual)d kept where staff put them), "
            "%(unplaced)d not placed.",
            self.total,
        ) % {
            "placed": self.placed,
            "total": self.total,
            "manual": self.kept_manual,
            "unplaced": len(self.unplaced),
        }


def build_problem(meeting_point, meetings):
    """The scheduler's view of the Meeting Point: people are registration ids."""
    people = {m.registration_a_id for m in meetings} | {m.registration_b_id for m in meetings}
    slot_count = meeting_point.slot_count
    unavailable = {
        registration_id: {s for s in slots if isinstance(s, int) and 0 <= s < slot_count}
        for registration_id, slots in B2BProfile.objects.filter(
            registration_id__in=people
        ).values_list("registration_id", "unavailable_slots")
        if slots
    }
    priority = subjects.priority_request_ids([m.request_id for m in meetings])
    items = [
        scheduling.Item(
            key=m.pk,
            first=m.registration_a_id,
            second=m.registration_b_id,
            needs_interpreter=m.needs_interpreter,
            # A meeting held took place there: it stays, like one placed by hand.
            pinned=(m.slot, m.table_number) if m.is_manual or m.is_held else None,
            priority=m.request_id in priority,
        )
        for m in meetings
    ]
    return scheduling.Problem(
        slot_count=slot_count,
        tables=meeting_point.tables,
        items=items,
        interpreters_per_slot=meeting_point.interpreters_per_slot,
        unavailable=unavailable,
    )


@transaction.atomic
def schedule_meetings(meeting_point, *, by, algorithm=None, compare_with_greedy=False):
    """Give every meeting of the Meeting Point a slot and a table, keeping the meetings placed
    by hand where they are; returns a `ScheduleReport` naming each meeting left out and why.

    The database constraints guarantee the result never double-books a table or a delegate
    within one column; the algorithm guarantees it across both columns."""
    _require(by, CHANGE_MEETING_PERMISSION)
    started = time.perf_counter()
    meeting_point = _lock(meeting_point)
    meetings = list(
        Meeting.objects.filter(meeting_point=meeting_point)
        .select_related("registration_a__person", "registration_b__person")
        .order_by("pk")
    )
    problem = build_problem(meeting_point, meetings)
    result = (algorithm or scheduling.schedule)(problem)
    by_key = {m.pk: m for m in meetings}
    report = ScheduleReport(total=len(meetings), search_seconds=result.seconds)
    if compare_with_greedy:
        report.greedy_placed = scheduling.greedy_schedule(problem).placed_count

    # Every meeting not held gets the place the search gave it (a pin kept stays pinned), or
    # none; all through the one door of placements in bulk.
    placements = {m.pk: (None, None, False) for m in meetings if not m.is_held}
    for key, (slot, table_number) in result.placements.items():
        meeting = by_key[key]
        if meeting.is_manual:
            report.kept_manual += 1
        if key in placements:
            placements[key] = (slot, table_number, meeting.is_manual)
    apply_placements(meeting_point, placements, by=by, reason="scheduled")
    for unplaced in result.unplaced:
        meeting = by_key[unplaced.key]
        person = None
        if unplaced.person is not None:
            person = (
                meeting.registration_a
                if unplaced.person == meeting.registration_a_id
                else meeting.registration_b
            ).person
        message = REASON_MESSAGES[unplaced.reason](both_scripts(person))
        report.unplaced.append(UnplacedMeeting(meeting, unplaced.reason, message))
    report.placed = result.placed_count
    meeting_point.last_scheduled_at = timezone.now()
    meeting_point.save(update_fields=["last_scheduled_at"])
    report.seconds = time.perf_counter() - started
    return report


def scheduled_registration_ids(meeting_point):
    """The ids of the registrations with at least one placed meeting."""
    ids = set()
    for first, second in Meeting.objects.filter(
        meeting_point=meeting_point, slot__isnull=False
    ).values_list("registration_a_id", "registration_b_id"):
        ids.update((first, second))
    return ids


def send_agendas(meeting_point, *, by):
    """E-mail each delegate with at least one placed meeting a link to their agenda (queued
    in the outbox, all or none)."""
    _require(by, SEND_AGENDAS_PERMISSION)
    registration_ids = scheduled_registration_ids(meeting_point)
    with transaction.atomic():
        for registration_id in sorted(registration_ids):
            emails.queue_agenda_email(meeting_point.pk, registration_id)
    return len(registration_ids)
