"""What the apps above `agreements` add to the annex of the next session's Protocol.

The annex *Stato di attuazione degli impegni della sessione precedente* lists the previous
session's commitments (this app's) and then figures other apps keep about that session (the
collaboration projects by status). An app registers a provider in its AppConfig.ready:

    @register(topics=("projects",))
    def project_figures(session):
        return [AnnexFigure(label_it="…", label_ru="…", value=12), ...]

`topics` are the public-cache topics (settings.PUBLIC_PAGE_TOPICS) the figures come from, so
that a stored draft Protocol is printed again when they change.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AnnexFigure:
    label_it: str
    label_ru: str
    value: int
    is_heading: bool = False


_providers = {}


def register(*, topics=()):
    def decorator(provider):
        _providers[f"{provider.__module__}.{provider.__qualname__}"] = (provider, tuple(topics))
        return provider

    return decorator


def figures(session):
    """Every figure the registered apps give about `session`, in registration order."""
    result = []
    for provider, _topics in _providers.values():
        result.extend(provider(session) or [])
    return result


def topics():
    return tuple(dict.fromkeys(topic for _p, found in _providers.values() for topic in found))
