from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.charts import (
    ITALY_COLOUR,
    NEUTRAL_COLOUR,
    RUSSIA_COLOUR,
    Chart,
    Row,
    Series,
    matrix_layout,
)
from core.http import file_response
from core.text import two_parts
from opendata.forms import SearchForm
from opendata.services.exports import agreements_csv_text
from opendata.services.regions import hosting_regions, pair_table, region_record
from opendata.services.search import search as run_search
from sessions_app.models import Country, Region

# Colours of the measures' series in the charts of pairs, in the order of the measures.
MEASURE_COLOURS = ("#123c69", "#008c45", "#b5651d", "#6f42c1", "#6c757d")
TOP_PAIRS = 15


def _pairs_chart(measures, pairs, slug, title, description, label, region=None):
    return Chart(
        slug=slug,
        title=title,
        description=description,
        series=[
            Series(str(measure.label), MEASURE_COLOURS[index % len(MEASURE_COLOURS)])
            for index, measure in enumerate(measures)
        ],
        label_heading=label,
        rows=[Row(label_of(pair, region), pair.values) for pair in pairs],
        max_bars=TOP_PAIRS,
    )


def label_of(pair, region=None):
    """ "Lombardia – Sverdlovsk", or only the partner's name on a region's own page."""
    if region == pair.italian:
        return pair.russian.name
    if region == pair.russian:
        return pair.italian.name
    return two_parts(pair.italian.name, pair.russian.name)


class RegionIndexView(TemplateView):
    """Which regions hosted sessions, and what joined each Italian region and Russian federal
    subject: the matrix (one measure or all) and the top pairs."""

    template_name = "opendata/regions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hosting = hosting_regions()
        table = pair_table()
        keys = [measure.key for measure in table.measures]
        chosen = self.request.GET.get("measure", "")
        measure_index = keys.index(chosen) if chosen in keys else None
        italian, russian, rows = table.matrix(measure_index)
        measure = table.measures[measure_index] if measure_index is not None else None
        context.update(
            hosting_charts=[
                Chart(
                    slug=f"hosting-{country.lower()}",
                    title=title,
                    description=_(
                        "Sessions held in each region, over the whole record: the editions "
                        "known from public sources and the sessions organized through this portal."
                    ),
                    series=[Series(_("Editions hosted"), colour)],
                    label_heading=_("Region"),
                    rows=[Row(row.region.name, [row.count]) for row in hosting[country]],
                )
                for country, title, colour in (
                    (Country.ITALY, _("Italian regions that hosted sessions"), ITALY_COLOUR),
                    (
                        Country.RUSSIA,
                        _("Russian federal subjects that hosted sessions"),
                        RUSSIA_COLOUR,
                    ),
                )
            ],
            hosting=hosting,
            table=table,
            measure=measure,
            chosen=chosen if measure else "",
            matrix_columns=russian,
            matrix_rows=rows,
            matrix_svg=matrix_layout(
                [region.name for region in italian],
                [region.name for region in russian],
                [values for _region, values in rows],
                NEUTRAL_COLOUR,
            )
            if rows
            else None,
            top_chart=_pairs_chart(
                table.measures,
                table.top(TOP_PAIRS),
                "top-pairs",
                _("The pairs of regions that worked together most"),
                _("Per pair of an Italian region and a Russian federal subject, across editions."),
                _("Pair of regions"),
            ),
        )
        return context


class RegionDetailView(TemplateView):
    """One region's record: the sessions it hosted, its delegates, organizations, agreements
    and the regions of the other country it worked with."""

    template_name = "opendata/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"].upper()
        if len(code) > 6:
            raise Http404
        region = get_object_or_404(Region, code=code)
        record = region_record(region)
        context.update(
            region=region,
            record=record,
            partners_chart=_pairs_chart(
                record.measures,
                record.partners,
                "partners",
                _("Regions of the other country it worked with"),
                _("Per partner region, across editions."),
                _("Region"),
                region=region,
            ),
        )
        return context


def search(request):
    """One box over sessions, agreements, projects and organizations, grouped by kind."""
    form = SearchForm(request.GET or None)
    groups = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        groups = run_search(query) if query else []
    return render(
        request,
        "opendata/search.html",
        {"form": form, "query": query, "groups": groups, "searched": bool(query)},
    )


def agreements_csv(request):
    """The public agreements registry as a CSV file."""
    return file_response(
        agreements_csv_text(), "taskforce-agreements.csv", "text/csv; charset=utf-8", private=False
    )
