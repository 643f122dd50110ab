"""What the venue does when something happens to a registration (delegates/signals.py):
`delegates` announces, the venue keeps its badges in step."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.dispatch import receiver

from delegates.models import RegistrationStatus
from delegates.signals import registration_state_changed, registrations_erased
from venue.models import PreparedBadge, PreparedBadgeBatch
from venue.services.badge_pages import batch_lost_a_page, drop_prepared_badges, queue_preparation


@receiver(registration_state_changed, dispatch_uid="venue.badge_follows_the_registration")
def badge_follows_the_registration(sender, registration, old_state, new_state, **kwargs):
    """An approved registration gets its badge rendered in the background (fast printing
    later); one that leaves *approved* loses its prepared page, which must not be printed."""
    if new_state == RegistrationStatus.APPROVED:
        queue_preparation([registration.pk])
    elif old_state == RegistrationStatus.APPROVED:
        drop_prepared_badges([registration.pk])


@receiver(registrations_erased, dispatch_uid="venue.drop_badges_of_erased_registrations")
def drop_badges_of_erased_registrations(sender, registration_ids, **kwargs):
    """Erasure and anonymization: the prepared pages hold names and organizations. Runs in
    the erasing transaction (a failure rolls the erasure back)."""
    drop_prepared_badges(registration_ids)


@receiver(post_delete, sender=PreparedBadge, dispatch_uid="venue.batch_goes_with_any_of_its_badges")
def batch_goes_with_any_of_its_badges(sender, instance, origin=None, **kwargs):
    """A prepared badge deleted otherwise than by the badge service (with its registration or
    its session): the batch holding its page goes too, with the personal data on it."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if instance.batch_id is None or model in (PreparedBadge, PreparedBadgeBatch):
        return
    batch_lost_a_page(instance.batch_id)
