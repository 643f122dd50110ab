"""Staff's side of registration: the list of registrations with filters, search in both
scripts, bulk decisions, exports and the per-session report; organizations and people."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.admin import HistoryAdmin, apply_to_each, status_badge, with_details
from core.authorization import AuthorizedAdminMixin, user_may
from core.http import XLSX, file_response
from delegates.models import (
    CHOICE_KINDS,
    CompanyVisitBooking,
    Organization,
    Person,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationStatus,
    check_thematic_tables,
)
from delegates.services import (
    RegistrationError,
    approve,
    cancel,
    counts_for_sessions,
    promote_from_waitlist,
    register_by_staff,
    reject,
    session_counts,
    update_by_staff,
    waitlist,
)
from delegates.services.exports import csv_lines, xlsx_bytes
from delegates.services.lifecycle import DECIDE_PERMISSION, delete_registrations, refusal_of
from delegates.services.lifecycle import transition as change_status
from delegates.services.questions import ADD_PERMISSION as ADD_QUESTION_PERMISSION
from delegates.services.questions import add_logistics_block
from sessions_app.admin import SessionTimesMixin
from sessions_app.choices import name_with_session
from sessions_app.models import Region, Session, ThematicTable
from staff.models import AuditAction
from staff.services import record_access


@admin.register(Organization)
class OrganizationAdmin(AuthorizedAdminMixin, HistoryAdmin):
    # The Cyrillic name under the Latin one, the region and the country under the city: the
    # list fits a 1280 px laptop with the navigation and the filters open.
    list_display = ("name", "category", "place")
    list_display_links = ("name",)
    list_filter = ("country", "category", "sector")
    list_select_related = ("region",)
    search_fields = ("name_latin", "name_cyrillic", "normalized_name", "city")
    autocomplete_fields = ("region",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("name"), ordering="name_latin")
    def name(self, organization):
        return with_details(organization.name_latin, organization.name_cyrillic)

    @admin.display(description=_("city"), ordering="city")
    def place(self, organization):
        """The city, and under it the region and the country ("Набережные Челны" /
        "Республика Татарстан · Россия")."""
        where = " · ".join(
            str(part) for part in (organization.region, organization.get_country_display()) if part
        )
        return with_details(organization.city or "—", where)


@admin.register(Person)
class PersonAdmin(AuthorizedAdminMixin, HistoryAdmin):
    # The Latin spelling (or the Cyrillic one an Italian gave) under the name, the e-mail
    # address breaking where it must: the list fits a 1280 px laptop.
    list_display = ("name", "email")
    list_display_links = ("name",)
    search_fields = (
        "family_name",
        "given_name",
        "family_name_latin",
        "given_name_latin",
        "name_cyrillic",
        "email",
    )
    list_filter = ("preferred_language",)

    @admin.display(
        description=pgettext_lazy("of a person, family name first", "name"), ordering="family_name"
    )
    def name(self, person):
        """Family name first, as the list is sorted; under it the name in the other script."""
        other = (
            f"{person.family_name_latin} {person.given_name_latin}"
            if person.has_other_script
            else person.name_cyrillic
        )
        return with_details(f"{person.family_name} {person.given_name}", other)


class CompanyVisitBookingInline(admin.TabularInline):
    model = CompanyVisitBooking
    extra = 0
    fields = ("visit", "status", "created_at")
    readonly_fields = ("visit", "status", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _run_service(modeladmin, request, queryset, service, done_message):
    """Apply a workflow service to each selected registration; report successes and, grouped,
    the reasons of refusals."""
    apply_to_each(
        modeladmin,
        request,
        queryset.select_related("person", "session"),
        lambda registration: service(registration, by=request.user),
        refusals=RegistrationError,
        done=done_message,
        refused=lambda count: ngettext(
            "Not changed (%(count)s registration): %(reason)s – %(names)s",
            "Not changed (%(count)s registrations): %(reason)s – %(names)s",
            count,
        ),
        name=lambda registration: str(registration.person),
    )


@admin.action(
    description=_("Approve the selected registrations (e-mail to each)"), permissions=["decide"]
)
def approve_selected(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        approve,
        lambda n: (
            ngettext("%(count)s registration approved.", "%(count)s registrations approved.", n)
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Put the selected registrations on the waiting list (e-mail to each)"),
    permissions=["decide"],
)
def waitlist_selected(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        waitlist,
        lambda n: (
            ngettext(
                "%(count)s registration put on the waiting list.",
                "%(count)s registrations put on the waiting list.",
                n,
            )
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Reject the selected registrations (e-mail to each)"), permissions=["decide"]
)
def reject_selected(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        reject,
        lambda n: (
            ngettext("%(count)s registration rejected.", "%(count)s registrations rejected.", n)
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Cancel the selected registrations (e-mail to each)"), permissions=["decide"]
)
def cancel_selected(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        cancel,
        lambda n: (
            ngettext("%(count)s registration cancelled.", "%(count)s registrations cancelled.", n)
            % {"count": n}
        ),
    )


class ThematicTableFilter(admin.RelatedFieldListFilter):
    """The tables of the session the list is filtered by; of every session otherwise, each
    named with its session, since sessions repeat their tables' names ("Edilizia (XXX)")."""

    def field_choices(self, field, request, model_admin):
        tables = ThematicTable.objects.select_related("session").order_by(
            "-session__number", "position", "pk"
        )
        session_id = request.GET.get("session__id__exact", "")
        if session_id.isdigit():
            return [(table.pk, str(table)) for table in tables.filter(session_id=session_id)]
        return [(table.pk, name_with_session(table)) for table in tables]


