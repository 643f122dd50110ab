"""The collaboration projects' figures on the statistics page: per edition, how many were
proposed, accepted, presented at the tables, followed up and implemented (three queries)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.charts import (
    ITALY_COLOUR,
    NEUTRAL_COLOUR,
    RUSSIA_COLOUR,
    SECOND_COLOUR,
    Chart,
    Row,
    Series,
)
from core.statistics import register
from projects.models import ACCEPTED_STATUSES, FollowUp, FollowUpKind, Progress, ProjectStatus
from sessions_app.models import Session, SessionStatus


def _implemented_by_session():
    """{session id: (followed up, implemented)} by the latest answer of each project."""
    latest = {}
    for session_id, project_id, progress in (
        FollowUp.objects.filter(kind=FollowUpKind.PROJECT)
        .answered()
        .order_by("answered_at", "pk")
        .values_list("session_id", "project_id", "progress")
    ):
        latest[(session_id, project_id)] = progress
    result = {}
    for (session_id, _project), progress in latest.items():
        followed, implemented = result.get(session_id, (0, 0))
        result[session_id] = (followed + 1, implemented + (progress == Progress.IMPLEMENTED))
    return result


@register(order=45)
def project_figures():
    today = timezone.localdate()
    sessions = (
        Session.objects.not_cancelled()
        .annotate(
            proposed=Count("projects", filter=~Q(projects__status=ProjectStatus.WITHDRAWN)),
            accepted=Count("projects", filter=Q(projects__status__in=ACCEPTED_STATUSES)),
            at_tables=Count(
                "projects", filter=Q(projects__status=ProjectStatus.ACCEPTED_FOR_TABLE)
            ),
        )
        .filter(proposed__gt=0)
        .order_by("number")
    )
    follow_up = _implemented_by_session()
    rows = []
    for session in sessions:
        followed, implemented = follow_up.get(session.pk, (0, 0))
        is_over = session.status == SessionStatus.HELD or session.end_date < today
        presented = session.at_tables if is_over else 0
        rows.append(
            Row(
                session.title_and_city,
                [session.proposed, session.accepted, presented, followed, implemented],
            )
        )
    return Chart(
        slug="projects-per-edition",
        title=_("Collaboration projects per edition"),
        description=_(
            "Projects proposed to each edition, accepted, presented at the thematic tables, "
            "followed up after the session and implemented, as their proposers answered."
        ),
        series=[
            Series(_("Proposed"), NEUTRAL_COLOUR),
            Series(_("Accepted"), SECOND_COLOUR),
            Series(_("Presented"), ITALY_COLOUR),
            Series(_("Followed up"), RUSSIA_COLOUR),
            Series(_("Implemented"), "#b35900"),
        ],
        stacked=False,
        label_heading=_("Session"),
        rows=rows,
    )
