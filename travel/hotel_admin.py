"""Admin of the hotels, their room blocks, the delegates' rooms and their arrivals and
departures; the rooming list and the transfer plan of each session (web, Excel, PDF).

Saves and deletes go through travel.services.hotels (capacity checked under lock; a refusal
is an error of the form, ServiceRefusalsAsErrors); permissions are the roles' (Organizers
change, Viewers read)."""

import zoneinfo

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ServiceRefusalsAsErrors, SessionFixedOnceSaved, with_details
from core.authorization import AuthorizedAdminMixin, user_may
from core.http import file_response
from delegates.models import Registration
from sessions_app.admin import SessionListTimesMixin, moment_cell
from sessions_app.models import Session
from staff.models import AuditAction
from staff.services import record_access
from travel import documents
from travel.forms import TravelPlanAdminForm
from travel.models import Hotel, HotelBooking, RoomBlock, TravelLogistics, TravelPlan
from travel.services import hotels
from travel.services.plans import ARRIVALS, DEPARTURES, rooming_list, transfer_plan

PLANS_PERMISSIONS = ("travel.view_hotelbooking", "travel.view_travelplan")


@admin.register(TravelLogistics)
class TravelLogisticsAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = ("session", "arrivals_open", "hotels_open")
    list_select_related = ("session",)
    autocomplete_fields = ("session",)


class RoomBlockInline(admin.TabularInline):
    model = RoomBlock
    extra = 1
    # Narrow inputs for short values: the row fits a laptop (static/css/admin_inlines.css).
    classes = ("room-block-inline",)
    fields = ("room_type", "rooms", "first_night", "last_night", "price", "currency", "position")


