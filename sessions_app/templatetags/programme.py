"""Template helpers of the programme pages and the printed programme."""

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html

from sessions_app.models import LOWERCASE_MONTH_LANGUAGES, long_date

register = template.Library()


@register.filter
def weekday_and_date(day):
    """ "giovedì 12 ottobre 2017", "четверг, 12 октября 2017 г.", "Thursday 12 October 2017"."""
    weekday = date_format(day, "l")
    if translation.get_language() in LOWERCASE_MONTH_LANGUAGES:
        weekday = weekday.lower()
    separator = ", " if translation.get_language() == "ru" else " "
    return f"{weekday}{separator}{long_date(day)}"


@register.filter
def unbroken(value):
    """The text in a span that does not wrap: "Asia/Yekaterinburg, UTC+5" stays on one line."""
    return format_html('<span class="text-nowrap">{}</span>', value)
