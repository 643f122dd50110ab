"""Template helpers shared by every app's templates."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from core.i18n import localized as localized_value
from core.i18n import localized_language
from core.text import two_parts
from sessions_app.names import is_cyrillic

register = template.Library()


@register.filter
def localized(instance, field):
    """{{ table|localized:"name" }}: the field in the active language, with fallback."""
    if instance is None:
        return ""
    return localized_value(instance, field)


@register.filter(is_safe=True)
def second_part(value):
    """{{ name }}{{ organization|second_part }}: the second part of a label with the joint of
    the reader's language before it (« – Org» in Italian and English, « — Орг» in Russian;
    core.text.two_parts), for a first part written in the template itself."""
    if value in (None, ""):
        return ""
    return mark_safe(two_parts("", conditional_escape(value)))


@register.filter
def lang_of(instance, field):
    """<h3{{ item|lang_of:"title" }}>: ` lang="it"` when the field is read in a language other
    than the page's (a title not yet translated), nothing otherwise."""
    if instance is None:
        return ""
    code = localized_language(instance, field)
    if not code or code == (translation.get_language() or "")[:2]:
        return ""
    return format_html(' lang="{}"', code)


@register.filter(is_safe=True)
def in_its_language(text):
    """{{ title|in_its_language }}: text kept only in Italian or Russian (a moderator's
    title, a signatory's; a co-chair's, which may have an English one too, goes through
    `cochair_title`), marked `<span lang="ru">` when it is Cyrillic and
    `<span lang="it">` when it is Latin, unless that is the page's language: screen readers
    read it in its own voice."""
    if not text:
        return ""
    code = "ru" if is_cyrillic(str(text)) else "it"
    if code == (translation.get_language() or "")[:2]:
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', code, text)
