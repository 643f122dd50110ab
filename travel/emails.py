"""E-mails of the hotels and travel plans, in the delegate's language, kept in the outbox in the
transaction of the change that causes them."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from delegates.services.mail import queue_templated_email


def travel_url(registration):
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        path = reverse("travel:travel", kwargs={"token": registration.management_token})
    return f"{settings.SITE_URL}{path}"


def queue_room_email(booking, *, by_staff):
    """The delegate's room as booked: a confirmation when they booked it, a notice when the
    organizers booked or moved it for them."""
    registration = booking.registration
    return queue_templated_email(
        "travel_room",
        {
            "booking": booking,
            "block": booking.room_block,
            "hotel": booking.room_block.hotel,
            "by_staff": by_staff,
            "travel_url": travel_url(registration),
        },
        registration,
    )
