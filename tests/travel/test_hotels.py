"""Hotels and transfers (issue 17, item 4): choosing a room within capacity, the refusals,
the release when a registration leaves, the rooming list, the transfer groups, and the
Excel and PDF documents."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.authorization import SYSTEM, ActionNotAllowed
from delegates.models import RegistrationStatus
from delegates.services.lifecycle import transition
from delegates.services.questions import add_logistics_block
from sessions_app.dates import in_language, weekday_and_long_date, zone_label
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
from travel import documents
from travel.models import HotelBooking, RoomType, TravelLogistics, TravelMeans, TravelPlan
from travel.services import hotels
from travel.services.plans import ARRIVALS, DEPARTURES, rooming_list, transfer_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(session, day, hour, minute=0):
    return datetime.datetime.combine(
        session.start_date + datetime.timedelta(days=day),
        datetime.time(hour, minute),
        tzinfo=session.tzinfo,
    )


def pdf_text(pdf):
    """The PDF's text with lines joined (table cells wrap)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


# --- the choice ------------------------------------------------------------------------------


def test_a_delegate_books_a_room_and_the_block_counts_it(session):
    _hotel, block = hotel_with_block(session, rooms=2)
    registration = RegistrationFactory(session=session)

    booking = hotels.choose_room(registration, block, **stay(session), by=registration)

    assert booking.room_block == block
    assert booking.nights == 3
    [listed] = hotels.room_blocks_with_places(session)
    assert (listed.booked, listed.free) == (1, 1)


def test_the_last_room_taken_in_the_meantime_is_refused(session):
    _hotel, block = hotel_with_block(session, rooms=1)
    first, second = RegistrationFactory(session=session), RegistrationFactory(session=session)
    hotels.choose_room(first, block, **stay(session), by=first)

    with pytest.raises(hotels.TravelError) as refused:
        hotels.choose_room(second, block, **stay(session), by=second)

    assert refused.value.code == "full"
    assert "taken in the meantime" in str(refused.value)
    assert not HotelBooking.objects.filter(registration=second).exists()


def test_changing_dates_in_a_full_block_keeps_the_room(session):
    _hotel, block = hotel_with_block(session, rooms=1)
    registration = RegistrationFactory(session=session)
    hotels.choose_room(registration, block, **stay(session), by=registration)

    booking = hotels.choose_room(
        registration,
        block,
        check_in=session.start_date,
        check_out=session.end_date + datetime.timedelta(days=1),
        sharing_note="  ",
        by=registration,
    )

    assert booking.nights == 2
    assert HotelBooking.objects.count() == 1


def test_moving_to_another_block_frees_the_first(session):
    _hotel, single = hotel_with_block(session, rooms=1)
    _other, double = hotel_with_block(
        session, rooms=1, room_type=RoomType.DOUBLE, name_it="Hotel Centrale"
    )
    registration = RegistrationFactory(session=session)
    hotels.choose_room(registration, single, **stay(session), by=registration)
    hotels.choose_room(registration, double, **stay(session), by=registration)

    other = RegistrationFactory(session=session)
    assert hotels.choose_room(other, single, **stay(session), by=other).room_block == single


def test_check_out_before_check_in_and_dates_outside_the_block_are_refused(session):
    _hotel, block = hotel_with_block(session)
    registration = RegistrationFactory(session=session)

    with pytest.raises(hotels.TravelError) as wrong_order:
        hotels.choose_room(
            registration,
            block,
            check_in=session.end_date,
            check_out=session.start_date,
            by=registration,
        )
    with pytest.raises(hotels.TravelError) as outside:
        hotels.choose_room(
            registration,
            block,
            check_in=session.start_date - datetime.timedelta(days=5),
            check_out=session.end_date,
            by=registration,
        )

    assert wrong_order.value.code == "check_out_before_check_in"
    assert outside.value.code == "dates_outside_block"
    assert not HotelBooking.objects.exists()


def test_only_registrations_holding_a_place_book(session):
    _hotel, block = hotel_with_block(session)
    waitlisted = RegistrationFactory(session=session, status=RegistrationStatus.WAITLISTED)

    with pytest.raises(hotels.TravelError) as refused:
        hotels.choose_room(waitlisted, block, **stay(session), by=waitlisted)

    assert refused.value.code == "not_active"


