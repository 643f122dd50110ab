"""What a meeting request is about, for the apps above the Meeting Point.

The Meeting Point knows nothing of what its requests may be about (a collaboration project,
say); an app above it registers a *subject provider* here (in its AppConfig.ready), and the
scheduler and the agendas ask through this module:

    @register
    def project_subjects(request_ids):
        return {request_id: Subject(text=..., is_priority=True), ...}

A provider takes request primary keys and returns a dict of `Subject` for those it knows
about, in one query. `text` is read in the active language, so a provider may return a lazy
or a callable text; the agendas render it under the delegate's language.
"""

from dataclasses import dataclass

_providers = {}


@dataclass(frozen=True)
class Subject:
    text: object
    is_priority: bool = False

    def __str__(self):
        return str(self.text() if callable(self.text) else self.text)


def register(provider):
    """Register `provider(request_ids) -> {request_id: Subject}`; idempotent by name."""
    _providers[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def subjects_of(request_ids):
    """{request_id: Subject} for the requests some app says something about."""
    request_ids = [pk for pk in request_ids if pk is not None]
    found = {}
    if not request_ids:
        return found
    for provider in _providers.values():
        found.update(provider(request_ids))
    return found


def priority_request_ids(request_ids):
    """The requests the scheduler places first."""
    return {pk for pk, subject in subjects_of(request_ids).items() if subject.is_priority}
