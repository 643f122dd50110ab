"""The lifecycle of a registration: one transition table and one function.

Every change of a registration's status goes through `transition()`: the public form
(submitting, submitting again after a cancellation), the e-mail confirmation, the private
link (cancelling), staff decisions in the admin, staff entries, the waiting-list promotion,
erasure. `transition()` checks who acts against the table, locks the session row when the change
gives or frees a place (so that capacity checks, decisions and promotions of one session run
one after the other, on PostgreSQL as on SQLite; a submission gives none and takes no lock),
saves only the fields that changed, writes one history entry with the actor and the reason,
queues the delegate's e-mail in their language and, once the transaction has committed,
sends `delegates.signals.registration_state_changed`.

Who acts is `by` (`core.authorization`): a staff User holding the permission of the
transition; the Registration itself when the delegate acts through their own private link or
the public form; or SYSTEM for what follows from another action (a freed place going to the
waiting list, an erasure) and for tasks and commands.
"""

import collections
import dataclasses
import logging
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import prepared
from core.authorization import (
    SYSTEM,
    ActionNotAllowed,
    history_user,
    is_system,
    is_user,
    require_permission,
)
from delegates.models import PLACE_HOLDING_STATUSES, Registration, RegistrationStatus
from delegates.services import visits
from delegates.services.exceptions import RegistrationError
from delegates.services.given_up import given_up_with
from delegates.services.mail import EmailKind, queue_registration_email
from delegates.signals import registration_state_changed, registrations_deleted
from sessions_app.models import Country, Session

logger = logging.getLogger(__name__)

Status = RegistrationStatus

# A registration not saved yet: the state before the public form or a staff entry.
NEW = None

# Who may (the role table in the README): staff who decide on registrations (Organizers and
# Ministry administrators) hold this permission; Viewers do not.
DECIDE_PERMISSION = "delegates.change_registration"
# Staff who enter a registration on a delegate's behalf.
REGISTER_PERMISSION = "delegates.add_registration"

NOT_ALLOWED_TO_DECIDE = _("You are not allowed to decide on registrations.")
NOT_ALLOWED_TO_REGISTER = _("You are not allowed to enter registrations.")
# Staff who delete registrations (a mistaken entry; a delegate's own wish is an erasure).
DELETE_PERMISSION = "delegates.delete_registration"

# The person's fields a delegate types in the form (applied at confirmation when the e-mail
# address was already known: see Registration.pending_person_data).
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "name_cyrillic",
    "patronymic",
    "phone",
)


class Actor:
    """The kinds of actor a transition admits."""

    DELEGATE = "delegate"  # the registration itself (private link, public form)
    STAFF = "staff"  # a User holding the transition's permission
    SYSTEM = "system"  # the portal: follow-ups of other actions, tasks, commands


STAFF_OR_SYSTEM = frozenset({Actor.STAFF, Actor.SYSTEM})
ANYONE = frozenset({Actor.DELEGATE, Actor.STAFF, Actor.SYSTEM})


def _stamp_decided(registration, now, by):
    registration.decided_at = now
    registration.waitlisted_at = None


def _stamp_waitlisted(registration, now, by):
    registration.decided_at = now
    registration.waitlisted_at = now


def _stamp_confirmed(registration, now, by):
    if registration.pending_person_data:
        person = registration.person
        for field, value in registration.pending_person_data.items():
            if field in PERSON_FIELDS:
                setattr(person, field, value)
        person.preferred_language = registration.language
        person._change_reason = "e-mail confirmed"
        person.save()
    registration.pending_person_data = {}
    registration.confirmed_at = registration.submitted_at = now
    registration.waitlisted_at = now if registration.status == Status.WAITLISTED else None


def _stamp_entered_by_staff(registration, now, by):
    registration.privacy_consent_at = registration.privacy_consent_at or now
    registration.confirmed_at = registration.submitted_at = now
    registration.language = registration.person.preferred_language
    registration.waitlisted_at = now if registration.status == Status.WAITLISTED else None