def test_a_delegate_acts_only_on_their_own_registration_and_staff_need_the_permission(session):
    _hotel, block = hotel_with_block(session)
    registration, other = RegistrationFactory(session=session), RegistrationFactory(session=session)

    with pytest.raises(ActionNotAllowed):
        hotels.choose_room(registration, block, **stay(session), by=other)
    with pytest.raises(ActionNotAllowed):
        hotels.choose_room(registration, block, **stay(session), by=UserFactory())
    with pytest.raises(ActionNotAllowed):
        hotels.choose_room(registration, block, **stay(session), by=None)


def test_a_hotel_of_another_session_is_refused(session, russian_session):
    _hotel, block = hotel_with_block(russian_session)
    registration = RegistrationFactory(session=session)

    with pytest.raises(hotels.TravelError) as refused:
        hotels.choose_room(registration, block, **stay(russian_session), by=registration)

    assert refused.value.code == "other_session"


@pytest.mark.parametrize(
    "new_state",
    [RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED, RegistrationStatus.WAITLISTED],
)
def test_a_registration_that_leaves_gives_its_room_back(
    session, new_state, django_capture_on_commit_callbacks
):
    _hotel, block = hotel_with_block(session, rooms=1)
    registration = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    hotels.choose_room(registration, block, **stay(session), by=registration)

    with django_capture_on_commit_callbacks(execute=True):
        transition(registration, new_state, by=SYSTEM, notify=False)

    assert not HotelBooking.objects.exists()
    other = RegistrationFactory(session=session)
    assert hotels.choose_room(other, block, **stay(session), by=other)


def test_an_approval_keeps_the_room(session, django_capture_on_commit_callbacks):
    _hotel, block = hotel_with_block(session, rooms=1)
    registration = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    hotels.choose_room(registration, block, **stay(session), by=registration)

    with django_capture_on_commit_callbacks(execute=True):
        transition(registration, RegistrationStatus.APPROVED, by=SYSTEM, notify=False)

    assert HotelBooking.objects.filter(registration=registration).exists()


def test_fewer_rooms_than_booked_and_deleting_a_booked_hotel_are_refused(session):
    hotel, block = hotel_with_block(session, rooms=2)
    for _ in range(2):
        registration = RegistrationFactory(session=session)
        hotels.choose_room(registration, block, **stay(session), by=registration)

    block.rooms = 1
    with pytest.raises(hotels.TravelError) as fewer:
        hotels.save_room_block(block, by=SYSTEM)
    with pytest.raises(hotels.TravelError) as deleting:
        hotels.delete_hotels([hotel], by=SYSTEM)

    assert (fewer.value.code, deleting.value.code) == ("below_bookings", "has_bookings")


def test_an_erased_delegate_leaves_no_room_nor_arrival_nor_history(session):
    from delegates.services.privacy import erase_personal_data

    _hotel, block = hotel_with_block(session)
    registration = RussianRegistrationFactory(session=session)
    hotels.choose_room(registration, block, **stay(session), sharing_note="с мужем", by=SYSTEM)
    hotels.save_travel_plan(registration, {"arrival_number": "SU 2411"}, by=SYSTEM)
    keeps = RegistrationFactory(session=session)
    hotels.choose_room(keeps, block, **stay(session), by=SYSTEM)

    erase_personal_data(registration, by=registration)

    assert list(HotelBooking.objects.values_list("registration", flat=True)) == [keeps.pk]
    assert not TravelPlan.objects.exists()
    assert not HotelBooking.history.filter(registration_id=registration.pk).exists()
    assert not TravelPlan.history.filter(registration_id=registration.pk).exists()


