"""Dates and times as each delegation writes them, in one place.

- Italian: "mercoledì 25 novembre 2026", "15–16 febbraio 2027", "18:00";
- Russian: "среда, 25 ноября 2026 г.", "15–16 февраля 2027 г.", "18:00";
- English: "Wednesday 25 November 2026", "15–16 February 2027", "18:00".

Every time of day is shown in a session's time zone and says so ("20:00 (ora di Kazan',
UTC+3)"). Every function writes in the active language; `in_language()` picks another.
"""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

from core.text import single_final_stop  # noqa: F401 (re-exported: e-mails use it from here)

# Languages that write month names and weekdays in lower case inside a date.
LOWERCASE_MONTH_LANGUAGES = {"it", "ru"}

NBSP = "\u00a0"


def _lower_if_needed(word):
    return word.lower() if translation.get_language() in LOWERCASE_MONTH_LANGUAGES else word


def long_date(day, with_year=True):
    """ "1º dicembre 2016", "1 декабря 2016 г.", "1 December 2016"."""
    month = _lower_if_needed(date_format(day, "E"))
    # Italian writes the first of a month as an ordinal: "1º dicembre".
    number = _day_number(day)
    if not with_year:
        return pgettext("day and month", "%(day)s %(month)s") % {"day": number, "month": month}
    return pgettext("long date", "%(day)s %(month)s %(year)s") % {
        "day": number,
        "month": month,
        "year": day.year,
    }


def month_and_year(day):
    """ "ottobre 2007", "октябрь 2007 г.", "October 2007"."""
    month = _lower_if_needed(date_format(day, "F"))
    return pgettext("month and year", "%(month)s %(year)s") % {"month": month, "year": day.year}


def year_alone(year):
    """ "2006", «2006 г.» (with a non-breaking space), "2006": a date known only to its year.
    The one place that writes it: the sessions list, the session page and the history page."""
    return pgettext("a year alone, as a date", "%(year)s") % {"year": year}


def weekday_name(day):
    """ "mercoledì", "среда", "Wednesday"."""
    return _lower_if_needed(date_format(day, "l"))


def weekday_and_long_date(day, with_year=True):
    """ "mercoledì 25 novembre 2026", "среда, 25 ноября 2026 г.", "Wednesday 25 November 2026"."""
    return pgettext("weekday and long date", "%(weekday)s %(date)s") % {
        "weekday": weekday_name(day),
        "date": long_date(day, with_year=with_year),
    }


def date_range(start, end):
    """A span of days collapsed as people write it: "15–16 febbraio 2027",
    "30 novembre – 1 dicembre 2026", "30 ноября – 1 декабря 2026 г.",
    "31 December 2026 – 1 January 2027"."""
    if start == end:
        return long_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return pgettext("days of one month", "%(start)s–%(end)s") % {
            "start": start.day,
            "end": long_date(end),
        }
    start_text = long_date(start, with_year=start.year != end.year)
    return pgettext("days across months", "%(start)s – %(end)s") % {
        "start": start_text,
        "end": long_date(end),
    }


# Italian elides the article before the days whose name starts with a vowel ("dall’8",
# "all’11", "entro l’8"): those days take phrases of their own context, which the other
# languages translate as the rest. (core.text.italian_elision, which mends "il 8 marzo" in
# whole e-mails and PDFs, cannot see the first day of "dal 8 all’11 febbraio": no month
# follows it.)
VOWEL_DAYS_IN_ITALIAN = {8, 11}


def _day_number(day):
    return pgettext("the first day of a month, in a date", "1") if day.day == 1 else day.day


def _phrase(kind, day, text):
    """ "dal 17" / "dall’8", "al 19 febbraio" / "all’11 febbraio", "entro il 20 febbraio"."""
    if day.day in VOWEL_DAYS_IN_ITALIAN:
        phrases = {
            "from": pgettext(
                "first day of a span, a day read with a vowel (8, 11)", "from %(day)s"
            ),
            "to": pgettext("last day of a span, a day read with a vowel (8, 11)", "to %(day)s"),
            "by": pgettext("latest day, a day read with a vowel (8, 11)", "by %(day)s"),
        }
    else:
        phrases = {
            "from": pgettext("first day of a span", "from %(day)s"),
            "to": pgettext("last day of a span", "to %(day)s"),
            "by": pgettext("latest day", "by %(day)s"),
        }
    return phrases[kind] % {"day": text}


