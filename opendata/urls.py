from django.urls import path

from core.public_cache import cached_public_page
from opendata import views

app_name = "opendata"

# What the region pages show: every app's rows that the figures are made of.
# ("projects": the projects app registers its measure and region section.)
REGION_TOPICS = (
    "sessions",
    "history",
    "registrations",
    "organizations",
    "agreements",
    "meetings",
    "projects",
)

urlpatterns = [
    path("search/", views.search, name="search"),
    path("agreements.csv", views.agreements_csv, name="agreements_csv"),
    path(
        "regions/",
        cached_public_page(*REGION_TOPICS)(views.RegionIndexView.as_view()),
        name="regions",
    ),
    path(
        "regions/<str:code>/",
        cached_public_page(*REGION_TOPICS)(views.RegionDetailView.as_view()),
        name="region_detail",
    ),
]
