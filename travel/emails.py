"""E-mails of the visa letters, hotels and travel plans, in the delegate's language, kept in
the outbox in the transaction of the change that causes them."""

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


def _visa_letter_context(registration):
    """The letter's page; the shared layout (the greeting, the private link, the signature)
    comes with every e-mail to a delegate (delegates.services.mail.footer_context)."""
    return {"visa_letter_url": private_url("travel:visa_letter", registration)}


def queue_visa_letter_received_email(letter_request, *, letter_withdrawn=False):
    """The delegate's request (or its update) is received: what happens next, and, when the
    update withdrew a letter already released (`letter_withdrawn`), not to use that one."""
    context = _visa_letter_context(letter_request.registration)
    context["letter_withdrawn"] = letter_withdrawn
    return queue_templated_email("visa_letter_received", context, letter_request.registration)


def queue_visa_letter_released_email(letter_request):
    """Staff released the letter: the delegate downloads it from the letter page."""
    return queue_templated_email(
        "visa_letter_released",
        _visa_letter_context(letter_request.registration),
        letter_request.registration,
    )
