"""Staff's side of the collaboration projects: the call of each session (times in the host
city's zone), the review of the projects (bulk decisions with e-mails in each proposer's
language, translation states, exports, counts per table and delegation) and the follow-up."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import (
    HistoryAdmin,
    ServiceRefusalsAsErrors,
    apply_to_each,
    status_badge,
    with_details,
)
from core.authorization import ActionNotAllowed, AuthorizedAdminMixin
from core.http import XLSX, file_response
from projects import documents, reading
from projects.forms import DeclineForm
from projects.models import Call, CollaborationProject, FollowUp, ProjectStatus, TranslationState
from projects.services import ProjectError, lifecycle, proposals
from projects.services.exports import csv_text, xlsx_bytes
from sessions_app.admin import SessionTimesMixin, moment_cell
from sessions_app.dates import short_moment
from sessions_app.models import Session
from staff.models import AuditAction
from staff.services import record_access


@admin.register(Call)
class CallAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    list_display = ("session", "opens_at_local", "closes_at_local", "project_count", "counts_link")
    list_select_related = ("session",)
    autocomplete_fields = ("session",)
    fields = (
        "session",
        ("opens_at", "closes_at"),
        "introduction_it",
        "introduction_ru",
        "introduction_en",
        "follow_up_months",
        "meeting_follow_up_days",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("session")
            .annotate(projects_count=Count("session__projects"))
        )

    @admin.display(description=_("opens at"), ordering="opens_at")
    def opens_at_local(self, call):
        from sessions_app.dates import session_moment

        return session_moment(call.opens_at, call.session)

    @admin.display(description=_("deadline"), ordering="closes_at")
    def closes_at_local(self, call):
        from sessions_app.dates import session_moment

        return session_moment(call.closes_at, call.session)

    @admin.display(description=_("projects"), ordering="projects_count")
    def project_count(self, call):
        return call.projects_count

    @admin.display(description=_("counts"))
    def counts_link(self, call):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:projects_collaborationproject_counts", args=[call.session_id]),
            _("Counts per table and delegation"),
        )


def _run(modeladmin, request, queryset, service, done):
    apply_to_each(
        modeladmin,
        request,
        queryset.select_related("proposer__person"),
        service,
        refusals=ProjectError,
        done=done,
        refused=lambda count: ngettext(
            "Not changed (%(count)s project): %(reason)s – %(names)s",
            "Not changed (%(count)s projects): %(reason)s – %(names)s",
            count,
        ),
    )
    # Decisions about a session already over are recorded, not e-mailed (lifecycle.transition).
    over = sorted(
        {
            session.roman_numeral
            for session in Session.objects.filter(projects__in=queryset).distinct()
            if session.has_ended()
        }
    )
    if over:
        messages.warning(
            request,
            gettext(
                "No e-mail was sent about the projects of a session already held (%(sessions)s): "
                "the decision is only recorded."
            )
            % {"sessions": ", ".join(over)},
        )


@admin.action(
    description=_("Accept the selected projects for presentation at the table (e-mail to each)"),
    permissions=["review"],
)
def accept_for_table(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        lambda project: lifecycle.accept_for_table(project, by=request.user),
        lambda n: (
            ngettext(
                "%(count)s project accepted for presentation.",
                "%(count)s projects accepted for presentation.",
                n,
            )
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Accept the selected projects for the catalogue only (e-mail to each)"),
    permissions=["review"],
)
def accept_for_catalogue(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        lambda project: lifecycle.accept_for_catalogue(project, by=request.user),
        lambda n: (
            ngettext(
                "%(count)s project accepted for the catalogue.",
                "%(count)s projects accepted for the catalogue.",
                n,
            )
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Decline the selected projects, with a reason (e-mail to each)"),
    permissions=["review"],
)
def decline(modeladmin, request, queryset):
    sent = any(name in request.POST for name in ("reason_code", "reason_it", "reason_ru"))
    form = DeclineForm(request.POST if sent else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        _run(
            modeladmin,
            request,
            queryset,
            lambda project: lifecycle.decline(
                project,
                by=request.user,
                reason_it=data["reason_it"],
                reason_ru=data["reason_ru"],
                reason_code=data["reason_code"],
            ),
            lambda n: (
                ngettext("%(count)s project declined.", "%(count)s projects declined.", n)
                % {"count": n}
            ),
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": gettext("Decline collaboration projects"),
        "form": form,
        "projects": queryset.select_related("proposer__person"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "action": "decline",
    }
    return TemplateResponse(request, "admin/projects/collaborationproject/decline.html", context)


def _translation_action(state, description, done):
    @admin.action(description=description, permissions=["review"])
    def action(modeladmin, request, queryset):
        changed, refused = proposals.set_translation_state(list(queryset), state, by=request.user)
        if changed:
            modeladmin.message_user(request, done(len(changed)), messages.SUCCESS)
        if refused:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)s project still lacks its Italian or Russian text: %(titles)s",
                    "%(count)s projects still lack their Italian or Russian text: %(titles)s",
                    len(refused),
                )
                % {"count": len(refused), "titles": ", ".join(str(p) for p in refused[:5])},
                messages.WARNING,
            )

    action.__name__ = f"mark_{state}"
    return action


mark_translated = _translation_action(
    TranslationState.TRANSLATED,
    _("Mark the selected projects as translated"),
    lambda n: (
        ngettext(
            "%(count)s project marked as translated.", "%(count)s projects marked as translated.", n
        )
        % {"count": n}
    ),
)
mark_checked = _translation_action(
    TranslationState.CHECKED,
    _("Mark the translation of the selected projects as checked"),
    lambda n: (
        ngettext(
            "%(count)s translation marked as checked.",
            "%(count)s translations marked as checked.",
            n,
        )
        % {"count": n}
    ),
)
mark_needs_translation = _translation_action(
    TranslationState.NEEDS_TRANSLATION,
    _("Mark the selected projects as needing translation"),
    lambda n: (
        ngettext(
            "%(count)s project marked as needing translation.",
            "%(count)s projects marked as needing translation.",
            n,
        )
        % {"count": n}
    ),
)


def _export_name():
    return "projects-" + timezone.localtime().strftime("%Y%m%d-%H%M")


@admin.action(description=_("Export the selected projects (Excel)"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    record_access(request, AuditAction.EXPORT, detail="collaboration projects, Excel")
    content = xlsx_bytes(queryset, title=gettext("Collaboration projects"))
    return file_response(content, f"{_export_name()}.xlsx", XLSX)


@admin.action(description=_("Export the selected projects (CSV)"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    record_access(request, AuditAction.EXPORT, detail="collaboration projects, CSV")
    response = HttpResponse(csv_text(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


class StillToTranslateFilter(admin.SimpleListFilter):
    title = _("to translate before the session")
    parameter_name = "to_translate"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_translation()
        return queryset


# The colour of a status in the list (core.admin.status_badge).
STATUS_TONES = {
    ProjectStatus.PROPOSED: "new",
    ProjectStatus.ACCEPTED_FOR_TABLE: "done",
    ProjectStatus.ACCEPTED_FOR_CATALOGUE: "done",
    ProjectStatus.DECLINED: "closed",
    ProjectStatus.WITHDRAWN: "closed",
}


@admin.register(CollaborationProject)
class CollaborationProjectAdmin(
    ServiceRefusalsAsErrors, AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin
):
    # A rule of the content broken on save: an error on the form, with what staff typed.
    refusal_exceptions = (ProjectError,)
    # Facts stacked in few columns (the Russian title under the Italian, the table and the
    # order of presentation under the session, the translation under the status): the list
    # fits a 1280 px laptop with the navigation and the filters open.
    list_display = ("titles", "session_and_table", "organization", "status_and_translation")
    list_display_links = ("titles",)
    list_filter = (
        "session",
        "status",
        "translation_state",
        StillToTranslateFilter,
        "proposer__delegation",
        "kind",
        "sector",
        "thematic_table",
    )
    list_select_related = ("session", "thematic_table", "proposer__organization")
    search_fields = (
        "title_it",
        "title_ru",
        "proposer__person__family_name",
        "proposer__person__family_name_latin",
        "proposer__organization__name_latin",
        "proposer__organization__name_cyrillic",
    )
    actions = [
        accept_for_table,
        accept_for_catalogue,
        decline,
        mark_translated,
        mark_checked,
        mark_needs_translation,
        export_xlsx,
        export_csv,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("session", "proposer"),
                    ("status", "decided_at", "withdrawn_at"),
                    "decline_reason",
                    ("decision_note_it", "decision_note_ru"),
                    ("translation_state", "original_language"),
                )
            },
        ),
        (_("Italian"), {"fields": ("title_it", "summary_it")}),
        (_("Russian"), {"fields": ("title_ru", "summary_ru")}),
        (
            _("The project"),
            {
                "fields": (
                    ("thematic_table", "presentation_order"),
                    ("sector", "kind"),
                    ("partner_category", "partner_region"),
                    ("proposer_region", "proposer_position_other_language"),
                    "presentation_link",
                )
            },
        ),
    )
    readonly_fields = (
        "session",
        "proposer",
        "status",
        "decided_at",
        "withdrawn_at",
        "decline_reason",
        "original_language",
        "presentation_link",
    )
    autocomplete_fields = ("partner_region", "proposer_region")

    def has_add_permission(self, request):
        # Projects come from the delegates' private links.
        return False

    def get_readonly_fields(self, request, obj=None):
        # The note on a decline is written with it (the action asks for it); afterwards staff
        # may add its other language, which the proposer then reads on their page.
        readonly = self.readonly_fields
        if obj is None or obj.status != ProjectStatus.DECLINED:
            readonly += ("decision_note_it", "decision_note_ru")
        return readonly

    def has_review_permission(self, request):
        return request.user.has_perm(lifecycle.REVIEW_PERMISSION)

    @admin.display(description=_("title"), ordering="title_it")
    def titles(self, project):
        return with_details(project.title_it or "—", project.title_ru or "—")

    @admin.display(description=_("session"), ordering="session__number")
    def session_and_table(self, project):
        table = project.thematic_table
        if table is not None and project.presentation_order is not None:
            table = pgettext(
                "a project's thematic table and its place in the order of presentation",
                "%(table)s, no. %(order)s",
            ) % {"table": table, "order": project.presentation_order}
        return with_details(project.session.roman_numeral, table)

    @admin.display(description=_("organization"), ordering="proposer__organization__name_latin")
    def organization(self, project):
        return with_details(
            project.proposer.organization.display_name,
            project.proposer.get_delegation_display(),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_and_translation(self, project):
        badge = status_badge(
            project.status, project.get_status_display(), STATUS_TONES[project.status]
        )
        return with_details(badge, project.get_translation_state_display())

    @admin.display(description=_("presentation (PDF)"))
    def presentation_link(self, project):
        if not project.presentation:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:projects_collaborationproject_presentation", args=[project.pk]),
            _("Open the PDF"),
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "thematic_table":
            object_id = request.resolver_match.kwargs.get("object_id")
            project = CollaborationProject.objects.filter(pk=object_id).first()
            if project is not None:
                kwargs["queryset"] = project.session.thematic_tables.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.has_change_permission(request, obj):
            raise ActionNotAllowed()
        proposals.save_by_staff(obj, by=request.user, changed_fields=form.changed_data)

    def get_urls(self):
        return [
            path(
                "counts/<int:session_id>/",
                self.admin_site.admin_view(self.counts_view),
                name="projects_collaborationproject_counts",
            ),
            path(
                "booklet/<int:session_id>/",
                self.admin_site.admin_view(self.booklet_view),
                name="projects_collaborationproject_booklet",
            ),
            path(
                "<int:object_id>/presentation.pdf",
                self.admin_site.admin_view(self.presentation_view),
                name="projects_collaborationproject_presentation",
            ),
            *super().get_urls(),
        ]

    def counts_view(self, request, session_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Collaboration projects of the %(session)s: counts")
            % {"session": session.title},
            "session": session,
            "report": reading.review_counts(session),
            "changelist": reverse("admin:projects_collaborationproject_changelist"),
        }
        return TemplateResponse(request, "admin/projects/collaborationproject/counts.html", context)

    def booklet_view(self, request, session_id):
        """The booklet of one table (`?table=`), or of every table of the session, one after
        the other."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_id)
        tables = session.thematic_tables.order_by("position", "pk")
        table_id = request.GET.get("table", "")
        if table_id:
            if not table_id.isdigit():
                raise Http404
            tables = tables.filter(pk=table_id)
        tables = list(tables)
        if not tables:
            raise Http404
        record_access(request, AuditAction.EXPORT, detail=f"project booklet {session.number}")
        pdf = documents.render_booklets_pdf(tables)
        return file_response(pdf, f"projects-{session.number}-booklet.pdf", inline=True)

    def presentation_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        project = get_object_or_404(CollaborationProject, pk=object_id)
        if not project.presentation:
            raise Http404
        with project.presentation.open("rb") as handle:
            data = handle.read()
        return file_response(data, f"project-{project.pk}.pdf", inline=True)

    def changelist_view(self, request, extra_context=None):
        sessions = (
            Session.objects.filter(Q(projects__isnull=False) | Q(project_call__isnull=False))
            .distinct()
            .order_by("-number")[:5]
        )
        extra_context = {**(extra_context or {}), "count_sessions": list(sessions)}
        return super().changelist_view(request, extra_context)


