"""The session's own block of the control room (core/control_room.py): its state and
registration window; and the e-mails of the outbox that failed (they concern every session:
the outbox is one). One query."""

from django.urls import reverse
from django.utils.translation import gettext as _
from post_office.models import STATUS, Email

from core.control_room import Action, Block, Figure, register
from sessions_app.services.outbox import SEND_AGAIN_PERMISSION


@register(order=0)
def session_state(session):
    return Block(
        title=_("Session"),
        state=session.get_status_display(),
        links=[
            (
                _("Edit the session"),
                reverse("admin:sessions_app_session_change", args=[session.pk]),
            ),
            (_("Programme on the site"), reverse("sessions_app:programme", args=[session.number])),
        ],
    )


@register(order=90)
def outbox(session):
    failed = Email.objects.filter(status=STATUS.failed).count()
    failed_url = f"{reverse('admin:post_office_email_changelist')}?status__exact={STATUS.failed}"
    return Block(
        title=_("E-mails"),
        figures=[Figure(_("E-mails failed"), failed, failed_url, waiting=True)],
        actions=[Action(_("Send the failed e-mails again"), failed_url, (SEND_AGAIN_PERMISSION,))]
        if failed
        else [],
        links=[(_("All e-mails"), reverse("admin:post_office_email_changelist"))],
    )
