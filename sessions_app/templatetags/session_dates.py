"""Dates and times in templates, written by sessions_app/dates.py in the reader's language.

{{ day|long_day }}                          25 novembre 2026 / 25 ноября 2026 г.
{{ day|day_month }}                         25 novembre / 25 ноября
{{ day|weekday_date }}                      mercoledì 25 novembre 2026
{{ moment|session_time:session }}           20:00 (ora di Kazan', UTC+3)
{{ moment|session_moment:session }}         6 febbraio 2027, 20:00 (ora di Kazan', UTC+3)
"""

from django import template
from django.utils import timezone

from sessions_app import dates

register = template.Library()


@register.filter
def long_day(value):
    """A date (or a moment, as its date in the portal's zone) in the reader's language."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return dates.long_date(value)


@register.filter
def day_month(value):
    """A date without its year (nights and days around a session) in the reader's language."""
    if not value:
        return ""
    return dates.long_date(value, with_year=False)


@register.filter
def weekday_date(value):
    if not value:
        return ""
    return dates.weekday_and_long_date(value)


@register.filter
def session_time(moment, session):
    return dates.session_time(moment, session) if moment else ""


@register.filter
def session_moment(moment, session):
    return dates.session_moment(moment, session) if moment else ""
