"""Hotels, room blocks and the rooms delegates choose; their arrivals and departures.

A room block holds `rooms` rooms; each booking takes one. Choosing a room locks the
registration's row, then the room block's row (`select_for_update`), counts the block's
bookings and refuses when none is left: two delegates asking at once for the last room
are served one after the other, and the second is told the hotel is full. Freeing a room
(another choice, a cancelled or rejected registration) needs no lock: it only lowers the
count.

Who acts (core/authorization.py): the delegate themselves through their private link (the
registration), staff holding the change permission of the bookings, or SYSTEM."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.authorization import ActionNotAllowed, is_system, require_permission
from core.text import two_parts
from delegates.models import PLACE_HOLDING_STATUSES, Registration
from sessions_app.dates import by_date, date_range, date_span
from travel.emails import queue_room_email
from travel.models import (
    HotelBooking,
    RoomBlock,
    TravelLogistics,
    TravelPlan,
)

BOOKING_PERMISSION = "travel.change_hotelbooking"
PLAN_PERMISSION = "travel.change_travelplan"
HOTEL_PERMISSION = "travel.change_hotel"
LOGISTICS_PERMISSION = "travel.change_travellogistics"


class TravelError(Exception):
    """A choice refused; the message is translated and fit to show; `code` for tests."""

    def __init__(self, message, code="invalid", field=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field

    def __str__(self):
        return str(self.message)


def _require(registration, by, permission):
    """The delegate acts on their own registration only; staff need `permission`."""
    if isinstance(by, Registration):
        if by.pk != registration.pk:
            raise ActionNotAllowed()
        return
    require_permission(by, permission)


# --- what the session offers -----------------------------------------------------------------


def logistics_of(session):
    """The session's TravelLogistics, or None when it collects nothing."""
    return TravelLogistics.objects.filter(session=session).first()


def switch_on_logistics(session, *, by):
    """The travel part of the standard logistics block (delegates/services/questions.py):
    switch on arrivals and hotel rooms for the session, once. Returns what it switched on."""
    require_permission(by, LOGISTICS_PERMISSION)
    logistics, created = TravelLogistics.objects.get_or_create(session=session)
    switched = []
    if not created and logistics.arrivals_open and logistics.hotels_open:
        return switched
    if created or not logistics.arrivals_open:
        switched.append(_("Arrival and departure, transfer wanted"))
    if created or not logistics.hotels_open:
        switched.append(_("Hotel room"))
    if not created:
        logistics.arrivals_open = logistics.hotels_open = True
        logistics.save(update_fields=["arrivals_open", "hotels_open"])
    return switched


def may_give_travel(registration):
    """Whether the delegate's private page offers the hotels and the arrival form: the
    session collects them, and the registration holds a place (submitted or approved)."""
    if registration.status not in PLACE_HOLDING_STATUSES:
        return False
    logistics = logistics_of(registration.session)
    return bool(logistics and (logistics.arrivals_open or logistics.hotels_open))


def room_blocks_with_places(session):
    """The session's room blocks with `booked` and `free` (rooms left), hotel loaded, in
    the order delegates see them (one query)."""
    blocks = list(
        RoomBlock.objects.filter(hotel__session=session)
        .select_related("hotel")
        .annotate(booked=Count("bookings"))
        .order_by("hotel__position", "hotel__name_it", "hotel_id", "position", "pk")
    )
    for block in blocks:
        block.free = max(block.rooms - block.booked, 0)
    return blocks


# --- the delegate's room ---------------------------------------------------------------------


def check_stay(room_block, check_in, check_out):
    """Refuse dates outside the block's nights or in the wrong order (TravelError)."""
    if check_in is None or check_out is None:
        raise TravelError(_("Give the check-in and check-out dates."), code="dates_missing")
    if check_out <= check_in:
        raise TravelError(
            _("The check-out date must come after the check-in date."),
            code="check_out_before_check_in",
            field="check_out",
        )
    if check_in < room_block.first_night or check_out > room_block.check_out_day:
        raise TravelError(
            _(
                "These rooms are held for the %(nights)s: choose a check-in and a check-out "
                "within them."
            )
            % {"nights": nights_of(room_block)},
            code="dates_outside_block",
            field="check_in",
        )


def nights_of(room_block):
    """ "notti dal 17 al 19 febbraio (partenza entro il 20 febbraio)", «ночи с 17 по 19
    февраля (выезд не позднее 20 февраля)»: the last night and the check-out day both named,
    so that nobody reads the last night as the day of departure. Without the year: the
    nights of a session's hotels lie around it (sessions_app/dates.py, locale/GLOSSARY.md)."""
    return _("nights %(span)s (check-out %(by_day)s)") % {
        "span": date_span(room_block.first_night, room_block.last_night, with_year=False),
        "by_day": by_date(room_block.check_out_day, with_year=False),
    }


