from django.contrib import admin

from sessions_app.authorization import AuthorizedAdminMixin
from staff import admin_axes  # noqa: F401  (django-axes' admin, with its action's permission)
from staff.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AuthorizedAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only: nobody adds, changes or deletes an event by hand."""

    list_display = ("created_at", "username", "action", "object_repr", "detail", "ip_address")
    list_filter = ("action", "created_at")
    search_fields = ("username", "object_repr", "detail", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
