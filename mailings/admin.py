"""Staff's side of the mailings: write a message in three languages, choose its recipients
with the registration list's filters, preview it per language, send a test to oneself, send
it, follow each recipient's state and send the failed ones again; the reminders of each
session, switched on or off, and those sent."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from post_office.models import STATUS, Email

from core.admin import HistoryAdmin
from core.authorization import SYSTEM, AuthorizedAdminMixin, user_may
from mailings import reminders
from mailings.models import (
    Mailing,
    Recipient,
    RecipientState,
    ReminderSetting,
    SentReminder,
    email_state,
)
from mailings.services import (
    MailingError,
    content_errors,
    preview,
    select_recipients,
    send,
    send_failed_again,
    send_test,
)
from mailings.services.messages import SEND_PERMISSION
from mailings.services.reminders import SETTINGS_PERMISSION, enabled_kinds, set_enabled
from sessions_app.admin import SessionTimesMixin
from sessions_app.choices import session_choices
from sessions_app.models import Session
from sessions_app.services import outbox


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = (
            "session",
            *(f"{part}_{code}" for code in ("it", "ru", "en") for part in ("subject", "body")),
            "fallback_language",
            "delegation",
            "status",
            "thematic_table",
            "company_visit",
            "role",
            "region",
            "checked_in",
            "has_meetings",
        )
        help_texts = {
            "body_it": _(
                "Placeholders: {name} the delegate's name, {address} the form of address "
                "(«Gentile Mario Rossi,»), {link} their private link."
            ),
            "body_ru": _(
                "Placeholders: {name} the delegate's name, {address} the form of address "
                "(«Здравствуйте, Юлия Сергеевна!»), {link} their private link."
            ),
            "body_en": _(
                "Placeholders: {name} the delegate's name, {address} the form of address "
                "(«Dear John Smith,»), {link} their private link."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance.session if self.instance.session_id else None
        for name in ("thematic_table", "company_visit"):
            if name in self.fields:
                session_choices(self.fields[name], session)

    def clean(self):
        data = super().clean()
        candidate = Mailing(**{k: v for k, v in data.items() if k in self._content_fields()})
        for field, problems in content_errors(candidate).items():
            for problem in problems:
                self.add_error(field if field in self.fields else None, problem)
        session = data.get("session")
        for field in ("thematic_table", "company_visit"):
            chosen = data.get(field)
            if session is not None and chosen is not None and chosen.session_id != session.pk:
                self.add_error(field, _("Choose one of the session's own."))
        return data

    @staticmethod
    def _content_fields():
        return {
            *(f"{part}_{code}" for part in ("subject", "body") for code in ("it", "ru", "en")),
            "fallback_language",
        }


@admin.register(Mailing)
class MailingAdmin(AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    form = MailingForm
    list_display = (
        "subject",
        "session",
        "state",
        "recipients_link",
        "sent_total",
        "failed_total",
        "sent_at",
    )
    list_filter = ("session", "state")
    list_select_related = ("session",)
    search_fields = ("subject_it", "subject_ru", "subject_en")
    readonly_fields = ("state", "created_by", "created_at", "sent_by", "sent_at")
    fieldsets = (
        (None, {"fields": ("session",)}),
        (_("Italian"), {"fields": ("subject_it", "body_it")}),
        (_("Russian"), {"fields": ("subject_ru", "body_ru")}),
        (_("English"), {"fields": ("subject_en", "body_en")}),
        (None, {"fields": ("fallback_language",)}),
        (
            _("Recipients"),
            {
                "description": _(
                    "The filters of the registration list; an empty filter does not "
                    "restrict. The preview counts the delegates they choose."
                ),
                "fields": (
                    ("delegation", "status"),
                    ("thematic_table", "company_visit"),
                    ("role", "region"),
                    ("checked_in", "has_meetings"),
                ),
            },
        ),
        (
            _("Sending"),
            {"fields": (("state", "created_by", "created_at"), ("sent_by", "sent_at"))},
        ),
    )
    autocomplete_fields = ("region",)
    change_form_template = "admin/mailings/mailing/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("subject"))
    def subject(self, mailing):
        return str(mailing)

    @admin.display(description=_("recipients"), ordering="recipient_count")
    def recipients_link(self, mailing):
        if not mailing.recipient_count:
            return "—"
        url = (
            reverse("admin:mailings_recipient_changelist")
            + "?"
            + urlencode({"mailing__id__exact": mailing.pk})
        )
        return format_html('<a href="{}">{}</a>', url, mailing.recipient_count)

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent_total(self, mailing):
        return mailing.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed_total(self, mailing):
        return mailing.failed_count

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False  # what was sent stays as it was sent
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def may_send(self, request):
        return user_may(request.user, SEND_PERMISSION)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_send": self.may_send(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    # --- preview, test, send, send again ------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<int:object_id>/test/", wrap(require_POST(self.test_view)), name=f"{prefix}_test"
            ),
            path("<int:object_id>/send/", wrap(self.send_view), name=f"{prefix}_send"),
            path(
                "<int:object_id>/send-failed/",
                wrap(require_POST(self.send_failed_view)),
                name=f"{prefix}_send_failed",
            ),
            *super().get_urls(),
        ]

    def _mailing(self, request, mailing_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        mailing = self.get_queryset(request).select_related("session").filter(pk=mailing_id)
        mailing = mailing.first()
        if mailing is None:
            raise Http404
        return mailing

    def _change_url(self, mailing):
        return reverse("admin:mailings_mailing_change", args=[mailing.pk])

    def preview_view(self, request, object_id):
        mailing = self._mailing(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": mailing,
            "title": gettext("Preview: %(mailing)s") % {"mailing": mailing},
            "preview": preview(mailing),
            "errors": [
                message for problems in content_errors(mailing).values() for message in problems
            ],
            "may_send": self.may_send(request) and mailing.is_draft,
        }
        return TemplateResponse(request, "admin/mailings/mailing/preview.html", context)

    def test_view(self, request, object_id):
        mailing = self._mailing(request, object_id)
        if not self.may_send(request):
            raise PermissionDenied
        try:
            count = send_test(mailing, by=request.user)
        except MailingError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)s test e-mail is on its way to %(address)s.",
                    "%(count)s test e-mails are on their way to %(address)s.",
                    count,
                )
                % {"count": count, "address": request.user.email},
                messages.SUCCESS,
            )
        return redirect("admin:mailings_mailing_preview", object_id=mailing.pk)

    def send_view(self, request, object_id):
        """GET: what is about to happen; POST: send."""
        mailing = self._mailing(request, object_id)
        if not self.may_send(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                count = send(mailing, by=request.user)
            except MailingError as error:
                self.message_user(request, error.message, messages.ERROR)
                return redirect("admin:mailings_mailing_preview", object_id=mailing.pk)
            self.message_user(
                request,
                ngettext(
                    "The message is being sent to %(count)s delegate.",
                    "The message is being sent to %(count)s delegates.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return redirect(self._change_url(mailing))
        return redirect("admin:mailings_mailing_preview", object_id=mailing.pk)

    def send_failed_view(self, request, object_id):
        mailing = self._mailing(request, object_id)
        if not self.may_send(request):
            raise PermissionDenied
        count = send_failed_again(mailing, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)s failed e-mail queued again.",
                "%(count)s failed e-mails queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )
        return redirect(self._change_url(mailing))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["recipient_total"] = (
                obj.recipients.count() if not obj.is_draft else select_recipients(obj).count()
            )
            context["failed_total"] = obj.recipients.filter(email__status=STATUS.failed).count()
            context["recipients_url"] = (
                reverse("admin:mailings_recipient_changelist")
                + "?"
                + urlencode({"mailing__id__exact": obj.pk})
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class RecipientStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return RecipientState.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == RecipientState.SENT:
            return queryset.filter(email__status=STATUS.sent)
        if value == RecipientState.FAILED:
            return queryset.filter(email__status=STATUS.failed)
        if value == RecipientState.QUEUED:
            return queryset.exclude(email__status__in=(STATUS.sent, STATUS.failed))
        return queryset


@admin.register(Recipient)
class RecipientAdmin(AuthorizedAdminMixin, admin.ModelAdmin):
    list_display = ("delegate", "delegation", "email_address", "language", "state_label", "tried")
    list_filter = (RecipientStateFilter, "language", "mailing__session", "mailing")
    list_select_related = ("registration__person", "email", "mailing")
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "registration__person__email",
    )
    list_per_page = 100
    actions = ["send_again"]

    @admin.display(description=_("delegate"), ordering="registration__person__family_name")
    def delegate(self, recipient):
        return recipient.registration.person.listed_name

    @admin.display(description=_("delegation"))
    def delegation(self, recipient):
        return recipient.registration.get_delegation_display()

    @admin.display(description=_("e-mail"))
    def email_address(self, recipient):
        return recipient.registration.person.email

    @admin.display(description=_("state"))
    def state_label(self, recipient):
        state = recipient.state
        return format_html(
            '<span class="recipient-state state-{}">{}</span>',
            state,
            RecipientState(state).label,
        )

    @admin.display(description=_("last try"))
    def tried(self, recipient):
        return recipient.email.last_updated if recipient.email_id else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_send_permission(self, request):
        return user_may(request.user, SEND_PERMISSION)

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["send"])
    def send_again(self, request, queryset):
        ids = queryset.filter(email__status=STATUS.failed).values_list("email_id", flat=True)
        count = outbox.send_again(Email.objects.filter(pk__in=list(ids)), by=SYSTEM)
        self.message_user(
            request,
            ngettext(
                "%(count)s failed e-mail queued again.",
                "%(count)s failed e-mails queued again.",
                count,
            )
            % {"count": count},
        )


class ReminderSettingForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("reminder"), choices=reminders.choices)

    class Meta:
        model = ReminderSetting
        fields = ("session", "kind", "is_enabled")


@admin.register(ReminderSetting)
class ReminderSettingAdmin(AuthorizedAdminMixin, HistoryAdmin):
    form = ReminderSettingForm
    list_display = ("session", "kind_label", "is_enabled")
    list_filter = ("session", "is_enabled")
    list_select_related = ("session",)
    change_list_template = "admin/mailings/remindersetting/change_list.html"

    @admin.display(description=_("reminder"), ordering="kind")
    def kind_label(self, setting):
        return reminders.kind_label(setting.kind)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "session/<int:session_id>/",
                wrap(self.session_view),
                name="mailings_remindersetting_session",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "sessions": Session.objects.not_cancelled().order_by("-number"),
        }
        return super().changelist_view(request, extra_context)

    def session_view(self, request, session_id):
        """Every kind of reminder for one session: on or off, how many were sent; a button to
        switch each."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_id)
        may_change = user_may(request.user, SETTINGS_PERMISSION)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            code = request.POST.get("kind", "")
            if reminders.get(code) is None:
                raise Http404
            set_enabled(session, code, request.POST.get("enable") == "1", by=request.user)
            return redirect("admin:mailings_remindersetting_session", session_id=session.pk)
        enabled = {kind.code for kind in enabled_kinds(session)}
        sent = dict(
            SentReminder.objects.filter(session=session)
            .values("kind")
            .annotate(count=Count("pk"))
            .values_list("kind", "count")
        )
        rows = [
            {
                "kind": kind,
                "is_enabled": kind.code in enabled,
                "sent": sent.get(kind.code, 0),
                "sent_url": reverse("admin:mailings_sentreminder_changelist")
                + "?"
                + urlencode({"session__id__exact": session.pk, "kind": kind.code}),
            }
            for kind in reminders.kinds()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Reminders: %(session)s") % {"session": session},
            "session": session,
            "rows": rows,
            "may_change": may_change,
        }
        return TemplateResponse(request, "admin/mailings/remindersetting/session.html", context)


class ReminderKindFilter(admin.SimpleListFilter):
    title = _("reminder")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return reminders.choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(SentReminder)
class SentReminderAdmin(AuthorizedAdminMixin, SessionTimesMixin, admin.ModelAdmin):
    list_display = ("sent_at", "kind_label", "delegate", "language", "email_state")
    list_filter = ("session", ReminderKindFilter, "language")
    list_select_related = ("registration__person", "email", "session")
    search_fields = ("registration__person__family_name", "registration__person__email")
    list_per_page = 100

    @admin.display(description=_("reminder"), ordering="kind")
    def kind_label(self, sent):
        return reminders.kind_label(sent.kind)

    @admin.display(description=_("delegate"), ordering="registration__person__family_name")
    def delegate(self, sent):
        return sent.registration.person.listed_name

    @admin.display(description=_("state"))
    def email_state(self, sent):
        if not sent.email_id:
            return "—"
        return RecipientState(email_state(sent.email.status)).label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
