import json
import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, SessionFixedOnceSaved, status_badge, with_details
from core.authorization import ActionNotAllowed, AuthorizedAdminMixin, user_may
from core.control_room import overview as control_room_overview
from sessions_app import (
    admin_background,  # noqa: F401  (the outbox and the tasks)
    admin_history,  # noqa: F401  (the historical record)
)
from sessions_app.choices import session_choices
from sessions_app.dates import short_moment, zone_label_of
from sessions_app.models import (
    ProgrammeItem,
    Region,
    Session,
    SessionInstitution,
    SessionStatus,
    ThematicTable,
)
from sessions_app.services import ProgrammeError, duplicate_programme
from sessions_app.services.institutions import give_default_institutions
from sessions_app.services.programme import DUPLICATE_PERMISSIONS
from sessions_app.time_zones import proposed_zone


@admin.register(Region)
class RegionAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("code", "name_it", "name_ru", "name_en", "country", "kind")
    list_filter = ("country", "kind")
    search_fields = ("code", "name_it", "name_ru", "name_en")
    ordering = ("country", "code")


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Session.objects.annotate(year=ExtractYear("start_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class ThematicTableInline(admin.StackedInline):
    model = ThematicTable
    extra = 0
    ordering = ("position", "pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("name_it", "name_ru", "name_en"),
                    ("sector", "capacity", "position"),
                    ("italian_moderator_name", "italian_moderator_name_cyrillic"),
                    ("italian_moderator_title", "italian_moderator_title_ru"),
                    ("russian_moderator_name", "russian_moderator_name_latin"),
                    ("russian_moderator_title", "russian_moderator_title_it"),
                    ("description_it", "description_ru", "description_en"),
                )
            },
        ),
    )


class SessionInstitutionInline(admin.StackedInline):
    """The session's institutions as named at the time: co-chairing ministries, the data
    controller, the letterhead and signatory of the visa letters."""

    model = SessionInstitution
    extra = 0
    ordering = ("position", "pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("country", "is_data_controller", "position"),
                    ("name_it", "name_ru", "name_en"),
                    ("department_it", "department_ru", "department_en"),
                    "address",
                    ("signatory_name", "signatory_name_other_script"),
                    ("signatory_title_it", "signatory_title_ru"),
                )
            },
        ),
    )


class ProgrammeDateTimeWidget(forms.SplitDateTimeWidget):
    """The browser's own date and time pickers: compact rows in the inline, and no warning
    about the staff member's clock, since times are meant in the host city's zone."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs=attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
        )


PROGRAMME_DATETIME_WIDGETS = {
    models.DateTimeField: {
        "form_class": forms.SplitDateTimeField,
        "widget": ProgrammeDateTimeWidget,
    }
}


class ProgrammeItemFormSet(BaseInlineFormSet):
    """Checks overlaps among all the submitted items at once: the rows in the database may
    be moving in the same submission, so each item is compared with the others' new times."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.overlaps_checked_elsewhere = True
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.instance.overlaps_checked_elsewhere = True
        return form

    def clean(self):
        super().clean()
        checked = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            if form.errors:
                continue
            for field, error in form.instance.overlap_errors(checked).items():
                form.add_error(field, error)
            checked.append(form.instance)


class ProgrammeItemInline(admin.StackedInline):
    """Each item on three lines (kind and times; the titles, wide; places, thematic table
    and capacity): as a table's row its ten fields made the page twice as wide as a laptop's
    screen and cut the titles while they were typed (static/css/programme_admin.css)."""

    model = ProgrammeItem
    formset = ProgrammeItemFormSet
    formfield_overrides = PROGRAMME_DATETIME_WIDGETS
    extra = 0
    ordering = ("starts_at", "ends_at", "pk")
    show_change_link = True
    classes = ("grid-inline", "programme-inline")
    # English place names and the descriptions are on each item's own page (the pencil link).
    fields = (
        "kind",
        "title_it",
        "title_ru",
        "title_en",
        "starts_at",
        "ends_at",
        "place_it",
        "place_ru",
        "table",
        "capacity",
    )

    class Media:
        css = {"all": ("css/programme_admin.css",)}

    def get_formset(self, request, obj=None, **kwargs):
        # The table choices depend on the session being edited.
        request.programme_session = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            session = getattr(request, "programme_session", None)
            kwargs["queryset"] = (
                ThematicTable.objects.filter(session=session)
                if session is not None and session.pk
                else ThematicTable.objects.none()
            )
            formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # One query for the choices of every row, not one per row.
            formfield.choices = list(formfield.choices)
            return formfield
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _time_zone_of_request(request, session):
    """The host city's zone, in which the session's times are typed and shown."""
    name = request.POST.get("time_zone") if request.method == "POST" else None
    if not name and session is not None:
        name = session.time_zone
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