def _stamp_submitted(registration, now, by):
    registration.privacy_consent_at = now
    registration.confirmed_at = registration.submitted_at = registration.decided_at = None
    registration.cancelled_at = registration.waitlisted_at = None


def _stamp_promoted(registration, now, by):
    registration.waitlisted_at = None


def _stamp_cancelled(registration, now, by):
    registration.cancelled_at = now
    registration.cancelled_by_staff = is_user(by)
    registration.waitlisted_at = None


def _book_company_visits(registration):
    visits.allocate_company_visits(registration)


def _release_company_visits(registration):
    visits.release_company_visits(registration)


@dataclasses.dataclass(frozen=True)
class Transition:
    """One row of the table: from `sources` to `target`, by whom, and what goes with it.

    `needs_place`: the target holds one of the session's places; a registration that holds
    none yet needs a free place of its delegation. When none is left it goes to `when_full`
    instead (a row of the table too, marked `overflow_only`), or the change is refused.
    `frees_place`: the place it held goes to the first on the waiting list."""

    name: str
    sources: tuple
    target: str
    actors: frozenset
    permission: str | None = None
    refusal: object = NOT_ALLOWED_TO_DECIDE
    email: str | None = None
    stamp: object = None
    follow_up: object = None
    needs_place: bool = False
    when_full: str | None = None
    overflow_only: bool = False
    frees_place: bool = False


TRANSITIONS = (
    Transition(
        "submit",
        (NEW,),
        Status.PENDING_CONFIRMATION,
        frozenset({Actor.DELEGATE}),
        email=EmailKind.CONFIRMATION,
        stamp=_stamp_submitted,
    ),
    Transition(
        "submit_again",
        (Status.CANCELLED,),
        Status.PENDING_CONFIRMATION,
        frozenset({Actor.DELEGATE}),
        email=EmailKind.CONFIRMATION,
        stamp=_stamp_submitted,
    ),
    Transition(
        "enter_by_staff",
        (NEW,),
        Status.SUBMITTED,
        STAFF_OR_SYSTEM,
        permission=REGISTER_PERMISSION,
        refusal=NOT_ALLOWED_TO_REGISTER,
        stamp=_stamp_entered_by_staff,
        needs_place=True,
        when_full=Status.WAITLISTED,
    ),
    Transition(
        "enter_by_staff_on_the_waiting_list",
        (NEW,),
        Status.WAITLISTED,
        STAFF_OR_SYSTEM,
        permission=REGISTER_PERMISSION,
        refusal=NOT_ALLOWED_TO_REGISTER,
        stamp=_stamp_entered_by_staff,
        overflow_only=True,
    ),
    Transition(
        "confirm",
        (Status.PENDING_CONFIRMATION,),
        Status.SUBMITTED,
        frozenset({Actor.DELEGATE, Actor.SYSTEM}),
        stamp=_stamp_confirmed,
        follow_up=_book_company_visits,
        needs_place=True,
        when_full=Status.WAITLISTED,
    ),
    Transition(
        "confirm_on_the_waiting_list",
        (Status.PENDING_CONFIRMATION,),
        Status.WAITLISTED,
        frozenset({Actor.DELEGATE, Actor.SYSTEM}),
        email=EmailKind.WAITLIST,
        stamp=_stamp_confirmed,
        follow_up=_book_company_visits,
        overflow_only=True,
    ),
    Transition(
        "approve",
        (Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED),
        Status.APPROVED,
        STAFF_OR_SYSTEM,
        permission=DECIDE_PERMISSION,
        email=EmailKind.APPROVAL,
        stamp=_stamp_decided,
        # Visits still only requested (data entered before confirmation allocated them) get
        # their place or waiting-list turn now; confirmed ones are left as they are.
        follow_up=_book_company_visits,
        needs_place=True,
    ),
    Transition(
        "waitlist",
        # The place it frees is not offered to the waiting list at once: staff chose to wait.
        (Status.SUBMITTED, Status.APPROVED, Status.REJECTED),
        Status.WAITLISTED,
        STAFF_OR_SYSTEM,
        permission=DECIDE_PERMISSION,
        email=EmailKind.WAITLIST,
        stamp=_stamp_waitlisted,
    ),
    Transition(
        "reject",
        (Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED),
        Status.REJECTED,
        STAFF_OR_SYSTEM,
        permission=DECIDE_PERMISSION,
        email=EmailKind.REJECTION,
        stamp=_stamp_decided,
        follow_up=_release_company_visits,
        frees_place=True,
    ),
    Transition(
        "cancel",
        (Status.PENDING_CONFIRMATION, Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED),
        Status.CANCELLED,
        ANYONE,
        permission=DECIDE_PERMISSION,
        email=EmailKind.CANCELLATION,
        stamp=_stamp_cancelled,
        follow_up=_release_company_visits,
        frees_place=True,
    ),
    Transition(
        "promote",
        (Status.WAITLISTED,),
        Status.SUBMITTED,
        STAFF_OR_SYSTEM,
        permission=DECIDE_PERMISSION,
        email=EmailKind.PROMOTION,
        stamp=_stamp_promoted,
        follow_up=_book_company_visits,
        needs_place=True,
    ),
)

