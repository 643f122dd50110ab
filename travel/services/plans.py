"""What staff read: the rooming list of each hotel and the plan of arrivals and departures,
by day and hour, grouped for transfers. Each is read in a fixed number of queries."""

import dataclasses
import datetime
import unicodedata

from django.db.models import Prefetch
from django.utils import timezone

from delegates.models import PLACE_HOLDING_STATUSES
from travel.models import Hotel, HotelBooking, TravelPlan

# Delegates arriving at the same airport or station within this window share a transfer.
TRANSFER_WINDOW = datetime.timedelta(hours=1)

ARRIVALS, DEPARTURES = "arrival", "departure"


def rooming_list(session):
    """[(hotel, [booking, …])] for every hotel of the session, the bookings ordered by room
    type, check-in and name, with their registration, person and organization (two
    queries: hotels, blocks, bookings)."""
    bookings = (
        HotelBooking.objects.filter(registration__status__in=PLACE_HOLDING_STATUSES)
        .select_related("room_block", "registration__person", "registration__organization")
        .order_by(
            "room_block__position",
            "room_block_id",
            "check_in",
            "registration__person__family_name_latin",
            "registration__person__given_name_latin",
        )
    )
    hotels = Hotel.objects.filter(session=session).prefetch_related(
        Prefetch("room_blocks__bookings", queryset=bookings)
    )
    result = []
    for hotel in hotels:
        rows = [booking for block in hotel.room_blocks.all() for booking in block.bookings.all()]
        result.append((hotel, rows))
    return result


@dataclasses.dataclass
class Movement:
    """One delegate arriving or leaving."""

    registration: object
    at: datetime.datetime  # in the host city's zone
    means: str
    means_display: str
    number: str
    place: str
    transfer: bool


@dataclasses.dataclass
class TransferGroup:
    """Delegates at the same airport or station within TRANSFER_WINDOW of the first."""

    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    movements: list

    @property
    def transfers(self):
        return sum(1 for movement in self.movements if movement.transfer)


def _place_key(place):
    """ "Kazan airport", " KAZAN  Airport " alike: case, spaces and accents ignored."""
    text = unicodedata.normalize("NFKD", place or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.split())


def movements(session, direction):
    """The session's arrivals (or departures) with a time, in time order (one query)."""
    at = f"{direction}_at"
    plans = (
        TravelPlan.objects.filter(
            registration__session=session,
            registration__status__in=PLACE_HOLDING_STATUSES,
            **{f"{at}__isnull": False},
        )
        .select_related("registration__person", "registration__organization")
        .order_by(at, "registration__person__family_name_latin")
    )
    zone = session.tzinfo
    result = []
    for plan in plans:
        result.append(
            Movement(
                registration=plan.registration,
                at=timezone.localtime(getattr(plan, at), zone),
                means=getattr(plan, f"{direction}_means"),
                means_display=getattr(plan, f"get_{direction}_means_display")(),
                number=getattr(plan, f"{direction}_number"),
                place=getattr(plan, f"{direction}_place"),
                transfer=getattr(plan, f"{direction}_transfer"),
            )
        )
    return result


def transfer_plan(session, direction):
    """[(day, [TransferGroup, …])]: each day's movements grouped by airport or station, a
    group closing an hour after its first movement; groups in time order."""
    days = {}
    open_groups = {}  # (day, place key) → the group still within its hour
    for movement in movements(session, direction):
        day = movement.at.date()
        key = (day, _place_key(movement.place))
        group = open_groups.get(key)
        if group is None or movement.at - group.starts_at > TRANSFER_WINDOW:
            group = TransferGroup(
                place=movement.place, starts_at=movement.at, ends_at=movement.at, movements=[]
            )
            open_groups[key] = group
            days.setdefault(day, []).append(group)
        group.movements.append(movement)
        group.ends_at = movement.at
    return sorted(days.items())
