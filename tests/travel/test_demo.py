"""The demo hotels of `make run`: loaded once, through the services, grouped for transfers."""

import io

import pytest
from django.core.management import call_command

from travel.models import Hotel, HotelBooking, TravelPlan
from travel.services.plans import ARRIVALS, transfer_plan

pytestmark = pytest.mark.django_db


def test_the_demo_hotels_need_the_demo_session(reference_data):
    out = io.StringIO()
    call_command("load_demo_hotels", stdout=out)
    assert "load_demo_data" in out.getvalue()


def test_the_demo_hotels_are_loaded_once(reference_data):
    for command in ("load_demo_data", "load_demo_registrations", "load_demo_hotels"):
        call_command(command, stdout=io.StringIO())
    hotels = Hotel.objects.filter(session__number=30)
    bookings = HotelBooking.objects.count()

    call_command("load_demo_hotels", stdout=io.StringIO())

    assert hotels.count() == 2
    assert bookings > 0 and HotelBooking.objects.count() == bookings
    assert TravelPlan.objects.count() == bookings
    [(_day, groups)] = transfer_plan(hotels[0].session, ARRIVALS)
    assert any(len(group.movements) > 1 for group in groups)
