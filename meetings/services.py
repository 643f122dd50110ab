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

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.authorization import require_permission
from core.public_cache import bump as bump_public_pages
from delegates.models import Registration, RegistrationStatus
from meetings import emails, scheduling
from meetings.models import (
    B2BProfile,
    Meeting,
    MeetingPoint,
    MeetingRequest,
    MeetingRequestStatus,
)
from meetings.presentation import session_time

# What staff need (the role table): approving profiles, arranging and moving meetings,
# running the scheduler, e-mailing the agendas.
APPROVE_PROFILES_PERMISSION = "meetings.change_b2bprofile"
ADD_MEETING_PERMISSION = "meetings.add_meeting"
CHANGE_MEETING_PERMISSION = "meetings.change_meeting"
SEND_AGENDAS_PERMISSION = "meetings.change_meetingpoint"


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
    if registration.status != RegistrationStatus.APPROVED:
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
            _("The Meeting Point closed on %(date)s: requests can no longer be sent or answered.")
            % {"date": session_time(min(closed_at, now or timezone.now()), meeting_point)}
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
        getattr(profile, name) != values[name] for name in ("offers", "looks_for") if name in values
    )
    for name, value in values.items():
        setattr(profile, name, value)
    if content_changed and meeting_point and meeting_point.requires_profile_approval:
        profile.is_approved = False
    profile.full_clean(exclude=["registration"])
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
# Requests


def _queue_email(kind, request_id, recipient_id):
    emails.queue_request_email(kind, request_id, recipient_id)


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
        existing.sender, existing.recipient = sender, existing.sender
    elif existing.status == MeetingRequestStatus.PENDING:
        raise MeetingPointError(_("You have already sent a request to this delegate."))
    elif existing.status == MeetingRequestStatus.DECLINED:
        raise MeetingPointError(_("This delegate has declined your request."))
    existing.status = MeetingRequestStatus.PENDING
    existing.message = message.strip()
    existing.created_at = now or timezone.now()
    existing.answered_at = None
    existing.save()
    _queue_email("received", existing.pk, existing.recipient_id)
    return existing


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


def _answerable_request(request, by):
    """The request, locked, once sure that `by` received it and has not answered yet."""
    request = _lock_request(request)
    if by.pk != request.recipient_id:
        raise MeetingPointError(_("Only the delegate who received the request can answer it."))
    if request.status != MeetingRequestStatus.PENDING:
        raise MeetingPointError(_("This request has already been answered or withdrawn."))
    return request


@transaction.atomic
def accept_request(request, by, now=None):
    """The recipient `by` accepts: a meeting is created, to be placed by the scheduler."""
    request = _answerable_request(request, by)
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
    request.status = MeetingRequestStatus.ACCEPTED
    request.answered_at = now or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    Meeting.objects.create(
        meeting_point=request.meeting_point,
        request=request,
        registration_a=sender,
        registration_b=recipient,
        needs_interpreter=needs_interpreter(sender, recipient),
    )
    _queue_email("accepted", request.pk, request.sender_id)
    return request


@transaction.atomic
def decline_request(request, by, now=None):
    """The recipient `by` declines; the sender is told."""
    request = _answerable_request(request, by)
    request.status = MeetingRequestStatus.DECLINED
    request.answered_at = now or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    _queue_email("declined", request.pk, request.sender_id)
    return request


@transaction.atomic
def cancel_request(request, by, now=None):
    """The sender withdraws a pending request, or either side cancels an accepted one (its
    meeting goes with it and the other side is told)."""
    request = _lock_request(request)
    if by.pk not in (request.sender_id, request.recipient_id):
        raise MeetingPointError(_("This request is not yours."))
    if request.status == MeetingRequestStatus.PENDING and by.pk != request.sender_id:
        raise MeetingPointError(_("Decline the request instead."))
    if request.status not in (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED):
        raise MeetingPointError(_("This request has already been answered or withdrawn."))
    was_accepted = request.status == MeetingRequestStatus.ACCEPTED
    request.status = MeetingRequestStatus.CANCELLED
    request.answered_at = now or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    Meeting.objects.filter(request=request).delete()
    if was_accepted:
        other = request.counterpart_of(by)
        _queue_email("cancelled", request.pk, other.pk)
    return request


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
                _("%(name)s is not registered for this session.") % {"name": registration.person}
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


@transaction.atomic
def place_meeting(meeting, slot, table_number, *, by):
    """Staff move a meeting by hand; the scheduler keeps it there from now on."""
    _require(by, CHANGE_MEETING_PERMISSION)
    meeting_point = _lock(meeting.meeting_point)
    if slot is None and table_number is None:
        meeting.slot = meeting.table_number = None
        meeting.is_manual = False
    else:
        if slot is None or table_number is None:
            raise MeetingPointError(_("Give both a slot and a table, or neither."))
        check_placement(meeting_point, meeting, slot, table_number)
        meeting.slot, meeting.table_number, meeting.is_manual = slot, table_number, True
    meeting.save(update_fields=["slot", "table_number", "is_manual"])
    return meeting


def release_meetings(meetings, *, by):
    """Let the scheduler move meetings placed by hand again."""
    _require(by, CHANGE_MEETING_PERMISSION)
    return Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(is_manual=False)


def mark_held(meetings, *, by, held=True, now=None):
    """The desk or the table host records that meetings took place (or not)."""
    _require(by, CHANGE_MEETING_PERMISSION)
    # update() sends no signal: the public statistics count the meetings held.
    bump_public_pages("meetings")
    return Meeting.objects.filter(pk__in=[m.pk for m in meetings], slot__isnull=False).update(
        is_held=held, held_at=(now or timezone.now()) if held else None
    )


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
    items = [
        scheduling.Item(
            key=m.pk,
            first=m.registration_a_id,
            second=m.registration_b_id,
            needs_interpreter=m.needs_interpreter,
            pinned=(m.slot, m.table_number) if m.is_manual else None,
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

    Meeting.objects.filter(meeting_point=meeting_point).exclude(
        pk__in=[item.key for item in problem.items if item.pinned is not None]
    ).update(slot=None, table_number=None, is_manual=False)
    dropped_pins = [u.key for u in result.unplaced if by_key[u.key].is_manual]
    if dropped_pins:
        Meeting.objects.filter(pk__in=dropped_pins).update(
            slot=None, table_number=None, is_manual=False
        )
    changed = []
    for key, (slot, table_number) in result.placements.items():
        meeting = by_key[key]
        if meeting.is_manual:
            report.kept_manual += 1
            continue
        meeting.slot, meeting.table_number = slot, table_number
        changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["slot", "table_number"], batch_size=500)
    for unplaced in result.unplaced:
        meeting = by_key[unplaced.key]
        person = None
        if unplaced.person is not None:
            person = (
                meeting.registration_a
                if unplaced.person == meeting.registration_a_id
                else meeting.registration_b
            ).person
        message = REASON_MESSAGES[unplaced.reason](person)
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