# (from, to) -> Transition: the pairs the lifecycle allows.
TABLE = {(source, row.target): row for row in TRANSITIONS for source in row.sources}

# Refusals that deserve their own words (the generic one is in `_refuse`): message, code.
CANCELLED_ALREADY = (
    _("This registration was cancelled; register again if you wish to take part."),
    "cancelled",
)
UNCONFIRMED = (_("The delegate has not confirmed the e-mail address yet."), "unconfirmed")
REFUSALS = {
    (Status.REJECTED, Status.CANCELLED): (
        _("A rejected registration cannot be cancelled."),
        "not_allowed",
    ),
    (Status.CANCELLED, Status.CANCELLED): (
        _("This registration is already cancelled."),
        "unchanged",
    ),
    (Status.CANCELLED, Status.SUBMITTED): CANCELLED_ALREADY,
    (Status.CANCELLED, Status.WAITLISTED): CANCELLED_ALREADY,
    (Status.PENDING_CONFIRMATION, Status.APPROVED): UNCONFIRMED,
    (Status.PENDING_CONFIRMATION, Status.WAITLISTED): UNCONFIRMED,
    (Status.PENDING_CONFIRMATION, Status.REJECTED): UNCONFIRMED,
}


def refusal_of(registration, to):
    """Why `registration` cannot become `to` as it is now (a RegistrationError), or None: for
    a page that asks before the change instead of offering a button that would be refused."""
    row = TABLE.get((registration.status, to))
    if row is None or row.overflow_only:
        return _refuse(registration.status, to, registration)
    return None


def allowed_targets(status):
    """The statuses a registration in `status` may move to (what buttons to offer)."""
    return [row.target for (source, _target), row in TABLE.items() if source == status]


# --- who acts -------------------------------------------------------------------------------


def is_own_registration(by, registration):
    """Whether `by` is the delegate of `registration`, acting through their private link (or,
    for a registration not saved yet, the public form that builds it)."""
    if by is registration:
        return True
    return isinstance(by, Registration) and by.pk is not None and by.pk == registration.pk


def _actor_kind(by, registration):
    if is_system(by):
        return Actor.SYSTEM
    if isinstance(by, Registration):
        if not is_own_registration(by, registration):
            raise ActionNotAllowed(_("This registration is not yours."))
        return Actor.DELEGATE
    if is_user(by):
        return Actor.STAFF
    raise ActionNotAllowed()


