"""Admin of the visa invitation letters: passport data only for staff allowed to see it."""

import threading

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.authorization import AuthorizedAdminMixin, user_may
from core.http import file_response
from delegates.models import RegistrationStatus
from delegates.services.exceptions import RegistrationError
from delegates.services.lifecycle import DECIDE_PERMISSION
from sessions_app.admin import SessionTimesMixin
from staff.models import AuditAction
from staff.services import record_access
from travel.models import PASSPORT_FIELDS, VisaLetterRequest, VisaLetterStatus
from travel.services.letters import (
    RELEASE_PERMISSIONS,
    TRACKING_PERMISSION,
    WITHDRAWN_BY_DELEGATE,
    VisaLetterError,
    correct_letter_request,
    delete_letter_requests,
    letter_filename,
    letter_problems,
    letter_queryset,
    release_visa_letters,
    render_visa_letter,
    render_visa_letters,
)
from travel.services.passport_rules import rules_for
from travel.services.tracking import act_on_refused_visa, mark_sent, revoke_letter

PASSPORT_PERMISSION = "travel.view_passport_data"


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


@admin.action(description=_("Record that the letters were sent"), permissions=["track"])
def mark_letters_sent(modeladmin, request, queryset):
    done = 0
    for letter_request in queryset:
        try:
            mark_sent(letter_request, by=request.user)
            done += 1
        except VisaLetterError as error:
            modeladmin.message_user(request, f"{letter_request}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s letter recorded as sent.", "%(count)s letters recorded as sent.", done
            )
            % {"count": done},
            messages.SUCCESS,
        )


def _act_on_refused(modeladmin, request, queryset, to):
    done = 0
    for letter_request in queryset.select_related("registration"):
        try:
            act_on_refused_visa(letter_request, to, by=request.user)
            done += 1
        except (VisaLetterError, RegistrationError) as error:
            modeladmin.message_user(request, f"{letter_request}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s registration changed: its place goes to the waiting list.",
                "%(count)s registrations changed: their places go to the waiting list.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


@admin.action(
    description=_("Visa refused: move the delegates to the waiting list"), permissions=["decide"]
)
def waitlist_refused_visas(modeladmin, request, queryset):
    _act_on_refused(modeladmin, request, queryset, RegistrationStatus.WAITLISTED)


@admin.action(description=_("Visa refused: cancel the registrations"), permissions=["decide"])
def cancel_refused_visas(modeladmin, request, queryset):
    _act_on_refused(modeladmin, request, queryset, RegistrationStatus.CANCELLED)


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the revocation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The verification page says that the letter is revoked (not why)."),
    )