def test_the_delegates_data_download_holds_their_room_and_arrival(session):
    from delegates.services.privacy import personal_data

    _hotel, block = hotel_with_block(session)
    registration = RussianRegistrationFactory(session=session)
    hotels.choose_room(registration, block, **stay(session), sharing_note="с мужем", by=SYSTEM)
    hotels.save_travel_plan(
        registration, {"arrival_at": at(session, -1, 9), "arrival_number": "SU 2411"}, by=SYSTEM
    )

    [entry] = personal_data(registration.person)["registrations"]

    assert entry["hotel_room"]["sharing_note"] == "с мужем"
    assert entry["hotel_room"]["check_in"] == stay(session)["check_in"].isoformat()
    assert entry["travel"]["arrival_number"] == "SU 2411"
    assert entry["travel"]["arrival_at"].startswith(at(session, -1, 9).date().isoformat())


# --- the logistics block ---------------------------------------------------------------------


def test_the_standard_logistics_block_switches_on_hotels_and_arrivals_once(session):
    admin = UserFactory(is_superuser=True, is_staff=True)

    first = add_logistics_block(session, by=admin)
    second = add_logistics_block(session, by=admin)

    logistics = TravelLogistics.objects.get(session=session)
    assert logistics.arrivals_open and logistics.hotels_open
    assert "Hotel room" in first and "Arrival and departure, transfer wanted" in first
    assert second == []


def test_the_private_page_offers_travel_only_when_switched_on_and_holding_a_place(session):
    registration = RegistrationFactory(session=session)
    assert not hotels.may_give_travel(registration)

    open_logistics(session)
    pending = RegistrationFactory(session=session, status=RegistrationStatus.PENDING_CONFIRMATION)

    assert hotels.may_give_travel(registration)
    assert not hotels.may_give_travel(pending)


# --- arrivals and departures -----------------------------------------------------------------


def test_a_departure_before_the_arrival_is_refused_and_nothing_saved(session):
    registration = RegistrationFactory(session=session)

    with pytest.raises(hotels.TravelError) as refused:
        hotels.save_travel_plan(
            registration,
            {"arrival_at": at(session, 1, 10), "departure_at": at(session, 0, 10)},
            by=registration,
        )

    assert refused.value.code == "departure_before_arrival"
    assert not TravelPlan.objects.exists()


