"""Staff decisions and cancellations, with race-free capacity.

Every state change locks the session row first (`select_for_update`), so that capacity checks,
decisions and promotions of one session run one after the other, on PostgreSQL as on SQLite
(whose IMMEDIATE transactions take the write lock at BEGIN).

Who acts is the keyword argument `by`, required (`core.authorization` has the
convention): a staff User, checked against the permission below; the Registration itself when
the delegate acts through their own private link (cancelling it); or SYSTEM for what follows
from another action (the waiting list filling a freed place). A refused actor gets
ActionNotAllowed before anything changes.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.authorization import (
    SYSTEM,
    ActionNotAllowed,
    history_user,
    is_user,
    require_permission,
)
from delegates.models import Registration, RegistrationStatus
from delegates.services import visits
from delegates.services.badge_pages import queue_preparation
from delegates.services.exceptions import RegistrationError
from delegates.services.mail import EmailKind, queue_registration_email
from sessions_app.models import Country, Session

Status = RegistrationStatus

# Who may (the role table in the README): staff who decide on registrations (Organizers and
# Ministry administrators) hold this permission; Viewers do not.
DECIDE_PERMISSION = "delegates.change_registration"
# Staff who enter a registration on a delegate's behalf.
REGISTER_PERMISSION = "delegates.add_registration"

NOT_ALLOWED_TO_DECIDE = _("You are not allowed to decide on registrations.")


def require_staff_decision(by):
    """Refuse unless `by` may decide on registrations (or is the portal itself)."""
    require_permission(by, DECIDE_PERMISSION, message=NOT_ALLOWED_TO_DECIDE)


def is_own_registration(by, registration):
    """Whether `by` is the delegate of `registration`, acting through their private link."""
    return isinstance(by, Registration) and by.pk == registration.pk


def require_delegate_or_staff_decision(by, registration):
    """The delegate on their own registration, staff who decide, or the portal itself."""
    if is_own_registration(by, registration):
        return
    if isinstance(by, Registration):
        raise ActionNotAllowed(_("This registration is not yours."))
    require_staff_decision(by)


def lock_session(session_or_pk):
    """Lock the session row for the rest of the transaction and return it fresh."""
    pk = getattr(session_or_pk, "pk", session_or_pk)
    return Session.objects.select_for_update().get(pk=pk)


def lock_registration(registration):
    """Lock the registration's session, then the registration itself; return it fresh."""
    session = lock_session(registration.session_id)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("person", "organization")
        .get(pk=registration.pk)
    )
    locked.session = session
    return locked


def places_taken(session, delegation):
    return (
        Registration.objects.filter(session=session, delegation=delegation).holding_place().count()
    )


def places_left(session, delegation):
    """Free places of a delegation, or None when the session sets no limit for it."""
    capacity = session.capacity_for(delegation)
    if capacity is None:
        return None
    return max(capacity - places_taken(session, delegation), 0)


def _copy_state(target, source, fields):
    for field in fields:
        setattr(target, field, getattr(source, field))


def _save(registration, fields, by, reason):
    """Save the changed fields and write the audit entry (django-simple-history)."""
    registration._history_user = history_user(by)
    registration._change_reason = reason
    registration.save(update_fields=[*fields, "updated_at"])


