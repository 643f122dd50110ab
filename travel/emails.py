"""E-mails of the hotels and travel plans, in the delegate's language, kept in the outbox in the
transaction of the change that causes them."""

from delegates.services.mail import queue_templated_email
from delegates.services.tokens import private_url


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
            "travel_url": private_url("travel:travel", registration),
        },
        registration,
    )
