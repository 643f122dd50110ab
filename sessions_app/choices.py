"""Choices of a session's own things (its thematic tables, its company visits) in forms that
may show several sessions'."""

from django.utils.translation import pgettext


def name_with_session(obj):
    """ "Edilizia (XXX)": sessions repeat the names of their tables and visits."""
    return pgettext("a session's table or visit", "%(name)s (%(session)s)") % {
        "name": obj,
        "session": obj.session.roman_numeral,
    }


def session_choices(field, session=None):
    """Let `field` (a ModelChoiceField of objects with a `session`) offer only the objects of
    `session` when it is known, each named with its session otherwise too."""
    queryset = field.queryset.select_related("session")
    if session is not None:
        queryset = queryset.filter(session=session)
    field.queryset = queryset
    field.label_from_instance = name_with_session
    return field
