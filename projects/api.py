"""The accepted collaboration projects in the open-data API (/api/v1/projects/), registered by
the app into opendata/api/endpoints.py. Public fields only, named one by one: no delegate
(the proposer is shown by their organization), no contact, decision reason, translation state
or presentation file."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from opendata.api.views import SESSION_FILTER, SessionFilterMixin
from projects.models import CollaborationProject, ProjectKind
from projects.open_data import public_projects
from sessions_app.models import Sector


class ProjectSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="number", read_only=True)
    proposer_organization = serializers.SerializerMethodField()
    proposer_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    partner_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # The table as the CSV file gives it (projects/open_data.py): its id (/api/v1/thematic-
    # tables/) and its name in each language, as the titles. `thematic_table` (the id) stays
    # for the clients of v1 that read it before the names were given.
    thematic_table_id = serializers.IntegerField(read_only=True, allow_null=True)
    thematic_table_it = serializers.CharField(
        source="thematic_table.name_it", read_only=True, allow_null=True
    )
    thematic_table_ru = serializers.CharField(
        source="thematic_table.name_ru", read_only=True, allow_null=True
    )

    class Meta:
        model = CollaborationProject
        fields = (
            "id",
            "session",
            "status",
            "original_language",
            "title_it",
            "title_ru",
            "summary_it",
            "summary_ru",
            "sector",
            "kind",
            "partner_category",
            "thematic_table",
            "thematic_table_id",
            "thematic_table_it",
            "thematic_table_ru",
            "proposer_organization",
            "proposer_region",
            "partner_region",
        )

    def get_proposer_organization(self, project) -> dict:
        organization = project.proposer.organization
        return {"name_latin": organization.name_latin, "name_cyrillic": organization.name_cyrillic}


def _choice(request, name, choices):
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in choices.values:
        raise ValidationError({name: [_("Choose one of: %s.") % ", ".join(choices.values)]})
    return value


@extend_schema(
    parameters=[
        SESSION_FILTER,
        OpenApiParameter("sector", str, enum=Sector.values, description="Only this sector."),
        OpenApiParameter("kind", str, enum=ProjectKind.values, description="Only this kind."),
        OpenApiParameter(
            "region", str, description="Only projects proposed from or seeking this region."
        ),
    ]
)
class ProjectList(SessionFilterMixin, generics.ListAPIView):
    """The accepted collaboration projects of every session (presented at a thematic table or
    in the catalogue only), the most recent session first."""

    serializer_class = ProjectSerializer

    def get_queryset(self):
        projects = self.filter_by_session(public_projects())
        sector = _choice(self.request, "sector", Sector)
        if sector:
            projects = projects.filter(sector=sector)
        kind = _choice(self.request, "kind", ProjectKind)
        if kind:
            projects = projects.filter(kind=kind)
        region = self.request.query_params.get("region")
        if region is not None:
            region = region.upper()[:6]
            projects = projects.filter(
                Q(proposer_region__code=region) | Q(partner_region__code=region)
            )
        return projects


class ProjectDetail(generics.RetrieveAPIView):
    serializer_class = ProjectSerializer

    def get_queryset(self):
        return public_projects()
