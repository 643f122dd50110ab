from django import template

from sessions_app.dates import session_moment

register = template.Library()

register.filter("session_moment", session_moment)


@register.filter
def in_language(instance, spec):
    """`{{ table|in_language:"name:ru" }}`: the field in that language, with the usual
    fallback (core/i18n.py)."""
    if instance is None:
        return ""
    field, language = spec.split(":")
    return instance.localized(field, language)
