"""The Task Force's figures, computed from the portal's own data.

Every figure is an aggregate query (a fixed number of them, whatever the number of sessions,
delegates or agreements), turned into `Chart`s: rows of numbers that the statistics page draws
as server-side SVG bar charts and repeats in a table. Editions without registration rows in
the portal count with the historical figures recorded on the session.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.i18n import localized
from delegates.models import CheckIn, Registration, RegistrationStatus, Sector
from sessions_app.models import Country, Session, SessionStatus

ITALY_COLOUR = "#008c45"
RUSSIA_COLOUR = "#0039a6"
NEUTRAL_COLOUR = "#123c69"
SECOND_COLOUR = "#6c757d"


@dataclass
class Series:
    label: str
    colour: str


@dataclass
class Row:
    label: str
    values: list
    note: str = ""

    @property
    def total(self):
        return sum(value or 0 for value in self.values)


@dataclass
class Chart:
    """A bar chart and its table: one row per bar; several series are stacked."""

    slug: str
    title: str
    description: str
    series: list
    rows: list = field(default_factory=list)
    label_heading: str = ""
    stacked: bool = True
    note_heading: str = ""
    max_bars: int = 25

    @property
    def bars(self):
        """The rows drawn in the chart (the table lists all of them)."""
        return self.rows[: self.max_bars]

    @property
    def is_truncated(self):
        return len(self.rows) > self.max_bars

    @property
    def is_empty(self):
        return not any(row.total for row in self.rows)

    @property
    def show_total(self):
        return self.stacked and len(self.series) > 1

    @property
    def svg(self):
        return bar_chart_layout(self)

    @property
    def narrow_svg(self):
        return bar_chart_layout(self, narrow=True)


# Geometry of the SVG bar charts, in user units of the viewBox.
CHART_WIDTH = 640
ROW_HEIGHT = 26
BAR_HEIGHT = 16
CHARACTER_WIDTH = 7.4
LABEL_MAX_CHARACTERS = 34
VALUE_SPACE = 44
LEGEND_HEIGHT = 26
# Phones: a narrower drawing with each label above its bar, so that the text stays legible.
NARROW_CHART_WIDTH = 360
NARROW_LABEL_MAX_CHARACTERS = 52
NARROW_LABEL_HEIGHT = 15


def shorten(text, limit=LABEL_MAX_CHARACTERS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart_layout(chart, narrow=False):
    """Positions of every label, bar and value of `chart`, for the SVG template: series
    stacked in one bar per row, or side by side (grouped) when `chart.stacked` is false.
    Labels stand left of the bars, or above them in the `narrow` drawing for phones."""
    chart_width = NARROW_CHART_WIDTH if narrow else CHART_WIDTH
    if narrow:
        labels = [shorten(row.label, NARROW_LABEL_MAX_CHARACTERS) for row in chart.bars]
        bars_left, label_height = 2, NARROW_LABEL_HEIGHT
    else:
        labels = [shorten(row.label) for row in chart.bars]
        label_width = min(
            LABEL_MAX_CHARACTERS * CHARACTER_WIDTH,
            max([60] + [len(label) * CHARACTER_WIDTH for label in labels]),
        )
        bars_left, label_height = label_width + 10, 0
    bars_width = chart_width - bars_left - VALUE_SPACE
    if chart.stacked:
        largest = max([row.total for row in chart.bars] + [1])
    else:
        largest = max([value or 0 for row in chart.bars for value in row.values] + [1])
    has_legend = len(chart.series) > 1
    grouped = not chart.stacked and has_legend
    bar_height = BAR_HEIGHT / len(chart.series) if grouped else BAR_HEIGHT
    legend = []
    if has_legend:
        # Legend entries side by side, wrapping onto a new line when the width runs out.
        legend_x, legend_y = bars_left, 4
        for series in chart.series:
            entry_width = 24 + len(series.label) * CHARACTER_WIDTH
            if legend_x > bars_left and legend_x + entry_width > chart_width:
                legend_x, legend_y = bars_left, legend_y + LEGEND_HEIGHT - 6
            legend.append(
                {
                    "x": round(legend_x, 1),
                    "y": legend_y,
                    "text_x": round(legend_x + 18, 1),
                    "text_y": legend_y + 11,
                    "label": series.label,
                    "colour": series.colour,
                }
            )
            legend_x += entry_width
        top = legend_y + LEGEND_HEIGHT - 4
    else:
        top = 4
    rows = []
    y = top
    for label, row in zip(labels, chart.bars, strict=True):
        bars = []
        x = bars_left
        bar_top = y + label_height
        for index, (series, value) in enumerate(zip(chart.series, row.values, strict=False)):
            width = (value or 0) / largest * bars_width
            bar = {
                "x": round(x, 1),
                "y": round(bar_top + (index * bar_height if grouped else 0), 1),
                "width": round(max(width, 1.5), 1) if value else 0,
                "height": round(bar_height, 1),
                "colour": series.colour,
                "title": f"{series.label}: {value}",
            }
            if grouped:
                bar["value"] = value or 0
                bar["value_x"] = round(x + width + 4, 1)
                bar["value_y"] = round(bar["y"] + bar_height - 1, 1)
            else:
                x += width
            if value:
                bars.append(bar)
        rows.append(
            {
                "label": label,
                "full_label": row.label,
                "text_y": round(y + 11 if narrow else y + BAR_HEIGHT / 2 + 4, 1),
                "value_y": round(bar_top + BAR_HEIGHT / 2 + 4, 1),
                "bars": bars,
                "value": None if grouped else row.total,
                "value_x": round(x + 4, 1),
            }
        )
        y += ROW_HEIGHT + label_height
    return {
        "width": chart_width,
        "height": y + 4,
        "rows": rows,
        "legend": legend,
        "label_x": 2,
        "axis_x": round(bars_left, 1),
        "axis_top": top - 2,
        "axis_bottom": y,
        "value_font_size": 9 if grouped else 11,
    }


def delegation_series():
    return [
        Series(_("Italian delegation"), ITALY_COLOUR),
        Series(_("Russian delegation"), RUSSIA_COLOUR),
    ]


def country_label(code):
    return str(Country(code).label)


def region_label(region):
    return f"{localized(region, 'name')} ({region.country})"


def _agreement_model():
    if not apps.is_installed("agreements"):
        return None
    try:
        from agreements.models import Agreement
    except ImportError:
        return None
    return Agreement


def _meeting_model():
    if not apps.is_installed("meetings"):
        return None
    try:
        from meetings.models import Meeting
    except ImportError:
        return None
    return Meeting


@dataclass
class KeyFigure:
    value: int
    label: str


@dataclass
class Statistics:
    key_figures: list
    charts: list
    staff_charts: list = field(default_factory=list)
    represented_regions: dict = field(default_factory=dict)


def public_statistics(include_staff=False):
    """Every public figure of the statistics page; with `include_staff`, also the figures for
    staff (registrations by status, check-in rates)."""
    sessions = list(Session.objects.with_region().not_cancelled().order_by("number"))
    held = [session for session in sessions if session.status == SessionStatus.HELD]
    charts = []

    # Editions held, per host country and per host region.
    per_country = Counter(session.host_country for session in held)
    charts.append(
        Chart(
            slug="editions-per-country",
            title=_("Editions held per host country"),
            description=_("Number of Task Force sessions held in Italy and in Russia."),
            series=[Series(_("Editions"), NEUTRAL_COLOUR)],
            label_heading=_("Host country"),
            rows=[Row(country_label(code), [per_country[code]]) for code in Country.values],
        )
    )
    regions = {session.host_region_id: session.host_region for session in held}
    per_region = Counter(session.host_region_id for session in held)
    charts.append(
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
        )
    )

    # Registrations per edition and per delegation: approved rows, else historical figures.
    approved = defaultdict(dict)
    for row in (
        Registration.objects.approved()
        .values("session_id", "delegation")
        .annotate(count=Count("id"))
        .order_by()
    ):
        approved[row["session_id"]][row["delegation"]] = row["count"]
    registration_rows = []
    for session in sessions:
        if session.pk in approved:
            counts = approved[session.pk]
            values = [counts.get(Country.ITALY, 0), counts.get(Country.RUSSIA, 0)]
            note = _("approved registrations in the portal")
        elif (
            session.historical_registrations_italian is not None
            or session.historical_registrations_russian is not None
        ):
            values = [
                session.historical_registrations_italian or 0,
                session.historical_registrations_russian or 0,
            ]
            note = _("historical records")
        else:
            continue
        registration_rows.append(
            Row(f"{session.title} – {session.city} ({session.start_date.year})", values, note)
        )
    charts.append(
        Chart(
            slug="registrations-per-edition",
            title=_("Registered delegates per edition"),
            description=_(
                "Registered members of the Italian and Russian delegations at each edition."
            ),
            series=delegation_series(),
            label_heading=_("Session"),
            note_heading=_("Source"),
            rows=registration_rows,
        )
    )
    totals = [sum(row.values[index] for row in registration_rows) for index in (0, 1)]
    charts.append(
        Chart(
            slug="registrations-per-delegation",
            title=_("Registered delegates per delegation"),
            description=_("All editions together, per delegation."),
            series=[Series(_("Delegates"), NEUTRAL_COLOUR)],
            label_heading=_("Delegation"),
            rows=[
                Row(series.label, [total])
                for series, total in zip(delegation_series(), totals, strict=True)
            ],
        )
    )

    # Regions represented among the delegates (the region of their organization).
    per_region_rows = (
        Registration.objects.approved()
        .filter(organization__region__isnull=False)
        .values(
            "organization__region__country",
            "organization__region__code",
            "organization__region__name_it",
            "organization__region__name_ru",
            "organization__region__name_en",
        )
        .annotate(delegates=Count("person", distinct=True))
        .order_by()
    )
    represented = {Country.ITALY: [], Country.RUSSIA: []}
    for row in per_region_rows:
        names = {
            f"name_{code}": row[f"organization__region__name_{code}"] for code in ("it", "ru", "en")
        }
        label = localized(SimpleNamespace(**names), "name")
        represented[row["organization__region__country"]].append(Row(label, [row["delegates"]]))
    for country, rows in represented.items():
        rows.sort(key=lambda row: (-row.values[0], row.label))
        charts.append(
            Chart(
                slug=f"delegates-per-region-{country.lower()}",
                title=(
                    _("Italian regions represented among the delegates")
                    if country == Country.ITALY
                    else _("Russian regions represented among the delegates")
                ),
                description=_(
                    "Delegates (people with an approved registration, any edition) per region "
                    "of their organization."
                ),
                series=[
                    Series(
                        _("Delegates"),
                        ITALY_COLOUR if country == Country.ITALY else RUSSIA_COLOUR,
                    )
                ],
                label_heading=_("Region"),
                rows=rows,
            )
        )

    # Agreements per sector and per kind.
    Agreement = _agreement_model()
    signed_agreements = 0
    if Agreement is not None:
        per_sector, per_kind = Counter(), Counter()
        for row in Agreement.objects.signed().values("sector", "kind").annotate(n=Count("id")):
            per_sector[row["sector"]] += row["n"]
            per_kind[row["kind"]] += row["n"]
        signed_agreements = sum(per_kind.values())
        kind_field = Agreement._meta.get_field("kind")
        kind_labels = dict(kind_field.flatchoices)
        sector_labels = dict(Sector.choices)
        charts.append(
            Chart(
                slug="agreements-per-sector",
                title=_("Agreements signed per sector"),
                description=_("Agreements, memoranda and understandings signed, per sector."),
                series=[Series(_("Agreements"), NEUTRAL_COLOUR)],
                label_heading=_("Sector"),
                rows=[
                    Row(str(sector_labels.get(sector, sector)), [count])
                    for sector, count in per_sector.most_common()
                ],
            )
        )
        charts.append(
            Chart(
                slug="agreements-per-kind",
                title=_("Agreements signed per kind"),
                description=_("Protocols, agreements, memoranda and private understandings."),
                series=[Series(_("Agreements"), NEUTRAL_COLOUR)],
                label_heading=_("Kind"),
                rows=[
                    Row(str(kind_labels.get(kind, kind)), [count])
                    for kind, count in per_kind.most_common()
                ],
            )
        )

    # Bilateral (B2B) meetings per edition.
    Meeting = _meeting_model()
    if Meeting is not None:
        by_session = {
            row["meeting_point__session_id"]: row
            for row in Meeting.objects.values("meeting_point__session_id")
            .annotate(meetings=Count("id"), held=Count("id", filter=Q(is_held=True)))
            .order_by()
        }
        charts.append(
            Chart(
                slug="meetings-per-edition",
                title=_("Bilateral (B2B) meetings per edition"),
                description=_("Meetings agreed between companies at each edition."),
                series=[
                    Series(_("Meetings agreed"), NEUTRAL_COLOUR),
                    Series(_("Meetings held"), SECOND_COLOUR),
                ],
                stacked=False,
                label_heading=_("Session"),
                rows=[
                    Row(
                        f"{session.title} – {session.city}",
                        [by_session[session.pk]["meetings"], by_session[session.pk]["held"]],
                    )
                    for session in sessions
                    if session.pk in by_session
                ],
            )
        )

    represented_counts = {country: len(rows) for country, rows in represented.items()}
    hosts = {
        country: len({s.host_region_id for s in held if s.host_country == country})
        for country in Country.values
    }
    key_figures = [
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
        KeyFigure(
            sum(totals), ngettext("registered delegate", "registered delegates", sum(totals))
        ),
        KeyFigure(
            represented_counts[Country.ITALY],
            ngettext(
                "Italian region represented",
                "Italian regions represented",
                represented_counts[Country.ITALY],
            ),
        ),
        KeyFigure(
            represented_counts[Country.RUSSIA],
            ngettext(
                "Russian region represented",
                "Russian regions represented",
                represented_counts[Country.RUSSIA],
            ),
        ),
    ]
    if Agreement is not None:
        key_figures.append(
            KeyFigure(
                signed_agreements,
                ngettext("agreement signed", "agreements signed", signed_agreements),
            )
        )

    statistics = Statistics(
        key_figures=key_figures, charts=charts, represented_regions=represented_counts
    )
    if include_staff:
        statistics.staff_charts = staff_statistics()
    return statistics


STAFF_STATUSES = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
]
STATUS_COLOURS = ["#6c757d", ITALY_COLOUR, "#b8860b", "#b02a37", "#adb5bd"]


def staff_statistics():
    """Figures for staff only: registrations per status and check-in rates per session."""
    counts = defaultdict(Counter)
    for row in (
        Registration.objects.values("session_id", "status").annotate(n=Count("id")).order_by()
    ):
        counts[row["session_id"]][row["status"]] = row["n"]
    checked_in = dict(
        CheckIn.objects.values("session_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("session_id", "n")
    )
    sessions_with_rows = list(
        Session.objects.with_region().filter(pk__in=list(counts)).order_by("number")
    )
    per_status = Chart(
        slug="registrations-per-status",
        title=_("Registrations per status"),
        description=_("Registrations recorded in the portal for each session, by status."),
        series=[
            Series(str(status.label), colour)
            for status, colour in zip(STAFF_STATUSES, STATUS_COLOURS, strict=True)
        ],
        label_heading=_("Session"),
        rows=[
            Row(
                f"{session.title} – {session.city}",
                [counts[session.pk][status] for status in STAFF_STATUSES],
            )
            for session in sessions_with_rows
        ],
    )
    check_in_rows = []
    for session in sessions_with_rows:
        approved = counts[session.pk][RegistrationStatus.APPROVED]
        arrived = checked_in.get(session.pk, 0)
        rate = f"{round(100 * arrived / approved)} %" if approved else "—"
        check_in_rows.append(Row(f"{session.title} – {session.city}", [approved, arrived], rate))
    check_ins = Chart(
        slug="check-in-rates",
        title=_("Check-in rate"),
        description=_("Approved delegates and delegates checked in at the venue, per session."),
        series=[
            Series(_("Approved"), NEUTRAL_COLOUR),
            Series(_("Checked in"), ITALY_COLOUR),
        ],
        stacked=False,
        label_heading=_("Session"),
        note_heading=_("Rate"),
        rows=check_in_rows,
    )
    return [per_status, check_ins]
