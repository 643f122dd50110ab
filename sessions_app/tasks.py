"""Background tasks of the outbox (sessions_app/services/outbox.py)."""

from core.background import background_task
from sessions_app.services import outbox


@background_task()
def deliver_email(email_id):
    """Deliver one queued e-mail (once, however often this runs)."""
    return outbox.deliver(email_id)


@background_task()
def deliver_due_emails():
    """Periodic: deliver the mails whose earlier try failed or whose task was lost."""
    return outbox.deliver_due()
