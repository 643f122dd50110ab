"""Template helpers shared by every app's templates."""

from django import template

from core.i18n import localized as localized_value

register = template.Library()


@register.filter
def localized(instance, field):
    """{{ table|localized:"name" }}: the field in the active language, with fallback."""
    if instance is None:
        return ""
    return localized_value(instance, field)
