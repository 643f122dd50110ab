"""/api/v1/: the open data, read-only. A later, incompatible version gets /api/v2/ beside it."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from opendata.api import endpoints, views
from opendata.api.http import conditional

app_name = "api"

# "projects": the projects app registers its measure (core/region_pairs.py).
STATISTICS_TOPICS = (
    "sessions",
    "history",
    "registrations",
    "agreements",
    "meetings",
    "projects",
)

urlpatterns = [
    path(
        "sessions/",
        conditional("sessions")(views.SessionList.as_view()),
        name="session_list",
    ),
    path(
        "sessions/<int:number>/",
        conditional("sessions")(views.SessionDetail.as_view()),
        name="session_detail",
    ),
    path(
        "thematic-tables/",
        conditional("sessions", "programme")(views.ThematicTableList.as_view()),
        name="thematic_table_list",
    ),
    path(
        "programme-items/",
        conditional("programme")(views.ProgrammeItemList.as_view()),
        name="programme_item_list",
    ),
    path(
        "agreements/",
        conditional("agreements", "organizations")(views.AgreementList.as_view()),
        name="agreement_list",
    ),
    path(
        "agreements/<int:pk>/",
        conditional("agreements", "organizations")(views.AgreementDetail.as_view()),
        name="agreement_detail",
    ),
    path("editions/", conditional("history")(views.EditionList.as_view()), name="edition_list"),
    path("regions/", conditional("sessions")(views.RegionList.as_view()), name="region_list"),
    path(
        "statistics/",
        conditional(*STATISTICS_TOPICS)(views.Statistics.as_view()),
        name="statistics",
    ),
    # The endpoints of the apps above this one (opendata/api/endpoints.py).
    *endpoints.patterns(),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="opendata/swagger_ui.html"
        ),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="opendata/redoc.html"),
        name="redoc",
    ),
]
