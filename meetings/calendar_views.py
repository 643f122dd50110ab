"""The delegate's personal calendar feed (meetings/calendar.py), through the one door of the
private links with a token of its own: subscribed to by calendar apps, with no login."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from delegates.private_links import link_days_after_session, private_link
from meetings import calendar

ICALENDAR = "text/calendar; charset=utf-8"


def _gone(request, registration):
    """410, like the other private pages: an expired link gets their page; a cancelled or
    rejected registration, a short answer that a calendar app logs."""
    if not registration.is_management_link_valid():
        context = {"registration": registration, "link_days": link_days_after_session()}
        return render(request, "delegates/link_expired.html", context, status=410)
    return HttpResponse(
        gettext("This calendar is no longer available: the registration is no longer active."),
        content_type="text/plain; charset=utf-8",
        status=410,
    )


@private_link(lookup=calendar.registration_of_calendar_token)
@require_GET
def calendar_feed(request, registration):
    """The feed; `?download=1` saves it as a file instead of showing it to a calendar app."""
    if not registration.is_management_link_valid() or not registration.is_active:
        return _gone(request, registration)
    response = HttpResponse(calendar.personal_calendar(registration), content_type=ICALENDAR)
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{calendar.calendar_filename(registration)}"'
    )
    return response
