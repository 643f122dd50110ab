"""The registry of reminder kinds: each app contributes the reminders its data calls for.

A kind says which registrations of a session are due for it at a moment, and what to write
to each of them. mailings/services/reminders.py sends the due ones from the scheduler, each
once, in the delegate's language, unless staff switched the kind off for the session. The
kinds built on the data of `delegates`, `sessions_app` and `meetings` are registered in
mailings/reminder_kinds.py; an app above or beside mailings (travel's visa-letter deadline,
projects' follow-up questions) registers its own in its `AppConfig.ready`::

    from mailings.reminders import ReminderKind, register

    register(ReminderKind(code="visa_letter_deadline", label=_("…"), order=40,
                          due=due_visa_reminders, build=build_visa_reminder))

`due(session, now)` returns `(registration, key)` pairs (registrations with `person` and
`session` loaded; `key` tells apart the occurrences of a kind that recurs, "" otherwise).
`build(registration, key)` returns `(subject, text, html)`, called inside
`translation.override(registration.language)`. This module imports no model, so that the
models may name the kinds.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReminderKind:
    code: str
    label: object  # a lazy translatable string
    order: int
    due: object
    build: object
    description: object = ""


_kinds = {}


def register(kind):
    """Add `kind` (registering the same code again replaces it)."""
    _kinds[kind.code] = kind
    return kind


def kinds():
    """The registered kinds in their order."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.code))


def get(code):
    return _kinds.get(code)


def kind_label(code):
    kind = _kinds.get(code)
    return kind.label if kind is not None else code


def choices():
    return [(kind.code, kind.label) for kind in kinds()]
