"""Admin for badges, visa letters and check-ins; and the badge actions of the registration
list (RegistrationBadgeAdminMixin, mixed into the Registration admin)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.authorization import AuthorizedAdminMixin, user_may
from core.http import file_response
from delegates.models import (
    PASSPORT_FIELDS,
    BadgeLayout,
    BadgePrint,
    CheckIn,
    RegistrationStatus,
    VisaLetterRequest,
)
from delegates.services.badge_pages import queue_preparation
from delegates.services.letters import (
    RELEASE_PERMISSIONS,
    VisaLetterError,
    letter_filename,
    letter_problems,
    letter_queryset,
    release_visa_letters,
    render_visa_letter,
    render_visa_letters,
)
from delegates.services.printing import PRINT_PERMISSION, BadgeError, badge_filename, render_badges
from sessions_app.models import Session
from staff.models import AuditAction
from staff.services import record_access

# --- registration list: badge actions and button -------------------------------------------


PASSPORT_PERMISSION = "delegates.view_passport_data"


def _print_badges(modeladmin, request, queryset, layout):
    sessions = set(queryset.values_list("session_id", flat=True).distinct()[:2])
    if len(sessions) > 1:
        modeladmin.message_user(
            request,
            gettext("Select registrations of one session at a time to print their badges."),
            messages.ERROR,
        )
        return None
    skipped = queryset.exclude(status=RegistrationStatus.APPROVED).count()
    try:
        pdf = render_badges(queryset, layout, by=request.user)
    except BadgeError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    if skipped:
        # The PDF is the response, so this message shows on the next page the user opens.
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s registration not approved was left out.",
                "%(count)s registrations not approved were left out.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )
    session = Session.objects.get(pk=sessions.pop())
    return file_response(pdf, badge_filename(session, layout))


@admin.action(
    description=_("Print badges of the selected approved registrations (A6)"),
    permissions=["print_badges"],
)
def print_badges_a6(modeladmin, request, queryset):
    return _print_badges(modeladmin, request, queryset, BadgeLayout.A6)


@admin.action(
    description=_("Print badges of the selected approved registrations (A4, four)"),
    permissions=["print_badges"],
)
def print_badges_a4(modeladmin, request, queryset):
    return _print_badges(modeladmin, request, queryset, BadgeLayout.A4)


class RegistrationBadgeAdminMixin:
    """For the Registration admin: the permission of the badge actions and a per-row badge
    button. Add `print_badges_a6` and `print_badges_a4` to `actions` and `"badge_button"` to
    list_display."""

    def has_print_badges_permission(self, request):
        return user_may(request.user, PRINT_PERMISSION)

    @admin.display(description=_("badge"))
    def badge_button(self, registration):
        if registration.status != RegistrationStatus.APPROVED:
            return "—"
        url = reverse(
            "delegates_desk:session_badges", kwargs={"number": registration.session.number}
        )
        return format_html(
            '<a class="button" href="{}?layout=a6&amp;ids={}">{}</a>',
            url,
            registration.pk,
            gettext("Badge"),
        )


# --- badge printings ---------------------------------------------------------------------


@admin.register(BadgePrint)
class BadgePrintAdmin(AuthorizedAdminMixin, admin.ModelAdmin):
    """Who printed which badges when; the list also offers one-click printing per session."""

    list_display = ("printed_at", "session", "layout", "badge_count", "printed_by")
    list_filter = ("layout", "session")
    list_select_related = ("session", "printed_by")
    date_hierarchy = "printed_at"
    readonly_fields = ("session", "layout", "badge_count", "printed_by", "printed_at")
    exclude = ("registrations",)
    change_list_template = "admin/delegates/badgeprint/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        today = timezone.localdate()
        approved = Q(registrations__status=RegistrationStatus.APPROVED)
        sessions = Session.objects.upcoming(today).annotate(
            approved_count=Count("registrations", filter=approved),
            prepared_count=Count("registrations__prepared_badge", filter=approved),
        )[:5]
        extra_context = {
            **(extra_context or {}),
            "desk_sessions": sessions,
            "can_print": user_may(request.user, PRINT_PERMISSION),
            "can_check_in": request.user.has_perm("delegates.check_in"),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "prepare/<int:number>/",
                self.admin_site.admin_view(self.prepare_view),
                name="delegates_badgeprint_prepare",
            ),
            *super().get_urls(),
        ]

    def prepare_view(self, request, number):
        """Render now (in the task worker) the badges of a session not yet prepared."""
        if request.method != "POST":
            return redirect("admin:delegates_badgeprint_changelist")
        if not user_may(request.user, PRINT_PERMISSION):
            raise PermissionDenied
        session = get_object_or_404(Session, number=number)
        pks = list(
            session.registrations.filter(status=RegistrationStatus.APPROVED).values_list(
                "pk", flat=True
            )
        )
        queue_preparation(pks, always=True)
        self.message_user(
            request,
            gettext(
                "The badges of %(session)s are being prepared: printing them all will then "
                "take a few seconds."
            )
            % {"session": session.title},
            messages.SUCCESS,
        )
        return redirect("admin:delegates_badgeprint_changelist")


# --- visa letters ------------------------------------------------------------------------


@admin.action(
    description=_("Release the letters to the delegates"), permissions=["release_letters"]
)
def release_letters(modeladmin, request, queryset):
    released, refused = release_visa_letters(letter_queryset(queryset), by=request.user)
    if released:
        modeladmin.message_user(
            request,
            ngettext("%(count)s letter released.", "%(count)s letters released.", len(released))
            % {"count": len(released)},
            messages.SUCCESS,
        )
    for letter_request, reason in refused:
        modeladmin.message_user(request, f"{letter_request}: {reason}", messages.ERROR)


@admin.action(description=_("Generate the letters (one PDF)"), permissions=["passport_data"])
def generate_letters(modeladmin, request, queryset):
    pdf, refused = render_visa_letters(letter_queryset(queryset))
    record_access(
        request, AuditAction.VIEW_PASSPORT_DATA, detail=f"{queryset.count()} visa letters, one PDF"
    )
    for letter_request, reason in refused:
        modeladmin.message_user(request, f"{letter_request}: {reason}", messages.ERROR)
    if pdf is None:
        return None
    return file_response(pdf, "visa-letters.pdf")


@admin.register(VisaLetterRequest)
class VisaLetterRequestAdmin(AuthorizedAdminMixin, HistoryAdmin):
    """Passport data only for staff with `delegates.view_passport_data`."""

    list_display = (
        "person_name",
        "session_number",
        "delegation",
        "status",
        "requested_at",
        "released_at",
        "ready",
        "letter_button",
    )
    list_filter = ("status", "registration__session", "registration__delegation")
    list_select_related = (
        "registration__person",
        "registration__session",
        "registration__organization",
    )
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "registration__person__email",
    )
    actions = [release_letters, generate_letters]
    readonly_fields = (
        "registration",
        "status",
        "requested_at",
        "released_at",
        "released_by",
        "passport_data_erased_at",
    )

    def has_add_permission(self, request):
        return False  # delegates ask for letters themselves, from their private link

    def can_see_passport(self, request):
        return user_may(request.user, PASSPORT_PERMISSION)

    def has_passport_data_permission(self, request):
        """Generating letters: reading passport data."""
        return self.has_view_permission(request) and self.can_see_passport(request)

    def has_release_letters_permission(self, request):
        return user_may(request.user, *RELEASE_PERMISSIONS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a request with its passport data leaves a trace in the audit trail.
        if request.method == "GET" and self.can_see_passport(request):
            letter_request = self.get_object(request, object_id)
            if letter_request is not None and self.has_view_permission(request, letter_request):
                record_access(request, AuditAction.VIEW_PASSPORT_DATA, letter_request)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fields(self, request, obj=None):
        fields = ["registration", "status", "consulate"]
        if self.can_see_passport(request):
            fields += list(PASSPORT_FIELDS)
        return fields + ["requested_at", "released_at", "released_by", "passport_data_erased_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, letter_request):
        return letter_request.registration.person.full_name_latin

    @admin.display(description=_("session"), ordering="registration__session__number")
    def session_number(self, letter_request):
        return letter_request.registration.session.roman_numeral

    @admin.display(description=_("delegation"))
    def delegation(self, letter_request):
        return letter_request.registration.get_delegation_display()

    @admin.display(description=_("ready for a letter"), boolean=True)
    def ready(self, letter_request):
        return not letter_problems(letter_request)

    @admin.display(description=_("letter"))
    def letter_button(self, letter_request):
        url = reverse("admin:delegates_visaletterrequest_letter", args=[letter_request.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("PDF"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="delegates_visaletterrequest_letter",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        """One letter, generated on demand (letters are never stored)."""
        if not (self.has_view_permission(request) and self.can_see_passport(request)):
            raise PermissionDenied
        letter_request = get_object_or_404(letter_queryset(VisaLetterRequest.objects), pk=pk)
        record_access(request, AuditAction.VIEW_PASSPORT_DATA, letter_request, detail="letter PDF")
        try:
            pdf = render_visa_letter(letter_request)
        except VisaLetterError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:delegates_visaletterrequest_change", pk)
        return file_response(pdf, letter_filename(letter_request))


# --- check-ins ---------------------------------------------------------------------------


@admin.register(CheckIn)
class CheckInAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("person_name", "session", "checked_in_at", "checked_in_by", "method")
    list_filter = ("session", "method", "registration__delegation")
    list_select_related = ("registration__person", "session", "checked_in_by")
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
    )
    date_hierarchy = "checked_in_at"
    readonly_fields = ("registration", "session", "checked_in_at", "checked_in_by", "method")

    def has_add_permission(self, request):
        return False  # check-ins happen at the desk

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, check_in):
        return check_in.registration.person.full_name_latin
