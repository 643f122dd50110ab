from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from taskforce import views

admin.site.site_header = _("Italian-Russian Task Force – administration")
admin.site.site_title = _("Task Force administration")
admin.site.index_title = _("Sessions, delegates and agreements")
# The admin index opens with the control room of the next session (core/control_room.py).
admin.site.index_template = "admin/index_with_control_room.html"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # First: the two-factor login replaces the admin's login page (staff/urls.py).
    path("admin/", include("staff.urls")),
    path("admin/", admin.site.urls),
    # The open data: one address in every language (the texts carry their language).
    path("api/v1/", include("opendata.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("sessions_app.urls")),
    path("", include("delegates.urls")),
    path("", include("venue.urls")),
    path("", include("travel.urls")),
    path("agreements/", include("agreements.urls")),
    path("", include("meetings.urls")),
    path("", include("opendata.urls")),
    path("", include("projects.urls")),
    path("statistics/", views.statistics, name="statistics"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("legal-notes/", views.legal_notes, name="legal_notes"),
    prefix_default_language=True,
)

handler400 = "taskforce.views.bad_request"
handler403 = "taskforce.views.permission_denied"
handler404 = "taskforce.views.page_not_found"
handler500 = "taskforce.views.server_error"
