from django import template

from meetings.presentation import position_for_reader
from sessions_app.dates import session_moment
from sessions_app.templatetags.portal import in_its_language

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


@register.filter
def proposer_position(project):
    """{{ project|proposer_position }}: the proposer's position in the reader's language when
    known in it (the project's own version in the other language, else the B2B profile's),
    else as written, marked with its `lang`."""
    return in_its_language(
        position_for_reader(project.proposer, other=project.proposer_position_other_language)
    )
