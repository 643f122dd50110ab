from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/<int:number>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:number>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path("sessions/<int:number>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("sessions/<int:number>/programme.ics", views.programme_ics, name="programme_ics"),
]
