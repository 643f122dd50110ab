"""Admin of the certificates of attendance: the list of those issued, and the action of the
registration list that issues the selected delegates' certificates in one PDF."""

import datetime

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.authorization import AuthorizedAdminMixin, user_may
from core.http import file_response
from core.text import as_written
from sessions_app.admin import SessionTimesMixin
from sessions_app.dates import long_date
from venue.models import Certificate
from venue.services.certificates import (
    ISSUE_PERMISSION,
    NO_CHECK_IN,
    SESSION_NOT_OVER,
    CertificateError,
    certificate_filename,
    issue_certificates,
    render_certificates,
)

# The warning names at most this many delegates, then says how many more.
NAMED_IN_A_WARNING = 20


def named(registrations):
    """ "Mario Rossi, Anna Bianchi and 3 others": the delegates in the reader's script."""
    names = ", ".join(
        registration.person.name_for_reader for registration in registrations[:NAMED_IN_A_WARNING]
    )
    others = len(registrations) - NAMED_IN_A_WARNING
    if others > 0:
        return ngettext(
            "%(names)s and %(count)s other", "%(names)s and %(count)s others", others
        ) % {"names": names, "count": others}
    return names


def refusal_warnings(refused):
    """The staff's warnings for the delegates who got no certificate: who has no check-in,
    and, per session, who waits for a session not over yet; each names the delegates."""
    without_check_in = [registration for registration, reason in refused if reason == NO_CHECK_IN]
    waiting = {}
    for registration, reason in refused:
        if reason == SESSION_NOT_OVER:
            waiting.setdefault(registration.session, []).append(registration)
    warnings = []
    if without_check_in:
        warnings.append(
            ngettext(
                "%(count)s delegate got no certificate. No check-in recorded for: %(names)s.",
                "%(count)s delegates got no certificate. No check-in recorded for: %(names)s.",
                len(without_check_in),
            )
            % {"count": len(without_check_in), "names": named(without_check_in)}
        )
    for session, registrations in waiting.items():
        warnings.append(
            as_written(
                ngettext(
                    "%(count)s delegate got no certificate: %(session)s is not over yet "
                    "(certificates from %(date)s). Not issued to: %(names)s.",
                    "%(count)s delegates got no certificate: %(session)s is not over yet "
                    "(certificates from %(date)s). Not issued to: %(names)s.",
                    len(registrations),
                )
                % {
                    "count": len(registrations),
                    "session": session.title,
                    "date": long_date(session.end_date + datetime.timedelta(days=1)),
                    "names": named(registrations),
                }
            )
        )
    return warnings


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
    for warning in refusal_warnings(result.refused):
        modeladmin.message_user(request, warning, messages.WARNING)
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