def _check_actor(row, by, registration):
    """Refuse (ActionNotAllowed) unless `by` may make the change of `row`."""
    kind = _actor_kind(by, registration)
    if kind not in row.actors:
        raise ActionNotAllowed(row.refusal)
    if kind == Actor.STAFF:
        require_permission(by, row.permission, message=row.refusal)


def _check_actor_for_target(by, registration, target):
    """Before anything is read or locked: `by` may make at least one change to `target`."""
    rows = [row for row in TRANSITIONS if row.target == target and not row.overflow_only]
    if not rows:
        raise RegistrationError(
            _("No registration can become “%(target)s”.") % {"target": Status(target).label},
            code="not_allowed",
        )
    refusal = None
    for row in rows:
        try:
            _check_actor(row, by, registration)
        except ActionNotAllowed as error:
            refusal = refusal or error
        else:
            return
    raise refusal


def require_staff_decision(by):
    """Refuse unless `by` may decide on registrations (or is the portal itself)."""
    require_permission(by, DECIDE_PERMISSION, message=NOT_ALLOWED_TO_DECIDE)


# --- locks and places -----------------------------------------------------------------------


def lock_session(session_or_pk):
    """Lock the session row for the rest of the transaction and return it fresh.

    On PostgreSQL the lock is FOR NO KEY UPDATE: it serializes the changes that give or free
    places, yet lets other transactions insert rows that point to the session (a submission's
    registration takes FOR KEY SHARE on it)."""
    pk = getattr(session_or_pk, "pk", session_or_pk)
    return prepared.get_by(_session_for_update, int(pk))


# The locking reads of every change of status, compiled once (core/prepared.py).
def _session_for_update(pk):
    return Session.objects.select_for_update(no_key=True).filter(pk=pk)


def _registration_locking(*related):
    def build(pk):
        return (
            Registration.objects.select_for_update(of=("self",))
            .select_related(*related)
            .filter(pk=pk)
        )

    return build


_registration_for_update = _registration_locking("person", "organization")
_registration_with_session_for_update = _registration_locking("person", "organization", "session")


def lock_registration(registration):
    """Lock the registration's session, then the registration itself; return it fresh."""
    session = lock_session(registration.session_id)
    locked = prepared.get_by(_registration_for_update, registration.pk)
    locked.session = session
    return locked


def _places_held(session_pk, delegation):
    # Counted at every change that gives a place (compiled once: core/prepared.py).
    return (
        Registration.objects.filter(session_id=session_pk, delegation=delegation)
        .holding_place()
        .values("session_id")
        .annotate(taken=Count("pk"))
        .values_list("taken", flat=True)
    )


def places_taken(session, delegation):
    counted = prepared.rows_by(_places_held, int(session.pk), str(delegation))
    return counted[0] if counted else 0


def places_left(session, delegation):
    """Free places of a delegation, or None when the session sets no limit for it."""
    capacity = session.capacity_for(delegation)
    if capacity is None:
        return None
    return max(capacity - places_taken(session, delegation), 0)


def _full_error(registration):
    return RegistrationError(
        _(
            "No places are left for the %(delegation)s delegation (%(capacity)s). "
            "Raise the capacity of the session, or reject or cancel another "
            "registration first."
        )
        % {
            "delegation": Country(registration.delegation).label,
            "capacity": registration.session.capacity_for(registration.delegation),
        },
        code="full",
    )


# --- the one function -----------------------------------------------------------------------

# The fields a transition may change; only those that did change are saved.
TRACKED_FIELDS = (
    "status",
    "privacy_consent_at",
    "confirmed_at",
    "submitted_at",
    "decided_at",
    "waitlisted_at",
    "cancelled_at",
    "cancelled_by_staff",
    "language",
    "pending_person_data",
)


