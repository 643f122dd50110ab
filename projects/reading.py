"""Reading the collaboration projects for pages and documents (no rules here)."""

from django.db.models import Q
from django.utils import timezone

from core import prepared
from projects.models import CollaborationProject, ProjectStatus
from sessions_app.models import Region


def catalogue(session):
    """The accepted projects of a session, table by table, in their order of presentation."""
    return (
        CollaborationProject.objects.accepted()
        .filter(session=session)
        .with_related()
        .select_related("proposer__organization__region")
        .order_by("thematic_table__position", "thematic_table_id", "presentation_order", "pk")
    )


def catalogue_regions(session):
    """The regions a visitor may filter by: those of the accepted projects' proposers."""
    ids = CollaborationProject.objects.accepted().filter(session=session).values("proposer_region")
    return list(Region.objects.filter(pk__in=ids).by_name())


def filter_catalogue(projects, filters):
    if filters.get("table"):
        projects = projects.filter(thematic_table=filters["table"])
    if filters.get("sector"):
        projects = projects.filter(sector=filters["sector"])
    if filters.get("kind"):
        projects = projects.filter(kind=filters["kind"])
    if filters.get("region"):
        region = filters["region"]
        projects = projects.filter(Q(proposer_region=region) | Q(partner_region=region))
    if filters.get("delegation"):
        projects = projects.filter(proposer__delegation=filters["delegation"])
    return projects


def presentations_by_table(session):
    """{table_id: [projects accepted for the table, in order]} for the programme: each with
    its titles and its proposer's organization's names, what the programme prints of it (the
    page is rendered anew after every change of a project, so it reads no more than that)."""
    result = {}
    for project in prepared.rows(_presented, session.pk):
        result.setdefault(project.thematic_table_id, []).append(project)
    return result


def _presented(session_id):
    return (
        CollaborationProject.objects.filter(
            session_id=session_id, status=ProjectStatus.ACCEPTED_FOR_TABLE
        )
        .select_related("proposer__organization")
        .only(
            "thematic_table_id",
            "title_it",
            "title_ru",
            "proposer__organization__name_latin",
            "proposer__organization__name_cyrillic",
        )
        .order_by("thematic_table_id", "presentation_order", "pk")
    )


def review_counts(session):
    """Counts of a session's projects per thematic table and delegation: [{"table", "cells":
    [(delegation, {"by_status": [n per status], "to_translate": n, "total": n})]}] and the
    totals, in two queries."""
    from django.db.models import Count

    from projects.models import TranslationState
    from sessions_app.models import Country

    statuses = list(ProjectStatus)
    tables = list(session.thematic_tables.order_by("position", "pk"))
    counts = {}
    for row in (
        CollaborationProject.objects.filter(session=session)
        .values("thematic_table", "proposer__delegation", "status", "translation_state")
        .annotate(total=Count("pk"))
        .order_by()
    ):
        key = (row["thematic_table"], row["proposer__delegation"])
        cell = counts.setdefault(key, {"by_status": {}, "to_translate": 0, "total": 0})
        cell["by_status"][row["status"]] = cell["by_status"].get(row["status"], 0) + row["total"]
        cell["total"] += row["total"]
        if row["translation_state"] == TranslationState.NEEDS_TRANSLATION and row["status"] not in (
            ProjectStatus.DECLINED,
            ProjectStatus.WITHDRAWN,
        ):
            cell["to_translate"] += row["total"]

    def cell_of(key):
        cell = counts.get(key, {"by_status": {}, "to_translate": 0, "total": 0})
        return {
            "by_status": [cell["by_status"].get(status.value, 0) for status in statuses],
            "to_translate": cell["to_translate"],
            "total": cell["total"],
        }

    rows = [
        {
            "table": table,
            "cells": [(delegation, cell_of((table.pk, delegation))) for delegation in Country],
        }
        for table in tables
    ]
    return {"rows": rows, "statuses": statuses, "delegations": list(Country)}


