"""The race on the last rooms of a hotel: many delegates choosing the same room block at
the same moment, in real threads with their own database connections. Never more bookings
than rooms; every other delegate is told the hotel is full.

PostgreSQL only (the registration's row, then the room block's row are locked with
`select_for_update` before counting), as tests/delegates/test_concurrency.py."""

import threading

import pytest
from django.db import close_old_connections, connection

from tests.factories import RegistrationFactory, SessionFactory
from tests.travel.hotel_fixtures import hotel_with_block, stay
from travel.models import HotelBooking
from travel.services import hotels

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="a race on the last room between real threads"),
]
THREADS = 12


def run_in_threads(jobs):
    """Run every callable in its own thread, all released at once; return their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", job())
        except hotels.TravelError as error:
            outcomes[index] = ("refused", error.code)
        except Exception as error:  # reported by the assertions of the test
            outcomes[index] = ("error", repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


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
