from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ServiceRefusalsAsErrors, SessionFixedOnceSaved, with_details
from core.authorization import ActionNotAllowed, AuthorizedAdminMixin, user_may
from core.text import two_parts
from meetings import reading, services
from meetings.models import B2BProfile, Meeting, MeetingBreak, MeetingPoint, MeetingRequest
from meetings.presentation import both_scripts, slot_time
from sessions_app.admin import SessionTimesMixin
from sessions_app.dates import NBSP, format_utc_offset


class MeetingBreakInline(admin.TabularInline):
    model = MeetingBreak
    extra = 0


class MeetingPointFilter(admin.RelatedFieldListFilter):
    """Filter by Meeting Point, its choices named after their sessions read in one query
    (Django's own filter reads each session apart)."""

    def field_choices(self, field, request, model_admin):
        return [
            (meeting_point.pk, str(meeting_point))
            for meeting_point in MeetingPoint.objects.select_related("session")
        ]


@admin.register(MeetingPoint)
class MeetingPointAdmin(
    ServiceRefusalsAsErrors,
    SessionFixedOnceSaved,
    AuthorizedAdminMixin,
    SessionTimesMixin,
    HistoryAdmin,
):
    """The Meeting Point's times (its window, breaks, closing) are typed and shown in the host
    city's zone, as on the organizers' grid."""

    refusal_exceptions = (services.MeetingPointError,)
    list_display = ("session", "starts_at", "ends_at", "slot_minutes", "tables", "statistics_line")
    list_select_related = ("session",)
    readonly_fields = ("statistics_display", "links", "last_scheduled_at")
    inlines = [MeetingBreakInline]
    actions = ["schedule_now", "send_agendas"]
    fieldsets = (
        (None, {"fields": ("session", "place", "place_ru")}),
        (
            _("Time and tables"),
            {
                "fields": (
                    ("starts_at", "ends_at"),
                    "slot_minutes",
                    "tables",
                    "interpreters_per_slot",
                ),
                "description": _(
                    "Meetings store the number of their slot: after changing the times or the "
                    "breaks, run the scheduler again."
                ),
            },
        ),
        (
            _("Rules"),
            {"fields": ("requires_profile_approval", "cross_delegation_only", "closes_at")},
        ),
        (_("Statistics"), {"fields": ("statistics_display", "links", "last_scheduled_at")}),
    )

    def get_queryset(self, request):
        # The counts of the statistics column, in the changelist's own query.
        return super().get_queryset(request).with_statistics()

    def save_model(self, request, obj, form, change):
        services.save_meeting_point(obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_meeting_point(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for meeting_point in queryset.order_by("pk"):
                services.delete_meeting_point(meeting_point, by=request.user)

    @admin.display(description=_("statistics"))
    def statistics_line(self, meeting_point):
        return gettext(
            "%(sent)d sent · %(accepted)d accepted · %(scheduled)d scheduled · %(held)d held"
        ) % {
            "sent": meeting_point.requests_sent,
            "accepted": meeting_point.requests_accepted,
            "scheduled": meeting_point.meetings_scheduled,
            "held": meeting_point.meetings_held,
        }

    @admin.display(description=_("statistics"))
    def statistics_display(self, meeting_point):
        if not meeting_point.pk:
            return "–"
        stats = reading.statistics(meeting_point)
        labels = [
            (_("Profiles in the catalogue"), stats["profiles"]),
            (_("Requests sent"), stats["sent"]),
            (_("Requests awaiting an answer"), stats["pending"]),
            (_("Requests accepted"), stats["accepted"]),
            (_("Requests declined"), stats["declined"]),
            (_("Meetings (including those arranged by staff)"), stats["meetings"]),
            (_("Meetings scheduled"), stats["scheduled"]),
            (_("Meetings held"), stats["held"]),
            (_("Needing an interpreter"), stats["with_interpreter"]),
            (_("Capacity (tables × slots)"), stats["capacity"]),
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", labels),
        )

    @admin.display(description=_("documents"))
    def links(self, meeting_point):
        if not meeting_point.pk:
            return "–"
        number = meeting_point.session.number
        items = [
            (reverse("meetings:staff_grid", args=[number]), _("Grid and scheduling report")),
            (reverse("meetings:staff_grid_pdf", args=[number]), _("Grid as PDF")),
            (reverse("meetings:staff_agendas_pdf", args=[number]), _("All agendas (PDF)")),
            (
                reverse("meetings:staff_interpreters_xlsx", args=[number]),
                _("Meetings needing an interpreter (Excel)"),
            ),
        ]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', items)

    def has_schedule_permission(self, request):
        """Running the scheduler moves meetings: the permission to change them."""
        return user_may(request.user, services.CHANGE_MEETING_PERMISSION)

    @admin.action(description=_("Schedule now"), permissions=["schedule"])
    def schedule_now(self, request, queryset):
        for meeting_point in queryset.select_related("session"):
            report = services.schedule_meetings(meeting_point, by=request.user)
            level = messages.SUCCESS if not report.unplaced else messages.WARNING
            self.message_user(request, f"{meeting_point.session.title}: {report}", level)
            for item in report.unplaced[:20]:
                self.message_user(request, f"{item.meeting}: {item.message}", messages.WARNING)

    @admin.action(description=_("E-mail the agendas to the delegates"), permissions=["change"])
    def send_agendas(self, request, queryset):
        for meeting_point in queryset.select_related("session"):
            count = services.send_agendas(meeting_point, by=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(session)s: agenda queued for %(count)d delegate.",
                    "%(session)s: agendas queued for %(count)d delegates.",
                    count,
                )
                % {"session": meeting_point.session.title, "count": count},
            )


@admin.register(B2BProfile)
class B2BProfileAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = (
        "registration",
        "organization",
        "delegation",
        "needs_interpreter",
        "is_approved",
    )
    list_filter = (
        "is_approved",
        "needs_interpreter",
        "registration__delegation",
        "registration__session",
    )
    list_select_related = (
        "registration__person",
        "registration__organization",
        "registration__session",
    )
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "registration__organization__name_latin",
        "registration__organization__name_cyrillic",
        "offers",
        "looks_for",
    )
    raw_id_fields = ("registration",)
    actions = ["approve"]

    def save_model(self, request, obj, form, change):
        services.save_profile_by_staff(obj, by=request.user)

    @admin.display(description=_("organization"))
    def organization(self, profile):
        return profile.registration.organization

    @admin.display(description=_("delegation"))
    def delegation(self, profile):
        return profile.registration.get_delegation_display()

    @admin.action(description=_("Approve the selected profiles"), permissions=["change"])
    def approve(self, request, queryset):
        count = services.approve_profiles(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d profile approved.", "%(count)d profiles approved.", count)
            % {"count": count},
        )


