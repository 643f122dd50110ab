"""Check-in desk, badges and attendance for organizers; the badge for delegates."""

from django.urls import path

from venue import certificate_views, views, views_offline

app_name = "venue"

urlpatterns = [
    path("desk/<int:number>/", views.desk, name="desk"),
    path("desk/<int:number>/scan/", views.desk_scan, name="scan"),
    path("desk/<int:number>/search/", views.desk_search, name="search"),
    path("desk/<int:number>/counts/", views.desk_counts, name="counts"),
    path("desk/<int:number>/offline/list/", views_offline.offline_list, name="offline_list"),
    path("desk/<int:number>/offline/sync/", views_offline.offline_sync, name="offline_sync"),
    path("desk/<int:number>/service-worker.js", views_offline.service_worker, name="desk_sw"),
    path(
        "desk/<int:number>/registrations/<int:registration_id>/check-in/",
        views.desk_check_in,
        name="check_in",
    ),
    path(
        "desk/<int:number>/registrations/<int:registration_id>/undo/",
        views.desk_undo,
        name="undo",
    ),
    path(
        "desk/<int:number>/attendance.<str:file_format>",
        views.attendance_export,
        name="attendance_export",
    ),
    path(
        "desk/<int:number>/attendance-sheet/",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("desk/<int:number>/badges/", views.session_badges, name="session_badges"),
    path("badge/<str:token>/", views.own_badge, name="own_badge"),
    path(
        "certificate/<str:token>/",
        certificate_views.own_certificate,
        name="own_certificate",
    ),
    # Public: the page a reader opens from the certificate's QR code.
    path(
        "verify/certificate/<str:code>/",
        certificate_views.verify_certificate,
        name="verify_certificate",
    ),
]
