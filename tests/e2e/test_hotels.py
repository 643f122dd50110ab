"""The hotel journey in a browser, on a phone in Russian: from the private page the delegate
opens *Hotel and travel*, finds the last room taken in the meantime (the refusal keeps what
was typed), books another, then gives an arrival after the departure (refused, kept) and
corrects it. What staff read is what the delegate chose."""

import datetime

import pytest
from playwright.sync_api import expect

from delegates.models import RegistrationStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
from travel.models import HotelBooking, RoomType, TravelPlan
from travel.services import hotels

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_russian_delegate_books_a_room_and_gives_the_arrival_on_a_phone(
    phone_page, live_server, settings
):
    settings.RATE_LIMITS_ENABLED = False
    page = phone_page
    session = SessionFactory()
    open_logistics(session)
    _hotel, single = hotel_with_block(session, rooms=1)
    _other, double = hotel_with_block(
        session,
        rooms=4,
        room_type=RoomType.DOUBLE,
        name_it="Hotel Centrale",
        name_ru="Гостиница «Центральная»",
    )
    russian = RussianRegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    dates = stay(session)

    page.goto(f"{live_server.url}/ru/registration/{russian.management_token}/")
    page.get_by_role("link", name="Гостиница и поездка").click()
    page.wait_for_url(f"**/ru/travel/{russian.management_token}/")

    # The last single room goes to someone else while the delegate types.
    # Bootstrap Italia draws the radio on its label: the label is what a finger taps.
    page.locator("label", has_text="Отель «Эксцельсиор» — одноместный номер").tap()
    page.fill("#id_room-check_in", dates["check_in"].isoformat())
    page.fill("#id_room-check_out", dates["check_out"].isoformat())
    page.fill("#id_room-sharing_note", "с коллегой")
    other = RegistrationFactory(session=session)
    hotels.choose_room(other, single, **dates, by=other)
    page.get_by_role("button", name="Забронировать номер").click()
    expect(page.locator("body")).to_contain_text("уже заняли")
    expect(page.locator("#id_room-sharing_note")).to_have_value("с коллегой")
    expect(page.locator("#id_room-check_in")).to_have_value(dates["check_in"].isoformat())
    assert not HotelBooking.objects.filter(registration=russian).exists()

    # Another room: booked.
    page.locator("label", has_text="Гостиница «Центральная» — двухместный номер").tap()
    page.get_by_role("button", name="Забронировать номер").click()
    expect(page.locator(".hotel-booking")).to_contain_text("Гостиница «Центральная»")
    booking = HotelBooking.objects.get(registration=russian)
    assert (booking.room_block, booking.sharing_note) == (double, "с коллегой")

    # An arrival after the departure is refused, with what was typed kept.
    arrival = f"{(session.start_date - datetime.timedelta(days=1)).isoformat()}T09:40"
    page.fill("#id_plan-arrival_at", f"{session.end_date.isoformat()}T20:00")
    page.fill("#id_plan-arrival_number", "SU 2411")
    page.fill("#id_plan-arrival_place", "Аэропорт Бергамо")
    page.locator("label[for=id_plan-arrival_transfer]").tap()
    page.fill("#id_plan-departure_at", f"{session.end_date.isoformat()}T18:00")
    page.get_by_role("button", name="Сохранить прибытие и отъезд").click()
    expect(page.locator("body")).to_contain_text("Отъезд должен быть позже прибытия")
    expect(page.locator("#id_plan-arrival_number")).to_have_value("SU 2411")
    expect(page.locator("#id_plan-arrival_transfer")).to_be_checked()
    assert not TravelPlan.objects.exists()

    page.fill("#id_plan-arrival_at", arrival)
    page.get_by_role("button", name="Сохранить прибытие и отъезд").click()
    expect(page.locator("body")).to_contain_text("организаторы видят ваше прибытие и отъезд")
    plan = TravelPlan.objects.get(registration=russian)
    local = plan.arrival_at.astimezone(session.tzinfo)
    assert (local.hour, local.minute, plan.arrival_place) == (9, 40, "Аэропорт Бергамо")
    assert plan.arrival_transfer
