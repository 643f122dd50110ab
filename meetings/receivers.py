"""How the Meeting Point reacts to what happens to registrations (delegates/signals.py)."""

from django.dispatch import receiver

from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from delegates.signals import (
    registration_state_changed,
    registrations_deleted,
    registrations_erased,
)
from meetings import services

# A registration in these states no longer takes part in the Meeting Point.
LEFT = (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED, RegistrationStatus.WAITLISTED)


@receiver(registration_state_changed, dispatch_uid="meetings.release_a_delegate_who_left")
def release_a_delegate_who_left(sender, registration, new_state, reason="", **kwargs):
    """A delegate cancelled, rejected or put on the waiting list: their pending requests are
    withdrawn, their meetings cancelled (the slots free again) and each partner told."""
    if new_state in LEFT:
        services.release_registration(registration, by=SYSTEM, reason=f"registration {new_state}")


@receiver(registrations_erased, dispatch_uid="meetings.erase_what_erased_delegates_wrote")
def erase_what_erased_delegates_wrote(sender, registration_ids, **kwargs):
    """In the erasure's transaction: meetings released (partners told) and messages blanked."""
    for registration_id in registration_ids:
        services.release_registration(
            registration_id, by=SYSTEM, reason="registration erased", only_upcoming=True
        )
    services.erase_messages(registration_ids)


@receiver(registrations_deleted, dispatch_uid="meetings.release_deleted_registrations")
def release_deleted_registrations(sender, registration_ids, **kwargs):
    """In the deletion's transaction, before the rows go: partners are told."""
    for registration_id in registration_ids:
        services.release_registration(registration_id, by=SYSTEM, reason="registration deleted")
