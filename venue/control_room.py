"""The venue's block of the control room (core/control_room.py): badges prepared against the
approved registrations, and arrivals at the check-in desk. One query."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.control_room import Action, Block, Figure, register
from delegates.control_room import registrations_url
from delegates.models import Registration, RegistrationStatus
from venue.services.checkin import CHECK_IN_PERMISSION
from venue.services.printing import PRINT_PERMISSION


@register(order=30)
def badges_and_check_in(session):
    counts = Registration.objects.filter(
        session=session, status=RegistrationStatus.APPROVED
    ).aggregate(
        approved=Count("pk"),
        prepared=Count("pk", filter=Q(prepared_badge__isnull=False)),
        checked_in=Count("pk", filter=Q(check_in__isnull=False)),
    )
    approved_url = registrations_url(session, status__exact=RegistrationStatus.APPROVED)
    return Block(
        title=_("Badges and check-in"),
        figures=[
            Figure(_("Badges prepared"), counts["prepared"], approved_url, of=counts["approved"]),
            Figure(
                _("Delegates checked in"),
                counts["checked_in"],
                f"{reverse('admin:venue_checkin_changelist')}?session__id__exact={session.pk}",
                of=counts["approved"],
            ),
        ],
        actions=[
            Action(_("Print badges"), approved_url, (PRINT_PERMISSION,)),
            Action(
                _("Open the check-in desk"),
                reverse("venue:desk", args=[session.number]),
                (CHECK_IN_PERMISSION,),
            ),
        ],
        links=[(_("Badge prints"), reverse("admin:venue_badgeprint_changelist"))],
    )
