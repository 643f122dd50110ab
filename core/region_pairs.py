"""The registry of what joins an Italian region and a Russian federal subject: each app that
knows of such links (delegates who met, agreements signed, B2B meetings, collaboration
projects) contributes one *measure*, a function returning {(Italian region code, Russian
region code): count}, from its `statistics.py` (imported by `CoreConfig.ready`)::

    @register("agreements", label=_("Agreements"), description=..., order=20)
    def agreements_per_pair():
        return Counter({("IT-25", "RU-SVE"): 2})

The region pages and the open data lay the measures out without knowing which app gave
what, so an app added later (projects) adds its column by registering, with no change here.
Each function must run a constant number of queries.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PairMeasure:
    key: str
    label: object
    description: object
    order: int
    function: object

    def pairs(self):
        return self.function()


_measures = {}


def register(key, *, label, description, order):
    """Register the decorated function as the measure `key` (columns in `order`)."""

    def decorator(function):
        _measures[key] = PairMeasure(key, label, description, order, function)
        return function

    return decorator


def unregister(key):
    _measures.pop(key, None)


def measures():
    """The registered measures, in the order of their columns."""
    return sorted(_measures.values(), key=lambda measure: (measure.order, measure.key))
