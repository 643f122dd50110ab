from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/<int:number>/", views.SessionDetailView.as_view(), name="session_detail"),
]
