"""The collaboration projects' figures on the statistics page: per edition, how many were
proposed, accepted, presented at the tables, followed up and implemented (three queries); and
their measure in the region statistics (core/region_pairs.py): the accepted projects joining
an Italian region and a Russian federal subject (one query)."""

from collections import Counter

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import prepared, region_pairs
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
from projects.models import (
    ACCEPTED_STATUSES,
    CollaborationProject,
    FollowUp,
    FollowUpKind,
    Progress,
    ProjectStatus,
)
from sessions_app.models import Country, Session, SessionStatus


def _answered_progress():
    return (
        FollowUp.objects.filter(kind=FollowUpKind.PROJECT)
        .answered()
        .order_by("answered_at", "pk")
        .values_list("session_id", "project_id", "progress")
    )


def _implemented_by_session():
    """{session id: (followed up, implemented)} by the latest answer of each project."""
    latest = {}
    for session_id, project_id, progress in prepared.rows(_answered_progress):
        latest[(session_id, project_id)] = progress
    result = {}
    for (session_id, _project), progress in latest.items():
        followed, implemented = result.get(session_id, (0, 0))
        result[session_id] = (followed + 1, implemented + (progress == Progress.IMPLEMENTED))
    return result


def _sessions_with_projects():
    return (
        Session.objects.not_cancelled()
        .titles_only("status", "end_date")
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


@register(order=45)
def project_figures():
    today = timezone.localdate()
    follow_up = _implemented_by_session()
    rows = []
    for session in prepared.rows(_sessions_with_projects):
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
            Series(pgettext("count of projects", "Proposed"), NEUTRAL_COLOUR),
            Series(pgettext("count of projects", "Accepted"), SECOND_COLOUR),
            Series(pgettext("count of projects", "Presented"), ITALY_COLOUR),
            Series(pgettext("count of projects", "Followed up"), RUSSIA_COLOUR),
            Series(pgettext("count of projects", "Implemented"), "#b35900"),
        ],
        stacked=False,
        label_heading=_("Session"),
        rows=rows,
    )


@region_pairs.register(
    "projects",
    label=gettext_lazy("Collaboration projects"),
    description=gettext_lazy(
        "Accepted collaboration projects proposed from one of the two regions and seeking a "
        "partner in the other."
    ),
    order=40,
)
def projects_per_pair():
    pairs = Counter()
    rows = (
        CollaborationProject.objects.accepted()
        .annotate(
            proposer_code=Coalesce("proposer_region__code", "proposer__organization__region__code")
        )
        .filter(proposer_code__isnull=False, partner_region__isnull=False)
        .values_list("proposer_code", "partner_region__code")
        .annotate(count=Count("id"))
        .order_by()
    )
    for proposer, partner, count in rows:
        sides = {proposer.split("-", 1)[0]: proposer, partner.split("-", 1)[0]: partner}
        if set(sides) == {Country.ITALY, Country.RUSSIA}:
            pairs[(sides[Country.ITALY], sides[Country.RUSSIA])] += count
    return pairs
