"""Admin plumbing shared by every app."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.history import ReadableChanges, readable_change_reason


def _check_key(field, value):
    """Http404 unless `value` can be a value of the primary key `field` (django-simple-history
    queries with whatever the URL holds: "abc" as an integer id is a 500 otherwise)."""
    try:
        field.to_python(value)
    except ValidationError as error:
        raise Http404 from error


def _session_of(obj):
    """The session `obj` belongs to (the session itself, its `session`, or that of its
    registration or Meeting Point), or None: anything with the host city's `tzinfo` and
    `zone_label`."""
    candidates = [obj, getattr(obj, "session", None)]
    for owner in ("registration", "meeting_point"):
        candidates.append(getattr(getattr(obj, owner, None), "session", None))
    for candidate in candidates:
        if hasattr(candidate, "tzinfo") and hasattr(candidate, "zone_label"):
            return candidate
    return None


def with_details(main, *details):
    """A list cell of several facts, the details in small print under the main one (a name,
    its Latin spelling, its organization): one column instead of three, so that a list fits
    a laptop's width (static/css/admin_lists.css). Empty details are left out."""
    cell = format_html("{}", main)
    for detail in details:
        if detail:
            cell = format_html('{}<span class="list-secondary">{}</span>', cell, detail)
    return cell


def status_badge(value, label, tone):
    """A status in a list as a small badge; `tone` colours it by what it asks of staff:
    "new" (to look at), "waiting", "done", "closed"."""
    return format_html('<span class="status-badge tone-{} status-{}">{}</span>', tone, value, label)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history pages answer 404, not 500, to an id that is none, and
    read as the rest of the admin: translated, values as the forms show them, times in the
    host city's zone (said at the top) for what belongs to a session."""

    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def _in_host_zone(self, request, object_id, note, view, extra_context):
        """`view(extra_context)` rendered in the host city's zone of the object's session,
        the page saying so (`note`: the context name of the zone's label); as is otherwise."""
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        session = _session_of(obj) if obj is not None else None
        if session is None:
            return view(extra_context)
        extra_context = {**(extra_context or {}), note: session.zone_label}
        with timezone.override(session.tzinfo):
            response = view(extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def history_view(self, request, object_id, extra_context=None):
        _check_key(self.model._meta.pk, unquote(object_id))
        return self._in_host_zone(
            request,
            object_id,
            "history_zone",
            lambda context: super(HistoryAdmin, self).history_view(request, object_id, context),
            extra_context,
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        super().set_history_delta_changes(request, historical_records, **kwargs)
        for record in historical_records:
            record.readable_change_reason = readable_change_reason(record.history_change_reason)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _check_key(self.model._meta.pk, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _check_key(history.model._meta.pk, version_id)
        # The version to revert to, its times typed and shown as on the change page.
        return self._in_host_zone(
            request,
            object_id,
            "editing_time_zone",
            lambda context: super(HistoryAdmin, self).history_form_view(
                request, object_id, version_id, context
            ),
            extra_context,
        )


class SessionFixedOnceSaved:
    """A record of a session stays in its session: once saved, its `session` is read-only.
    Moved to another session, a thematic table, a programme item, a hotel or a Meeting Point
    would take along the registrations, bookings and meetings of the first session."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "session" not in fields:
            fields.append("session")
        return fields


class ServiceRefusalsAsErrors:
    """For a ModelAdmin whose saves, deletes and actions call services: when a service refuses
    (one of `refusal_exceptions`, each carrying a translated `message`), the user sees why,
    never a 500. On the change and add form the refusal becomes an error of the form, shown
    with everything the user typed (the page is validated again with the refusal as its
    error: Django's own transaction around the page has rolled back whatever was half done);
    on the list (actions, editable columns) and the delete page it becomes an error message.

    Put it before AuthorizedAdminMixin among the bases."""

    refusal_exceptions = ()

    @staticmethod
    def refusal_message(error):
        return getattr(error, "message", None) or str(error)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusal_exceptions as error:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            request._service_refusal = self.refusal_message(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to an earlier version saves through the same hooks: the same answer to a
        refusal, and all or nothing (django-simple-history's page has no transaction)."""
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except self.refusal_exceptions as error:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            request._service_refusal = self.refusal_message(error)
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self):
                super().clean()
                raise forms.ValidationError(refusal, code="refused")

        return RefusedForm

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except self.refusal_exceptions as error:
            if request.method != "POST":
                raise
            self.message_user(request, self.refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except self.refusal_exceptions as error:
            if request.method != "POST":
                raise
            self.message_user(request, self.refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def apply_to_each(modeladmin, request, items, apply, *, refusals, done, refused, name=str):
    """An admin action applying a service to each selected item: `apply(item)` may raise one
    of `refusals` (carrying a translated `message`). Staff are told how many changed
    (`done(count)`) and, grouped by reason, which were refused (`refused(count)`, a message
    with the placeholders %(count)s, %(reason)s and %(names)s; the first five named)."""
    changed, reasons = 0, {}
    for item in items:
        try:
            apply(item)
        except refusals as error:
            reasons.setdefault(str(error.message), []).append(name(item))
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, done(changed), messages.SUCCESS)
    for reason, names in reasons.items():
        shown = ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
        values = {"count": len(names), "reason": reason, "names": shown}
        modeladmin.message_user(request, refused(len(names)) % values, messages.WARNING)
    return changed