@admin.register(Hotel)
class HotelAdmin(
    ServiceRefusalsAsErrors, SessionFixedOnceSaved, AuthorizedAdminMixin, HistoryAdmin
):
    refusal_exceptions = (hotels.TravelError,)
    list_display = ("__str__", "session", "stars", "distance_m", "rooms_held", "rooms_chosen")
    list_filter = ("session",)
    list_select_related = ("session",)
    search_fields = ("name_it", "name_ru", "name_en", "address")
    autocomplete_fields = ("session",)
    inlines = [RoomBlockInline]
    change_list_template = "admin/travel/hotel/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                held=Subquery(
                    RoomBlock.objects.filter(hotel=OuterRef("pk"))
                    .values("hotel")
                    .annotate(total=Sum("rooms"))
                    .values("total")
                ),
                chosen=Subquery(
                    HotelBooking.objects.filter(room_block__hotel=OuterRef("pk"))
                    .values("room_block__hotel")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
            )
        )

    @admin.display(description=_("rooms held"))
    def rooms_held(self, hotel):
        return hotel.held or 0

    @admin.display(description=_("rooms chosen"))
    def rooms_chosen(self, hotel):
        return hotel.chosen or 0

    def save_model(self, request, obj, form, change):
        hotels.save_hotel(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoomBlock:
            return super().save_formset(request, form, formset, change)
        blocks = formset.save(commit=False)
        for block in formset.deleted_objects:
            hotels.delete_room_block(block, by=request.user)
        for block in blocks:
            hotels.save_room_block(block, by=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        hotels.delete_hotels([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        hotels.delete_hotels(queryset, by=request.user)

    # --- the rooming list and the transfer plan -------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("plans/", wrap(self.plans_index_view), name="travel_plans"),
            path("plans/<int:session_id>/", wrap(self.plans_view), name="travel_plans_session"),
            path(
                "plans/<int:session_id>/<str:document>.<str:extension>",
                wrap(self.plans_download_view),
                name="travel_plans_download",
            ),
            *super().get_urls(),
        ]

    def _require_plans(self, request):
        if not user_may(request.user, *PLANS_PERMISSIONS):
            raise PermissionDenied

    def plans_index_view(self, request):
        """The sessions with hotels or collecting arrivals, each with its counts."""
        self._require_plans(request)
        sessions = (
            Session.objects.filter(Q(hotels__isnull=False) | Q(travel_logistics__isnull=False))
            .distinct()
            .order_by("-start_date")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Rooming lists and transfers"),
            "sessions": sessions,
        }
        return TemplateResponse(request, "admin/travel/hotel/plans_index.html", context)

    def plans_view(self, request, session_id):
        """The session's rooming list per hotel and its arrivals and departures by day and
        hour, grouped for transfers, with the downloads."""
        self._require_plans(request)
        session = get_object_or_404(Session, pk=session_id)
        with timezone.override(session.tzinfo):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Rooming list and transfers: %(session)s")
                % {"session": session.title_and_city},
                "session": session,
                "rooming": rooming_list(session),
                "arrivals": transfer_plan(session, ARRIVALS),
                "departures": transfer_plan(session, DEPARTURES),
                "zone_label": session.zone_label,
            }
            response = TemplateResponse(request, "admin/travel/hotel/plans.html", context)
            return response.render()

    def plans_download_view(self, request, session_id, document, extension):
        self._require_plans(request)
        session = get_object_or_404(Session, pk=session_id)
        makers = {
            ("rooming", "xlsx"): documents.rooming_workbook,
            ("rooming", "pdf"): documents.render_rooming_pdf,
            ("transfers", "xlsx"): documents.transfers_workbook,
            ("transfers", "pdf"): documents.render_transfers_pdf,
        }
        maker = makers.get((document, extension))
        if maker is None:
            raise PermissionDenied
        record_access(
            request,
            AuditAction.EXPORT,
            detail=f"{document} of session {session.number}, {extension.upper()}",
        )
        return file_response(maker(session), f"{document}-{session.number}.{extension}")


def _block_with_session(block):
    """ "Hotel Kazan – single room (XXX)": sessions may book the same hotel again."""
    return pgettext("a session's table or visit", "%(name)s (%(session)s)") % {
        "name": block,
        "session": block.hotel.session.roman_numeral,
    }


class HotelBookingAdminForm(forms.ModelForm):
    """A room of a hotel of the registration's session (the service refuses the others too,
    in the delegate's words; here staff read why, on the field)."""

    class Meta:
        model = HotelBooking
        fields = ("registration", "room_block", "check_in", "check_out", "sharing_note")

    def clean(self):
        data = super().clean()
        registration = self.instance.registration if self.instance.pk else data.get("registration")
        block = data.get("room_block")
        if registration is not None and block is not None:
            if block.hotel.session_id != registration.session_id:
                self.add_error(
                    "room_block",
                    _("Choose a room at a hotel of the registration's session (%(session)s).")
                    % {"session": registration.session.title},
                )
        return data


@admin.register(HotelBooking)
class HotelBookingAdmin(ServiceRefusalsAsErrors, AuthorizedAdminMixin, HistoryAdmin):
    """Staff book, move or free a delegate's room, within the blocks' capacity."""

    refusal_exceptions = (hotels.TravelError,)
    # The room type and who shares the room under the hotel; days in the short form: the
    # list fits a 1280 px laptop with the navigation and the filters open.
    list_display = ("person_name", "session_number", "hotel", "check_in_day", "check_out_day")
    list_filter = ("registration__session", "room_block__hotel", "room_block__room_type")
    list_select_related = ("registration__person", "registration__session", "room_block__hotel")
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "registration__person__email",
    )
    autocomplete_fields = ("registration",)
    fields = ("registration", "room_block", "check_in", "check_out", "sharing_note")
    form = HotelBookingAdminForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The room blocks of the booking's session; on the add page, where the registration
        is chosen on the same page, every session's, each named with its session."""
        if db_field.name != "room_block":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        blocks = RoomBlock.objects.select_related("hotel", "hotel__session")
        object_id = request.resolver_match.kwargs.get("object_id")
        booking = (
            HotelBooking.objects.filter(pk=object_id).select_related("registration").first()
            if object_id and str(object_id).isdigit()
            else None
        )
        if booking is not None:
            kwargs["queryset"] = blocks.filter(hotel__session=booking.registration.session_id)
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = blocks.order_by("-hotel__session__number", "hotel", "position")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = _block_with_session
        return field

    def get_readonly_fields(self, request, obj=None):
        return ("registration",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        saved = hotels.choose_room(
            obj.registration,
            obj.room_block,
            check_in=obj.check_in,
            check_out=obj.check_out,
            sharing_note=obj.sharing_note,
            by=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        hotels.release_room(obj.registration, by=request.user)

    def delete_queryset(self, request, queryset):
        for booking in queryset.select_related("registration"):
            hotels.release_room(booking.registration, by=request.user)

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, booking):
        return booking.registration.person.full_name_latin

    @admin.display(description=_("session"), ordering="registration__session__number")
    def session_number(self, booking):
        return booking.registration.session.roman_numeral

    @admin.display(description=_("hotel"), ordering="room_block__hotel__name_it")
    def hotel(self, booking):
        return with_details(
            booking.room_block.hotel,
            booking.room_block.get_room_type_display(),
            booking.sharing_note,
        )

    @admin.display(description=pgettext_lazy("hotel", "check-in"), ordering="check_in")
    def check_in_day(self, booking):
        return date_format(booking.check_in, "SHORT_DATE_FORMAT")

    @admin.display(description=pgettext_lazy("hotel", "check-out"), ordering="check_out")
    def check_out_day(self, booking):
        return date_format(booking.check_out, "SHORT_DATE_FORMAT")


@admin.register(TravelPlan)
class TravelPlanAdmin(
    ServiceRefusalsAsErrors, AuthorizedAdminMixin, SessionListTimesMixin, HistoryAdmin
):
    """The delegates' arrivals and departures; times shown, typed and saved in the host
    city's zone, in the list and in the form. The list drills down by the day of arrival,
    the host city's day when the list is of one session (SessionListTimesMixin)."""

    refusal_exceptions = (hotels.TravelError,)
    form = TravelPlanAdminForm
    session_path = "registration__session"
    # Place and transfer under each time: the list fits a 1280 px laptop with the
    # navigation and the filters open.
    list_display = ("person_name", "session_number", "arrival", "departure")
    date_hierarchy = "arrival_at"
    list_filter = (
        "registration__session",
        "arrival_means",
        "arrival_transfer",
        "departure_transfer",
    )
    list_select_related = ("registration__person", "registration__session")
    search_fields = (
        "registration__person__family_name",
        "registration__person__family_name_latin",
        "arrival_place",
        "departure_place",
        "arrival_number",
        "departure_number",
    )
    autocomplete_fields = ("registration",)
    fields = ("registration", *hotels.PLAN_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("registration",) if obj is not None else ()

    def _session_zone(self, request, object_id):
        """The host city's zone of the plan's session (or of the registration posted)."""
        registrations = Registration.objects.none()
        if object_id and str(object_id).isdigit():
            registrations = Registration.objects.filter(travel_plan__pk=object_id)
        elif str(request.POST.get("registration", "")).isdigit():
            registrations = Registration.objects.filter(pk=request.POST["registration"])
        zone = registrations.values_list("session__time_zone", flat=True).first()
        return zoneinfo.ZoneInfo(zone) if zone else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Times typed and shown in the host city's zone, as the delegate gives them."""
        zone = self._session_zone(request, object_id)
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # in the zone, not after this returns
            return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("arrival_at", "departure_at"):
            if name in form.base_fields:
                form.base_fields[name].help_text = _("In the local time of the session's city.")
        return form

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in hotels.PLAN_FIELDS}
        saved = hotels.save_travel_plan(obj.registration, values, by=request.user)
        obj.pk = saved.pk

    @staticmethod
    def _journey(plan, moment, place, transfer):
        if moment is None and not place:
            return "—"
        return with_details(
            moment_cell(moment, plan.registration.session),
            place,
            gettext("transfer wanted") if transfer else "",
        )

    @admin.display(description=_("person"), ordering="registration__person__family_name_latin")
    def person_name(self, plan):
        return plan.registration.person.full_name_latin

    @admin.display(description=_("session"), ordering="registration__session__number")
    def session_number(self, plan):
        return plan.registration.session.roman_numeral

    @admin.display(description=_("arrival"), ordering="arrival_at")
    def arrival(self, plan):
        return self._journey(plan, plan.arrival_at, plan.arrival_place, plan.arrival_transfer)

    @admin.display(description=_("departure"), ordering="departure_at")
    def departure(self, plan):
        return self._journey(plan, plan.departure_at, plan.departure_place, plan.departure_transfer)