def _refuse(source, target, registration):
    if (source, target) in REFUSALS:
        message, code = REFUSALS[(source, target)]
        return RegistrationError(message, code=code)
    if source == target:
        return RegistrationError(
            _("The registration is already “%(status)s”.")
            % {"status": registration.get_status_display()},
            code="unchanged",
        )
    return RegistrationError(
        _("A registration that is “%(status)s” cannot become “%(target)s”.")
        % {"status": registration.get_status_display(), "target": Status(target).label},
        code="not_allowed",
    )


def takes_session_lock(to):
    """Whether a change to `to` locks the session row: when one of the ways to it gives or
    frees a place. Submitting the public form gives none (places are given at confirmation,
    under the lock), so submissions of one session run side by side."""
    return any(row.needs_place or row.frees_place for row in TRANSITIONS if row.target == to)


def _lock_for_change(registration, to):
    if not takes_session_lock(to):
        if registration.pk is None:
            return registration
        return prepared.get_by(_registration_with_session_for_update, registration.pk)
    if registration.pk is None:
        registration.session = lock_session(registration.session_id)
        return registration
    return lock_registration(registration)


def transition(registration, to, *, by, reason="", notify=True, now=None, changes=None):
    """Move `registration` to the status `to`, as `by`, and do what goes with it.

    Refuses with ActionNotAllowed (who acts may not) or RegistrationError (the lifecycle
    forbids it, or no place is left) before anything changes. A registration that needs a
    place and finds none goes where the table says (`when_full`): the caller reads the status
    reached on the returned registration. `notify=False` sends the delegate no e-mail (an
    erasure). `changes` are other fields (name -> value) the same action sets, saved with the
    status in the same history entry (the data of a form submitted again). A registration
    not saved yet (`NEW`) is saved here whole. Returns `registration`, brought up to date."""
    to = Status(to)
    _check_actor_for_target(by, registration, to)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_change(registration, to)
        source = NEW if locked.pk is None else locked.status
        row = TABLE.get((source, to))
        if row is None or row.overflow_only:
            raise _refuse(source, to, locked)
        _check_actor(row, by, locked)
        if row.needs_place and not (locked.pk and locked.holds_place):
            if places_left(locked.session, locked.delegation) == 0:
                if row.when_full is None:
                    raise _full_error(locked)
                row = TABLE[(source, row.when_full)]
        tracked = (*TRACKED_FIELDS, *(changes or {}))
        before = {field: getattr(locked, field) for field in tracked}
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.status = row.target
        if row.stamp:
            row.stamp(locked, now, by)
        reason = reason or _default_reason(row, by, locked)
        locked._history_user = history_user(by)
        locked._change_reason = reason
        if locked.pk is None:
            locked.save()
            changed = list(tracked)
        else:
            changed = [field for field in tracked if getattr(locked, field) != before[field]]
            locked.save(update_fields=[*changed, "updated_at"])
        mails = (
            row.email
            and notify
            and not (row.target == Status.CANCELLED and source == Status.PENDING_CONFIRMATION)
        )
        # What the cancellation gives up (room, visits, meetings, transfers), read before
        # anything is released, for the delegate's e-mail.
        given_up = given_up_with(locked) if mails and row.target == Status.CANCELLED else ()
        if row.follow_up:
            row.follow_up(locked)
        if mails:
            queue_registration_email(locked, row.email, given_up=given_up)
        if row.frees_place and source in PLACE_HOLDING_STATUSES:
            # One place freed, one delegate promoted: places that were free already (staff
            # who put delegates on the waiting list chose to wait) are not handed out here.
            promote_from_waitlist(
                locked.session, by=SYSTEM, delegation=locked.delegation, now=now, places=1
            )
        transaction.on_commit(
            partial(_publish, locked, source, row.target, by, reason), robust=True
        )
    if locked is not registration:
        for field in changed:
            setattr(registration, field, getattr(locked, field))
    return registration


