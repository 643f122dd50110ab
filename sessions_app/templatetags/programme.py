"""Template helpers of the programme pages and the printed programme."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from sessions_app.dates import weekday_and_long_date

register = template.Library()


@register.filter
def weekday_and_date(day):
    """ "giovedì 12 ottobre 2017", "четверг, 12 октября 2017 г.", "Thursday 12 October 2017"."""
    return weekday_and_long_date(day)


@register.filter
def unbroken(value):
    """The text in a span that does not wrap: "Asia/Yekaterinburg, UTC+5" stays on one line."""
    return format_html('<span class="text-nowrap">{}</span>', value)


@register.filter
def title_of(holder, role):
    """{{ table|title_of:"russian_moderator" }}: the title in the reader's language (Italian
    or Russian), or in the other one when only that is known."""
    language = (translation.get_language() or "it")[:2]
    return getattr(holder, f"{role}_title_in")(language)


@register.filter
def cochair_title(session, role):
    """{{ session|cochair_title:"russian_cochair" }}: the co-chair's title in the reader's
    language when staff recorded it (English too); else as the co-chair's own country writes
    it, marked `<span lang="ru">` so that screen readers read it in its own voice."""
    page = (translation.get_language() or "it")[:2]
    text, code = session.cochair_title_with_language(role, page)
    if not text or code == page:
        return text
    return format_html('<span lang="{}">{}</span>', code, text)
