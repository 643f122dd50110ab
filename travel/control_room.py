"""The visa letters' block of the control room (core/control_room.py): requests waiting to
be released, letters released. One query."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.control_room import Action, Block, Figure, admin_list, register
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.letters import RELEASE_PERMISSIONS


def letters_url(session, **filters):
    return admin_list(
        "admin:travel_visaletterrequest_changelist",
        registration__session__id__exact=session.pk,
        **filters,
    )


@register(order=20)
def visa_letters(session):
    counts = VisaLetterRequest.objects.filter(registration__session=session).aggregate(
        requested=Count("pk", filter=Q(status=VisaLetterStatus.REQUESTED)),
        released=Count("pk", filter=Q(status=VisaLetterStatus.RELEASED)),
    )
    if not (counts["requested"] or counts["released"]):
        return Block(title=_("Visa invitation letters"), state=_("No request yet."))
    to_release = letters_url(session, status__exact=VisaLetterStatus.REQUESTED)
    return Block(
        title=_("Visa invitation letters"),
        figures=[
            Figure(_("Visa letters to release"), counts["requested"], to_release, waiting=True),
            Figure(
                _("Visa letters released"),
                counts["released"],
                letters_url(session, status__exact=VisaLetterStatus.RELEASED),
            ),
        ],
        actions=[Action(_("Release the letters"), to_release, RELEASE_PERMISSIONS)]
        if counts["requested"]
        else [],
        links=[(_("Visa letter requests"), letters_url(session))],
    )