def _default_reason(row, by, registration):
    if row.target == Status.CANCELLED:
        if is_user(by):
            return "cancelled by staff"
        if is_own_registration(by, registration):
            return "cancelled by the delegate"
        return "cancelled by the portal"
    return {
        "submit": "submitted by the delegate",
        "submit_again": "submitted again by the delegate",
        "enter_by_staff": "entered by staff",
        "enter_by_staff_on_the_waiting_list": "entered by staff",
        "confirm": "e-mail confirmed",
        "confirm_on_the_waiting_list": "e-mail confirmed",
        "approve": "approved",
        "waitlist": "waitlisted",
        "reject": "rejected",
        "promote": "promoted from the waiting list",
    }[row.name]


def _publish(registration, old_state, new_state, by, reason):
    """After the commit: tell the apps above (delegates/signals.py)."""
    results = registration_state_changed.send_robust(
        sender=Registration,
        registration=registration,
        old_state=old_state,
        new_state=new_state,
        actor=by,
        reason=reason,
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            logger.error(
                "registration_state_changed: %r failed for registration %s",
                receiver,
                registration.pk,
                exc_info=result,
            )


def record_change(registration, fields, *, by, reason):
    """Save changed fields that are not the status (a delegate's edit), with its one history
    entry. The status changes only through `transition`."""
    if "status" in fields:
        raise ValueError("the status changes through transition()")
    registration._history_user = history_user(by)
    registration._change_reason = reason
    registration.save(update_fields=[*fields, "updated_at"])


# --- the waiting list -----------------------------------------------------------------------


def promote_from_waitlist(session, *, by, delegation=None, now=None, places=None):
    """Give every free place of the session to the waiting list, first come first served
    (by the time each joined the list), and tell each promoted delegate. The promoted
    registrations hold their place as "submitted" until staff approve them. `places`: at most
    that many per delegation, the places a change has just freed (a cancellation frees one).

    Only sessions with a capacity promote automatically: without a limit, the waiting list is
    staff's own choice. `by` is staff who decide (the "promote" button) or SYSTEM (a place
    freed by another change). Returns the promoted registrations."""
    require_staff_decision(by)
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        session = lock_session(session)
        delegations = [delegation] if delegation else list(Country.values)
        for code in delegations:
            left = places_left(session, code)
            if places is not None and left is not None:
                left = min(left, places)
            if not left:
                continue
            candidates = list(
                Registration.objects.for_session(session)
                .filter(delegation=code)
                .waiting_list_order()[:left]
            )
            for candidate in candidates:
                promoted.append(transition(candidate, Status.SUBMITTED, by=by, now=now))
    return promoted


# --- deletion -------------------------------------------------------------------------------


def delete_registrations(registrations, *, by):
    """Delete registrations (staff correcting a mistake) and do what follows: the apps above
    drop what they hold about them (`registrations_deleted`, inside the transaction: the
    Meeting Point cancels their meetings and tells the partners), booked company visits and
    places go to their waiting lists. Returns how many were deleted."""
    require_permission(
        by, DELETE_PERMISSION, message=_("You are not allowed to delete registrations.")
    )
    ids = [getattr(registration, "pk", registration) for registration in registrations]
    with transaction.atomic():
        session_ids = sorted(
            set(Registration.objects.filter(pk__in=ids).values_list("session_id", flat=True))
        )
        sessions = {pk: lock_session(pk) for pk in session_ids}
        doomed = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("person")
            .order_by("pk")
        )
        registrations_deleted.send(
            sender=Registration, registration_ids=[r.pk for r in doomed], actor=by
        )
        freed = collections.Counter()
        for registration in doomed:
            visits.release_company_visits(registration)
            if registration.holds_place:
                freed[(registration.session_id, registration.delegation)] += 1
            registration._history_user = history_user(by)
            registration._change_reason = "deleted by staff"
            registration.delete()
        for (session_id, delegation), count in sorted(freed.items()):
            promote_from_waitlist(
                sessions[session_id], by=SYSTEM, delegation=delegation, places=count
            )
    return len(doomed)