class HostTimeZoneMixin:
    """Change pages whose times are typed and shown in the host city's zone
    (`editing_time_zone`). The page is rendered inside the override, since widgets convert
    times when they render."""

    def editing_time_zone(self, request, object_id):
        raise NotImplementedError

    def editing_session(self, request, object_id):
        """The session whose host city the zone is of, if any: the page names the zone after
        its city ("ora di Kazan', UTC+3"), not "Europe/Moscow"."""
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.editing_time_zone(request, object_id)
        label = zone_label_of(zone, self.editing_session(request, object_id))
        extra_context = {**(extra_context or {}), "editing_time_zone": label}
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response


def moment_cell(moment, session):
    """A time of a session's record in an admin list: day and time in the host city's zone,
    short, each kept on one line ("18/02/2027" over "09:00 UTC+3" in a narrow column)."""
    if moment is None:
        return "–"
    day, time = short_moment(moment, session)
    return format_html('<span class="moment"><span>{}</span> <span>{}</span></span>', day, time)


def session_cell(session):
    """A session in a narrow list column: its numeral, the city under it ("XXX" / "Kazan'")
    rather than "XXX sessione – Kazan'" on one line."""
    if session is None:
        return "–"
    return with_details(session.roman_numeral, session.city)


class SessionListTimesMixin:
    """The admin list of a session's records (registrations, check-ins, programme items…):
    each time in its session's host city zone, short and with its UTC offset, since a list
    may mix sessions held in different zones.

    When every record listed is of sessions in one zone (the list filtered by session, or
    all sessions in one zone), the whole list runs in that zone: the date drill-down groups
    by the host city's days (a Kazan item at 00:30 is on its Kazan day, not on Rome's day
    before) and the note above the list names the zone. When the sessions are in several
    zones, the list stays in the server's (Rome's) and the note says so. The other filters
    and the search are not weighed: a list narrowed by them to one zone says "several".

    `session_path` leads from a record to its session, as in a lookup
    ("registration__session"); the list should select it (`list_select_related`)."""

    session_path = "session"

    def session_of(self, obj):
        for name in self.session_path.split("__"):
            obj = getattr(obj, name, None) if obj is not None else None
        return obj

    def get_list_display(self, request):
        return [self._host_time_column(name) for name in super().get_list_display(request)]

    def _time_field(self, name):
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, models.DateTimeField) else None

    def _host_time_column(self, name):
        """A DateTimeField of the list shown in its session's zone, short, saying which."""
        field = self._time_field(name) if isinstance(name, str) else None
        if field is None:
            return name

        def column(obj):
            value = getattr(obj, name)
            session = self.session_of(obj)
            if value is None or session is None:
                return value
            return moment_cell(value, session)

        column.__name__ = name  # the cells' CSS class, as for the field itself
        column.short_description = field.verbose_name
        column.admin_order_field = name
        return column

    def list_shows_times(self, request):
        """Whether the list has times to place in a zone: a date drill-down or a column of
        times."""
        return bool(self.date_hierarchy) or any(
            isinstance(name, str) and self._time_field(name)
            for name in super().get_list_display(request)
        )

    def _sessions_listed(self, request):
        """The sessions of the records listed, as far as the list is filtered by session (or
        by a record on the way to it, such as a Meeting Point); a filter value that is no
        number is left to the list itself to refuse."""
        records = self.get_queryset(request).prefetch_related(None)
        names = self.session_path.split("__")
        lookups = set()
        for end in range(1, len(names) + 1):
            path = "__".join(names[:end])
            lookups |= {f"{path}__id__exact", f"{path}__exact", f"{path}__pk__exact"}
        for key, value in request.GET.items():
            if key in lookups and value.isdigit():
                records = records.filter(**{key: int(value)})
        return Session.objects.filter(
            models.Exists(records.filter(**{self.session_path: models.OuterRef("pk")}))
        )

    def changelist_view(self, request, extra_context=None):
        if not self.list_shows_times(request):
            return super().changelist_view(request, extra_context)
        sessions = list(self._sessions_listed(request))
        zones = {session.time_zone for session in sessions}
        if len(zones) > 1:
            extra_context = {
                **(extra_context or {}),
                "mixed_list_zone": zone_label_of(timezone.get_current_timezone()),
            }
        if len(zones) != 1:
            return super().changelist_view(request, extra_context)
        zone = sessions[0].tzinfo
        # "ora di Kazan', UTC+3" for one city; the zone's name for several (Kazan, Moscow).
        one_city = len({session.city for session in sessions}) == 1
        extra_context = {
            **(extra_context or {}),
            "list_time_zone": zone_label_of(zone, sessions[0] if one_city else None),
        }
        with timezone.override(zone):
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # the drill-down and the cells in the zone
        return response


