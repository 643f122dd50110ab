"""Dates as delegates read them in running text: "6 febbraio 2027, 18:00"."""

from django import template
from django.utils import timezone
from django.utils.formats import time_format

from sessions_app.models import long_date

register = template.Library()


@register.filter
def long_day(value):
    """A date or moment as "13 maggio 2027" / "13 мая 2027 г." / "13 May 2027"."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return long_date(value)


@register.filter
def long_moment(value):
    """A moment as "6 febbraio 2027, 18:00" in the portal's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{long_date(local.date())}, {time_format(local.time())}"
