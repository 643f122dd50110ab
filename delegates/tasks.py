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


@task()
def prepare_badges_task(registration_pks):
    """Render and keep the badge pages of these registrations (the approved ones), so that
    printing them later only assembles pages. Returns how many were rendered."""
    from delegates.services.badge_pages import prepare_badges

    return prepare_badges(Registration.objects.filter(pk__in=registration_pks))
