from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Collaboration projects")

    def ready(self):
        from delegates.models import register_public_organization_reason
        from projects.models import proposer_of_an_accepted_project

        # The catalogue names the proposing organizations: so may the other public pages.
        register_public_organization_reason(proposer_of_an_accepted_project)
        # The accepted projects in the open-data API (/api/v1/projects/).
        from opendata.api import endpoints
        from projects import api, open_data, receivers  # noqa: F401

        topics = ("projects", "sessions", "organizations")
        endpoints.register("projects/", api.ProjectList.as_view(), "project_list", topics=topics)
        endpoints.register(
            "projects/<int:pk>/", api.ProjectDetail.as_view(), "project_detail", topics=topics
        )
