from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.authorization import AuthorizedAdminMixin
from staff import (
    admin_axes,  # noqa: F401  (django-axes' admin, with its action's permission)
    services,
)
from staff.models import AuditEvent
from staff.permission_labels import TranslatedPermissionsMixin

User = get_user_model()

# Second-factor devices are not edited as rows: their owner sets them up, and a superuser
# resets them with the action below, which leaves an audit event.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


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


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(TranslatedPermissionsMixin, AuthorizedAdminMixin, GroupAdmin):
    """Django's group admin, with the permissions named in the reader's language."""


@admin.register(User)
class StaffUserAdmin(TranslatedPermissionsMixin, AuthorizedAdminMixin, UserAdmin):
    """Django's user admin, with each account's two-factor state and the superuser's reset."""

    list_display = (*UserAdmin.list_display, "has_second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        )

    @admin.display(boolean=True, description=_("two-factor"), ordering="second_factor")
    def has_second_factor(self, user):
        return user.second_factor

    def has_reset_second_factor_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @admin.action(
        description=_("Reset the two-factor authentication of the selected accounts"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        reset = 0
        for user in queryset:
            try:
                services.remove_second_factor(user, by=request.user, request=request)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            reset += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d account: its authenticator app "
                "and recovery codes are removed.",
                "Two-factor authentication reset for %(count)d accounts: their authenticator "
                "apps and recovery codes are removed.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
