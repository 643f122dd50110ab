"""Admin of the venue: badge printings, check-ins, and the badge actions and button of the
registration list (the Registration admin of `delegates`, extended here: `delegates` does not
know the venue)."""

from django.contrib import admin, messages
from django.db import transaction
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
from delegates.admin import RegistrationAdmin
from delegates.models import Registration, RegistrationStatus
from sessions_app.admin import SessionTimesMixin
from sessions_app.models import Session
from venue.certificates_admin import RegistrationCertificateAdminMixin, issue_certificates_action
from venue.models import BadgeLayout, BadgePrint, CheckIn
from venue.services.checkin import undo_check_in
from venue.services.printing import (
    PRINT_PERMISSION,
    BadgeError,
    badge_filename,
    prepare_session_badges,
    render_badges,
)

# --- registration list: badge actions and button -------------------------------------------


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
        url = reverse("venue:session_badges", kwargs={"number": registration.session.number})
        return format_html(
            '<a class="button" href="{}?layout=a6&amp;ids={}">{}</a>',
            url,
            registration.pk,
            gettext("Badge"),
        )


# --- badge printings ---------------------------------------------------------------------


@admin.register(BadgePrint)
class BadgePrintAdmin(AuthorizedAdminMixin, SessionTimesMixin, admin.ModelAdmin):
    """Who printed which badges when; the list also offers one-click printing per session."""

    list_display = ("printed_at", "session", "layout", "badge_count", "printed_by")
    list_filter = ("layout", "session")
    list_select_related = ("session", "printed_by")
    date_hierarchy = "printed_at"
    readonly_fields = ("session", "layout", "badge_count", "printed_by", "printed_at")
    exclude = ("registrations",)
    change_list_template = "admin/venue/badgeprint/change_list.html"

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
            "can_check_in": request.user.has_perm("venue.check_in"),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "prepare/<int:number>/",
                self.admin_site.admin_view(self.prepare_view),
                name="venue_badgeprint_prepare",
            ),
            *super().get_urls(),
        ]

    def prepare_view(self, request, number):
        """Render now (in the task worker) the badges of a session not yet prepared."""
        if request.method != "POST":
            return redirect("admin:venue_badgeprint_changelist")
        session = get_object_or_404(Session, number=number)
        prepare_session_badges(session, by=request.user)
        self.message_user(
            request,
            gettext(
                "The badges of %(session)s are being prepared: printing them all will then "
                "take a few seconds."
            )
            % {"session": session.title},
            messages.SUCCESS,
        )
        return redirect("admin:venue_badgeprint_changelist")


# --- check-ins ---------------------------------------------------------------------------


@admin.register(CheckIn)
class CheckInAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
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

    def delete_model(self, request, obj):
        """Deleting a check-in is the desk's "undo", with its history."""
        undo_check_in(obj.session, obj.registration_id, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for check_in in queryset.select_related("session").order_by("pk"):
                undo_check_in(check_in.session, check_in.registration_id, by=request.user)

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, check_in):
        return check_in.registration.person.full_name_latin


# --- the registration list -----------------------------------------------------------------


class VenueRegistrationAdmin(
    RegistrationCertificateAdminMixin, RegistrationBadgeAdminMixin, RegistrationAdmin
):
    """The Registration admin of `delegates`, with the badge actions and a badge button per
    row (the way django.contrib.auth's UserAdmin is extended: unregister, register again)."""

    list_display = (*RegistrationAdmin.list_display, "badge_button")
    actions = [
        *RegistrationAdmin.actions,
        print_badges_a6,
        print_badges_a4,
        issue_certificates_action,
    ]


admin.site.unregister(Registration)
admin.site.register(Registration, VenueRegistrationAdmin)
