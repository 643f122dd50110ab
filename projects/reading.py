"""Reading the collaboration projects for pages and documents (no rules here)."""

from django.db.models import Q

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
    return list(Region.objects.filter(pk__in=ids).order_by("country", "name_it"))


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
    """{table_id: [projects accepted for the table, in order]} for the programme."""
    result = {}
    for project in (
        CollaborationProject.objects.filter(
            session=session, status=ProjectStatus.ACCEPTED_FOR_TABLE
        )
        .select_related("proposer__organization", "proposer__person")
        .order_by("thematic_table_id", "presentation_order", "pk")
    ):
        result.setdefault(project.thematic_table_id, []).append(project)
    return result


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
