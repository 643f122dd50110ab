"""The collaboration projects in the open data (opendata/, below this app): the accepted
projects (the only ones the public catalogue shows) are found by the search box, listed on the
region pages and by the read-only API, and downloadable as CSV. Proposed, declined and
withdrawn projects never leave the app; no delegate's name, contact or internal note is ever
shown."""

import io

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.roman import to_roman
from core.spreadsheets import CSV_BOM, CsvWriter
from delegates.models import Organization
from opendata.models import SearchKind
from opendata.services import search
from opendata.services.regions import RegionItem, register_section
from projects.models import CollaborationProject


def public_projects():
    """The accepted projects, with what their public description shows (constant queries)."""
    return (
        CollaborationProject.objects.accepted()
        .select_related(
            "session",
            "thematic_table",
            "proposer__organization",
            "proposer_region",
            "partner_region",
        )
        .order_by("-session__number", "thematic_table__position", "presentation_order", "pk")
    )


# --- the search index --------------------------------------------------------------------


def search_entry(project):
    """The project in the search index: its titles (an English title falls back on the
    Italian), summaries, proposing organization, regions, table and sector in each language;
    the result links to its card in its session's catalogue."""
    titles = {language: project.localized("title", language) for language in search.LANGUAGES}
    organization = project.proposer.organization
    texts = [
        project.title_it,
        project.title_ru,
        project.summary_it,
        project.summary_ru,
        organization.name_latin,
        organization.name_cyrillic,
    ]
    for language in search.LANGUAGES:
        with translation.override(language):
            texts += [str(project.get_sector_display()), str(project.get_kind_display())]
    for region in (project.proposer_region, project.partner_region):
        if region:
            texts += [region.name_it, region.name_ru, region.name_en]
    table = project.thematic_table
    if table:
        texts += [table.name_it, table.name_ru, table.name_en]
    return titles, "projects:catalogue", project.session.number, texts


def search_result_anchor(entry):
    """A project found links to its own card in the session's catalogue."""
    return f"project-{entry.object_id}"


def search_result_note(entry):
    """The session a project found was presented at («XXX заседание»): one project may be
    presented at two sessions under the same title (read from the entry, no query)."""
    return gettext("%(numeral)s session") % {"numeral": to_roman(int(entry.url_argument))}


search.register_indexer(
    SearchKind.PROJECT,
    public_projects,
    search_entry,
    anchor=search_result_anchor,
    note=search_result_note,
)


@receiver([post_save, post_delete], sender=CollaborationProject)
def index_changed_project(sender, instance, raw=False, **kwargs):
    """Accepted, edited, withdrawn or deleted: its entry follows once the change commits (a
    project no longer accepted leaves the index)."""
    if not raw:
        search.index_later(SearchKind.PROJECT, instance.pk)


@receiver(post_save, sender=Organization)
def index_projects_of_organization(sender, instance, raw=False, created=False, **kwargs):
    """A renamed organization: its accepted projects are indexed under the new name."""
    if raw or created:
        return
    projects = CollaborationProject.objects.accepted().filter(proposer__organization=instance)
    for pk in projects.values_list("pk", flat=True):
        search.index_later(SearchKind.PROJECT, pk)


# --- the region pages --------------------------------------------------------------------


@register_section(
    "projects",
    title=_("Collaboration projects"),
    empty=_("No accepted collaboration project from or seeking this region yet."),
    order=10,
)
def region_projects(region):
    """The accepted projects proposed from the region or seeking a partner in it, the most
    recent session first, each linked to its card in the session's catalogue (one query)."""
    projects = public_projects().filter(
        Q(proposer_region=region)
        | Q(proposer_region=None, proposer__organization__region=region)
        | Q(partner_region=region)
    )
    items = []
    for project in projects:
        url = reverse("projects:catalogue", args=[project.session.number])
        role = (
            _("seeking a partner here")
            if project.partner_region_id == region.pk
            else _("proposed from here")
        )
        items.append(
            RegionItem(
                title=project.title,
                url=f"{url}#project-{project.pk}",
                note=f"{project.session.title} · {role}",
            )
        )
    return items


# --- the CSV file ------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "session",
    "status",
    "title_it",
    "title_ru",
    "sector",
    "kind",
    "partner_category",
    # As the API gives the table (projects/api.py): its id and its name in each language.
    "thematic_table_id",
    "thematic_table_it",
    "thematic_table_ru",
    "proposer_organization",
    "proposer_region",
    "partner_region",
)


def projects_csv_text():
    """Every accepted project, one row each (public fields only, as the API)."""
    stream = io.StringIO()
    stream.write(CSV_BOM)
    writer = CsvWriter(stream)
    writer.writerow(CSV_COLUMNS)
    for project in public_projects():
        writer.writerow(
            [
                project.pk,
                project.session.number,
                project.status,
                project.title_it,
                project.title_ru,
                project.sector,
                project.kind,
                project.partner_category,
                project.thematic_table_id or "",
                project.thematic_table.name_it if project.thematic_table else "",
                project.thematic_table.name_ru if project.thematic_table else "",
                project.proposer.organization.name_latin,
                project.proposer_region.code if project.proposer_region else "",
                project.partner_region.code if project.partner_region else "",
            ]
        )
    return stream.getvalue()
