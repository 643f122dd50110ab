"""The statistics page's figures, as the apps contribute them (`<app>/statistics.py`, see
core/statistics.py): key figures in a row at the top, then the charts, in the apps' order.

Every app computes its figures with a fixed number of aggregate queries, whatever the number of
sessions, delegates or agreements."""

from dataclasses import dataclass

from core import statistics as registry
from core.charts import KeyFigure


@dataclass
class Statistics:
    key_figures: list
    charts: list


def statistics_for(audience):
    """The figures contributed for `audience`: key figures apart, charts apart, each in the
    order the apps registered them."""
    figures = registry.collect(audience)
    return Statistics(
        key_figures=[figure for figure in figures if isinstance(figure, KeyFigure)],
        charts=[figure for figure in figures if not isinstance(figure, KeyFigure)],
    )


def public_statistics():
    """What everyone sees: the sessions held, their delegates, agreements, meetings."""
    return statistics_for(registry.PUBLIC)


def staff_statistics():
    """What only staff see (registrations by status, check-in rates), always computed live."""
    return statistics_for(registry.STAFF)
