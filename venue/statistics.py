"""The venue's figures on the statistics page (core/statistics.py): for staff, the check-in
rate of each session."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.charts import ITALY_COLOUR, NEUTRAL_COLOUR, Chart, Row, Series
from core.statistics import STAFF, register
from delegates.statistics import sessions_with_registrations
from venue.models import CheckIn


@register(order=20, audience=STAFF)
def check_in_figures():
    """Approved delegates and delegates checked in at the venue, per session (two queries)."""
    checked_in = dict(
        CheckIn.objects.values("session_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("session_id", "n")
    )
    rows = []
    for session in sessions_with_registrations():
        approved = session.status_approved
        arrived = checked_in.get(session.pk, 0)
        rate = f"{round(100 * arrived / approved)} %" if approved else "—"
        rows.append(Row(session.title_and_city, [approved, arrived], rate))
    return Chart(
        slug="check-in-rates",
        title=_("Check-in rate"),
        description=_("Approved delegates and delegates checked in at the venue, per session."),
        series=[
            Series(pgettext("delegates, column of a chart", "Approved"), NEUTRAL_COLOUR),
            Series(pgettext("delegates, column of a chart", "Checked in"), ITALY_COLOUR),
        ],
        stacked=False,
        label_heading=_("Session"),
        note_heading=_("Rate"),
        rows=rows,
    )