def choose_room(registration, room_block, *, check_in, check_out, sharing_note="", by):
    """Book (or move) the registration's room into `room_block`, within its capacity.

    Race-free: the registration's row, then the block's row, are locked before counting, so
    the last room goes to one delegate only. Returns the booking."""
    _require(registration, by, BOOKING_PERMISSION)
    with transaction.atomic():
        locked = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        if locked.status not in PLACE_HOLDING_STATUSES and not is_system(by):
            raise TravelError(
                _("Only a submitted or approved registration may book a hotel room."),
                code="not_active",
            )
        block = (
            RoomBlock.objects.select_for_update(of=("self",))
            .select_related("hotel")
            .get(pk=room_block.pk)
        )
        if block.hotel.session_id != locked.session_id:
            raise TravelError(_("This hotel is not one of your session's."), code="other_session")
        check_stay(block, check_in, check_out)
        booking = HotelBooking.objects.filter(registration=locked).first()
        moving = booking is None or booking.room_block_id != block.pk
        if moving and block.bookings.count() >= block.rooms:
            raise TravelError(
                _(
                    "Sorry: the last room of this kind at %(hotel)s was taken in the meantime. "
                    "Please choose another."
                )
                % {"hotel": block.hotel},
                code="full",
                field="room_block",
            )
        changed = moving or (booking.check_in, booking.check_out) != (check_in, check_out)
        if booking is None:
            booking = HotelBooking(registration=locked)
        booking.room_block = block
        booking.check_in = check_in
        booking.check_out = check_out
        booking.sharing_note = (sharing_note or "").strip()
        booking.save()
        if changed and not is_system(by):
            # The delegate is told of the room in their language: a confirmation, or the
            # organizers' booking or move (in this transaction: a refusal mails nobody).
            queue_room_email(booking, by_staff=not isinstance(by, Registration))
    return booking


def release_room(registration, *, by):
    """Give the registration's room back (nothing happens without one). Returns whether a
    room was freed."""
    _require(registration, by, BOOKING_PERMISSION)
    deleted, _detail = HotelBooking.objects.filter(registration_id=registration.pk).delete()
    return bool(deleted)


def erase_travel_data(registration_ids):
    """Erasure and anonymization (delegates' `registrations_erased`): the rooms, arrivals and
    departures of these registrations go, with their history (flight numbers, whom they
    shared a room with). Runs in the erasing transaction; the portal acts."""
    ids = list(registration_ids)
    for model in (HotelBooking, TravelPlan):
        model.objects.filter(registration_id__in=ids).delete()
        model.history.filter(registration_id__in=ids).delete()  # the deletions' records too


def travel_personal_data(registrations):
    """For the delegate's data download (delegates.services.privacy): each registration's
    hotel room and arrival and departure (two queries)."""
    ids = [registration.pk for registration in registrations]
    data = {pk: {} for pk in ids}
    bookings = HotelBooking.objects.filter(registration_id__in=ids).select_related(
        "room_block__hotel"
    )
    for booking in bookings:
        data[booking.registration_id]["hotel_room"] = {
            "hotel": booking.room_block.hotel.localized("name"),
            "room_type": booking.room_block.room_type,
            "check_in": booking.check_in.isoformat(),
            "check_out": booking.check_out.isoformat(),
            "sharing_note": booking.sharing_note,
        }
    for plan in TravelPlan.objects.filter(registration_id__in=ids):
        data[plan.registration_id]["travel"] = {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name in PLAN_FIELDS
            for value in [getattr(plan, name)]
        }
    return data


# --- arrivals and departures -----------------------------------------------------------------

PLAN_FIELDS = (
    "arrival_at",
    "arrival_means",
    "arrival_number",
    "arrival_place",
    "arrival_transfer",
    "departure_at",
    "departure_means",
    "departure_number",
    "departure_place",
    "departure_transfer",
)


# Arrivals and departures are taken from this many days before the session's first day to
# this many days after its last (the host city's dates): room for a delegate who comes early
# or stays on, none for a mistyped year that the plan and the transfers would then show.
TRAVEL_WINDOW_DAYS = 7


def travel_window(session):
    """The first and the last day, in the host city, on which a delegate may arrive or leave."""
    margin = datetime.timedelta(days=TRAVEL_WINDOW_DAYS)
    return session.start_date - margin, session.end_date + margin


def _local_day(moment, session):
    if timezone.is_naive(moment):
        return moment.date()  # typed in the host city's time
    return timezone.localtime(moment, session.tzinfo).date()


