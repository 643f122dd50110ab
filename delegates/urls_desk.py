"""Check-in desk, badges and attendance for organizers; badge and visa letter for delegates."""

from django.urls import path

from delegates import views_desk

app_name = "delegates_desk"

urlpatterns = [
    path("desk/<int:number>/", views_desk.desk, name="desk"),
    path("desk/<int:number>/scan/", views_desk.desk_scan, name="scan"),
    path("desk/<int:number>/search/", views_desk.desk_search, name="search"),
    path("desk/<int:number>/counts/", views_desk.desk_counts, name="counts"),
    path(
        "desk/<int:number>/registrations/<int:registration_id>/check-in/",
        views_desk.desk_check_in,
        name="check_in",
    ),
    path(
        "desk/<int:number>/registrations/<int:registration_id>/undo/",
        views_desk.desk_undo,
        name="undo",
    ),
    path(
        "desk/<int:number>/attendance.<str:file_format>",
        views_desk.attendance_export,
        name="attendance_export",
    ),
    path(
        "desk/<int:number>/attendance-sheet/",
        views_desk.attendance_sheet,
        name="attendance_sheet",
    ),
    path("desk/<int:number>/badges/", views_desk.session_badges, name="session_badges"),
    path("badge/<str:token>/", views_desk.own_badge, name="own_badge"),
    path("visa-letter/<str:token>/", views_desk.visa_letter_request, name="visa_letter"),
    path(
        "visa-letter/<str:token>/letter.pdf",
        views_desk.visa_letter_download,
        name="visa_letter_download",
    ),
]
