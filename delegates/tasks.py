"""Background work of the delegates app: thin wrappers over services, taking primary keys.
The registration e-mails are not tasks: they go through the outbox
(sessions_app/services/outbox.py) in the transaction of the change that causes them."""

from django.conf import settings

from core.authorization import SYSTEM
from core.background import background_task
from delegates.models import Registration
from delegates.services import anonymize_sessions_older_than, badge_pages


@background_task()
def prepare_badges_task(registration_pks):
    """Render and keep the badge pages of these registrations (the approved ones), so that
    printing them later only assembles pages. Returns how many were rendered (none when run
    again: a page with the current digest is kept)."""
    return badge_pages.prepare_badges(Registration.objects.filter(pk__in=registration_pks))


@background_task()
def prepare_missing_badges():
    """Periodic: prepare the approved badges still missing or out of date."""
    if not settings.BADGES_PREPARE_ON_APPROVAL:
        return 0
    return badge_pages.prepare_missing_badges()


@background_task()
def anonymize_old_sessions():
    """Periodic: anonymize the registrations of sessions that ended more than
    REGISTRATION_ANONYMIZE_AFTER_YEARS years ago. Returns (registrations, people)."""
    return anonymize_sessions_older_than(settings.REGISTRATION_ANONYMIZE_AFTER_YEARS, by=SYSTEM)