def date_span(start, end, with_year=True):
    """The days from `start` to `end` both included, in words, collapsed like `date_range`:
    "dal 17 al 19 febbraio 2027", «с 17 по 19 февраля 2027 г.», "from 17 to 19 February 2027";
    "dal 30 novembre al 2 dicembre". For spans whose last day must read as one (the nights
    of a room block), where "17–19" could be taken for arrival and departure."""
    if (start.year, start.month) == (end.year, end.month):
        start_text = _day_number(start)
    else:
        start_text = long_date(start, with_year=with_year and start.year != end.year)
    return pgettext("span of days", "%(from)s %(to)s") % {
        "from": _phrase("from", start, start_text),
        "to": _phrase("to", end, long_date(end, with_year=with_year)),
    }


def by_date(day, with_year=True):
    """ "entro il 20 febbraio", «не позднее 20 февраля», "by 20 February"."""
    return _phrase("by", day, long_date(day, with_year=with_year))


def time_of_day(moment, zone=None):
    """ "18:00" (24-hour in every language), in `zone` when given."""
    if zone is not None and timezone.is_aware(moment):
        moment = timezone.localtime(moment, zone)
    return date_format(moment, "H:i")


def format_utc_offset(offset):
    """ "UTC+5", "UTC+5:30", "UTC−3", "UTC" for a timedelta."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(session, moment=None):
    """The session's zone as readers need it: "ora di Kazan', UTC+3" / "время: Казань, UTC+3"
    / "Kazan time, UTC+3". The offset is the one in force at `moment` (or the session's)."""
    if moment is None:
        moment = datetime.datetime.combine(session.start_date, datetime.time(12))
        moment = moment.replace(tzinfo=session.tzinfo)
    offset = format_utc_offset(timezone.localtime(moment, session.tzinfo).utcoffset())
    return pgettext("time zone of a session", "%(city)s time, %(offset)s") % {
        "city": session.city,
        "offset": offset,
    }


def zone_label_of(zone, session=None):
    """A zone a page is in, named as readers need it: the session's own ("ora di Kazan',
    UTC+3") when it is the session's, else its name and offset now ("Europe/Rome, UTC+1")."""
    if session is not None and str(zone) == session.time_zone:
        return zone_label(session)
    return f"{zone}, {format_utc_offset(timezone.localtime(timezone.now(), zone).utcoffset())}"


def session_time(moment, session):
    """A time of day in the session's zone, saying so: "20:00 (ora di Kazan', UTC+3)"."""
    if moment is None:
        return ""
    return pgettext("time with its zone", "%(time)s (%(zone)s)") % {
        "time": time_of_day(moment, session.tzinfo),
        "zone": zone_label(session, moment),
    }


def session_moment(moment, session):
    """Date and time in the session's zone, saying so:
    "6 febbraio 2027, 20:00 (ora di Kazan', UTC+3)"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, session.tzinfo)
    return pgettext("date and time", "%(date)s, %(time)s") % {
        "date": long_date(local.date()),
        "time": session_time(moment, session),
    }


def short_moment(moment, session):
    """("18/02/2027", "09:00 UTC+3"): the day and the time of `moment` in the session's zone,
    short, as the admin's lists give them. The offset says which zone, since a list may mix
    sessions held in different zones (the note above the list names the host city)."""
    local = timezone.localtime(moment, session.tzinfo)
    offset = format_utc_offset(local.utcoffset())
    return date_format(local, "SHORT_DATE_FORMAT"), f"{time_of_day(local)}{NBSP}{offset}"


def spreadsheet_moment(moment, session):
    """ "2027-02-18 09:00": a moment as spreadsheets sort it, in the session's zone (the
    column's header names it, `header_with_zone`)."""
    if moment is None:
        return ""
    return timezone.localtime(moment, session.tzinfo).strftime("%Y-%m-%d %H:%M")


def header_with_zone(title, sessions):
    """ "Data della decisione (ora di Kazan', UTC+3)": the header of a column of times of
    `sessions`' data, each in its session's zone; when the sessions' zones differ, the header
    says that each row is in its own session's."""
    labels = {zone_label(session) for session in sessions}
    if len(labels) == 1:
        zone = labels.pop()
    else:
        zone = pgettext("time zone of several sessions", "host city time of each session")
    return pgettext("column header with its time zone", "%(column)s (%(zone)s)") % {
        "column": title,
        "zone": zone,
    }


def in_language(language, function, *args, **kwargs):
    """`function(*args)` written in `language`, e.g. the Russian dates on an Italian badge."""
    with translation.override(language):
        return function(*args, **kwargs)
