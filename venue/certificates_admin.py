"""Admin of the certificates of attendance: the list of those issued, and the action of the
registration list that issues the selected delegates' certificates in one PDF."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.authorization import AuthorizedAdminMixin, user_may
from core.http import file_response
from sessions_app.admin import SessionTimesMixin
from venue.models import Certificate
from venue.services.certificates import (
    ISSUE_PERMISSION,
    CertificateError,
    certificate_filename,
    issue_certificates,
    render_certificates,
)


@admin.action(
    description=_("Issue certificates of attendance to the selected delegates (one PDF)"),
    permissions=["issue_certificates"],
)
def issue_certificates_action(modeladmin, request, queryset):
    try:
        result = issue_certificates(list(queryset.select_related(None).only("pk")), by=request.user)
    except CertificateError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    if result.refused:
        reasons = sorted({reason for _registration, reason in result.refused})
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s selected registration got no certificate: %(reasons)s",
                "%(count)s selected registrations got no certificate: %(reasons)s",
                len(result.refused),
            )
            % {"count": len(result.refused), "reasons": " ".join(reasons)},
            messages.WARNING,
        )
    if not result.certificates:
        return None
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)s certificate of attendance issued; delegates can also download it "
            "from their private link.",
            "%(count)s certificates of attendance issued; delegates can also download them "
            "from their private link.",
            len(result.certificates),
        )
        % {"count": len(result.certificates)},
        messages.SUCCESS,
    )
    pdf = render_certificates(result.certificates)
    return file_response(pdf, certificate_filename(result.certificates))


class RegistrationCertificateAdminMixin:
    """For the Registration admin: the permission of `issue_certificates_action`."""

    def has_issue_certificates_permission(self, request):
        return user_may(request.user, ISSUE_PERMISSION)


@admin.register(Certificate)
class CertificateAdmin(AuthorizedAdminMixin, SessionTimesMixin, admin.ModelAdmin):
    """The certificates issued, per session: read-only (issued by the action above or by
    the delegates' own downloads)."""

    list_display = ("number_display", "person_name", "session", "days", "issued_at", "issued_by")
    list_filter = ("session",)
    list_select_related = ("registration__person", "session", "issued_by")
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
    )
    date_hierarchy = "issued_at"
    readonly_fields = (
        "registration",
        "session",
        "serial",
        "first_day",
        "last_day",
        "issued_at",
        "issued_by",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its QR code must keep saying that it is genuine

    @admin.display(description=_("number"), ordering="serial")
    def number_display(self, certificate):
        return certificate.number

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, certificate):
        return certificate.registration.person.full_name_latin

    @admin.display(description=_("days attended"))
    def days(self, certificate):
        if certificate.first_day == certificate.last_day:
            return f"{certificate.first_day:%d.%m.%Y}"
        return f"{certificate.first_day:%d.%m.%Y}–{certificate.last_day:%d.%m.%Y}"