class SessionTimesMixin(SessionListTimesMixin, HostTimeZoneMixin):
    """The admin of a session's records (its programme, registrations, check-ins, letters…):
    their times in the host city's zone, never the server's. The list gives each time with
    its zone and runs in the host city's zone when it is about one (SessionListTimesMixin);
    the change page is rendered in the zone and says it once (admin/change_form.html)."""

    def editing_session(self, request, object_id):
        # The record's session, or the one chosen in the form (or named by the add link);
        # looked up once per request (the zone and its label both ask).
        found = getattr(request, "_editing_session", None)
        if found is not None and found[0] == object_id:
            return found[1]
        obj = self.get_object(request, object_id) if object_id else None
        session = self.session_of(obj)
        session_id = request.POST.get("session") or request.GET.get("session")
        if self.session_path == "session" and session_id and str(session_id).isdigit():
            session = Session.objects.filter(pk=session_id).first() or session
        request._editing_session = (object_id, session)
        return session

    def editing_time_zone(self, request, object_id):
        session = self.editing_session(request, object_id)
        return session.tzinfo if session is not None else timezone.get_current_timezone()


def _source_label(session):
    return ngettext(
        "%(session)s (%(dates)s, %(count)s item)",
        "%(session)s (%(dates)s, %(count)s items)",
        session.item_count,
    ) % {"session": session, "dates": session.dates_display, "count": session.item_count}


class DuplicateProgrammeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the programme of"),
        queryset=Session.objects.none(),
        help_text=_(
            "Tables and items are copied on the same days of the session at the same local "
            "times; moderators are not copied."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace the programme this session already has"), required=False
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Session.objects.annotate(item_count=Count("programme_items"))
            .filter(item_count__gt=0)
            .exclude(pk=target.pk)
            .order_by("-number")
        )
        self.fields["source"].label_from_instance = _source_label
        if not (target.programme_items.exists() or target.thematic_tables.exists()):
            del self.fields["replace"]


# The colour of a session's status in the list (core.admin.status_badge).
SESSION_STATUS_TONES = {
    SessionStatus.PLANNED: "waiting",
    SessionStatus.REGISTRATION_OPEN: "new",
    SessionStatus.REGISTRATION_CLOSED: "waiting",
    SessionStatus.HELD: "done",
    SessionStatus.CANCELLED: "closed",
}


