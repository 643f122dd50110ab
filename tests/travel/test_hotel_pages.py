"""Hotels and transfers over HTTP: the delegate's page from the private link (in Russian and
Italian, with its refusals keeping what was typed), and the staff's admin pages, downloads,
permissions and query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.authorization import ActionNotAllowed
from core.http import PDF, XLSX
from delegates.models import RegistrationStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.helpers import log_in
from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
from travel.models import Hotel, HotelBooking, RoomBlock, TravelMeans, TravelPlan
from travel.services import hotels

pytestmark = pytest.mark.django_db


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def room_post(block, check_in, check_out, note=""):
    return {
        "action": "room",
        "room-room_block": block.pk,
        "room-check_in": check_in.isoformat(),
        "room-check_out": check_out.isoformat(),
        "room-sharing_note": note,
    }


@pytest.fixture
def russian(session):
    open_logistics(session)
    return RussianRegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)


# --- the delegate ----------------------------------------------------------------------------


def test_the_private_page_links_to_hotel_and_travel_when_offered(client, session, russian):
    manage = url("delegates:manage", "ru", russian.management_token)

    page = client.get(manage).content.decode()

    assert "Гостиница и поездка" in page
    assert url("travel:travel", "ru", russian.management_token) in page


def test_no_link_without_logistics(client, session):
    registration = RegistrationFactory(session=session)

    page = client.get(url("delegates:manage", "it", registration.management_token))

    assert "Hotel e viaggio" not in page.content.decode()
    travel = client.get(url("travel:travel", "it", registration.management_token))
    assert "non raccolgono camere" in travel.content.decode()


def test_a_russian_delegate_books_a_room_and_gives_the_arrival(client, session, russian):
    _hotel, block = hotel_with_block(session, rooms=2)
    page_url = url("travel:travel", "ru", russian.management_token)
    dates = stay(session)

    page = client.get(page_url).content.decode()
    assert "Ваш номер в гостинице" in page and "Отель «Эксцельсиор»" in page
    assert "— одноместный номер" in page and "осталось 2 номера" in page  # an em dash, in Russian
    assert "120,00 € за ночь" in page  # a Russian decimal comma
    assert "4★ — Via Roma 1, Bergamo · 800 м" in page  # the address after the same joint

    response = client.post(
        page_url, room_post(block, dates["check_in"], dates["check_out"], "один")
    )
    assert response.status_code == 302
    booking = HotelBooking.objects.get(registration=russian)
    assert (booking.room_block, booking.sharing_note) == (block, "один")
    booked = client.get(page_url).content.decode()
    assert "Спасибо: ваш номер в гостинице забронирован." in booked
    # Nights and stays in words, genitive months (locale/GLOSSARY.md), not 17.02.2027.
    from sessions_app.dates import in_language, long_date

    check_in = in_language("ru", long_date, booking.check_in, with_year=False)
    check_out = in_language("ru", long_date, booking.check_out, with_year=False)
    assert f"заезд: {check_in}, выезд: {check_out}." in booked
    assert check_in.endswith("я")  # «17 февраля», «3 марта»: the genitive of the month
    assert booking.check_in.strftime("%d.%m.%Y") not in booked
    assert block.first_night.strftime("%d.%m.%Y") not in page

    arrival = f"{(session.start_date - datetime.timedelta(days=1)).isoformat()}T09:40"
    departure = f"{session.end_date.isoformat()}T18:05"
    response = client.post(
        page_url,
        {
            "action": "plan",
            "plan-arrival_at": arrival,
            "plan-arrival_means": "flight",
            "plan-arrival_number": "SU 2411",
            "plan-arrival_place": "Bergamo Orio al Serio",
            "plan-arrival_transfer": "on",
            "plan-departure_at": departure,
            "plan-departure_means": "train",
            "plan-departure_place": "Milano Centrale",
        },
    )
    assert response.status_code == 302
    plan = TravelPlan.objects.get(registration=russian)
    local = plan.arrival_at.astimezone(session.tzinfo)
    assert (local.hour, local.minute) == (9, 40)  # the host city's time, as typed
    assert plan.arrival_transfer and not plan.departure_transfer
    assert plan.departure_means == TravelMeans.TRAIN
    # Shown again as typed, in the host city's time, with a word of thanks.
    saved = client.get(page_url).content.decode()
    assert arrival in saved
    assert "Спасибо: организаторы видят ваше прибытие и отъезд." in saved


FEBRUARY_NIGHTS = {
    "it": "notti dal 17 al 19 febbraio (partenza entro il 20 febbraio)",
    "ru": "ночи с 17 по 19 февраля (выезд не позднее 20 февраля)",
    "en": "nights from 17 to 19 February (check-out by 20 February)",
}


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_a_room_blocks_nights_name_the_last_night_and_the_check_out_day(client, session, language):
    """Not «17 febbraio – 19 febbraio» nor «с 17 февраля по 19 февраля»: the month once, and
    the check-out day named, so that 19 reads as the last night, not the day of departure."""
    open_logistics(session)
    registration = RegistrationFactory(session=session, language=language)
    _hotel, block = hotel_with_block(session)
    block.first_night, block.last_night = datetime.date(2027, 2, 17), datetime.date(2027, 2, 19)
    block.save()

    page = client.get(url("travel:travel", language, registration.management_token))

    text = page.content.decode()
    assert FEBRUARY_NIGHTS[language] in text
    for old in ("17 febbraio – 19 febbraio", "с 17 февраля по 19 февраля", "17 February to 19"):
        assert old not in text


def test_a_stay_outside_the_nights_is_refused_naming_them_and_a_stay_within_is_booked(
    client, session
):
    open_logistics(session)
    italian = RegistrationFactory(session=session, language="it")
    _hotel, block = hotel_with_block(session)
    block.first_night, block.last_night = datetime.date(2027, 2, 17), datetime.date(2027, 2, 19)
    block.save()
    page_url = url("travel:travel", "it", italian.management_token)

    refused = client.post(
        page_url, room_post(block, datetime.date(2027, 2, 17), datetime.date(2027, 2, 21))
    )

    assert refused.status_code == 200
    assert (
        "Queste camere sono riservate per le notti dal 17 al 19 febbraio (partenza entro il "
        "20 febbraio): scelga date di arrivo e di partenza comprese in questo periodo."
    ) in refused.content.decode()
    assert not HotelBooking.objects.exists()

    # The last night's morning after is the check-out day: booked, and said as arrival and
    # departure, each with its own word.
    booked = client.post(
        page_url, room_post(block, datetime.date(2027, 2, 17), datetime.date(2027, 2, 20))
    )
    assert booked.status_code == 302
    page = client.get(page_url).content.decode()
    assert (
        "Prenotata: camera singola presso Hotel Excelsior; arrivo in hotel: 17 febbraio, "
        "partenza dall’hotel: 20 febbraio."
    ) in page


def test_check_out_before_check_in_is_refused_in_italian_keeping_the_data(client, session):
    open_logistics(session)
    registration = RegistrationFactory(session=session)
    _hotel, block = hotel_with_block(session, contact="+39 035 000000")
    page_url = url("travel:travel", "it", registration.management_token)

    response = client.post(
        page_url, room_post(block, session.end_date, session.start_date, "con Mario")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "La data di partenza dall’hotel deve seguire quella di arrivo." in page
    assert 'value="con Mario"' in page and session.end_date.isoformat() in page
    assert not HotelBooking.objects.exists()

    # Corrected, the room is booked and the page says so in Italian.
    dates = stay(session)
    response = client.post(
        page_url, room_post(block, dates["check_in"], dates["check_out"], "con Mario")
    )
    assert response.status_code == 302
    page = client.get(page_url).content.decode()
    assert "Grazie: la Sua camera d’albergo è prenotata." in page
    assert "Prenotata: camera singola presso Hotel Excelsior" in page
    assert "+39 035 000000" in page  # the hotel's contact
    assert HotelBooking.objects.get().sharing_note == "con Mario"


def test_a_hotel_full_in_the_meantime_is_said_in_russian_keeping_the_data(client, session, russian):
    _hotel, block = hotel_with_block(session, rooms=1)
    other = RegistrationFactory(session=session)
    hotels.choose_room(other, block, **stay(session), by=other)  # taken meanwhile
    dates = stay(session)

    response = client.post(
        url("travel:travel", "ru", russian.management_token),
        room_post(block, dates["check_in"], dates["check_out"], "с коллегой"),
    )

    page = response.content.decode()
    assert "последний номер этого типа в гостинице" in page and "уже заняли" in page
    assert 'value="с коллегой"' in page
    assert "номеров нет" in page
    assert not HotelBooking.objects.filter(registration=russian).exists()


def test_a_departure_before_the_arrival_is_refused_keeping_the_data(client, session, russian):
    response = client.post(
        url("travel:travel", "ru", russian.management_token),
        {
            "action": "plan",
            "plan-arrival_at": f"{session.end_date.isoformat()}T10:00",
            "plan-departure_at": f"{session.start_date.isoformat()}T10:00",
            "plan-arrival_number": "SU 2411",
        },
    )

    page = response.content.decode()
    assert "Отъезд должен быть позже прибытия" in page
    assert 'value="SU 2411"' in page
    assert not TravelPlan.objects.exists()


def february_session(session):
    """The session moved to 18–19 February of next year (its travel window: 11–26 February)."""
    session.start_date = datetime.date(datetime.date.today().year + 1, 2, 18)
    session.end_date = session.start_date + datetime.timedelta(days=1)
    session.save()
    return session


def test_an_arrival_in_2099_is_refused_in_russian_keeping_the_data(client, session, russian):
    year = february_session(session).start_date.year
    page_url = url("travel:travel", "ru", russian.management_token)

    response = client.post(
        page_url,
        {
            "action": "plan",
            "plan-arrival_at": "2099-02-17T10:00",
            "plan-arrival_means": "flight",
            "plan-arrival_number": "SU 2411",
            "plan-arrival_place": "Bergamo Orio al Serio",
            "plan-arrival_transfer": "on",
            "plan-departure_at": f"{year}-02-19T18:05",
            "plan-departure_place": "Milano Centrale",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"Дата прибытия должна быть в пределах 11–26 февраля {year}\u00a0г. "
        f"(даты заседания: 18–19 февраля {year}\u00a0г.): проверьте дату." in page
    )
    for typed in ("2099-02-17T10:00", f"{year}-02-19T18:05", "SU 2411", "Milano Centrale"):
        assert f'value="{typed}"' in page
    assert not TravelPlan.objects.exists()


def test_the_first_and_last_days_of_the_travel_window_are_taken_from_the_private_page(
    client, session, russian
):
    year = february_session(session).start_date.year
    page_url = url("travel:travel", "it", russian.management_token)
    posted = {
        "action": "plan",
        "plan-arrival_at": f"{year}-02-10T23:59",
        "plan-departure_at": f"{year}-02-27T00:00",
    }

    page = client.post(page_url, posted).content.decode()
    assert "La data di arrivo deve rientrare nel periodo 11–26 febbraio" in page
    assert "La data di partenza deve rientrare nel periodo 11–26 febbraio" in page
    assert not TravelPlan.objects.exists()

    posted.update(
        {"plan-arrival_at": f"{year}-02-11T00:00", "plan-departure_at": f"{year}-02-26T23:59"}
    )
    assert client.post(page_url, posted).status_code == 302
    plan = TravelPlan.objects.get(registration=russian)
    assert plan.arrival_at == datetime.datetime(year, 2, 11, tzinfo=session.tzinfo)
    assert plan.departure_at == datetime.datetime(year, 2, 26, 23, 59, tzinfo=session.tzinfo)


def test_the_delegate_gives_the_room_back(client, session, russian):
    _hotel, block = hotel_with_block(session, rooms=1)
    hotels.choose_room(russian, block, **stay(session), by=russian)

    response = client.post(
        url("travel:travel", "ru", russian.management_token), {"action": "release"}
    )

    assert response.status_code == 302
    assert not HotelBooking.objects.exists()


def test_a_waitlisted_delegate_cannot_book(client, session):
    open_logistics(session)
    waitlisted = RegistrationFactory(session=session, status=RegistrationStatus.WAITLISTED)
    _hotel, block = hotel_with_block(session)
    dates = stay(session)

    client.post(
        url("travel:travel", "it", waitlisted.management_token),
        room_post(block, dates["check_in"], dates["check_out"]),
    )

    assert not HotelBooking.objects.exists()


def test_an_unknown_token_is_not_found(client):
    assert client.get(url("travel:travel", "it", "no-such-token")).status_code == 404


# --- staff -----------------------------------------------------------------------------------


def booked_session(session, count):
    _hotel, block = hotel_with_block(session, rooms=count)
    for index in range(count):
        registration = (RussianRegistrationFactory if index % 2 else RegistrationFactory)(
            session=session
        )
        hotels.choose_room(registration, block, **stay(session), by=registration)
        arrival = datetime.datetime.combine(
            session.start_date, datetime.time(9, index % 60), tzinfo=session.tzinfo
        )
        hotels.save_travel_plan(
            registration,
            {
                "arrival_at": arrival,
                "arrival_place": "Bergamo Orio al Serio",
                "arrival_transfer": True,
                "departure_at": arrival + datetime.timedelta(days=2),
                "departure_place": "Milano Centrale",
            },
            by=registration,
        )
    return block


@pytest.mark.parametrize("count", [1, 12])
def test_the_plans_page_reads_a_fixed_number_of_queries(
    client, session, organizer, count, django_assert_num_queries
):
    booked_session(session, count)
    log_in(client, organizer)
    page_url = reverse("admin:travel_plans_session", args=[session.pk])
    client.get(page_url)  # warm the caches of the admin

    with django_assert_num_queries(10):
        response = client.get(page_url)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<tr><td>") >= 3 * count  # rooming list, arrivals, departures
    assert "Bergamo Orio al Serio" in page


@pytest.mark.parametrize(
    "name, queries",
    [
        ("travel_hotel", 8),
        ("travel_hotelbooking", 9),
        ("travel_travelplan", 11),
        ("travel_travellogistics", 7),
    ],
)
@pytest.mark.parametrize("count", [1, 12])
def test_the_staff_lists_read_a_fixed_number_of_queries(
    client, session, organizer, name, queries, count, django_assert_num_queries
):
    """The same number of queries for 1 and 12 delegates (no query per row)."""
    booked_session(session, count)
    log_in(client, organizer)
    list_url = reverse(f"admin:{name}_changelist")
    client.get(list_url)

    with django_assert_num_queries(queries):
        response = client.get(list_url)

    assert response.status_code == 200


@pytest.mark.parametrize("document", ["rooming", "transfers"])
def test_staff_download_the_plans_as_excel_and_pdf(client, session, organizer, document):
    booked_session(session, 2)
    log_in(client, organizer)

    xlsx = client.get(reverse("admin:travel_plans_download", args=[session.pk, document, "xlsx"]))
    pdf = client.get(reverse("admin:travel_plans_download", args=[session.pk, document, "pdf"]))

    assert xlsx.status_code == pdf.status_code == 200
    assert xlsx["Content-Type"] == XLSX and pdf["Content-Type"] == PDF
    assert xlsx["Content-Disposition"].endswith(f'{document}-{session.number}.xlsx"')
    workbook = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    )
    assert workbook.worksheets[0].max_row == 3
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF")


def test_a_viewer_reads_but_changes_nothing(client, session, viewer):
    block = booked_session(session, 1)
    log_in(client, viewer)
    hotel = block.hotel
    booking = HotelBooking.objects.get()

    assert client.get(reverse("admin:travel_plans_session", args=[session.pk])).status_code == 200
    assert client.get(reverse("admin:travel_hotel_change", args=[hotel.pk])).status_code == 200
    response = client.post(
        reverse("admin:travel_hotel_change", args=[hotel.pk]),
        {"name_it": "Cambiato", "name_ru": "x", "address": "x", "session": session.pk},
    )
    assert response.status_code == 403
    assert (
        client.post(
            reverse("admin:travel_hotelbooking_delete", args=[booking.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:travel_hotel_add")).status_code == 403
    assert Hotel.objects.get().name_it == "Hotel Excelsior"
    assert HotelBooking.objects.exists()
    with pytest.raises(ActionNotAllowed):
        hotels.choose_room(booking.registration, block, **stay(session), by=viewer)


def test_someone_without_travel_permissions_sees_no_plans(client, session):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    log_in(client, user)

    assert client.get(reverse("admin:travel_plans_session", args=[session.pk])).status_code == 403
    assert (
        client.get(
            reverse("admin:travel_plans_download", args=[session.pk, "rooming", "xlsx"])
        ).status_code
        == 403
    )


def test_an_organizer_moves_a_delegate_and_a_full_block_is_a_form_error(client, session, organizer):
    block = booked_session(session, 1)  # full
    log_in(client, organizer)
    registration = RegistrationFactory(session=session)
    dates = stay(session)

    response = client.post(
        reverse("admin:travel_hotelbooking_add"),
        {
            "registration": registration.pk,
            "room_block": block.pk,
            "check_in": dates["check_in"].isoformat(),
            "check_out": dates["check_out"].isoformat(),
            "sharing_note": "",
        },
    )

    assert response.status_code == 200
    assert (
        "taken in the meantime" in response.content.decode()
        or "presa nel frattempo" in response.content.decode()
    )
    assert not HotelBooking.objects.filter(registration=registration).exists()

    bigger = RoomBlock.objects.create(
        hotel=block.hotel,
        room_type="double",
        rooms=1,
        first_night=block.first_night,
        last_night=block.last_night,
    )
    response = client.post(
        reverse("admin:travel_hotelbooking_add"),
        {
            "registration": registration.pk,
            "room_block": bigger.pk,
            "check_in": dates["check_in"].isoformat(),
            "check_out": dates["check_out"].isoformat(),
            "sharing_note": "",
        },
    )
    assert response.status_code == 302
    assert HotelBooking.objects.get(registration=registration).room_block == bigger


def test_staff_correct_an_arrival_in_the_host_citys_time(client, russian_session, organizer):
    """Yekaterinburg is UTC+5, the portal's Rome UTC+1: the form shows and takes the host
    city's time."""
    registration = RussianRegistrationFactory(session=russian_session)
    arrival = datetime.datetime.combine(
        russian_session.start_date, datetime.time(9, 40), tzinfo=russian_session.tzinfo
    )
    plan = hotels.save_travel_plan(registration, {"arrival_at": arrival}, by=registration)
    log_in(client, organizer)
    change_url = reverse("admin:travel_travelplan_change", args=[plan.pk])

    page = client.get(change_url).content.decode()
    assert 'value="09:40' in page

    response = client.post(
        change_url,
        {
            "arrival_at_0": russian_session.start_date.isoformat(),
            "arrival_at_1": "10:15",
            "arrival_means": "flight",
            "arrival_number": "SU 1250",
            "arrival_place": "Аэропорт Казань",
            "departure_at_0": "",
            "departure_at_1": "",
            "departure_means": "",
            "departure_number": "",
            "departure_place": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    local = plan.arrival_at.astimezone(russian_session.tzinfo)
    assert (local.hour, local.minute, plan.arrival_number) == (10, 15, "SU 1250")


def admin_plan_post(arrival_day, arrival_time, departure_day="", departure_time=""):
    return {
        "arrival_at_0": arrival_day,
        "arrival_at_1": arrival_time,
        "arrival_means": "flight",
        "arrival_number": "SU 2411",
        "arrival_place": "Bergamo Orio al Serio",
        "departure_at_0": departure_day,
        "departure_at_1": departure_time,
        "departure_means": "",
        "departure_number": "",
        "departure_place": "",
    }


def test_staff_cannot_record_an_arrival_in_2099_either(client, session, organizer):
    year = february_session(session).start_date.year
    registration = RegistrationFactory(session=session)
    arrival = datetime.datetime(year, 2, 17, 9, 40, tzinfo=session.tzinfo)
    plan = hotels.save_travel_plan(registration, {"arrival_at": arrival}, by=registration)
    log_in(client, organizer)
    change_url = reverse("admin:travel_travelplan_change", args=[plan.pk])

    response = client.post(
        change_url,
        admin_plan_post("2099-02-17", "10:15", f"{year}-02-19", "18:05"),
        HTTP_ACCEPT_LANGUAGE="it",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"La data di arrivo deve rientrare nel periodo 11–26 febbraio {year} "
        f"(date della sessione: 18–19 febbraio {year}): controlli la data." in page
    )
    for typed in ("2099-02-17", "10:15", f"{year}-02-19", "18:05", "SU 2411"):
        assert f'value="{typed}"' in page
    plan.refresh_from_db()
    assert (plan.arrival_at, plan.departure_at, plan.arrival_number) == (arrival, None, "")

    # The last day of the window is taken.
    response = client.post(
        change_url,
        admin_plan_post(f"{year}-02-18", "10:15", f"{year}-02-26", "23:59"),
        HTTP_ACCEPT_LANGUAGE="it",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.departure_at == datetime.datetime(year, 2, 26, 23, 59, tzinfo=session.tzinfo)


def test_staff_adding_a_plan_outside_the_window_get_a_form_error(client, session, organizer):
    february_session(session)
    registration = RegistrationFactory(session=session)
    log_in(client, organizer)

    response = client.post(
        reverse("admin:travel_travelplan_add"),
        {"registration": registration.pk, **admin_plan_post("", "", "2099-02-20", "12:00")},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert response.status_code == 200
    assert "La data di partenza deve rientrare nel periodo 11–26 febbraio" in (
        response.content.decode()
    )
    assert not TravelPlan.objects.exists()


def _posted_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def test_a_room_block_with_fewer_rooms_than_chosen_is_a_form_error_in_the_admin(
    client, session, organizer
):
    block = booked_session(session, 2)
    hotel = block.hotel
    log_in(client, organizer)
    change = reverse("admin:travel_hotel_change", args=[hotel.pk])
    page = client.get(change)
    data = _posted_values(page.context["adminform"].form)
    [inline] = page.context["inline_admin_formsets"]
    formset = inline.formset
    data |= {f"{formset.prefix}-TOTAL_FORMS": "1", f"{formset.prefix}-INITIAL_FORMS": "1"}
    data |= _posted_values(formset.forms[0]) | {f"{formset.prefix}-0-rooms": "1"}
    data |= {"name_it": "Hotel Excelsior Bergamo"}

    response = client.post(change, data, HTTP_ACCEPT_LANGUAGE="it")

    assert response.status_code == 200
    assert "2 camere di questo contingente sono già state scelte" in response.content.decode()
    assert 'value="Hotel Excelsior Bergamo"' in response.content.decode()
    block.refresh_from_db()
    hotel.refresh_from_db()
    assert (block.rooms, hotel.name_it) == (2, "Hotel Excelsior")

    data[f"{formset.prefix}-0-rooms"] = "4"
    assert client.post(change, data).status_code == 302
    block.refresh_from_db()
    assert block.rooms == 4


def test_a_russian_address_and_the_distance_read_in_each_language(client, session, russian):
    """An Italian delegate reads a Cyrillic address with its Latin spelling beside it (the
    taxi driver reads the original) and the distance in Italian; a Russian one, as written."""
    from importlib import import_module

    italian = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    hotel_with_block(session, address="ул. Баумана, 1, Казань", distance_m=1200)
    italian_page = client.get(url("travel:travel", "it", italian.management_token))
    assert (
        "ul. Baumana, 1, Kazan’ (ул. Баумана, 1, Казань) · 1,2 km" in italian_page.content.decode()
    )
    russian_page = client.get(url("travel:travel", "ru", russian.management_token)).content.decode()
    assert "— ул. Баумана, 1, Казань · 1,2 км" in russian_page and "Baumana" not in russian_page

    # The migration read the distances written before as text.
    to_metres = import_module("travel.migrations.0004_hotel_distance_in_metres").to_metres
    assert [to_metres(t) for t in ("1,2 km / 1,2 км", "400 m / 400 м", "800 м", "", "vicino")] == [
        1200,
        400,
        800,
        None,
        None,
    ]


# --- the staff's lists at a laptop's width -------------------------------------------------

HOTEL_LIST = {
    "it": (
        ["persona", "sessione", "hotel", "arrivo in hotel", "partenza dall’hotel"],
        "Paolo Greco XXX Hotel Excelsior Camera doppia con Anna Rossi 17/02/2027 20/02/2027",
    ),
    "ru": (
        ["лицо", "заседание", "гостиница", "заезд", "выезд"],
        "Paolo Greco XXX Отель «Эксцельсиор» Двухместный номер con Anna Rossi "
        "17.02.2027 20.02.2027",
    ),
}
TRAVEL_LIST = {
    "it": (
        ["persona", "sessione", "arrivo", "partenza"],
        "Paolo Greco XXX 18/02/2027 00:30\u00a0UTC+3 Aeroporto di Kazan’ transfer richiesto "
        "20/02/2027 19:00\u00a0UTC+3 Stazione di Kazan’",
    ),
    "ru": (
        ["лицо", "заседание", "прибытие", "отъезд"],
        "Paolo Greco XXX 18.02.2027 00:30\u00a0UTC+3 Aeroporto di Kazan’ нужен трансфер "
        "20.02.2027 19:00\u00a0UTC+3 Stazione di Kazan’",
    ),
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_room_and_arrival_lists_keep_every_fact_in_few_columns(client, organizer, language):
    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row
    from travel.models import RoomType

    kazan = KazanSessionFactory(number=30)
    open_logistics(kazan)
    _hotel, block = hotel_with_block(kazan, room_type=RoomType.DOUBLE)
    registration = RegistrationFactory(
        session=kazan, person__given_name="Paolo", person__family_name="Greco"
    )
    hotels.choose_room(
        registration,
        block,
        check_in=datetime.date(2027, 2, 17),
        check_out=datetime.date(2027, 2, 20),
        sharing_note="con Anna Rossi",
        by=registration,
    )
    hotels.save_travel_plan(
        registration,
        {
            "arrival_at": datetime.datetime(2027, 2, 17, 21, 30, tzinfo=datetime.UTC),
            "arrival_place": "Aeroporto di Kazan’",
            "arrival_transfer": True,
            "departure_at": datetime.datetime(2027, 2, 20, 16, 0, tzinfo=datetime.UTC),
            "departure_place": "Stazione di Kazan’",
        },
        by=registration,
    )
    log_in(client, organizer)
    client.cookies["taskforce_language"] = language
    for name, (expected_columns, expected_row) in (
        ("admin:travel_hotelbooking_changelist", HOTEL_LIST[language]),
        ("admin:travel_travelplan_changelist", TRAVEL_LIST[language]),
    ):
        columns, row = changelist_columns_and_row(client.get(reverse(name)), "Greco")
        assert columns == expected_columns, name
        assert expected_row in row, name


def test_the_admins_room_blocks_say_the_last_night_is_not_the_day_of_departure(
    client, session, organizer
):
    hotel, _block = hotel_with_block(session)
    log_in(client, organizer)
    change_url = reverse("admin:travel_hotel_change", args=[hotel.pk])

    italian = client.get(change_url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    russian = client.get(change_url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "L’ultima notte per cui le camere sono riservate, non il giorno di partenza" in italian
    assert "Последняя ночь, на которую забронированы номера, а не день отъезда" in russian