def _person_and_organization(registration):
    """ "Elena Smirnova (Елена Смирнова) — XXX" (the reader's script first, as everywhere in
    the Meeting Point), the organization under it, breaking where it must."""
    return with_details(
        two_parts(both_scripts(registration.person), registration.session.roman_numeral),
        registration.organization,
    )


@admin.register(MeetingRequest)
class MeetingRequestAdmin(
    ServiceRefusalsAsErrors, AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin
):
    refusal_exceptions = (services.MeetingPointError,)
    session_path = "meeting_point__session"

    # Each person with the organization under the name, days and times short: the list fits
    # a 1280 px laptop with the navigation and the filters open.
    list_display = ("sender_name", "recipient_name", "status", "created_at", "answered_at")
    list_filter = ("status", ("meeting_point", MeetingPointFilter))
    list_select_related = (
        "meeting_point__session",
        "sender__person",
        "sender__session",
        "sender__organization",
        "recipient__person",
        "recipient__session",
        "recipient__organization",
    )
    search_fields = (
        "sender__person__family_name",
        "sender__person__family_name_latin",
        "recipient__person__family_name",
        "recipient__person__family_name_latin",
    )
    readonly_fields = (
        "meeting_point",
        "sender",
        "recipient",
        "message",
        "created_at",
        "answered_at",
    )
    # The host city's days when the list is of one Meeting Point (SessionListTimesMixin).
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("from"), ordering="sender__person__family_name")
    def sender_name(self, meeting_request):
        return _person_and_organization(meeting_request.sender)

    @admin.display(description=_("to"), ordering="recipient__person__family_name")
    def recipient_name(self, meeting_request):
        return _person_and_organization(meeting_request.recipient)

    def delete_model(self, request, obj):
        services.delete_requests([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_requests(list(queryset), by=request.user)


class MeetingAdminForm(forms.ModelForm):
    """Placement by hand: the slot is chosen by its time; rules are checked by the service."""

    class Meta:
        model = Meeting
        fields = [
            "meeting_point",
            "registration_a",
            "registration_b",
            "slot",
            "table_number",
            "is_manual",
            "needs_interpreter",
            "is_held",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            meeting_point = self.instance.meeting_point
            self.fields["slot"] = forms.TypedChoiceField(
                label=_("slot"),
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", "—")]
                + [(s.index, slot_time(s, meeting_point)) for s in meeting_point.slots()],
            )
            # Staff who may only view get a form without fields (all read-only).
            for name in ("meeting_point", "registration_a", "registration_b"):
                if name in self.fields:
                    self.fields[name].disabled = True
            if "is_manual" in self.fields:
                self.fields["is_manual"].help_text = _(
                    "Changing the slot or the table pins the meeting there."
                )
        else:
            for name in ("slot", "table_number", "is_manual", "is_held"):
                self.fields.pop(name, None)

    def clean(self):
        data = super().clean()
        meeting = self.instance
        if not meeting.pk:
            first, second = data.get("registration_a"), data.get("registration_b")
            meeting_point = data.get("meeting_point")
            if first and second and meeting_point:
                try:
                    services.validate_pair(meeting_point, first, second)
                except services.MeetingPointError as error:
                    raise forms.ValidationError(error.message) from error
            return data
        slot, table_number = data.get("slot"), data.get("table_number")
        if "slot" in self.changed_data or "table_number" in self.changed_data:
            if (slot is None) != (table_number is None):
                raise forms.ValidationError(_("Give both a slot and a table, or neither."))
            if slot is not None:
                probe = Meeting(
                    pk=meeting.pk,
                    registration_a_id=meeting.registration_a_id,
                    registration_b_id=meeting.registration_b_id,
                    needs_interpreter=data.get("needs_interpreter", meeting.needs_interpreter),
                )
                try:
                    services.check_placement(meeting.meeting_point, probe, slot, table_number)
                except services.MeetingPointError as error:
                    raise forms.ValidationError(error.message) from error
        return data


@admin.register(Meeting)
class MeetingAdmin(ServiceRefusalsAsErrors, AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin):
    session_path = "meeting_point__session"
    # A rule the form could not see (a slot taken meanwhile, an interpreter no longer free):
    # an error on the form, never a 500.
    refusal_exceptions = (services.MeetingPointError,)
    form = MeetingAdminForm
    # The table under the time, the interpreter and a placement by hand under the status: the
    # list fits a 1280 px laptop with the navigation and the filters open, in Russian too.
    list_display = ("delegates", "time", "status_display", "is_held")
    list_display_links = ("delegates",)
    list_editable = ("is_held",)
    list_filter = (
        ("meeting_point", MeetingPointFilter),
        "status",
        "is_manual",
        "is_held",
        "needs_interpreter",
        ("slot", admin.EmptyFieldListFilter),
    )
    list_select_related = (
        "meeting_point__session",
        "registration_a__person",
        "registration_b__person",
    )
    search_fields = (
        "registration_a__person__family_name",
        "registration_a__person__family_name_latin",
        "registration_b__person__family_name",
        "registration_b__person__family_name_latin",
        "registration_a__organization__name_latin",
        "registration_b__organization__name_latin",
    )
    raw_id_fields = ("registration_a", "registration_b")
    actions = ["mark_held", "release"]

    def get_queryset(self, request):
        # Cancelled meetings too (the status filter picks them out), read-only. The time
        # column reads the slots of each meeting's Meeting Point, breaks included.
        queryset = Meeting.all_objects.prefetch_related("meeting_point__breaks")
        return queryset.order_by(*(self.get_ordering(request) or Meeting._meta.ordering))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_cancelled:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_cancelled:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            return [
                name
                for name in fields
                if name not in ("slot", "table_number", "is_manual", "is_held")
            ]
        return fields

    def list_shows_times(self, request):
        # The slots' times: the note above the list names their zone (SessionListTimesMixin).
        return True

    @admin.display(description=_("delegates"), ordering="registration_a__person__family_name")
    def delegates(self, meeting):
        """The two delegates, each in the reader's script first."""
        return two_parts(
            both_scripts(meeting.registration_a.person),
            both_scripts(meeting.registration_b.person),
        )

    @admin.display(description=_("time"), ordering="slot")
    def time(self, meeting):
        """The slot's day over its times in the host city's zone, short ("18/02/2027" /
        "15:20–15:40 UTC+3"), and under them the table."""
        meeting_point = meeting.meeting_point
        slot = meeting_point.slot(meeting.slot)
        if slot is None:
            return "–"
        local = timezone.localtime(slot.starts_at, meeting_point.session.tzinfo)
        moment = format_html(
            '<span class="moment"><span>{}</span> <span>{}</span></span>',
            date_format(local, "SHORT_DATE_FORMAT"),
            f"{slot_time(slot, meeting_point)}{NBSP}{format_utc_offset(local.utcoffset())}",
        )
        table = (
            gettext("table %(number)s") % {"number": meeting.table_number}
            if meeting.table_number
            else ""
        )
        return with_details(moment, table)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, meeting):
        """The status, and under it what staff arrange around the meeting."""
        return with_details(
            meeting.get_status_display(),
            gettext("needs an interpreter") if meeting.needs_interpreter else "",
            gettext("placed by hand") if meeting.is_manual else "",
        )

    def save_model(self, request, obj, form, change):
        """Every change goes through the Meeting Point's services, which hold the rules (and
        the lock): creating, placing by hand, marking as held, the details. What changed is
        read against the row as it is now (a revert to an earlier version included)."""
        if not change:
            created = services.create_meeting_by_staff(
                obj.meeting_point,
                obj.registration_a,
                obj.registration_b,
                interpreter=obj.needs_interpreter or None,
                notes=obj.notes,
                by=request.user,
            )
            obj.pk = created.pk
            obj.needs_interpreter = created.needs_interpreter
            return
        if not self.has_change_permission(request, obj):
            raise ActionNotAllowed()
        saved = Meeting.objects.filter(pk=obj.pk).select_related("meeting_point").first()
        if saved is None:
            raise services.MeetingPointError(gettext("This meeting no longer exists."))

        def changed(*names):
            return any(getattr(obj, name) != getattr(saved, name) for name in names)

        if changed("needs_interpreter", "notes"):
            services.update_meeting_details(
                saved, by=request.user, needs_interpreter=obj.needs_interpreter, notes=obj.notes
            )
        if saved.is_held and not obj.is_held:
            services.mark_held([saved], by=request.user, held=False)
        if changed("slot", "table_number") or (obj.is_manual and not saved.is_manual):
            services.place_meeting(saved, obj.slot, obj.table_number, by=request.user)
        elif saved.is_manual and not obj.is_manual:
            services.release_meetings([saved], by=request.user)
        if obj.is_held and not saved.is_held:
            if not services.mark_held([saved], by=request.user):
                raise services.MeetingPointError(
                    gettext("Only a meeting with a slot and a table can be marked as held.")
                )

    def delete_model(self, request, obj):
        services.cancel_meetings([obj], by=request.user, reason="deleted by staff")

    def delete_queryset(self, request, queryset):
        services.cancel_meetings(list(queryset), by=request.user, reason="deleted by staff")

    @admin.action(description=_("Mark as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        count = services.mark_held(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting marked as held.", "%(count)d meetings marked as held.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Let the scheduler move them again"), permissions=["change"])
    def release(self, request, queryset):
        count = services.release_meetings(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d meeting released.", "%(count)d meetings released.", count)
            % {"count": count},
        )
