"""The programme of a session as an iCalendar feed, for delegates' phone calendars."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar, Event

from sessions_app.services.programme import programme_for_display


def calendar_host():
    """The host name the events' UIDs end with (the portal's own, from SITE_URL)."""
    return urlsplit(settings.SITE_URL).hostname or "taskforce.invalid"


def new_calendar(name, time_zone, product):
    """An empty iCalendar feed of the portal named `name`, whose times are in `time_zone`
    (`product`: which of the portal's feeds it is, for PRODID)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Italian-Russian Task Force//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    return calendar


def programme_calendar(session, *, programme_url=""):
    """The session's programme as `.ics` bytes, in the active language.

    Events carry their start and end in the host city's zone (TZID) and the calendar
    includes the matching VTIMEZONE, so calendars show them right wherever the phone is.
    """
    items, _tables = programme_for_display(session)
    host = calendar_host()
    calendar = new_calendar(session.title_and_city, session.time_zone, "Programme")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in items:
        event = Event()
        event.add("uid", f"session-{session.number}-item-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.local_starts_at)
        event.add("dtend", item.local_ends_at)
        event.add("summary", item.title)
        location = ", ".join(part for part in (item.place, session.city) if part)
        event.add("location", location)
        event.add("categories", [item.get_kind_display()])
        event.add("description", _event_description(item, programme_url))
        if programme_url:
            event.add("url", programme_url)
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=session.start_date - datetime.timedelta(days=7),
        last_date=session.end_date + datetime.timedelta(days=7),
    )
    return calendar.to_ical()


def _event_description(item, programme_url):
    lines = [str(item.get_kind_display())]
    if item.table_id:
        lines.append(gettext("Thematic table: %(table)s") % {"table": item.table.name})
        moderators = moderators_line(item.table)
        if moderators:
            lines.append(moderators)
    if item.description:
        lines.append(item.description)
    if programme_url:
        lines.append(programme_url)
    return "\n".join(lines)


def moderators_line(table):
    """ "Moderators: …" as the programme page shows them to the calendar's reader: each name
    in the reader's script first, the title in the reader's language (Italian or Russian),
    else in the one it was given in; "" for a table without moderators."""
    language = (translation.get_language() or "it")[:2]
    people = []
    for role, name in (
        ("italian_moderator", table.italian_moderator),
        ("russian_moderator", table.russian_moderator),
    ):
        if not name:
            continue
        title = getattr(table, f"{role}_title_in")(language)
        people.append(f"{name.both(language)}, {title}" if title else name.both(language))
    if not people:
        return ""
    return gettext("Moderators: %(names)s") % {"names": "; ".join(people)}
