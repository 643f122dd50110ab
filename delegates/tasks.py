"""Background work of the delegates app: thin wrappers over services, taking primary keys.
The registration e-mails are not tasks: they go through the outbox
(sessions_app/services/outbox.py) in the transaction of the change that causes them."""

from django.conf import settings

from core.authorization import SYSTEM
from core.background import background_task
from delegates.services import anonymize_sessions_older_than


@background_task()
def anonymize_old_sessions():
    """Periodic: anonymize the registrations of sessions that ended more than
    REGISTRATION_ANONYMIZE_AFTER_YEARS years ago. Returns (registrations, people)."""
    return anonymize_sessions_older_than(settings.REGISTRATION_ANONYMIZE_AFTER_YEARS, by=SYSTEM)