def local(session, day, hour, minute=0):
    """A time on `day` (a date) in the host city."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=session.tzinfo)


def test_an_arrival_or_departure_years_away_from_the_session_is_refused_and_nothing_saved(
    session,
):
    registration = RegistrationFactory(session=session)
    year_2099 = local(session, datetime.date(2099, 2, 17), 10)

    for field in ("arrival_at", "departure_at"):
        with pytest.raises(hotels.TravelError) as refused:
            hotels.save_travel_plan(registration, {field: year_2099}, by=registration)
        assert (refused.value.code, refused.value.field) == ("outside_travel_window", field)
    assert not TravelPlan.objects.exists()


def test_the_travel_window_runs_seven_days_each_side_of_the_session_in_the_host_city(
    russian_session,
):
    """Yekaterinburg is UTC+5: 00:30 there on the window's first day is the evening before in
    Rome and in UTC, and is still taken; the day before the window and the day after it are
    refused, to the minute."""
    session = russian_session
    registration = RussianRegistrationFactory(session=session)
    first, last = hotels.travel_window(session)
    assert hotels.TRAVEL_WINDOW_DAYS == 7
    assert (first, last) == (
        session.start_date - datetime.timedelta(days=7),
        session.end_date + datetime.timedelta(days=7),
    )
    earliest, latest = local(session, first, 0, 30), local(session, last, 23, 59)
    assert earliest.astimezone(datetime.UTC).date() < first

    saved = hotels.save_travel_plan(
        registration, {"arrival_at": earliest, "departure_at": latest}, by=registration
    )
    assert (saved.arrival_at, saved.departure_at) == (earliest, latest)

    day_before = local(session, first - datetime.timedelta(days=1), 23, 59)
    day_after = local(session, last + datetime.timedelta(days=1), 0, 0)
    for values, field in (
        ({"arrival_at": day_before}, "arrival_at"),
        ({"departure_at": day_after}, "departure_at"),
    ):
        with pytest.raises(hotels.TravelError) as refused:
            hotels.save_travel_plan(registration, values, by=registration)
        assert (refused.value.code, refused.value.field) == ("outside_travel_window", field)
    saved.refresh_from_db()
    assert (saved.arrival_at, saved.departure_at) == (earliest, latest)


def test_the_refusal_names_the_window_and_the_sessions_days_in_each_language():
    year = datetime.date.today().year + 1
    session = SessionFactory(
        start_date=datetime.date(year, 2, 18), end_date=datetime.date(year, 2, 19)
    )
    arrival = {"arrival_at": local(session, datetime.date(2099, 2, 17), 10)}

    def message(language):
        with translation.override(language):
            [problem] = hotels.plan_problems(arrival, session)
            return str(problem.message)

    assert message("en") == (
        f"The arrival must fall within 11–26 February {year} "
        f"(the session's dates: 18–19 February {year}): check the date."
    )
    assert message("it") == (
        f"La data di arrivo deve rientrare nel periodo 11–26 febbraio {year} "
        f"(date della sessione: 18–19 febbraio {year}): controlli la data."
    )
    assert message("ru") == (
        f"Дата прибытия должна быть в пределах 11–26 февраля {year}\u00a0г. "
        f"(даты заседания: 18–19 февраля {year}\u00a0г.): проверьте дату."
    )


def plan(session, registration, arrival, place="Bergamo Orio al Serio", transfer=True, **more):
    values = {
        "arrival_at": arrival,
        "arrival_means": TravelMeans.FLIGHT,
        "arrival_number": "SU 2411",
        "arrival_place": place,
        "arrival_transfer": transfer,
        "departure_at": at(session, 2, 15),
        "departure_means": TravelMeans.TRAIN,
        "departure_number": "FR 9512",
        "departure_place": "Milano Centrale",
        "departure_transfer": False,
    }
    values.update(more)
    return hotels.save_travel_plan(registration, values, by=SYSTEM)


def test_arrivals_at_the_same_airport_within_an_hour_share_a_transfer(session):
    early = RussianRegistrationFactory(session=session)
    within = RussianRegistrationFactory(session=session)
    later = RussianRegistrationFactory(session=session)
    elsewhere = RegistrationFactory(session=session)
    next_day = RegistrationFactory(session=session)
    cancelled = RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    plan(session, early, at(session, -1, 9, 0))
    plan(session, within, at(session, -1, 9, 55), place="  bergamo ORIO al serio ")
    plan(session, later, at(session, -1, 10, 5))  # more than an hour after the group's first
    plan(session, elsewhere, at(session, -1, 9, 30), place="Milano Centrale", transfer=False)
    plan(session, next_day, at(session, 0, 9, 10))
    plan(session, cancelled, at(session, -1, 9, 10))

    days = transfer_plan(session, ARRIVALS)

    assert [day for day, _groups in days] == [
        session.start_date - datetime.timedelta(days=1),
        session.start_date,
    ]
    first_day = days[0][1]
    assert [[m.registration for m in group.movements] for group in first_day] == [
        [early, within],
        [elsewhere],
        [later],
    ]
    assert [group.transfers for group in first_day] == [2, 0, 1]
    assert first_day[0].starts_at.hour == 9 and first_day[0].ends_at.minute == 55
    [(_day, [departing])] = transfer_plan(session, DEPARTURES)  # same time, same station
    assert {m.registration for m in departing.movements} == {
        early,
        within,
        later,
        elsewhere,
        next_day,
    }


def test_times_are_grouped_in_the_host_city(russian_session):
    """23:30 in Kazan is 20:30 UTC: the day is the host city's."""
    registration = RussianRegistrationFactory(session=russian_session)
    plan(
        russian_session,
        registration,
        at(russian_session, -1, 23, 30),
        departure_at=at(russian_session, 2, 6),
    )

    [(day, [group])] = transfer_plan(russian_session, ARRIVALS)

    assert day == russian_session.start_date - datetime.timedelta(days=1)
    assert group.starts_at.hour == 23


# --- the rooming list and the documents ------------------------------------------------------


@pytest.fixture
def stays(session):
    hotel, block = hotel_with_block(session, rooms=3)
    russian = RussianRegistrationFactory(session=session)
    italian = RegistrationFactory(session=session)
    hotels.choose_room(russian, block, **stay(session), sharing_note="=HYPERLINK()", by=russian)
    hotels.choose_room(italian, block, **stay(session), by=italian)
    plan(session, russian, at(session, -1, 9))
    return hotel, russian, italian