@admin.register(Session)
class SessionAdmin(AuthorizedAdminMixin, HostTimeZoneMixin, HistoryAdmin):
    inlines = (SessionInstitutionInline, ThematicTableInline, ProgrammeItemInline)
    actions = ("duplicate_programme_action",)
    # The city in the reader's language with its region under it, the dates as one span, the
    # status as a badge: the list fits a 1280 px laptop with the navigation and the filters
    # open, in Russian too.
    list_display = ("roman_numeral_display", "city_display", "dates", "status_display")
    list_display_links = ("roman_numeral_display", "city_display")
    list_filter = ("host_country", "status", YearFilter)
    list_select_related = ("host_region",)
    search_fields = ("=number", "city_it", "city_ru", "city_en", "venue", "venue_ru")
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_region",)
    readonly_fields = ("registrations_overview",)
    fieldsets = (
        (None, {"fields": ("number", "status")}),
        (
            _("Place"),
            {
                "fields": (
                    "host_country",
                    "host_region",
                    ("city_it", "city_ru", "city_en"),
                    ("venue", "venue_ru", "venue_en"),
                    "time_zone",
                )
            },
        ),
        (_("Dates"), {"fields": (("start_date", "end_date"), "date_precision")}),
        (
            _("Registration"),
            {
                "fields": (
                    ("registration_opens", "registration_closes"),
                    ("capacity_italian", "capacity_russian"),
                    "registrations_overview",
                )
            },
        ),
        (
            _("Co-chairs"),
            {
                "fields": (
                    ("italian_cochair_name", "italian_cochair_name_cyrillic"),
                    (
                        "italian_cochair_title",
                        "italian_cochair_title_ru",
                        "italian_cochair_title_en",
                    ),
                    ("russian_cochair_name", "russian_cochair_name_latin"),
                    (
                        "russian_cochair_title",
                        "russian_cochair_title_it",
                        "russian_cochair_title_en",
                    ),
                )
            },
        ),
        (
            _("Past editions"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("historical_registrations_italian", "historical_registrations_russian"),
                    "notes",
                ),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The public pages follow the registration window (Session.public_status_display):
        # staff hear when the status they chose says otherwise.
        for warning in obj.status_window_warnings():
            self.message_user(request, warning, messages.WARNING)

    class Media:
        js = ("js/session_time_zone.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "time_zone":
            # Choosing the region proposes its zone (static/js/session_time_zone.js).
            zones = {
                str(region.pk): proposed_zone(region)
                for region in Region.objects.only("pk", "code", "country")
            }
            formfield.widget.attrs["data-region-zones"] = json.dumps(zones, sort_keys=True)
            formfield.help_text = _(
                "The host city's time zone; programme times are shown in it. Choosing the "
                "region proposes its zone; only a zone of the host country is accepted."
            )
        return formfield

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new session gets today's co-chairing ministries, which staff may then correct.
        give_default_institutions(form.instance)

    @admin.display(description=_("session"), ordering="number")
    def roman_numeral_display(self, session):
        return session.roman_numeral

    @admin.display(description=_("city"), ordering="city_it")
    def city_display(self, session):
        return with_details(session.city, session.host_region)

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, session):
        return session.dates_display

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, session):
        return status_badge(
            session.status,
            session.get_status_display(),
            SESSION_STATUS_TONES.get(session.status, "closed"),
        )

    @admin.display(description=_("Registrations"))
    def registrations_overview(self, session):
        # Links by URL name only: the registrations live in an app that builds on this one.
        if not session.pk:
            return "–"
        try:
            report = reverse("admin:delegates_registration_session_report", args=[session.pk])
            listing = reverse("admin:delegates_registration_changelist")
        except NoReverseMatch:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?session__id__exact={}">{}</a>',
            report,
            _("Counts by delegation and status"),
            listing,
            session.pk,
            _("List of registrations"),
        )

    def editing_session(self, request, object_id):
        return self.get_object(request, object_id) if object_id else None

    def editing_time_zone(self, request, object_id):
        # Programme and registration times: the zone being typed in the form, or the
        # session's.
        return _time_zone_of_request(request, self.editing_session(request, object_id))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/control-room/",
                self.admin_site.admin_view(self.control_room_view),
                name="sessions_app_session_control_room",
            ),
            path(
                "<path:object_id>/duplicate-programme/",
                self.admin_site.admin_view(self.duplicate_programme_view),
                name="sessions_app_session_duplicate_programme",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_duplicate_programme": self.has_duplicate_programme_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def control_room_view(self, request, object_id):
        """What the session still needs, block by block as the apps contribute them
        (core/control_room.py); Viewers see every figure and no action."""
        session = self.get_object(request, unquote(object_id))
        if session is None:
            raise Http404
        if not self.has_view_permission(request, session):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Control room – %(session)s") % {"session": session.title_and_city},
            "opts": self.model._meta,
            "original": session,
            **control_room_overview(session, request.user),
        }
        return TemplateResponse(request, "admin/sessions_app/session/control_room.html", context)

    def has_duplicate_programme_permission(self, request, obj=None):
        """Copying a programme into a session: the programme's people (Organizers too), even
        though only the ministry changes the session itself."""
        return user_may(request.user, *DUPLICATE_PERMISSIONS)

    @admin.action(
        description=_("Duplicate the programme from another session"),
        permissions=["duplicate_programme"],
    )
    def duplicate_programme_action(self, request, queryset):
        targets = list(queryset[:2])
        if len(targets) != 1:
            self.message_user(
                request,
                _("Select exactly one session: the one that receives the programme."),
                messages.ERROR,
            )
            return None
        return redirect("admin:sessions_app_session_duplicate_programme", object_id=targets[0].pk)

    def duplicate_programme_view(self, request, object_id):
        target = self.get_object(request, unquote(object_id))  # None for "abc" too
        if target is None:
            raise Http404
        if not self.has_duplicate_programme_permission(request, target):
            raise PermissionDenied
        form = DuplicateProgrammeForm(request.POST or None, target=target)
        if request.method == "POST" and form.is_valid():
            try:
                count = duplicate_programme(
                    form.cleaned_data["source"],
                    target,
                    by=request.user,
                    replace=form.cleaned_data.get("replace", False),
                )
            except (ProgrammeError, ActionNotAllowed) as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s programme item copied from: %(source)s.",
                        "%(count)s programme items copied from: %(source)s.",
                        count,
                    )
                    % {"count": count, "source": form.cleaned_data["source"]},
                    messages.SUCCESS,
                )
                return redirect("admin:sessions_app_session_change", object_id=target.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Duplicate a programme into: %(session)s") % {"session": target},
            "target": target,
            "form": form,
            "change_url": reverse("admin:sessions_app_session_change", args=[target.pk]),
        }
        return TemplateResponse(
            request, "admin/sessions_app/session/duplicate_programme.html", context
        )


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(
    SessionFixedOnceSaved, AuthorizedAdminMixin, SessionTimesMixin, HistoryAdmin
):
    """Every field of one item, descriptions included; the session page edits the main ones."""

    formfield_overrides = PROGRAMME_DATETIME_WIDGETS
    # The place under the title, the session as its numeral: the list fits a 1280 px laptop
    # with the navigation and the filters open.
    list_display = ("title_and_place", "session_display", "kind", "starts_at", "ends_at")
    list_filter = ("kind", "session")
    list_select_related = ("session",)
    search_fields = ("title_it", "title_ru", "title_en", "place_it", "place_ru")
    # By the host city's days when the list is of one session (SessionListTimesMixin).
    date_hierarchy = "starts_at"
    autocomplete_fields = ("session",)
    fieldsets = (
        (None, {"fields": ("session", "kind", "table", ("starts_at", "ends_at"), "capacity")}),
        (_("Title"), {"fields": ("title_it", "title_ru", "title_en")}),
        (_("Place"), {"fields": ("place_it", "place_ru", "place_en")}),
        (_("Description"), {"fields": ("description_it", "description_ru", "description_en")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session")

    @admin.display(description=_("title (Italian)"), ordering="title_it")
    def title_and_place(self, item):
        return with_details(item.title_it, item.place_it)

    @admin.display(description=_("session"), ordering="session__number")
    def session_display(self, item):
        return session_cell(item.session)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "table" and field is not None:
            # The tables of the item's session, each named with its session: sessions repeat
            # their tables' names.
            object_id = request.resolver_match.kwargs.get("object_id")
            session_choices(field, self.editing_session(request, object_id))
        return field


@admin.register(ThematicTable)
class ThematicTableAdmin(SessionFixedOnceSaved, AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("name_it", "name_ru", "session", "sector", "capacity")
    list_filter = ("sector", "session")
    list_select_related = ("session",)
    search_fields = ("name_it", "name_ru", "name_en")
    autocomplete_fields = ("session",)
