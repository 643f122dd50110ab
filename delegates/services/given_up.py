"""What a registration holds besides its place (company-visit places here; a hotel room, B2B
meetings, transfers in the apps above), described for the cancellation e-mail, so that the
delegate knows what was given up with the registration. The apps above contribute their
part (`contribute_to_given_up`); `delegates` never imports them."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from delegates.models import CompanyVisitBookingStatus

_contributors = []


def contribute_to_given_up(function, order):
    """Register `function(registration)` -> list of phrases in the active language (“your
    hotel room: …”), one for each thing the registration holds in that app; `order` places
    them in the e-mail (hotel room 10, company visits 20, B2B meetings 30, transfers 40)."""
    if all(function is not registered for _order, registered in _contributors):
        _contributors.append((order, function))
        _contributors.sort(key=lambda pair: pair[0])
    return function


def _company_visits(registration):
    bookings = registration.company_visit_bookings.select_related("visit").order_by(
        "visit__starts_at", "pk"
    )
    phrases = []
    for booking in bookings:
        if booking.status == CompanyVisitBookingStatus.BOOKED:
            phrase = gettext("your place on the company visit “%(visit)s”")
        else:
            phrase = gettext("your place on the waiting list of the company visit “%(visit)s”")
        phrases.append(phrase % {"visit": booking.visit.title})
    return phrases


contribute_to_given_up(_company_visits, order=20)


def given_up_with(registration):
    """The phrases, in the delegate's language, for what `registration` holds now: called by
    the cancellation before anything is released."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        return [
            str(phrase) for _order, function in _contributors for phrase in function(registration)
        ]