def test_the_rooming_list_lists_each_hotel_with_its_rooms(
    session, stays, django_assert_num_queries
):
    hotel, russian, italian = stays
    hotel_with_block(session, name_it="Hotel Vuoto", name_ru="Пустой отель")

    with django_assert_num_queries(3):
        listing = rooming_list(session)

    assert [(h.name_it, len(rows)) for h, rows in listing] == [
        ("Hotel Excelsior", 2),
        ("Hotel Vuoto", 0),
    ]
    assert {booking.registration for booking in listing[0][1]} == {russian, italian}


def test_the_rooming_list_workbook_has_a_sheet_per_hotel_and_formulas_kept_as_text(session, stays):
    _hotel, russian, _italian = stays

    workbook = load_workbook(io.BytesIO(documents.rooming_workbook(session, "ru")))

    sheet = workbook["Hotel Excelsior"] if "Hotel Excelsior" in workbook else workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Гостиница"
    names = {row[2] for row in rows[1:]}
    assert russian.person.family_name_latin in names
    sharing = [row[10] for row in rows[1:] if row[2] == russian.person.family_name_latin]
    assert sharing == ["=HYPERLINK()"]
    assert sheet["K2"].data_type == "s" or sheet["K3"].data_type == "s"


def test_the_rooming_list_pdf_is_bilingual_with_names_in_both_scripts(session, stays):
    _hotel, russian, italian = stays

    text = pdf_text(documents.render_rooming_pdf(session))

    assert "Rooming list" not in text
    assert "Elenco delle camere" in text and "Список размещения" in text
    assert "Hotel Excelsior" in text and "Отель «Эксцельсиор»" in text
    assert russian.person.family_name in text  # Cyrillic
    assert russian.person.family_name_latin.upper() in text
    assert italian.person.family_name_latin.upper() in text
    assert "Camera singola / Одноместный номер" in text


def test_the_transfer_plan_workbook_and_pdf(session, stays):
    _hotel, russian, _italian = stays

    workbook = load_workbook(io.BytesIO(documents.transfers_workbook(session, "it")))
    arrivals = list(workbook.worksheets[0].iter_rows(values_only=True))
    text = pdf_text(documents.render_transfers_pdf(session))

    assert workbook.sheetnames == ["Arrivi", "Partenze"]
    assert arrivals[1][1] == "09:00" and arrivals[1][3] == "Bergamo Orio al Serio"
    assert arrivals[1][6] == "sì"
    assert "Arrivi" in text and "Прибытие" in text
    assert "09:00" in text and "SU 2411" in text
    day = session.start_date - datetime.timedelta(days=1)
    italian_day = in_language("it", weekday_and_long_date, day)
    assert italian_day in text and italian_day == italian_day.lower()  # "lunedì 11 gennaio 2027"
    assert in_language("ru", weekday_and_long_date, day).replace("\u00a0", " ") in text
    assert russian.person.family_name in text
    # The session's dates and the host city's time in both languages, not a zone's identifier.
    for language in ("it", "ru"):
        with translation.override(language):
            dates, zone = session.dates_display, zone_label(session)
        assert dates.replace("\u00a0", " ") in text and zone.replace("\u00a0", " ") in text
    assert session.time_zone not in text


def test_the_transfer_plan_pdf_counts_the_transfers_in_each_language(session):
    """Each group's heading: "2 transfer richiesti · 2 трансфера запрошено" (ngettext in both
    halves), "1 transfer richiesto · 1 трансфер запрошен" for one."""
    first, second, alone = (RegistrationFactory(session=session) for _ in range(3))
    plan(session, first, at(session, -1, 9))
    plan(session, second, at(session, -1, 9, 30))
    plan(session, alone, at(session, -1, 18), place="Milano Centrale")

    html = documents.transfers_html(session)
    text = pdf_text(documents.render_transfers_pdf(session))

    assert '2 transfer richiesti · <span lang="ru">2 трансфера запрошено</span>' in html
    assert '1 transfer richiesto · <span lang="ru">1 трансфер запрошен</span>' in html
    assert "2 transfer richiesti · 2 трансфера запрошено" in text
    assert "1 transfer richiesto · 1 трансфер запрошен" in text
    assert "· transfer richiesti ·" not in text


