"""What the delegates app does when a registration changes state (delegates/signals.py).

The badge belongs to the venue: this receiver moves to `venue/receivers.py` with the badges."""

from django.dispatch import receiver

from delegates.models import RegistrationStatus
from delegates.signals import registration_state_changed


@receiver(registration_state_changed, dispatch_uid="delegates.prepare_badge_on_approval")
def prepare_badge_on_approval(sender, registration, new_state, **kwargs):
    """The badge of an approved registration is rendered in the background for fast
    printing (badge_pages.py)."""
    if new_state == RegistrationStatus.APPROVED:
        from delegates.services.badge_pages import queue_preparation

        queue_preparation([registration.pk])
