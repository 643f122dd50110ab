from django.urls import path

from meetings import calendar_views, views

app_name = "meetings"

urlpatterns = [
    path("meeting-point/staff/<int:number>/", views.staff_grid, name="staff_grid"),
    path("meeting-point/staff/<int:number>/schedule/", views.staff_schedule, name="staff_schedule"),
    path("meeting-point/staff/<int:number>/grid.pdf", views.staff_grid_pdf, name="staff_grid_pdf"),
    path(
        "meeting-point/staff/<int:number>/agendas.pdf",
        views.staff_agendas_pdf,
        name="staff_agendas_pdf",
    ),
    path(
        "meeting-point/staff/<int:number>/interpreters.xlsx",
        views.staff_interpreters_xlsx,
        name="staff_interpreters_xlsx",
    ),
    path("meeting-point/<str:token>/", views.home, name="home"),
    path("meeting-point/<str:token>/join/", views.opt_in, name="opt_in"),
    path("meeting-point/<str:token>/profile/", views.profile, name="profile"),
    path("meeting-point/<str:token>/catalogue/", views.catalogue, name="catalogue"),
    path(
        "meeting-point/<str:token>/catalogue/<int:profile_id>/request/",
        views.send_request,
        name="send_request",
    ),
    path("meeting-point/<str:token>/requests/", views.requests, name="requests"),
    path(
        "meeting-point/<str:token>/requests/<int:request_id>/<slug:action>/",
        views.answer_request,
        name="answer_request",
    ),
    path("meeting-point/<str:token>/agenda/", views.agenda, name="agenda"),
    path("meeting-point/<str:token>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    # The personal calendar feed: a token of its own, derived from the private link.
    path("calendar/<str:token>/programme.ics", calendar_views.calendar_feed, name="calendar"),
]
