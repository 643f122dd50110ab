from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from agreements import services
from agreements.forms import AgreementAdminForm, PartyAdminForm
from agreements.models import (
    Agreement,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    Party,
    Protocol,
    ProtocolSection,
    Signatory,
)
from core.admin import HistoryAdmin, status_badge, with_details
from core.authorization import AuthorizedAdminMixin, user_may
from core.documents import stored_file_response
from core.text import two_parts
from sessions_app.admin import SessionTimesMixin, session_cell


class PartyInline(admin.StackedInline):
    """Side, organization and region on one line, the name and the order on the next
    (static/css/admin_inlines.css): as a table's row they went past a laptop's screen."""

    model = Party
    form = PartyAdminForm
    extra = 0
    min_num = 1
    autocomplete_fields = ("organization", "region")
    verbose_name = _("party")
    verbose_name_plural = _("parties (organization, region or name, with its side)")
    classes = ("grid-inline", "party-inline")


class SignatoryInline(admin.StackedInline):
    """Side and name in both scripts, the title in both languages, the organization and the
    order: three lines a signatory (static/css/admin_inlines.css), not a row of seven inputs
    past a laptop's screen."""

    model = Signatory
    extra = 0
    classes = ("grid-inline", "signatory-inline")
    fields = (
        "side",
        "name",
        "name_other_script",
        "title",
        "title_other_language",
        "organization",
        "position",
    )


# The colour of a status in the list (core.admin.status_badge).
STATUS_TONES = {
    AgreementStatus.DRAFT: "new",
    AgreementStatus.SIGNED: "done",
    AgreementStatus.IN_FORCE: "done",
    AgreementStatus.EXPIRED: "closed",
    AgreementStatus.TERMINATED: "closed",
}


# The colour of a commitment's status in the list (core.admin.status_badge).
COMMITMENT_TONES = {
    CommitmentStatus.NOT_STARTED: "new",
    CommitmentStatus.IN_PROGRESS: "waiting",
    CommitmentStatus.POSTPONED: "waiting",
    CommitmentStatus.FULFILLED: "done",
    CommitmentStatus.DROPPED: "closed",
}


@admin.register(Agreement)
class AgreementAdmin(AuthorizedAdminMixin, HistoryAdmin):
    form = AgreementAdminForm
    inlines = (PartyInline, SignatoryInline)
    # The kind and sector under the title, the session as its numeral: the list fits a
    # 1280 px laptop with the navigation and the filters open.
    list_display = ("title_display", "session_display", "signing_date_display", "status_display")
    list_filter = ("status", "kind", "sector", "session", "signed_copy_is_public")
    list_select_related = ("session",)
    search_fields = ("title_it", "title_ru", "title_en", "summary_it", "summary_ru", "summary_en")
    date_hierarchy = "signing_date"
    autocomplete_fields = ("session",)
    fieldsets = (
        (None, {"fields": ("kind", "sector", "status")}),
        (_("Titles"), {"fields": ("title_it", "title_ru", "title_en")}),
        (_("Summary"), {"fields": ("summary_it", "summary_ru", "summary_en")}),
        (
            _("Signing"),
            {"fields": ("session", ("signing_date", "signing_place"))},
        ),
        (_("Duration"), {"fields": (("duration_months", "renewal"),)}),
        (_("Signed copy"), {"fields": ("signed_copy", "signed_copy_is_public", "notes")}),
    )

    @admin.display(description=_("title"), ordering="title_it")
    def title_display(self, agreement):
        kind_and_sector = f"{agreement.get_kind_display()} · {agreement.get_sector_display()}"
        return with_details(agreement.title, kind_and_sector)

    @admin.display(description=_("session"), ordering="session__number")
    def session_display(self, agreement):
        return session_cell(agreement.session)

    @admin.display(description=_("signing date"), ordering="signing_date")
    def signing_date_display(self, agreement):
        if agreement.signing_date is None:
            return "–"
        return date_format(agreement.signing_date, "SHORT_DATE_FORMAT")

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, agreement):
        return status_badge(
            agreement.status, agreement.get_status_display(), STATUS_TONES[agreement.status]
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only: never the stored file's own URL (private media have none), and a link to
        # the checked view only for staff who may open it, or for a public copy.
        shown = (
            "signed_copy_link"
            if user_may(request.user, services.SIGNED_COPY_PERMISSION)
            else "signed_copy_on_file"
        )
        return [
            (name, {**options, "fields": _replace(options["fields"], "signed_copy", shown)})
            for name, options in fieldsets
        ]

    @admin.display(description=_("signed copy (PDF)"))
    def signed_copy_link(self, agreement):
        if not agreement.signed_copy:
            return "—"
        url = reverse("agreements:signed_copy", kwargs={"pk": agreement.pk})
        return format_html('<a href="{}">{}</a>', url, gettext("Open the signed copy"))

    @admin.display(description=_("signed copy (PDF)"))
    def signed_copy_on_file(self, agreement):
        if agreement.signed_copy and agreement.signed_copy_is_public:
            return self.signed_copy_link(agreement)
        if agreement.signed_copy:
            return gettext("On file; only staff allowed to see signed copies can open it.")
        return "—"


def _replace(fields, old, new):
    """`fields` of a fieldset (names, or tuples of names on one line) with `old` as `new`."""
    return tuple(
        _replace(field, old, new)
        if isinstance(field, tuple | list)
        else new
        if field == old
        else field
        for field in fields
    )


class ProtocolSectionInline(admin.StackedInline):
    """Sections edited side by side: Italian on the left, Russian on the right."""

    model = ProtocolSection
    extra = 0
    classes = ("protocol-sections",)
    fields = (
        ("position", "kind"),
        ("heading_it", "heading_ru"),
        ("body_it", "body_ru"),
    )

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_final) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_final) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_final) and super().has_delete_permission(request, obj)