def status_counts(session):
    """{status: count} of the session's projects, every status present."""
    from django.db.models import Count

    found = dict(
        CollaborationProject.objects.filter(session=session)
        .values_list("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {status.value: found.get(status.value, 0) for status in ProjectStatus}


def latest_progress_counts(session):
    """{progress: number of projects whose latest answered follow-up says so}."""
    from projects.models import FollowUp, FollowUpKind

    latest = {}
    for project_id, progress in (
        FollowUp.objects.filter(session=session, kind=FollowUpKind.PROJECT)
        .answered()
        .order_by("answered_at", "pk")
        .values_list("project_id", "progress")
    ):
        latest[project_id] = progress
    counts = {}
    for progress in latest.values():
        counts[progress] = counts.get(progress, 0) + 1
    return counts


# --- results ---------------------------------------------------------------------------------

RESULT_COLUMNS = ("proposed", "accepted", "presented", "followed_up", "implemented")


def _latest_answers(follow_ups):
    """{subject id: latest answered value} from (subject id, value) pairs in answer order."""
    latest = {}
    for subject_id, value in follow_ups:
        latest[subject_id] = value
    return latest


def session_results(session):
    """What became of a session's projects, agreements and B2B meetings, in a few queries:
    {"totals", "by_table", "by_sector", "by_region_pair", "agreements", "meetings"}."""
    from agreements.models import Agreement, AgreementStatus
    from meetings.models import Meeting
    from projects.models import (
        OUTCOME_COUNT_LABELS,
        PROGRESS_COUNT_LABELS,
        FollowUp,
        FollowUpKind,
        Progress,
    )
    from sessions_app.models import Country, Sector, SessionStatus

    # Presented only at a session that took place (not one cancelled, whatever its dates).
    is_over = session.status == SessionStatus.HELD or (
        session.status != SessionStatus.CANCELLED and session.end_date < timezone.localdate()
    )
    projects = list(
        CollaborationProject.objects.filter(session=session).select_related(
            "thematic_table", "proposer_region", "partner_region"
        )
    )
    answers = FollowUp.objects.filter(session=session).answered().order_by("answered_at", "pk")
    project_progress = _latest_answers(
        answers.filter(kind=FollowUpKind.PROJECT).values_list("project_id", "progress")
    )

    def flags(project):
        accepted = project.status in (
            ProjectStatus.ACCEPTED_FOR_TABLE,
            ProjectStatus.ACCEPTED_FOR_CATALOGUE,
        )
        return {
            "proposed": project.status != ProjectStatus.WITHDRAWN,
            "accepted": accepted,
            "presented": project.status == ProjectStatus.ACCEPTED_FOR_TABLE and is_over,
            "followed_up": project.pk in project_progress,
            "implemented": project_progress.get(project.pk) == Progress.IMPLEMENTED,
        }

    def grouped(key):
        groups = {}
        for project in projects:
            label = key(project)
            if label is None:
                continue
            row = groups.setdefault(label, dict.fromkeys(RESULT_COLUMNS, 0))
            for column, value in flags(project).items():
                row[column] += int(value)
        return sorted(groups.items(), key=lambda item: str(item[0]))

    totals = dict.fromkeys(RESULT_COLUMNS, 0)
    for project in projects:
        for column, value in flags(project).items():
            totals[column] += int(value)

    def region_pair(project):
        regions = [r for r in (project.proposer_region, project.partner_region) if r is not None]
        italian = next((r for r in regions if r.country == Country.ITALY), None)
        russian = next((r for r in regions if r.country == Country.RUSSIA), None)
        if italian is None or russian is None:
            return None
        return f"{italian.name} × {russian.name}"

    sectors = dict(Sector.choices)
    agreement_progress = _latest_answers(
        answers.filter(kind=FollowUpKind.AGREEMENT).values_list("agreement_id", "progress")
    )
    agreement_statuses = dict(AgreementStatus.choices)
    agreements = {}
    for status in (
        Agreement.objects.public().filter(session=session).values_list("status", flat=True)
    ):
        agreements[status] = agreements.get(status, 0) + 1
    outcomes = {}
    for outcome in answers.filter(kind=FollowUpKind.MEETING).values_list("outcome", flat=True):
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    held = Meeting.objects.filter(meeting_point__session=session, is_held=True).count()
    progress_of_agreements = {}
    for value in agreement_progress.values():
        progress_of_agreements[value] = progress_of_agreements.get(value, 0) + 1
    return {
        "totals": totals,
        "by_table": grouped(lambda p: p.thematic_table.name if p.thematic_table else None),
        "by_sector": grouped(lambda p: sectors.get(p.sector, p.sector)),
        "by_region_pair": grouped(region_pair),
        "project_progress": [
            (label, sum(1 for v in project_progress.values() if v == value))
            for value, label in PROGRESS_COUNT_LABELS.items()
        ],
        "agreements": [(agreement_statuses[s], n) for s, n in sorted(agreements.items())],
        "agreement_progress": [
            (label, progress_of_agreements.get(value, 0))
            for value, label in PROGRESS_COUNT_LABELS.items()
        ],
        "meetings_held": held,
        "meeting_outcomes": [
            (label, outcomes.get(value, 0)) for value, label in OUTCOME_COUNT_LABELS.items()
        ],
        "commitments": commitment_states(session),
    }


def commitment_states(session):
    """Where the commitments of the session's signed Protocol stand, in one query: for each,
    its text, institution and note in the reader's language (with the language they are in,
    when one is missing and the other is given), its side, deadline, status and whether it
    is overdue. Empty while the Protocol is a draft (its text is not yet signed)."""
    from django.utils.translation import pgettext

    from agreements.models import Commitment, ProtocolStatus
    from core.i18n import localized, localized_language
    from core.text import italian_elision
    from sessions_app.dates import long_date

    today = timezone.localdate()
    rows = []
    for commitment in Commitment.objects.filter(
        section__protocol__session=session, section__protocol__status=ProtocolStatus.FINAL
    ).order_by("section__position", "section_id", "position", "pk"):
        rows.append(
            {
                "text": localized(commitment, "text"),
                "text_language": localized_language(commitment, "text"),
                "institution": localized(commitment, "institution"),
                "institution_language": localized_language(commitment, "institution"),
                "side": commitment.get_side_display(),
                # "entro l’8 marzo 2027", "до 8 марта 2027 г."
                "deadline": italian_elision(
                    pgettext("deadline of a commitment", "by %(date)s")
                    % {"date": long_date(commitment.deadline)}
                )
                if commitment.deadline
                else "",
                "status": commitment.status,
                "status_label": commitment.get_status_display(),
                "note": localized(commitment, "status_note"),
                "note_language": localized_language(commitment, "status_note"),
                "is_overdue": commitment.is_overdue(today),
            }
        )
    return rows