def plan_problems(values, session):
    """What is wrong with an arrival and departure, as TravelErrors each on its field: a day
    outside the session's travel window (travel_window), a departure not after the arrival."""
    problems = []
    first, last = travel_window(session)
    messages = {
        "arrival_at": _(
            "The arrival must fall within %(window)s (the session's dates: %(dates)s): "
            "check the date."
        ),
        "departure_at": _(
            "The departure must fall within %(window)s (the session's dates: %(dates)s): "
            "check the date."
        ),
    }
    for name, message in messages.items():
        moment = values.get(name)
        if moment and not first <= _local_day(moment, session) <= last:
            problems.append(
                TravelError(
                    message
                    % {
                        "window": date_range(first, last),
                        "dates": date_range(session.start_date, session.end_date),
                    },
                    code="outside_travel_window",
                    field=name,
                )
            )
    arrival, departure = values.get("arrival_at"), values.get("departure_at")
    if arrival and departure and departure <= arrival:
        problems.append(
            TravelError(
                _("The departure must come after the arrival: check the dates and times."),
                code="departure_before_arrival",
                field="departure_at",
            )
        )
    return problems


def check_plan(values, session):
    """Refuse an arrival and departure plan_problems finds wrong (the first, a TravelError)."""
    problems = plan_problems(values, session)
    if problems:
        raise problems[0]


def save_travel_plan(registration, values, *, by):
    """Save the delegate's arrival and departure (`values` holds PLAN_FIELDS; times are
    aware datetimes). Returns the plan."""
    _require(registration, by, PLAN_PERMISSION)
    check_plan(values, registration.session)
    with transaction.atomic():
        plan, _created = TravelPlan.objects.select_for_update().get_or_create(
            registration_id=registration.pk
        )
        for name in PLAN_FIELDS:
            if name not in values:
                continue
            value = values[name]
            if name.endswith("_at"):
                setattr(plan, name, value or None)
            elif name.endswith("_transfer"):
                setattr(plan, name, bool(value))
            else:
                setattr(plan, name, (value or "").strip())
        plan.save()
    return plan


# --- staff: hotels and their room blocks --------------------------------------------------------


def save_hotel(hotel, *, by):
    require_permission(by, "travel.add_hotel" if hotel.pk is None else HOTEL_PERMISSION)
    hotel.full_clean()
    hotel.save()
    return hotel


def save_room_block(block, *, by):
    """Staff add or change a room block; fewer rooms than already booked is refused."""
    require_permission(
        by, "travel.add_roomblock" if block.pk is None else "travel.change_roomblock"
    )
    with transaction.atomic():
        if block.pk is not None:
            RoomBlock.objects.select_for_update().get(pk=block.pk)
            booked = HotelBooking.objects.filter(room_block_id=block.pk).count()
            if block.rooms < booked:
                raise TravelError(
                    _(
                        "%(booked)s rooms of this block are already chosen: it cannot have "
                        "fewer rooms. Move some delegates to another block first."
                    )
                    % {"booked": booked},
                    code="below_bookings",
                    field="rooms",
                )
        block.save()
    return block


def delete_room_block(block, *, by):
    """Remove a room block; refused while a delegate has a room in it."""
    require_permission(by, "travel.delete_roomblock")
    if HotelBooking.objects.filter(room_block_id=block.pk).exists():
        raise TravelError(
            _("Delegates have chosen rooms in this block: move them first."), code="has_bookings"
        )
    block.delete()


def delete_hotels(hotels, *, by):
    """Remove hotels; refused while a delegate has a room there."""
    require_permission(by, "travel.delete_hotel")
    hotels = list(hotels)
    if HotelBooking.objects.filter(room_block__hotel__in=hotels).exists():
        raise TravelError(
            _("Delegates have chosen rooms at this hotel: move them first."), code="has_bookings"
        )
    for hotel in hotels:
        hotel.delete()


def local_datetime(session, day, time):
    """A date and time typed in the host city's zone, as an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=session.tzinfo)


def room_given_up(registration):
    """For the cancellation e-mail (delegates.services.given_up): the hotel room the
    registration holds, in the active language."""
    booking = (
        HotelBooking.objects.filter(registration_id=registration.pk)
        .select_related("room_block__hotel")
        .first()
    )
    if booking is None:
        return []
    block = booking.room_block
    room = two_parts(
        block.hotel.localized("name"), block.get_room_type_display(), lower_second=True
    )
    return [_("your hotel room: %(room)s") % {"room": room}]


def transfers_given_up(registration):
    """For the cancellation e-mail: the transfers asked for, or else the arrival and departure
    given for the organizers' plans, in the active language."""
    plan = TravelPlan.objects.filter(registration_id=registration.pk).first()
    if plan is None:
        return []
    if plan.arrival_transfer and plan.departure_transfer:
        return [_("the transfers you asked for, on arrival and on departure")]
    if plan.arrival_transfer:
        return [_("the transfer you asked for on arrival")]
    if plan.departure_transfer:
        return [_("the transfer you asked for on departure")]
    if plan.arrival_at or plan.departure_at:
        return [_("your arrival and departure in the organizers' travel plans")]
    return []
