"""The sessions' figures on the statistics page: editions held, per host country and region."""

from collections import Counter
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import prepared
from core.charts import NEUTRAL_COLOUR, Chart, KeyFigure, Row, Series
from core.i18n import localized
from core.statistics import register
from sessions_app.models import Country, Session, SessionStatus


def country_label(code):
    return str(Country(code).label)


def region_label(region):
    return f"{localized(region, 'name')} ({region.country})"


def _held_sessions():
    # What the figures read of each session held (plain rows: no model instances to build).
    return (
        Session.objects.filter(status=SessionStatus.HELD)
        .order_by("number")
        .values_list(
            "host_country",
            "host_region_id",
            "host_region__country",
            "host_region__name_it",
            "host_region__name_ru",
            "host_region__name_en",
        )
    )


@register(order=10)
def edition_figures():
    """Editions held, and the regions that hosted them (one query)."""
    held = prepared.rows(_held_sessions)
    per_country = Counter(country for country, *_region in held)
    regions = {
        region_id: SimpleNamespace(country=country, name_it=it, name_ru=ru, name_en=en)
        for _host, region_id, country, it, ru, en in held
    }
    per_region = Counter(region_id for _host, region_id, *_names in held)
    hosts = {
        country: len({region_id for host, region_id, *_names in held if host == country})
        for country in Country.values
    }
    return [
        KeyFigure(len(held), ngettext("edition held", "editions held", len(held))),
        KeyFigure(
            hosts[Country.ITALY],
            ngettext(
                "Italian region hosted the Task Force",
                "Italian regions hosted the Task Force",
                hosts[Country.ITALY],
            ),
        ),
        KeyFigure(
            hosts[Country.RUSSIA],
            ngettext(
                "Russian region hosted the Task Force",
                "Russian regions hosted the Task Force",
                hosts[Country.RUSSIA],
            ),
        ),
        Chart(
            slug="editions-per-country",
            title=_("Editions held per host country"),
            description=_("Number of Task Force sessions held in Italy and in Russia."),
            series=[Series(_("Editions"), NEUTRAL_COLOUR)],
            label_heading=_("Host country"),
            rows=[Row(country_label(code), [per_country[code]]) for code in Country.values],
        ),
        Chart(
            slug="editions-per-region",
            title=_("Editions held per host region"),
            description=_("The regions that hosted the Task Force, and how many times."),
            series=[Series(_("Editions"), NEUTRAL_COLOUR)],
            label_heading=_("Host region"),
            rows=[
                Row(region_label(regions[region_id]), [count])
                for region_id, count in sorted(
                    per_region.items(),
                    key=lambda item: (-item[1], localized(regions[item[0]], "name")),
                )
            ],
        ),
    ]