class RegionFilter(admin.RelatedFieldListFilter):
    """Regions by their name in the reader's language, not by ISO code."""

    def field_choices(self, field, request, model_admin):
        return [(region.pk, region.name) for region in Region.objects.by_name()]


class AnswerFilter(admin.SimpleListFilter):
    """The answers to the questions with choices (and yes/no) of the session the list is
    filtered by; for the other questions, whether they were answered."""

    title = _("answer to a registration question")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        session_id = request.GET.get("session__id__exact", "")
        if not session_id.isdigit():
            return []
        options = []
        for question in RegistrationQuestion.objects.filter(session_id=session_id):
            label = question.label()
            if question.kind in CHOICE_KINDS:
                for index, choice in enumerate(question.choices()):
                    options.append((f"{question.pk}:{index}", f"{label}: {choice}"))
            elif question.kind == QuestionKind.YES_NO:
                options.append((f"{question.pk}:yes", f"{label}: {gettext('yes')}"))
                options.append((f"{question.pk}:no", f"{label}: {gettext('no')}"))
            else:
                options.append((f"{question.pk}:answered", f"{label}: {gettext('answered')}"))
        return options

    def queryset(self, request, queryset):
        value = self.value() or ""
        question_id, _sep, key = value.partition(":")
        if not (question_id.isdigit() and key):
            return queryset
        answers = RegistrationAnswer.objects.filter(
            registration_id=models.OuterRef("pk"),
            question_id=int(question_id),
            keys__contains=f"|{key}|",
        )
        return queryset.filter(models.Exists(answers))