def _transition(registration, by, allowed_from, target, reason, needs_place=False, now=None):
    """Common part of approve / waitlist / reject: check, lock, change, audit."""
    require_staff_decision(by)
    now = now or timezone.now()
    locked = lock_registration(registration)
    if locked.status == target:
        raise RegistrationError(
            _("The registration is already “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="unchanged",
        )
    if locked.status == Status.PENDING_CONFIRMATION:
        raise RegistrationError(
            _("The delegate has not confirmed the e-mail address yet."), code="unconfirmed"
        )
    if locked.status not in allowed_from:
        raise RegistrationError(
            _("A registration that is “%(status)s” cannot become “%(target)s”.")
            % {"status": locked.get_status_display(), "target": Status(target).label},
            code="not_allowed",
        )
    if needs_place and not locked.holds_place:
        left = places_left(locked.session, locked.delegation)
        if left == 0:
            raise RegistrationError(
                _(
                    "No places are left for the %(delegation)s delegation (%(capacity)s). "
                    "Raise the capacity of the session, or reject or cancel another "
                    "registration first."
                )
                % {
                    "delegation": Country(locked.delegation).label,
                    "capacity": locked.session.capacity_for(locked.delegation),
                },
                code="full",
            )
    locked.status = target
    return locked, now


def approve(registration, *, by, now=None):
    """Approve a submitted (or waitlisted, or earlier rejected) registration and tell the
    delegate. Approving one that holds no place needs a free place of its delegation."""
    with transaction.atomic():
        locked, now = _transition(
            registration,
            by,
            allowed_from=(Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED),
            target=Status.APPROVED,
            reason="approved",
            needs_place=True,
            now=now,
        )
        locked.decided_at = now
        locked.waitlisted_at = None
        _save(locked, ["status", "decided_at", "waitlisted_at"], by, "approved")
        queue_registration_email(locked, EmailKind.APPROVAL)
        # The badge, rendered in the background for fast printing (badge_pages.py).
        queue_preparation([locked.pk])
    _copy_state(registration, locked, ("status", "decided_at", "waitlisted_at"))
    return registration


def waitlist(registration, *, by, now=None):
    """Put a registration on the waiting list by staff decision and tell the delegate.

    The place it frees is not offered to the waiting list at once: staff chose to wait."""
    with transaction.atomic():
        locked, now = _transition(
            registration,
            by,
            allowed_from=(Status.SUBMITTED, Status.APPROVED, Status.REJECTED),
            target=Status.WAITLISTED,
            reason="waitlisted",
            now=now,
        )
        locked.decided_at = now
        locked.waitlisted_at = now
        _save(locked, ["status", "decided_at", "waitlisted_at"], by, "waitlisted")
        queue_registration_email(locked, EmailKind.WAITLIST)
    _copy_state(registration, locked, ("status", "decided_at", "waitlisted_at"))
    return registration


def reject(registration, *, by, now=None):
    """Reject a registration, tell the delegate, and offer the freed place to the waiting
    list."""
    with transaction.atomic():
        locked, now = _transition(
            registration,
            by,
            allowed_from=(Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED),
            target=Status.REJECTED,
            reason="rejected",
            now=now,
        )
        locked.decided_at = now
        locked.waitlisted_at = None
        _save(locked, ["status", "decided_at", "waitlisted_at"], by, "rejected")
        visits.release_company_visits(locked)
        queue_registration_email(locked, EmailKind.REJECTION)
        promote_from_waitlist(locked.session, by=SYSTEM, delegation=locked.delegation, now=now)
    _copy_state(registration, locked, ("status", "decided_at", "waitlisted_at"))
    return registration


def cancel(registration, *, by, now=None, notify=True):
    """Cancel a registration, by the delegate (`by=registration`, through their private
    link), by staff who decide (`by=user`) or by the portal (`by=SYSTEM`, e.g. when the
    delegate's personal data are erased), at any time before the end; the freed place goes to
    the first on the waiting list."""
    require_delegate_or_staff_decision(by, registration)
    with transaction.atomic():
        now = now or timezone.now()
        locked = lock_registration(registration)
        if locked.status == Status.CANCELLED:
            raise RegistrationError(_("This registration is already cancelled."), code="unchanged")
        if locked.status == Status.REJECTED:
            raise RegistrationError(
                _("A rejected registration cannot be cancelled."), code="not_allowed"
            )
        was_confirmed = locked.status != Status.PENDING_CONFIRMATION
        locked.status = Status.CANCELLED
        locked.cancelled_at = now
        locked.cancelled_by_staff = is_user(by)
        locked.waitlisted_at = None
        fields = ["status", "cancelled_at", "cancelled_by_staff", "waitlisted_at"]
        _save(locked, fields, by, _cancellation_reason(by, locked))
        visits.release_company_visits(locked)
        if notify and was_confirmed:
            queue_registration_email(locked, EmailKind.CANCELLATION)
        promote_from_waitlist(locked.session, by=SYSTEM, delegation=locked.delegation, now=now)
    _copy_state(registration, locked, fields)
    return registration


def _cancellation_reason(by, registration):
    if is_user(by):
        return "cancelled by staff"
    if is_own_registration(by, registration):
        return "cancelled by the delegate"
    return "cancelled by the portal"


def promote_from_waitlist(session, *, by, delegation=None, now=None):
    """Give every free place of the session to the waiting list, first come first served
    (by the time each joined the list), and tell each promoted delegate. The promoted
    registrations hold their place as "submitted" until staff approve them.

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
            if not left:
                continue
            candidates = list(
                Registration.objects.for_session(session)
                .filter(delegation=code)
                .waiting_list_order()
                .select_for_update(of=("self",))[:left]
            )
            for candidate in candidates:
                candidate.session = session
                candidate.status = Status.SUBMITTED
                candidate.waitlisted_at = None
                _save(candidate, ["status", "waitlisted_at"], by, "promoted from the waiting list")
                queue_registration_email(candidate, EmailKind.PROMOTION)
                promoted.append(candidate)
    return promoted
