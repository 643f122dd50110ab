"""Background work of the Meeting Point: e-mails. Tasks take primary keys and call services."""

from django_tasks import task

from meetings import emails


@task()
def send_request_email(kind, request_id, recipient_id):
    """Tell a delegate about a meeting request: received, accepted, declined or cancelled."""
    return emails.send_request_email(kind, request_id, recipient_id)


@task()
def send_agenda_email(meeting_point_id, registration_id):
    """Send a delegate the link to their personal agenda once meetings are scheduled."""
    return emails.send_agenda_email(meeting_point_id, registration_id)
