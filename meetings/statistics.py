"""The Meeting Point's figures on the statistics page: bilateral meetings per edition."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core import prepared
from core.charts import NEUTRAL_COLOUR, SECOND_COLOUR, Chart, Row, Series
from core.statistics import register
from meetings.models import MeetingStatus
from sessions_app.models import Session


def _sessions_with_meetings():
    return (
        Session.objects.not_cancelled()
        .titles_only()
        .annotate(
            # A join does not go through the default manager: cancelled meetings left out here.
            meetings=Count(
                "meeting_point__meetings",
                filter=~Q(meeting_point__meetings__status=MeetingStatus.CANCELLED),
            ),
            held=Count("meeting_point__meetings", filter=Q(meeting_point__meetings__is_held=True)),
        )
        .filter(meetings__gt=0)
        .order_by("number")
    )


@register(order=40)
def meeting_figures():
    """Meetings agreed and held at each edition that had a Meeting Point (one query)."""
    sessions = prepared.rows(_sessions_with_meetings)
    return Chart(
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
            Row(session.title_and_city, [session.meetings, session.held]) for session in sessions
        ],
    )