@admin.register(VisaLetterRequest)
class VisaLetterRequestAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    """Passport data only for staff with `travel.view_passport_data`."""

    session_path = "registration__session"

    list_display = (
        "person_name",
        "session_number",
        "delegation",
        "status",
        "requested_at",
        "released_at",
        "sent_at",
        "visa_outcome",
        "ready",
        "letter_button",
    )
    list_filter = (
        "status",
        "visa_outcome",
        "registration__session",
        "registration__delegation",
    )
    list_select_related = (
        "registration__person",
        "registration__session__visa_settings",
        "registration__organization",
        "registration__visa_entitlement_exception",
    )
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "registration__person__email",
    )
    actions = [
        release_letters,
        generate_letters,
        mark_letters_sent,
        waitlist_refused_visas,
        cancel_refused_visas,
    ]
    _page = threading.local()  # what one request's list page reads once (passport rules)
    readonly_fields = (
        "registration",
        "status",
        "requested_at",
        "released_at",
        "released_by",
        "sent_at",
        "visa_outcome",
        "visa_outcome_at",
        "letter_number",
        "letter_version",
        "revoked_at",
        "revocation",
        "passport_data_erased_at",
    )

    def has_add_permission(self, request):
        return False  # delegates ask for letters themselves, from their private link

    def save_model(self, request, obj, form, change):
        """Staff's corrections go through the service (never the status)."""
        correct_letter_request(
            obj, {name: form.cleaned_data[name] for name in form.cleaned_data}, by=request.user
        )

    def delete_model(self, request, obj):
        delete_letter_requests([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        delete_letter_requests(list(queryset), by=request.user)

    def can_see_passport(self, request):
        return user_may(request.user, PASSPORT_PERMISSION)

    def has_passport_data_permission(self, request):
        """Generating letters: reading passport data."""
        return self.has_view_permission(request) and self.can_see_passport(request)

    def has_release_letters_permission(self, request):
        return user_may(request.user, *RELEASE_PERMISSIONS)

    def has_track_permission(self, request):
        return user_may(request.user, TRACKING_PERMISSION)

    def has_decide_permission(self, request):
        return user_may(request.user, DECIDE_PERMISSION)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a request with its passport data leaves a trace in the audit trail.
        if request.method == "GET" and self.can_see_passport(request):
            letter_request = self.get_object(request, object_id)
            if letter_request is not None and self.has_view_permission(request, letter_request):
                record_access(request, AuditAction.VIEW_PASSPORT_DATA, letter_request)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fields(self, request, obj=None):
        fields = ["registration", "status", "consulate_office", "consulate"]
        if self.can_see_passport(request):
            fields += list(PASSPORT_FIELDS)
        return fields + [
            "requested_at",
            "released_at",
            "released_by",
            "sent_at",
            "visa_outcome",
            "visa_outcome_at",
            "letter_number",
            "letter_version",
            "revoked_at",
            "revocation",
            "passport_data_erased_at",
        ]

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
        # The passport rules of each destination are read once per page, not once per row.
        cache = getattr(self._page, "rules", {})
        country = letter_request.registration.session.host_country
        if country not in cache:
            cache[country] = rules_for(country)
        return not letter_problems(letter_request, rules=cache[country])

    def changelist_view(self, request, extra_context=None):
        self._page.rules = {}  # the page renders after this returns (TemplateResponse)
        # The buttons each row offers: only those this user may follow (the views' checks).
        self._page.may_open_letter = self.may_open_letter(request)
        self._page.may_revoke = user_may(request.user, *RELEASE_PERMISSIONS)
        return super().changelist_view(request, extra_context)

    def may_open_letter(self, request):
        """Who may open a letter's PDF (`letter_view`): it prints the passport data."""
        return self.has_view_permission(request) and self.can_see_passport(request)

    @admin.display(description=_("letter"))
    def letter_button(self, letter_request):
        button = ""
        if getattr(self._page, "may_open_letter", False):
            url = reverse("admin:travel_visaletterrequest_letter", args=[letter_request.pk])
            button = format_html('<a class="button" href="{}">{}</a>', url, gettext("PDF"))
        if getattr(self._page, "may_revoke", False) and letter_request.status in (
            VisaLetterStatus.RELEASED,
            VisaLetterStatus.SENT,
        ):
            revoke = reverse("admin:travel_visaletterrequest_revoke", args=[letter_request.pk])
            button += format_html(' <a class="button" href="{}">{}</a>', revoke, gettext("Revoke"))
        return button or "–"

    @admin.display(description=_("reason for the revocation"))
    def revocation(self, letter_request):
        if letter_request.revocation_reason == WITHDRAWN_BY_DELEGATE:
            return gettext("Withdrawn: the delegate changed the passport data.")
        return letter_request.revocation_reason or "–"

    @admin.display(description=_("Letter number"))
    def letter_number(self, letter_request):
        return letter_request.letter_number

    def get_urls(self):
        return [
            path(
                "<int:pk>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="travel_visaletterrequest_letter",
            ),
            path(
                "<int:pk>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="travel_visaletterrequest_revoke",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        """One letter, generated on demand (letters are never stored)."""
        if not self.may_open_letter(request):
            raise PermissionDenied
        letter_request = get_object_or_404(letter_queryset(VisaLetterRequest.objects), pk=pk)
        record_access(request, AuditAction.VIEW_PASSPORT_DATA, letter_request, detail="letter PDF")
        try:
            pdf = render_visa_letter(letter_request)
        except VisaLetterError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:travel_visaletterrequest_change", pk)
        return file_response(pdf, letter_filename(letter_request))

    def revoke_view(self, request, pk):
        """Revoke one letter, with the reason (staff who release letters)."""
        if not user_may(request.user, *RELEASE_PERMISSIONS):
            raise PermissionDenied
        letter_request = get_object_or_404(letter_queryset(VisaLetterRequest.objects), pk=pk)
        form = RevocationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                revoke_letter(letter_request, reason=form.cleaned_data["reason"], by=request.user)
            except VisaLetterError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, gettext("The letter is revoked."), messages.SUCCESS)
                return redirect("admin:travel_visaletterrequest_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Revoke the letter %(number)s")
            % {"number": letter_request.letter_number},
            "letter_request": letter_request,
            "form": form,
        }
        return TemplateResponse(request, "admin/travel/visaletterrequest/revoke.html", context)


from travel import hotel_admin, visa_admin  # noqa: E402, F401  (their own models)
