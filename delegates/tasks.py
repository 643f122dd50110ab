"""Background work of the delegates app (Django Tasks API): thin wrappers over services,
taking primary keys."""

from django_tasks import task

from delegates.models import Registration
from delegates.services.mail import send_registration_email


@task()
def send_registration_email_task(registration_pk, kind):
    """Send one workflow e-mail; nothing to do if the registration was erased meanwhile."""
    registration = (
        Registration.objects.with_people()
        .filter(pk=registration_pk, anonymized_at__isnull=True)
        .first()
    )
    if registration is None:
        return False
    send_registration_email(registration, kind)
    return True
