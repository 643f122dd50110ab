"""The delegates' figures on the statistics page: registered delegates per edition and
delegation, the regions they come from; for staff, registrations per status (the check-in
rates are the venue's: venue/statistics.py)."""

from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import prepared
from core.charts import ITALY_COLOUR, NEUTRAL_COLOUR, RUSSIA_COLOUR, Chart, KeyFigure, Row, Series
from core.i18n import localized
from core.statistics import STAFF, register
from delegates.models import Registration, RegistrationStatus
from sessions_app.models import Country, Session

APPROVED = Q(registrations__status=RegistrationStatus.APPROVED)


def delegation_series():
    return [
        Series(_("Italian delegation"), ITALY_COLOUR),
        Series(_("Russian delegation"), RUSSIA_COLOUR),
    ]


def _approved_per_session():
    return (
        Session.objects.not_cancelled()
        .titles_only(
            "start_date", "historical_registrations_italian", "historical_registrations_russian"
        )
        .annotate(
            approved=Count("registrations", filter=APPROVED),
            approved_italian=Count(
                "registrations", filter=APPROVED & Q(registrations__delegation=Country.ITALY)
            ),
            approved_russian=Count(
                "registrations", filter=APPROVED & Q(registrations__delegation=Country.RUSSIA)
            ),
        )
        .order_by("number")
    )


@register(order=20)
def registration_figures():
    """Registered delegates per edition and per delegation (approved rows, else the historical
    figures recorded on the session), and the regions represented among them (two queries)."""
    registration_rows = []
    for session in prepared.rows(_approved_per_session):
        if session.approved:
            values = [session.approved_italian, session.approved_russian]
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
            Row(f"{session.title_and_city} ({session.start_date.year})", values, note)
        )
    totals = [sum(row.values[index] for row in registration_rows) for index in (0, 1)]
    represented = regions_represented()
    figures = [
        KeyFigure(sum(totals), pgettext("key figure", "Registered delegates")),
        KeyFigure(
            len(represented[Country.ITALY]), pgettext("key figure", "Italian regions represented")
        ),
        KeyFigure(
            len(represented[Country.RUSSIA]), pgettext("key figure", "Russian regions represented")
        ),
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
        ),
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
        ),
    ]
    for country, rows in represented.items():
        figures.append(
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
                        # People, not registrations (a region's page gives both).
                        pgettext("people counted", "People"),
                        ITALY_COLOUR if country == Country.ITALY else RUSSIA_COLOUR,
                    )
                ],
                label_heading=_("Region"),
                rows=rows,
            )
        )
    return figures


def _approved_per_region():
    return (
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


def regions_represented():
    """Per country, one row per region of the delegates' organizations with the number of
    people approved there (any edition), the largest first."""
    represented = {Country.ITALY: [], Country.RUSSIA: []}
    for row in prepared.rows(_approved_per_region):
        names = {
            f"name_{code}": row[f"organization__region__name_{code}"] for code in ("it", "ru", "en")
        }
        label = localized(SimpleNamespace(**names), "name")
        represented[row["organization__region__country"]].append(Row(label, [row["delegates"]]))
    for rows in represented.values():
        rows.sort(key=lambda row: (-row.values[0], row.label))
    return represented


STAFF_STATUSES = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
]
STATUS_COLOURS = ["#6c757d", ITALY_COLOUR, "#b8860b", "#b02a37", "#adb5bd"]


def sessions_with_registrations():
    """Every session with registration rows (any status, cancelled sessions included), with
    `registration_count` and `status_<status>` counts, by number."""
    return (
        Session.objects.annotate(
            registration_count=Count("registrations"),
            **{
                f"status_{status}": Count("registrations", filter=Q(registrations__status=status))
                for status in RegistrationStatus.values
            },
        )
        .filter(registration_count__gt=0)
        .order_by("number")
    )


@register(order=10, audience=STAFF)
def registration_status_figures():
    """Registrations recorded in the portal, per session and status (one query)."""
    return Chart(
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
                session.title_and_city,
                [getattr(session, f"status_{status}") for status in STAFF_STATUSES],
            )
            for session in sessions_with_registrations()
        ],
    )
