"""Admin of the visa workflow's data: the sessions' visa settings, exceptions to the
entitlement, passport rules and the directory of consulates and visa centres."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.authorization import AuthorizedAdminMixin
from sessions_app.admin import SessionTimesMixin
from travel.models import Consulate, PassportRule, VisaEntitlementException, VisaSettings
from travel.services.entitlement import (
    EXCEPTION_STATUSES,
    EntitlementError,
    grant_exception,
    withdraw_exception,
)


@admin.register(VisaSettings)
class VisaSettingsAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = (
        "session",
        "letters_for_submitted",
        "passport_retention_days",
        "letter_deadline",
    )
    list_select_related = ("session",)
    autocomplete_fields = ("session",)


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = VisaEntitlementException
        fields = ("registration", "reason")

    def clean(self):
        cleaned = super().clean()
        registration = cleaned.get("registration") or getattr(self.instance, "registration", None)
        # Checked here too, so that the admin shows the refusal beside the form.
        if registration is not None and registration.status not in EXCEPTION_STATUSES:
            raise ValidationError(
                _("A visa letter can be requested only for an active registration.")
            )
        return cleaned


@admin.register(VisaEntitlementException)
class VisaEntitlementExceptionAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    """Granting and withdrawing go through travel.services.entitlement (history and reason)."""

    form = ExceptionForm
    session_path = "registration__session"
    list_display = ("registration", "session", "reason", "granted_by", "granted_at")
    list_select_related = ("registration__person", "registration__session", "granted_by")
    autocomplete_fields = ("registration",)
    search_fields = ("registration__person__family_name", "registration__person__family_name_latin")
    readonly_fields = ("granted_by", "granted_at")

    @admin.display(description=_("session"), ordering="registration__session__number")
    def session(self, exception):
        return exception.registration.session.roman_numeral

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "registration") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            grant_exception(obj.registration, reason=obj.reason, by=request.user)
        except EntitlementError as error:
            self.message_user(request, str(error), messages.ERROR)

    def delete_model(self, request, obj):
        withdraw_exception(obj.registration, reason="withdrawn by staff", by=request.user)

    def delete_queryset(self, request, queryset):
        for exception in queryset.select_related("registration"):
            self.delete_model(request, exception)


@admin.register(PassportRule)
class PassportRuleAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("destination_country", "kind", "value", "source", "is_active")
    list_filter = ("destination_country", "kind", "is_active")


@admin.register(Consulate)
class ConsulateAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("name_it", "name_ru", "country", "kind", "region_count", "is_reference_data")
    list_filter = ("country", "kind", "is_active", "is_reference_data")
    search_fields = ("name_it", "name_ru", "name_en", "key")
    filter_horizontal = ("regions",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_regions=Count("regions"))

    @admin.display(description=_("regions served"), ordering="number_of_regions")
    def region_count(self, consulate):
        return consulate.number_of_regions
