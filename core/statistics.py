"""The registry of the statistics page: each app contributes its own figures.

An app declares functions in its `statistics.py` (imported by `CoreConfig.ready`)::

    @register(order=30)
    def agreement_figures():
        return [KeyFigure(...), Chart(...)]

Each function returns a figure (`core.charts.Chart` or `KeyFigure`), a list of them, or None.
The page asks for the figures of one audience and lays them out in the functions' `order`,
without knowing which app gave what (as pretalx's apps contribute their exporters).
"""

from dataclasses import dataclass

from core import prepared

PUBLIC = "public"
STAFF = "staff"
AUDIENCES = (PUBLIC, STAFF)


@dataclass(frozen=True)
class Contributor:
    function: object
    order: int
    audience: str

    @property
    def name(self):
        return f"{self.function.__module__}.{self.function.__qualname__}"


_contributors = {}


def register(*, order, audience=PUBLIC):
    """Register the decorated function as a source of figures for `audience` ("public": the
    cached page everyone sees; "staff": the live section only staff see), laid out by `order`
    (smaller first; ties by function name)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown statistics audience {audience!r}: use one of {AUDIENCES}")

    def decorator(function):
        contributor = Contributor(function, order, audience)
        # Keyed by name: importing a module twice must not count its figures twice.
        _contributors[contributor.name] = contributor
        return function

    return decorator


def unregister(function):
    """Forget a registered function (for tests that register their own)."""
    _contributors.pop(f"{function.__module__}.{function.__qualname__}", None)


def contributors(audience):
    """The functions registered for `audience`, in the order of the page."""
    return sorted(
        (c for c in _contributors.values() if c.audience == audience),
        key=lambda c: (c.order, c.name),
    )


def collect(audience):
    """Every figure contributed for `audience`, in order, as one flat list. The apps' compiled
    queries (core/prepared.py) are read together: one round trip to the database for all."""
    figures = []
    with prepared.together(("statistics", audience)):
        for contributor in contributors(audience):
            result = contributor.function()
            if result is None:
                continue
            if isinstance(result, list | tuple):
                figures.extend(result)
            else:
                figures.append(result)
    return figures
