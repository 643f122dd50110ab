"""Staff decisions and cancellations by name: thin wrappers over the lifecycle
(`delegates/services/lifecycle.py`), which holds the rules, the table and the one function
every change goes through."""

from delegates.models import RegistrationStatus
from delegates.services.lifecycle import (
    DECIDE_PERMISSION,
    REGISTER_PERMISSION,
    is_own_registration,
    places_left,
    promote_from_waitlist,
    require_staff_decision,
    transition,
)

Status = RegistrationStatus

__all__ = [
    "DECIDE_PERMISSION",
    "REGISTER_PERMISSION",
    "approve",
    "cancel",
    "is_own_registration",
    "places_left",
    "promote_from_waitlist",
    "reject",
    "require_staff_decision",
    "waitlist",
]


def approve(registration, *, by, now=None, reason=""):
    """Approve a submitted (or waitlisted, or earlier rejected) registration and tell the
    delegate. Approving one that holds no place needs a free place of its delegation."""
    return transition(registration, Status.APPROVED, by=by, now=now, reason=reason)


def waitlist(registration, *, by, now=None, reason=""):
    """Put a registration on the waiting list by staff decision and tell the delegate."""
    return transition(registration, Status.WAITLISTED, by=by, now=now, reason=reason)


def reject(registration, *, by, now=None, reason=""):
    """Reject a registration, tell the delegate, and offer the freed place to the waiting
    list."""
    return transition(registration, Status.REJECTED, by=by, now=now, reason=reason)


def cancel(registration, *, by, now=None, notify=True, reason=""):
    """Cancel a registration, by the delegate (`by=registration`, through their private
    link), by staff who decide (`by=user`) or by the portal (`by=SYSTEM`, e.g. when the
    delegate's personal data are erased); the freed place goes to the waiting list."""
    return transition(registration, Status.CANCELLED, by=by, now=now, notify=notify, reason=reason)
