"""The travel blocks of the control room (core/control_room.py): the visa letters (requests
waiting to be released, letters released) and the hotels and transfers (rooms held and
chosen, arrivals given, transfers wanted). One query each."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from core.control_room import Action, Block, Figure, admin_list, register
from sessions_app.models import Session
from travel.models import (
    HotelBooking,
    RoomBlock,
    TravelLogistics,
    TravelPlan,
    VisaLetterRequest,
    VisaLetterStatus,
)
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
        released=Count(
            "pk", filter=Q(status__in=[VisaLetterStatus.RELEASED, VisaLetterStatus.SENT])
        ),
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


def _per_session(queryset, session_path, total):
    """A subquery of `total` over the rows of `queryset` of the outer session (0 if none)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{session_path: OuterRef("pk")})
            .order_by()
            .values(session_path)
            .annotate(total=total)
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


@register(order=25)
def hotels_and_transfers(session):
    """No block for a session that neither has hotels nor collects arrivals."""
    figures = (
        Session.objects.filter(pk=session.pk)
        .annotate(
            collecting=Exists(TravelLogistics.objects.filter(session=OuterRef("pk"))),
            held=_per_session(RoomBlock.objects, "hotel__session", Sum("rooms")),
            chosen=_per_session(HotelBooking.objects, "room_block__hotel__session", Count("pk")),
            arrivals=_per_session(
                TravelPlan.objects.filter(arrival_at__isnull=False),
                "registration__session",
                Count("pk"),
            ),
            transfers=_per_session(
                TravelPlan.objects.filter(Q(arrival_transfer=True) | Q(departure_transfer=True)),
                "registration__session",
                Count("pk"),
            ),
        )
        .values("collecting", "held", "chosen", "arrivals", "transfers")
        .get()
    )
    if not (figures["collecting"] or figures["held"]):
        return None
    plans_url = reverse("admin:travel_plans_session", args=[session.pk])
    return Block(
        title=_("Hotels and transfers"),
        figures=[
            Figure(
                _("Hotel rooms chosen"),
                figures["chosen"],
                admin_list(
                    "admin:travel_hotelbooking_changelist",
                    registration__session__id__exact=session.pk,
                ),
                of=figures["held"],
            ),
            Figure(
                _("Arrivals given"),
                figures["arrivals"],
                admin_list(
                    "admin:travel_travelplan_changelist",
                    registration__session__id__exact=session.pk,
                ),
            ),
            Figure(_("Transfers wanted"), figures["transfers"], f"{plans_url}#transfers"),
        ],
        links=[
            (_("Rooming list and transfers"), plans_url),
            (
                _("Hotels"),
                admin_list("admin:travel_hotel_changelist", session__id__exact=session.pk),
            ),
        ],
    )