def test_the_rooming_list_pdf_repeats_the_hotel_on_every_page_and_writes_dates_as_the_page(
    client, session
):
    """A hotel's rows running onto the next page carry the hotel's name there too; the
    dates read 17/02/2027 as on the Italian plans page."""
    hotel, block = hotel_with_block(session, rooms=60)
    for _ in range(45):
        hotels.choose_room(RegistrationFactory(session=session), block, **stay(session), by=SYSTEM)

    html = documents.rooming_html(session)
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(documents.render_rooming_pdf(session))).pages
    ]

    thead = html.split("<thead>")[1].split("</thead>")[0]
    assert 'Hotel Excelsior · <span lang="ru">Отель «Эксцельсиор»</span>' in thead
    assert len(pages) >= 2
    for page in pages:
        assert "Hotel Excelsior · Отель «Эксцельсиор»" in page
    check_in = session.start_date - datetime.timedelta(days=1)
    assert check_in.strftime("%d/%m/%Y") in pages[0]
    assert check_in.strftime("%d.%m.%Y") not in " ".join(pages)
    with translation.override("it"):
        page = documents.render_to_string(
            "admin/travel/hotel/plans.html",
            {"session": session, "rooming": rooming_list(session), "opts": hotel._meta},
        )
    assert check_in.strftime("%d/%m/%Y") in page


# --- the control room ------------------------------------------------------------------------


def test_the_control_room_counts_rooms_arrivals_and_transfers(session, stays):
    from travel.control_room import hotels_and_transfers

    block = hotels_and_transfers(session)

    assert [(str(f.label), f.value, f.of) for f in block.figures] == [
        ("Hotel rooms chosen", 2, 3),
        ("Arrivals given", 1, None),
        ("Transfers wanted", 1, None),
    ]


def test_no_hotel_block_for_a_session_without_hotels_or_arrivals(session, russian_session):
    from travel.control_room import hotels_and_transfers

    open_logistics(russian_session)

    assert hotels_and_transfers(session) is None
    assert [f.value for f in hotels_and_transfers(russian_session).figures] == [0, 0, 0]


def test_the_delegate_is_told_of_the_room_in_their_language(session, organizer):
    """A confirmation when the delegate books, a notice when the organizers move them; nothing
    when nothing changed, nor for the system (demo data, a registration leaving)."""
    from post_office.models import Email

    _hotel, block = hotel_with_block(session)
    _other, double = hotel_with_block(
        session, room_type=RoomType.DOUBLE, name_it="Hotel Centrale", name_ru="«Центральная»"
    )
    russian = RussianRegistrationFactory(session=session, person__given_name="Юлия")
    hotels.choose_room(russian, block, **stay(session), by=russian)
    (booked,) = Email.objects.all()
    assert booked.to == [russian.person.email]
    assert booked.subject.startswith("Ваш номер в гостинице забронирован")
    assert "Отель «Эксцельсиор»" in booked.message and "Одноместный номер" in booked.message
    assert "Заезд: " in booked.message and "г.." not in booked.message
    assert f"/ru/travel/{russian.management_token}/" in booked.message

    hotels.choose_room(russian, block, **stay(session), by=russian)  # the same again
    assert Email.objects.count() == 1
    hotels.choose_room(russian, double, **stay(session), by=organizer)
    moved = Email.objects.order_by("pk").last()
    assert moved.subject.startswith("Организаторы забронировали вам номер")
    assert "«Центральная»" in moved.message

    italian = RegistrationFactory(session=session)
    hotels.choose_room(italian, block, **stay(session), by=SYSTEM)
    assert Email.objects.count() == 2
    hotels.choose_room(italian, double, **stay(session), by=italian)
    confirmation = Email.objects.order_by("pk").last()
    assert confirmation.subject.startswith("La Sua camera d’albergo per la")
    assert "Hotel Centrale" in confirmation.html_message
