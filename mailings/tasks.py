"""Background tasks of the mailings app: thin wrappers over its services."""

from core.background import background_task
from mailings.services import messages, reminders


@background_task()
def write_mailing_batch(mailing_id):
    """Write the next batch of a mailing's e-mails into the outbox (then queue the next)."""
    return messages.write_batch(mailing_id)


@background_task()
def continue_mailings():
    """Periodic: resume the mailings whose chain of batches was lost."""
    return messages.continue_sending()


@background_task()
def send_due_reminders():
    """Periodic: send the reminders that are due, each once."""
    return reminders.send_due_reminders()