class AnsweredFilter(admin.SimpleListFilter):
    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.answered()
        if self.value() == "no":
            return queryset.unanswered()
        return queryset


@admin.action(
    description=_("Send a reminder to those who have not answered"), permissions=["change"]
)
def send_reminder(modeladmin, request, queryset):
    from projects.services import follow_up

    sent = follow_up.remind(list(queryset), by=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(count)s reminder queued.", "%(count)s reminders queued.", sent)
        % {"count": sent},
        messages.SUCCESS if sent else messages.WARNING,
    )


@admin.register(FollowUp)
class FollowUpAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    """Who was asked what after each session, who answered (with the date) and who did not."""

    # The kind and the round under the subject, the reminder under the question's time and
    # the answer's time under the answer: the list fits a 1280 px laptop with the navigation
    # and the filters open, in Russian too.
    list_display = ("person", "subject_display", "asked", "answer")
    list_filter = ("session", "kind", AnsweredFilter, "round_months", "progress", "outcome")
    list_select_related = (
        "session",
        "registration__person",
        "project",
        "agreement",
        "meeting__registration_a__person",
        "meeting__registration_b__person",
    )
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "project__title_it",
        "project__title_ru",
    )
    actions = [send_reminder]
    readonly_fields = (
        "session",
        "kind",
        "round_months",
        "registration",
        "project",
        "agreement",
        "meeting",
        "sent_at",
        "reminded_at",
        "answered_at",
        "progress",
        "outcome",
        "note",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("asked"), ordering="registration__person__family_name")
    def person(self, follow_up):
        return follow_up.registration.person

    def list_shows_times(self, request):
        # The times are in the merged columns: the list still runs in the host city's zone
        # and says which (SessionListTimesMixin).
        return True

    @admin.display(description=pgettext_lazy("what a follow-up question is about", "about"))
    def subject_display(self, follow_up):
        """The project, agreement or meeting, and under it the kind of question and its round
        ("Collaboration project · 12 months after the session")."""
        subject = follow_up.project or follow_up.agreement or follow_up.meeting
        round_months = (
            ngettext(
                "%(count)s month after the session",
                "%(count)s months after the session",
                follow_up.round_months,
            )
            % {"count": follow_up.round_months}
            if follow_up.round_months
            else ""
        )
        details = " · ".join(filter(None, [follow_up.get_kind_display(), round_months]))
        return with_details(str(subject), details)

    @admin.display(description=_("asked at"), ordering="sent_at")
    def asked(self, follow_up):
        """When the question went out, and under it the day of the reminder, if any."""
        reminded = ""
        if follow_up.reminded_at is not None:
            day, _time = short_moment(follow_up.reminded_at, follow_up.session)
            reminded = gettext("reminded on %(day)s") % {"day": day}
        return with_details(moment_cell(follow_up.sent_at, follow_up.session), reminded)

    @admin.display(description=_("answer"), ordering="answered_at")
    def answer(self, follow_up):
        """The answer, and under it when it came."""
        answer = follow_up.answer_display or "—"
        if follow_up.answered_at is None:
            return answer
        return with_details(answer, moment_cell(follow_up.answered_at, follow_up.session))
