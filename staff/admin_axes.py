"""django-axes' list of login attempts, registered again so that its one action declares
who may run it (it removes rows: the permission to delete attempts), like every action of the
portal's admin, and no longer crashes outside a login request."""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin

from core.authorization import AuthorizedAdminMixin

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(AuthorizedAdminMixin, AxesAccessAttemptAdmin):
        actions = ["cleanup_expired_attempts"]

        @admin.action(
            description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description,
            permissions=["delete"],
        )
        def cleanup_expired_attempts(self, request, queryset):
            # django-axes reads the time of the login attempt being handled, which only a
            # login request has: none here, so "expired" counts from now.
            if not hasattr(request, "axes_attempt_time"):
                request.axes_attempt_time = None
            return super().cleanup_expired_attempts(request, queryset)
