"""How the Meeting Point shows its data: names in both scripts, slot times and dates.

Plain functions, used by the template tags (templatetags/meetings.py registers them as
filters), the documents, the e-mails and the services' messages; no service imports the
template tags."""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

from sessions_app.dates import session_moment, zone_label
from sessions_app.models.session import LOWERCASE_MONTH_LANGUAGES, long_date
from sessions_app.names import is_cyrillic


def organization_name(organization):
    """The organization's name in the reader's script when it has one, else in Latin."""
    if organization is None:
        return ""
    if translation.get_language() == "ru" and organization.name_cyrillic:
        return organization.name_cyrillic
    return organization.name_latin


def both_scripts(person):
    """The name in the reader's script first (Person.name_for_reader), the person's own name
    in brackets when it differs: "Пётр Иванов (Petr Ivanov)" for a Russian reader, "Petr
    Ivanov (Пётр Иванов)" for the others; "Франческа Руссо (Francesca Russo)" for a Russian
    reader of an Italian who gave the Cyrillic form, "Francesca Russo" for the others. The
    e-mails and the documents render it in their reader's language."""
    if person is None:
        return ""
    first = person.name_for_reader
    for second in (person.full_name, person.full_name_latin):
        if second and second != first:
            return f"{first} ({second})"
    return first


def position_for_reader(registration, other=""):
    """A delegate's position in the reader's script when the portal has it in both (the
    registration's, and `other`, or the one of the B2B profile, for the other delegation),
    else the one there is. The profile is read only when already loaded (no query per
    row)."""
    position = registration.position if registration else ""
    if not position:
        return ""
    profile = None
    if type(registration).b2b_profile.is_cached(registration):
        # Loaded with select_related: None is cached for a delegate without a profile.
        profile = type(registration).b2b_profile.related.get_cached_value(registration)
    wants_cyrillic = translation.get_language() == "ru"
    if is_cyrillic(position) == wants_cyrillic:
        return position
    for candidate in (other, getattr(profile, "position_other_language", "")):
        if candidate and is_cyrillic(candidate) == wants_cyrillic:
            return candidate
    return position


def slot_time(slot, meeting_point):
    """ "10:20–10:40" in the host city's time zone."""
    if slot is None:
        return ""
    zone = meeting_point.session.tzinfo
    start = timezone.localtime(slot.starts_at, zone)
    end = timezone.localtime(slot.ends_at, zone)
    return f"{date_format(start, 'H:i')}–{date_format(end, 'H:i')}"


def slot_moment(slot, meeting_point):
    """ "19 febbraio 2027, 14:00–14:20 (ora di Kazan', UTC+3)": a slot in a list that may mix
    sessions held in different zones."""
    if slot is None:
        return ""
    session = meeting_point.session
    return pgettext("date and time", "%(date)s, %(time)s") % {
        "date": long_date(timezone.localtime(slot.starts_at, session.tzinfo).date()),
        "time": pgettext("time with its zone", "%(time)s (%(zone)s)")
        % {"time": slot_time(slot, meeting_point), "zone": zone_label(session, slot.starts_at)},
    }


def weekday_and_date(day):
    """ "venerdì 12 febbraio", "пятница, 12 февраля", "Friday, 12 February"."""
    weekday = date_format(day, "l")
    if translation.get_language() in LOWERCASE_MONTH_LANGUAGES:
        weekday = weekday.lower()
    return pgettext("weekday and date", "%(weekday)s, %(date)s") % {
        "weekday": weekday,
        "date": long_date(day, with_year=False),
    }


def slot_day(slot, meeting_point):
    if slot is None:
        return ""
    return weekday_and_date(timezone.localtime(slot.starts_at, meeting_point.session.tzinfo))


def meeting_time(meeting, meeting_point):
    """The meeting's time as "10:20–10:40", or an empty string when not placed yet."""
    return slot_time(meeting_point.slot(meeting.slot), meeting_point)


def opening_hours(meeting_point):
    """ "15:00–18:20": from the first slot's start to the last slot's end."""
    slots = meeting_point.slots()
    if not slots:
        return ""
    zone = meeting_point.session.tzinfo
    start = timezone.localtime(slots[0].starts_at, zone)
    end = timezone.localtime(slots[-1].ends_at, zone)
    return f"{date_format(start, 'H:i')}–{date_format(end, 'H:i')}"


def session_time(moment, meeting_point):
    """A moment as date and time in the host city."""
    if moment is None:
        return ""
    return session_moment(moment, meeting_point.session)


def organization_other_name(organization):
    """The organization's name in the other script, when it has one that differs."""
    if organization is None or not organization.distinct_name_cyrillic:
        return ""
    if translation.get_language() == "ru":
        return organization.name_latin
    return organization.name_cyrillic