class OverdueFilter(admin.SimpleListFilter):
    """The commitments still open whose deadline has passed (Commitment.is_overdue)."""

    title = pgettext_lazy("filter of commitments", "deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", pgettext_lazy("commitments", "Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


@admin.register(Commitment)
class CommitmentAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    """The commitments of the Protocols' sections. Once the Protocol is final its text is the
    signed one: only where each commitment stands is kept up to date (for the next session's
    annex)."""

    session_path = "section__protocol__session"
    # The side and the institution under the text, the session as its numeral, the status as
    # a badge: the list fits a 1280 px laptop with the navigation and the filters open, in
    # Russian too.
    list_display = (
        "commitment",
        "session",
        "deadline_display",
        "status_display",
        "updated_at",
    )
    list_display_links = ("commitment",)
    list_filter = (OverdueFilter, "status", "side", "section__protocol__session")
    list_select_related = ("section__protocol__session",)
    search_fields = ("text_it", "text_ru", "institution_it", "institution_ru")
    fields = (
        "section",
        "position",
        ("text_it", "text_ru"),
        "side",
        ("institution_it", "institution_ru"),
        "deadline",
        "status",
        ("status_note_it", "status_note_ru"),
    )
    SIGNED_FIELDS = (
        "section",
        "position",
        "text_it",
        "text_ru",
        "side",
        "institution_it",
        "institution_ru",
        "deadline",
    )

    @admin.display(description=_("commitment"))
    def commitment(self, commitment):
        """Its text in the reader's language (else in the other one), cut between words, and
        under it who is to carry it out: the side, and the institution."""
        russian = (get_language() or "").startswith("ru")
        text, institution = (
            (
                commitment.text_ru or commitment.text_it,
                commitment.institution_ru or commitment.institution_it,
            )
            if russian
            else (
                commitment.text_it or commitment.text_ru,
                commitment.institution_it or commitment.institution_ru,
            )
        )
        who = " · ".join(filter(None, [commitment.get_side_display(), institution]))
        return with_details(Truncator(text).words(25, truncate="…"), who)

    @admin.display(description=_("session"), ordering="section__protocol__session__number")
    def session(self, commitment):
        return session_cell(commitment.section.protocol.session)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, commitment):
        return status_badge(
            commitment.status,
            commitment.get_status_display(),
            COMMITMENT_TONES.get(commitment.status, "closed"),
        )

    @admin.display(description=pgettext_lazy("of a commitment", "deadline"), ordering="deadline")
    def deadline_display(self, commitment):
        """The deadline, and a mark when it has passed on an open commitment (the portal's
        date; the row's own fields: no query per row)."""
        if commitment.deadline is None:
            return self.get_empty_value_display()
        if not commitment.is_overdue():
            return date_format(commitment.deadline, "SHORT_DATE_FORMAT")
        return format_html(
            '{} <span class="commitment-overdue">{}</span>',
            date_format(commitment.deadline, "SHORT_DATE_FORMAT"),
            pgettext("of a commitment", "Overdue"),
        )

    class Media:
        css = {"all": ("css/agreements_admin.css",)}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.section.protocol.is_final:
            return self.SIGNED_FIELDS
        return ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            # New commitments go into drafts; one query for every choice.
            kwargs["queryset"] = ProtocolSection.objects.select_related("protocol__session").filter(
                protocol__status="draft"
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = lambda section: two_parts(
                section.protocol, f"{section.position}. {section.heading_it}"
            )
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Protocol)
class ProtocolAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    inlines = (ProtocolSectionInline,)
    list_display = ("session", "status", "section_count", "finalized_at", "finalized_by")
    list_filter = ("status",)
    list_select_related = ("session", "finalized_by")
    search_fields = ("=session__number", "session__city_it", "session__city_ru")
    autocomplete_fields = ("session",)
    readonly_fields = (
        "status",
        "final_pdf_link",
        "final_pdf_sha256",
        "finalized_at",
        "finalized_by",
    )
    actions = ("start_from_previous_action", "finalize_action")
    change_form_template = "admin/agreements/protocol/change_form.html"

    class Media:
        css = {"all": ("css/agreements_admin.css",)}
        js = ("js/agreements_admin.js",)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("session", "signing_date", ("place_it", "place_ru"))}),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    _("Lifecycle"),
                    {
                        "fields": (
                            "status",
                            "final_pdf_link",
                            "final_pdf_sha256",
                            ("finalized_at", "finalized_by"),
                        )
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A protocol belongs to its session for good.
            fields.append("session")
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_final:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_final:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("sections"), ordering="section_total")
    def section_count(self, protocol):
        return protocol.section_total

    @admin.display(description=_("final PDF"))
    def final_pdf_link(self, protocol):
        if not protocol.is_final:
            return gettext("Not finalized yet")
        return format_html('<a href="{}">{}</a>', protocol.get_pdf_url(), gettext("Download"))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<int:object_id>/finalize/",
                self.admin_site.admin_view(self.finalize_view),
                name="{}_{}_finalize".format(*info),
            ),
            path(
                "<int:object_id>/start-from-previous/",
                self.admin_site.admin_view(self.start_from_previous_view),
                name="{}_{}_start_from_previous".format(*info),
            ),
            path(
                "<int:object_id>/outline/",
                self.admin_site.admin_view(self.outline_view),
                name="{}_{}_outline".format(*info),
            ),
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        protocol = self.get_object(request, object_id)
        if protocol is not None:
            may_finalize = self.has_finalize_permission(request) and not protocol.is_final
            extra_context.update(
                can_finalize=may_finalize and protocol.session.has_started(),
                # Before the session, the day from which it can be finalized, not the button.
                finalize_later=(
                    services.finalize_refusal(protocol)
                    if may_finalize and not protocol.session.has_started()
                    else None
                ),
                can_compose=self.has_compose_permission(request, protocol),
                is_final=protocol.is_final,
                has_sections=protocol.sections.exists(),
                previous_protocol=services.previous_protocol(protocol),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _protocol_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            Protocol.objects.select_related("session", "session__host_region"), pk=object_id
        )

    def _change_url(self, protocol):
        return reverse("admin:agreements_protocol_change", args=[protocol.pk])

    def preview_view(self, request, object_id):
        protocol = self._protocol_or_404(request, object_id)
        if protocol.is_final:
            # The document that was signed, not a new rendering of it.
            return HttpResponseRedirect(protocol.get_pdf_url())
        name = f"draft-protocol-{protocol.session.roman_numeral}.pdf"
        return stored_file_response(services.draft_protocol_pdf_path(protocol), name)

    def finalize_view(self, request, object_id):
        protocol = self._protocol_or_404(request, object_id)
        if not self.has_finalize_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.finalize_protocol(protocol, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The protocol is final. SHA-256 of its PDF: %(sha)s")
                    % {"sha": Protocol.objects.get(pk=protocol.pk).final_pdf_sha256},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(protocol))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "protocol": protocol,
            "title": gettext("Finalize the protocol"),
            "section_count": protocol.sections.count(),
            "annex_count": len(services.annex_agreements(protocol.session)),
            "refusal": None if protocol.is_final else services.finalize_refusal(protocol),
        }
        return TemplateResponse(
            request, "admin/agreements/protocol/finalize_confirmation.html", context
        )

    def _run_composition(self, request, protocol, service, success_message):
        if not self.has_compose_permission(request, protocol):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(protocol))
        try:
            service(protocol, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, success_message, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(protocol))

    def start_from_previous_view(self, request, object_id):
        protocol = self._protocol_or_404(request, object_id)
        return self._run_composition(
            request,
            protocol,
            services.start_from_previous_protocol,
            gettext("The sections of the previous session's protocol were copied; edit them."),
        )

    def outline_view(self, request, object_id):
        protocol = self._protocol_or_404(request, object_id)
        return self._run_composition(
            request,
            protocol,
            services.add_default_sections,
            gettext("The usual sections were added; fill in their text."),
        )

    @admin.action(
        description=_("Start from the previous session's protocol"), permissions=["compose"]
    )
    def start_from_previous_action(self, request, queryset):
        for protocol in queryset.select_related("session"):
            try:
                previous, copies = services.start_from_previous_protocol(protocol, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{protocol}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(protocol)s: %(count)d section copied from %(previous)s.",
                        "%(protocol)s: %(count)d sections copied from %(previous)s.",
                        len(copies),
                    )
                    % {"protocol": protocol, "count": len(copies), "previous": previous},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Finalize the selected protocols"), permissions=["finalize"])
    def finalize_action(self, request, queryset):
        for protocol in queryset.select_related("session"):
            try:
                services.finalize_protocol(protocol, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{protocol}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, gettext("%(protocol)s is final.") % {"protocol": protocol}
                )

    def has_finalize_permission(self, request):
        return user_may(request.user, services.FINALIZE_PERMISSION)

    def has_compose_permission(self, request, obj=None):
        """Writing sections into a draft: copying the previous protocol, the usual outline."""
        if obj is not None and obj.is_final:
            return False
        return user_may(request.user, *services.COMPOSE_PERMISSIONS)
