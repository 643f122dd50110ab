"""Background work of the venue: thin wrappers over services, taking primary keys.

The tasks keep the names they had in `delegates` before venue/ existed: messages already in
the broker, the periodic schedule and failed results that staff run again name them so."""

from django.conf import settings

from core.background import background_task
from delegates.models import Registration
from venue.services import badge_pages


@background_task(name="delegates.tasks.prepare_badges_task")
def prepare_badges_task(registration_pks):
    """Render and keep the badge pages of these registrations (the approved ones), so that
    printing them later only assembles pages. Returns how many were rendered (none when run
    again: a page with the current digest is kept)."""
    return badge_pages.prepare_badges(Registration.objects.filter(pk__in=registration_pks))


@background_task(name="delegates.tasks.prepare_missing_badges")
def prepare_missing_badges():
    """Periodic: prepare the approved badges still missing or out of date."""
    if not settings.BADGES_PREPARE_ON_APPROVAL:
        return 0
    return badge_pages.prepare_missing_badges()