class RegistrationAnswerInline(admin.TabularInline):
    model = RegistrationAnswer
    extra = 0
    fields = ("question", "answer_text")
    readonly_fields = ("question", "answer_text")
    can_delete = False
    verbose_name_plural = _("answers to the registration questions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("answer"))
    def answer_text(self, answer):
        return answer.display()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegistrationAdminForm(forms.ModelForm):
    """The registration's thematic tables are its session's own: offered so
    (RegistrationAdmin.formfield_for_manytomany), and checked here on save."""

    class Meta:
        model = Registration
        fields = (
            "session",
            "person",
            "delegation",
            "organization",
            "position",
            "role",
            "thematic_tables",
            "wants_bilateral_meetings",
            "staff_notes",
        )

    def clean(self):
        data = super().clean()
        session = self.instance.session if self.instance.session_id else data.get("session")
        tables = data.get("thematic_tables")
        if session is not None and tables:
            try:
                check_thematic_tables(session, tables)
            except forms.ValidationError as error:
                for message in error.message_dict["thematic_tables"]:
                    self.add_error("thematic_tables", message)
        return data


# The colour of a status in the list: what it asks of staff (core.admin.status_badge).
STATUS_TONES = {
    RegistrationStatus.PENDING_CONFIRMATION: "new",
    RegistrationStatus.SUBMITTED: "new",
    RegistrationStatus.APPROVED: "done",
    RegistrationStatus.WAITLISTED: "waiting",
    RegistrationStatus.REJECTED: "closed",
    RegistrationStatus.CANCELLED: "closed",
}

# The buttons of the change page: name in the URL -> status reached (lifecycle.transition).
TRANSITIONS = {
    "approve": RegistrationStatus.APPROVED,
    "waitlist": RegistrationStatus.WAITLISTED,
    "reject": RegistrationStatus.REJECTED,
    "cancel": RegistrationStatus.CANCELLED,
}
# The decisions that end the delegate's participation and give the place away to the waiting
# list at once: a slip of the mouse could not be taken back before the e-mail left. They go
# through a page that says what follows (GET), and act only when it is confirmed (POST), as
# the Protocol's finalization does. Approving and waitlisting keep their one click: neither
# ends anything, and the next decision corrects either.
CONFIRMED_TRANSITIONS = ("reject", "cancel")


@admin.register(Registration)
class RegistrationAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    # Few columns, facts stacked in them: the list fits a 1280 px laptop with the navigation
    # and the filters open (static/css/admin_lists.css).
    list_display = ("delegate", "delegation_and_role", "status_label", "submitted_at")
    list_display_links = ("delegate",)
    list_filter = (
        "session",
        "delegation",
        "status",
        "organization__category",
        ("organization__region", RegionFilter),
        ("thematic_tables", ThematicTableFilter),
        "role",
        "wants_bilateral_meetings",
        AnswerFilter,
    )
    list_select_related = ("person", "organization", "session")
    list_per_page = 100
    search_fields = (
        "person__family_name",
        "person__given_name",
        "person__family_name_latin",
        "person__given_name_latin",
        "person__email",
        "organization__name_latin",
        "organization__name_cyrillic",
    )
    search_help_text = _("Name in either script, e-mail or organization")
    ordering = ("-submitted_at", "-pk")
    actions = [
        approve_selected,
        waitlist_selected,
        reject_selected,
        cancel_selected,
    ]
    autocomplete_fields = ("person", "organization")
    filter_horizontal = ("thematic_tables",)
    inlines = [CompanyVisitBookingInline, RegistrationAnswerInline]
    form = RegistrationAdminForm

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The tables of the registration's session once it is known (the registration's, or
        the one chosen on the add page); before, every session's, each named with its session
        ("Edilizia (XXX)"): sessions repeat their tables' names."""
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "thematic_tables" and field is not None:
            object_id = request.resolver_match.kwargs.get("object_id")
            session = self.editing_session(request, object_id)
            tables = field.queryset.select_related("session")
            if session is not None:
                field.queryset = tables.filter(session=session)
            else:
                field.queryset = tables.order_by("-session__number", "position", "pk")
                field.label_from_instance = name_with_session
            field.error_messages["invalid_choice"] = _(
                "Choose among the thematic tables of the registration's session."
            )
        return field

    def get_inlines(self, request, obj):
        # A registration entered by hand has no answers yet.
        if obj is None:
            return [CompanyVisitBookingInline]
        return super().get_inlines(request, obj)

    readonly_fields = (
        "status",
        "language",
        "privacy_consent_at",
        "confirmed_at",
        "submitted_at",
        "decided_at",
        "waitlisted_at",
        "cancelled_at",
        "cancelled_by_staff",
        "anonymized_at",
        "created_at",
        "updated_at",
        "management_link",
    )
    fieldsets = (
        (None, {"fields": ("session", "person", "delegation", "organization", "position", "role")}),
        (_("Programme"), {"fields": ("thematic_tables", "wants_bilateral_meetings")}),
        (
            _("Workflow"),
            {
                "fields": (
                    "status",
                    ("confirmed_at", "submitted_at"),
                    ("decided_at", "waitlisted_at"),
                    ("cancelled_at", "cancelled_by_staff"),
                    "staff_notes",
                )
            },
        ),
        (
            _("Privacy and links"),
            {
                "classes": ("collapse",),
                "fields": (
                    "language",
                    "privacy_consent_at",
                    "management_link",
                    "anonymized_at",
                    ("created_at", "updated_at"),
                ),
            },
        ),
    )
    change_list_template = "admin/delegates/registration/change_list.html"
    change_form_template = "admin/delegates/registration/change_form.html"

    @admin.display(description=_("delegate"), ordering="person__family_name")
    def delegate(self, registration):
        """Family name first, as the list is sorted; then the Latin spelling of a name in
        Cyrillic, and the organization."""
        person = registration.person
        latin = (
            f"{person.family_name_latin} {person.given_name_latin}"
            if person.has_other_script
            else ""
        )
        return with_details(
            f"{person.family_name} {person.given_name}", latin, registration.organization
        )

    @admin.display(description=_("delegation"), ordering="delegation")
    def delegation_and_role(self, registration):
        return with_details(registration.get_delegation_display(), registration.get_role_display())

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, registration):
        """The status, and under it the session as its numeral (as the other lists give it), so
        that rows of several sessions are told apart in the list without a filter."""
        return with_details(
            status_badge(
                registration.status,
                registration.get_status_display(),
                STATUS_TONES.get(registration.status, "closed"),
            ),
            registration.session.roman_numeral,
        )

    @admin.display(description=_("private link of the delegate"))
    def management_link(self, registration):
        if not registration.pk or registration.anonymized_at:
            return "—"
        url = reverse("delegates:manage", kwargs={"token": registration.management_token})
        return format_html('<a href="{}" rel="noreferrer">{}</a>', url, gettext("open"))

    def has_decide_permission(self, request):
        """Approve, waitlist, reject, cancel, promote: the registration workflow's permission."""
        return user_may(request.user, DECIDE_PERMISSION)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_decide": self.has_decide_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """A new registration goes through the lifecycle; a change saves only what staff may
        correct (never the status, even when reverting to an earlier version)."""
        if change:
            values = {name: getattr(obj, name) for name in form.fields}
            saved = update_by_staff(obj, values, by=request.user)
            obj.status = saved.status
        else:
            register_by_staff(obj, by=request.user)

    def delete_model(self, request, obj):
        delete_registrations([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        delete_registrations(queryset, by=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Who and for which session never change; a new registration comes from the form.
            fields += ["session", "person", "delegation"]
        return fields

    # --- extra pages ---------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("report/", wrap(self.report_view), name=f"{prefix}_report"),
            path(
                "report/<int:session_id>/",
                wrap(self.session_report_view),
                name=f"{prefix}_session_report",
            ),
            path(
                "report/<int:session_id>/promote/",
                wrap(require_POST(self.promote_view)),
                name=f"{prefix}_promote",
            ),
            path("export/csv/", wrap(self.export_csv_view), name=f"{prefix}_export_csv"),
            path("export/xlsx/", wrap(self.export_xlsx_view), name=f"{prefix}_export_xlsx"),
            path(
                "<path:object_id>/transition/<str:transition>/",
                wrap(require_http_methods(["GET", "POST"])(self.transition_view)),
                name=f"{prefix}_transition",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        session_id = request.GET.get("session__id__exact", "")
        if session_id.isdigit():
            session = Session.objects.filter(pk=session_id).first()
            if session is not None:
                extra_context["session_report"] = session_counts(session)
                extra_context["report_session"] = session
        extra_context["export_query"] = request.GET.urlencode()
        return super().changelist_view(request, extra_context)

    def _filtered_queryset(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            # A filter the list does not offer (a link edited by hand): the 400 page.
            raise BadRequest(str(error)) from error
        return changelist.get_queryset(request)

    def export_csv_view(self, request):
        queryset = self._filtered_queryset(request)
        record_access(
            request, AuditAction.EXPORT, detail=f"registrations, CSV {request.GET.urlencode()}"
        )
        response = StreamingHttpResponse(
            csv_lines(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self._export_name()}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    def export_xlsx_view(self, request):
        queryset = self._filtered_queryset(request)
        record_access(
            request, AuditAction.EXPORT, detail=f"registrations, Excel {request.GET.urlencode()}"
        )
        content = xlsx_bytes(queryset, title=gettext("Registrations"))
        return file_response(content, f"{self._export_name()}.xlsx", XLSX)

    @staticmethod
    def _export_name():
        return "registrations-" + timezone.localtime().strftime("%Y%m%d-%H%M")

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        sessions = list(
            Session.objects.with_region()
            .annotate(registration_count=Count("registrations"))
            .order_by("-number")
        )
        counts = counts_for_sessions(sessions)
        rows = [
            {
                "session": session,
                "italian": counts[session.pk]["IT"],
                "russian": counts[session.pk]["RU"],
                "from_registrations": session.registration_count > 0,
            }
            for session in sessions
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Registrations by session"),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/delegates/registration/report.html", context)

    def session_report_view(self, request, session_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.with_region(), pk=session_id)
        report = session_counts(session)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Registrations: %(session)s") % {"session": session},
            "session": session,
            "report": report,
            "statuses": RegistrationStatus.choices,
            "can_change": self.has_decide_permission(request),
        }
        return TemplateResponse(
            request, "admin/delegates/registration/session_report.html", context
        )

    def promote_view(self, request, session_id):
        if not self.has_decide_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_id)
        promoted = promote_from_waitlist(session, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)s registration promoted from the waiting list.",
                "%(count)s registrations promoted from the waiting list.",
                len(promoted),
            )
            % {"count": len(promoted)},
            messages.SUCCESS,
        )
        return redirect("admin:delegates_registration_session_report", session_id=session.pk)

    def transition_view(self, request, object_id, transition):
        if transition not in TRANSITIONS:
            raise Http404
        if not self.has_decide_permission(request):
            raise PermissionDenied
        registration = self.get_object(request, object_id)
        if registration is None:
            raise Http404
        if request.method != "POST":
            if transition not in CONFIRMED_TRANSITIONS:
                return HttpResponseNotAllowed(["POST"])
            return self._transition_confirmation(request, registration, transition)
        try:
            change_status(registration, TRANSITIONS[transition], by=request.user)
        except RegistrationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                gettext(
                    "The registration is now “%(status)s”; the delegate has been told by e-mail."
                )
                % {"status": registration.get_status_display()},
                messages.SUCCESS,
            )
        return redirect("admin:delegates_registration_change", object_id=registration.pk)

    def _transition_confirmation(self, request, registration, transition):
        """The page that asks before rejecting or cancelling: what happens, in the staff's
        language, and that the delegate is told by e-mail at once."""
        target = TRANSITIONS[transition]
        refusal = refusal_of(registration, target)
        session, person = registration.session, registration.person
        values = {
            "person": person,
            "session": session.title,
            "email": person.email,
            "status": RegistrationStatus(target).label,
        }
        language = get_language_info(registration.language or "it")["name_translated"]
        if transition == "reject":
            title = gettext("Reject the registration")
            happens = [
                gettext("The registration of %(person)s for the %(session)s becomes “%(status)s”.")
                % values,
                gettext(
                    "The delegate is told at once, by an e-mail in %(language)s to %(email)s. "
                    "A rejected registration can be approved later, but the e-mail cannot be "
                    "taken back."
                )
                % {**values, "language": language.lower()},
            ]
            confirm = gettext("Yes, reject the registration")
        else:
            title = gettext("Cancel the registration")
            told = gettext(
                "The delegate is told at once, by an e-mail in %(language)s to %(email)s. "
                "A registration cancelled by staff cannot be restored, and the delegate "
                "cannot register again for this session."
            )
            if registration.status == RegistrationStatus.PENDING_CONFIRMATION:
                told = gettext(
                    "The delegate has not confirmed the e-mail address yet and receives no "
                    "e-mail. A registration cancelled by staff cannot be restored, and the "
                    "delegate cannot register again for this session."
                )
            happens = [
                gettext(
                    "The registration of %(person)s for the %(session)s becomes “%(status)s”: "
                    "its company visits, hotel room and B2B meetings are given up."
                )
                % values,
                told % {**values, "language": language.lower()},
            ]
            confirm = gettext("Yes, cancel the registration")
        if (
            refusal is None
            and registration.holds_place
            and session.capacity_for(registration.delegation) is not None
            and session.registrations.filter(delegation=registration.delegation)
            .waitlisted()
            .exists()
        ):
            happens.append(
                gettext(
                    "The place it frees goes to the first delegate on the waiting list of the "
                    "%(delegation)s delegation, who is told by e-mail too."
                )
                % {"delegation": registration.get_delegation_display()}
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": registration,
            "title": title,
            "happens": happens,
            "confirm": confirm,
            "refusal": refusal.message if refusal is not None else None,
        }
        return TemplateResponse(
            request, "admin/delegates/registration/transition_confirmation.html", context
        )


class RegistrationQuestionForm(forms.ModelForm):
    class Meta:
        model = RegistrationQuestion
        fields = (
            "session",
            "kind",
            "delegation",
            "is_required",
            "position",
            "label_it",
            "label_ru",
            "label_en",
            "choices_it",
            "choices_ru",
            "choices_en",
        )
        widgets = {
            f"choices_{code}": forms.Textarea(attrs={"rows": 4}) for code in ("it", "ru", "en")
        }
        help_texts = {
            "choices_it": _("One choice per line, in the same order in every language."),
        }


@admin.register(RegistrationQuestion)
class RegistrationQuestionAdmin(AuthorizedAdminMixin, HistoryAdmin):
    """The questions of each session's registration form; the standard logistics block is
    added with one click from the list."""

    form = RegistrationQuestionForm
    list_display = ("label_text", "session", "kind", "delegation", "is_required", "position")
    list_filter = ("session", "kind", "delegation", "is_required")
    list_select_related = ("session",)
    search_fields = ("label_it", "label_ru", "label_en")
    change_list_template = "admin/delegates/registrationquestion/change_list.html"

    @admin.display(description=_("question"), ordering="label_it")
    def label_text(self, question):
        return question.label()

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "logistics-block/<int:session_id>/",
                self.admin_site.admin_view(require_POST(self.logistics_block_view)),
                name=f"{prefix}_logistics_block",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "block_sessions": Session.objects.not_cancelled().order_by("-number")[:5],
            "may_add_block": user_may(request.user, ADD_QUESTION_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def logistics_block_view(self, request, session_id):
        if not user_may(request.user, ADD_QUESTION_PERMISSION):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_id)
        added = add_logistics_block(session, by=request.user)
        if added:
            self.message_user(
                request,
                gettext("Standard logistics block added to the %(session)s: %(what)s.")
                % {"session": session.title, "what": "; ".join(str(name) for name in added)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("The %(session)s already has the standard logistics block.")
                % {"session": session.title},
                messages.INFO,
            )
        url = reverse("admin:delegates_registrationquestion_changelist")
        return redirect(f"{url}?session__id__exact={session.pk}")
