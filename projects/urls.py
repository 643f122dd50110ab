from django.urls import path

from core.public_cache import cached_public_page
from projects import views

app_name = "projects"

# What the catalogue shows: projects, the session and its tables, the regions.
_catalogue_page = cached_public_page("projects", "sessions")

urlpatterns = [
    # The accepted projects of every session, as open data (projects/open_data.py).
    path("projects.csv", views.projects_csv, name="projects_csv"),
    path(
        "sessions/<int:number>/projects/",
        _catalogue_page(views.catalogue),
        name="catalogue",
    ),
    path(
        "sessions/<int:number>/projects/results/",
        cached_public_page("projects", "sessions", "agreements", "meetings")(views.results),
        name="results",
    ),
    path("follow-up/<str:token>/", views.follow_up, name="follow_up"),
    path("registration/<str:token>/projects/", views.own, name="own"),
    path("registration/<str:token>/projects/new/", views.propose, name="propose"),
    path("registration/<str:token>/projects/<int:project_id>/", views.edit, name="edit"),
    path(
        "registration/<str:token>/projects/<int:project_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "registration/<str:token>/projects/<int:project_id>/presentation.pdf",
        views.presentation,
        name="presentation",
    ),
    path(
        "registration/<str:token>/projects/booklet/<int:table_id>.pdf",
        views.booklet,
        name="booklet",
    ),
    path(
        "registration/<str:token>/projects/catalogue/",
        views.delegate_catalogue,
        name="delegate_catalogue",
    ),
    path(
        "registration/<str:token>/projects/catalogue/<int:project_id>/meeting/",
        views.ask_meeting,
        name="ask_meeting",
    ),
]
