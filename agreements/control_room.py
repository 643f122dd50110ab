"""The Protocol's and agreements' block of the control room (core/control_room.py): the
state of the session's official Protocol, the agreements of the session by state. One query."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import AgreementStatus, ProtocolStatus
from agreements.services.protocols import FINALIZE_PERMISSION
from core.control_room import Action, Block, Figure, admin_list, register
from sessions_app.models import Session


@register(order=50)
def protocol_and_agreements(session):
    # One row: the session's Protocol (one at most) and its agreements counted beside it.
    counts = (
        Session.objects.filter(pk=session.pk)
        .values("protocol__status")
        .annotate(
            total=Count("agreements"),
            drafts=Count("agreements", filter=Q(agreements__status=AgreementStatus.DRAFT)),
        )
        .get()
    )
    agreements = admin_list("admin:agreements_agreement_changelist", session__id__exact=session.pk)
    protocol_status = counts["protocol__status"]
    actions = []
    if protocol_status is None:
        state = _("No Protocol yet.")
    elif protocol_status == ProtocolStatus.FINAL:
        state = _("Protocol: final, signed copy frozen.")
    else:
        state = _("Protocol: draft.")
    protocols = reverse("admin:agreements_protocol_changelist")
    # Offered from the session's first day, when the Protocol is signed (the service refuses
    # it before: agreements/services/protocols.py).
    if protocol_status == ProtocolStatus.DRAFT and session.has_started():
        actions.append(Action(_("Finalize the Protocol"), protocols, (FINALIZE_PERMISSION,)))
    return Block(
        title=_("Protocol and agreements"),
        state=state,
        figures=[
            Figure(_("Agreements of the session"), counts["total"], agreements),
            Figure(
                _("Agreements still in draft"),
                counts["drafts"],
                admin_list(
                    "admin:agreements_agreement_changelist",
                    session__id__exact=session.pk,
                    status__exact=AgreementStatus.DRAFT,
                ),
            ),
        ],
        actions=actions,
        links=[(_("Protocols"), protocols), (_("Agreements"), agreements)],
    )
