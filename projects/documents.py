"""The booklet of a thematic table: its projects in order of presentation, Italian left and
Russian right, with the proposers and how the other side can reach them (WeasyPrint, fonts
covering Latin and Cyrillic). It holds contacts: staff and the session's approved delegates
get it, streamed, never stored in a public place."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import render_pdf
from projects.models import CollaborationProject, ProjectStatus


def booklet_projects(table):
    return list(
        CollaborationProject.objects.filter(
            thematic_table=table, status=ProjectStatus.ACCEPTED_FOR_TABLE
        )
        .select_related(
            "proposer__person",
            # The position in the other language, for the other column (position_for_reader).
            "proposer__b2b_profile",
            "proposer__organization__region",
            "proposer_region",
            "partner_region",
        )
        .order_by("presentation_order", "pk")
    )


def render_booklets_html(tables):
    """One booklet per table, each starting on a new page."""
    with translation.override("it"):
        return render_to_string(
            "pdf/project_booklet.html",
            {
                "booklets": [
                    {"table": table, "projects": booklet_projects(table)} for table in tables
                ],
                "session": tables[0].session,
                "generated_at": timezone.localtime(timezone.now(), tables[0].session.tzinfo),
            },
        )


def render_booklets_pdf(tables):
    return render_pdf(render_booklets_html(list(tables)))
