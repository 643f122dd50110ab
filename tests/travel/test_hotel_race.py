"""The race on the last rooms of a hotel: many delegates choosing the same room block at
the same moment, in real threads with their own database connections. Never more bookings
than rooms; every other delegate is told the hotel is full.

PostgreSQL only (the registration's row, then the room block's row are locked with
`select_for_update` before counting), as tests/delegates/test_concurrency.py."""

import pytest

from tests.factories import RegistrationFactory, SessionFactory
from tests.helpers import run_at_once
from tests.travel.hotel_fixtures import hotel_with_block, stay
from travel.models import HotelBooking
from travel.services import hotels

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="a race on the last room between real threads"),
]
THREADS = 12


def run_in_threads(jobs):
    return run_at_once(jobs, refusals=hotels.TravelError)


@pytest.mark.parametrize("rooms", [1, 3])
def test_the_last_rooms_go_to_as_many_delegates_as_there_are_rooms(rooms):
    session = SessionFactory()
    _hotel, block = hotel_with_block(session, rooms=rooms)
    registrations = [RegistrationFactory(session=session) for _ in range(THREADS)]
    dates = stay(session)

    outcomes = run_in_threads(
        [
            lambda r=r: hotels.choose_room(r, block, **dates, by=r).registration_id
            for r in registrations
        ]
    )

    assert [o for o in outcomes if o[0] == "error"] == []
    assert sum(1 for o in outcomes if o[0] == "ok") == rooms
    assert [o for o in outcomes if o[0] == "refused"] == [("refused", "full")] * (THREADS - rooms)
    booked = set(HotelBooking.objects.values_list("registration_id", flat=True))
    assert booked == {o[1] for o in outcomes if o[0] == "ok"}


def test_one_delegate_clicking_twice_on_two_blocks_holds_one_room():
    session = SessionFactory()
    _hotel, first = hotel_with_block(session, rooms=5)
    _other, second = hotel_with_block(session, rooms=5, name_it="Hotel Centrale")
    registration = RegistrationFactory(session=session)
    dates = stay(session)

    outcomes = run_in_threads(
        [
            lambda b=b: hotels.choose_room(registration, b, **dates, by=registration).pk
            for b in (first, second) * 3
        ]
    )

    assert [o for o in outcomes if o[0] != "ok"] == []
    assert HotelBooking.objects.filter(registration=registration).count() == 1
