"""The sessions' figures on the statistics page: sessions held, per host country and region,
over the whole record (the historical editions and the portal's own sessions)."""

from collections import Counter
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.charts import NEUTRAL_COLOUR, Chart, KeyFigure, Row, Series
from core.i18n import localized
from core.statistics import register
from sessions_app.models import Country
from sessions_app.services.record import sessions_held


def country_label(code):
    return str(Country(code).label)


def region_label(region):
    return f"{localized(region, 'name')} ({region.country})"


@register(order=10)
def edition_figures():
    """Sessions held, and the regions that hosted them, over the whole record: the historical
    editions and the portal's own sessions (sessions_app/services/record.py, as the history
    and region pages count them; two queries)."""
    held = sessions_held()
    per_country = Counter(session.host_country for session in held)
    regions = {
        session.host_region_id: SimpleNamespace(
            country=session.region_country,
            name_it=session.region_name_it,
            name_ru=session.region_name_ru,
            name_en=session.region_name_en,
        )
        for session in held
        if session.host_region_id
    }
    per_region = Counter(session.host_region_id for session in held if session.host_region_id)
    hosts = Counter(region.country for region in regions.values())
    country_rows = [Row(country_label(code), [per_country[code]]) for code in Country.values]
    unknown_country = sum(count for code, count in per_country.items() if not code)
    if unknown_country:
        country_rows.append(Row(_("Host country not known"), [unknown_country]))
    return [
        KeyFigure(len(held), pgettext("key figure", "Sessions held")),
        KeyFigure(
            hosts[Country.ITALY],
            pgettext("key figure", "Italian regions that hosted sessions"),
        ),
        KeyFigure(
            hosts[Country.RUSSIA],
            pgettext("key figure", "Russian regions that hosted sessions"),
        ),
        Chart(
            slug="editions-per-country",
            title=_("Editions held per host country"),
            description=_("Number of Task Force sessions held in Italy and in Russia."),
            series=[Series(_("Editions"), NEUTRAL_COLOUR)],
            label_heading=_("Host country"),
            rows=country_rows,
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
