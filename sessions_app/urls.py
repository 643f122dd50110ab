from django.urls import path

from core.documents import public_document
from core.public_cache import cached_public_page
from sessions_app import views
from sessions_app.services import decided_programme_pdf

app_name = "sessions_app"

urlpatterns = [
    path("", cached_public_page("sessions")(views.HomeView.as_view()), name="home"),
    path(
        "sessions/",
        cached_public_page("sessions")(views.SessionListView.as_view()),
        name="session_list",
    ),
    path(
        "sessions/<int:number>/",
        cached_public_page("sessions", "programme", "history")(views.SessionDetailView.as_view()),
        name="session_detail",
    ),
    path(
        "sessions/<int:number>/programme/",
        cached_public_page("sessions", "programme")(views.ProgrammeView.as_view()),
        name="programme",
    ),
    path(
        "history/",
        cached_public_page("sessions", "history")(views.HistoryView.as_view()),
        name="history",
    ),
    path("history.csv", views.history_csv, name="history_csv"),
    path(
        "sessions/<int:number>/programme.pdf",
        public_document(decided_programme_pdf, "number")(views.programme_pdf),
        name="programme_pdf",
    ),
    path("sessions/<int:number>/programme.ics", views.programme_ics, name="programme_ics"),
]
