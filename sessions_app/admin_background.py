"""Admin of the background work: the e-mail outbox (django-post-office's tables) and the
outcome of tasks (django-celery-results), with "send again" and "run again".

Organizers may see the outbox and send a mail again; Ministry administrators may also run a
failed task again; Viewers only read (see staff/roles.py)."""

from celery import states
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_results.models import GroupResult, TaskResult
from post_office.models import STATUS, Attachment, Email, EmailTemplate, Log

from core.authorization import AuthorizedAdminMixin
from sessions_app.services import background, outbox

# Their own admins offer editing, templates and sending inside the request: replaced below.
for model in (Email, Log, EmailTemplate, Attachment, TaskResult, GroupResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class LogInline(admin.TabularInline):
    model = Log
    extra = 0
    fields = ("date", "status", "exception_type", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Email)
class EmailAdmin(AuthorizedAdminMixin, admin.ModelAdmin):
    list_display = (
        "pk",
        "recipients",
        "subject",
        "status",
        "number_of_retries",
        "scheduled_time",
        "last_updated",
    )
    list_filter = ("status",)
    search_fields = ("to", "subject")
    ordering = ("-pk",)
    inlines = [LogInline]
    actions = ["send_again"]
    list_per_page = 100
    # post_office's own form links to its send-inside-the-request view, left out here.
    change_form_template = "admin/change_form.html"

    @admin.display(description=_("To"), ordering="to")
    def recipients(self, email):
        return ", ".join(email.to)

    def get_fields(self, request, obj=None):
        fields = [
            "to",
            "subject",
            "status",
            "number_of_retries",
            "scheduled_time",
            "created",
            "last_updated",
        ]
        # The bodies hold the delegates' private links: only those who may act on the mail
        # read them.
        if self.has_change_permission(request, obj):
            fields.append("message")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        sent = queryset.filter(status=STATUS.sent).count()
        count = outbox.send_again(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail had been sent already: it is not sent twice.",
                    "%(count)d e-mails had been sent already: they are not sent twice.",
                    sent,
                )
                % {"count": sent},
                messages.WARNING,
            )


@admin.register(TaskResult)
class TaskResultAdmin(AuthorizedAdminMixin, admin.ModelAdmin):
    list_display = ("date_done", "task_name", "status", "task_args", "worker")
    list_filter = ("status", "task_name")
    search_fields = ("task_name", "task_id")
    ordering = ("-date_done",)
    date_hierarchy = "date_done"
    actions = ["run_again"]
    fields = (
        "task_id",
        "task_name",
        "periodic_task_name",
        "status",
        "task_args",
        "task_kwargs",
        "result",
        "traceback",
        "worker",
        "date_created",
        "date_started",
        "date_done",
    )
    readonly_fields = fields
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Run again"), permissions=["change"])
    def run_again(self, request, queryset):
        queued, refused = background.run_again(
            queryset.filter(status=states.FAILURE).order_by("pk"), by=request.user
        )
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", queued)
            % {"count": queued},
            messages.SUCCESS,
        )
        skipped = queryset.exclude(status=states.FAILURE).count()
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Only failed tasks are run again; %(count)d task left as it is.",
                    "Only failed tasks are run again; %(count)d tasks left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        for result, reason in refused:
            self.message_user(request, f"{result.task_name}: {reason}", messages.ERROR)
