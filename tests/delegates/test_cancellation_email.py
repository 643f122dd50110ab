"""The cancellation e-mail says what was given up with the registration: the hotel room, the
company-visit places, the B2B meetings and requests, the transfers (only those the delegate
had), in the delegate's language; and the room list says «номеров нет» for a full block."""

import datetime

import pytest
from django.utils import timezone, translation
from post_office.models import Email

from delegates.models import CompanyVisitBooking, CompanyVisitBookingStatus, RegistrationStatus
from delegates.services import cancel
from meetings.models import Meeting, MeetingRequest, MeetingStatus
from sessions_app.models import ProgrammeItem
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_meeting_point
from tests.travel.hotel_fixtures import hotel_with_block, stay
from travel.forms import RoomBlockChoiceField
from travel.models import HotelBooking, RoomBlock, TravelPlan

pytestmark = pytest.mark.django_db

EXPECTED = {
    "ru": [
        "Вместе с регистрацией освобождены:",
        "- ваш номер в гостинице: Отель «Эксцельсиор» — одноместный номер",
        "- ваше место на посещении предприятия «Посещение Brembo»",
        "- 1 двусторонняя встреча на площадке деловых встреч (собеседник получит уведомление)",
        "- 1 запрос на встречу, ожидающий ответа",
        "- запрошенные трансферы — по прибытии и при отъезде",
    ],
    "it": [
        "Con la registrazione sono stati liberati anche:",
        "- la Sua camera d’albergo: Hotel Excelsior – camera singola",
        "- il Suo posto nella visita aziendale «Visita alla Brembo»",
        "- 1 incontro bilaterale al Meeting Point (l’interlocutore ne è informato)",
        "- 1 richiesta di incontro in attesa di risposta",
        "- i transfer richiesti, all’arrivo e alla partenza",
    ],
    "en": [
        "Released together with the registration:",
        "- your hotel room: Excelsior Hotel – single room",
        "- your place on the company visit “Visit to Brembo”",
        "- 1 bilateral meeting at the Meeting Point (the partner is told)",
        "- 1 meeting request still awaiting an answer",
        "- the transfers you asked for, on arrival and on departure",
    ],
}


def holding_everything(language):
    """An approved Russian delegate with a room, a company visit, a meeting placed, a
    request waiting for an answer and both transfers."""
    delegate = RussianRegistrationFactory(status=RegistrationStatus.APPROVED, language=language)
    session = delegate.session
    _hotel, block = hotel_with_block(session)
    HotelBooking.objects.create(registration=delegate, room_block=block, **stay(session))
    start = timezone.make_aware(
        datetime.datetime.combine(session.start_date, datetime.time(15)), session.tzinfo
    )
    visit = ProgrammeItem.objects.create(
        session=session,
        kind="company_visit",
        title_it="Visita alla Brembo",
        title_ru="Посещение Brembo",
        title_en="Visit to Brembo",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=10,
    )
    CompanyVisitBooking.objects.create(
        registration=delegate, visit=visit, status=CompanyVisitBookingStatus.BOOKED
    )
    meeting_point = make_meeting_point(session)
    partner = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    other = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=partner,
        registration_b=delegate,
        slot=0,
        table_number=1,
    )
    MeetingRequest.objects.create(meeting_point=meeting_point, sender=other, recipient=delegate)
    arrival = start - datetime.timedelta(days=1)
    TravelPlan.objects.create(
        registration=delegate,
        arrival_at=arrival,
        arrival_transfer=True,
        departure_at=arrival + datetime.timedelta(days=3),
        departure_transfer=True,
    )
    return delegate


def emails_to(delegate):
    return [email for email in Email.objects.order_by("pk") if email.to == [delegate.person.email]]


@pytest.mark.parametrize("language", ["ru", "it", "en"])
def test_the_cancellation_e_mail_lists_what_was_given_up(language, run_on_commit):
    delegate = holding_everything(language)
    Email.objects.all().delete()
    with run_on_commit():
        cancel(delegate, by=delegate)
    (email,) = emails_to(delegate)
    lines = [line.strip() for line in email.message.splitlines() if line.strip()]
    start = lines.index(EXPECTED[language][0])
    assert lines[start : start + len(EXPECTED[language])] == EXPECTED[language]
    for phrase in EXPECTED[language][1:]:
        assert phrase.removeprefix("- ") in email.html_message.replace("&quot;", '"')
    # Everything listed was indeed released.
    assert not HotelBooking.objects.filter(registration=delegate).exists()
    assert not CompanyVisitBooking.objects.filter(registration=delegate).exists()
    assert not Meeting.objects.filter(registration_b=delegate).exists()
    assert Meeting.all_objects.get(registration_b=delegate).status == MeetingStatus.CANCELLED


def test_only_what_the_delegate_had_is_listed():
    delegate = RussianRegistrationFactory(status=RegistrationStatus.APPROVED, language="ru")
    _hotel, block = hotel_with_block(delegate.session)
    HotelBooking.objects.create(registration=delegate, room_block=block, **stay(delegate.session))
    cancel(delegate, by=delegate)
    (email,) = emails_to(delegate)
    assert "- ваш номер в гостинице: Отель «Эксцельсиор» — одноместный номер\n" in email.message
    for absent in ("посещении предприятия", "двусторонн", "запрос на встречу", "трансфер"):
        assert absent not in email.message


def test_a_delegate_who_held_nothing_gets_no_list():
    delegate = RegistrationFactory(status=RegistrationStatus.APPROVED, language="it")
    cancel(delegate, by=delegate)
    (email,) = emails_to(delegate)
    assert "liberati" not in email.message
    assert "\n\n\n" not in email.message


@pytest.mark.parametrize(
    ("language", "full", "left"),
    [
        ("ru", "номеров нет", "остался 1 номер"),
        ("it", "nessuna camera libera", "1 camera libera"),
        ("en", "no rooms left", "1 room left"),
    ],
)
def test_the_room_list_counts_rooms_also_when_none_is_left(language, full, left):
    delegate = RegistrationFactory(status=RegistrationStatus.APPROVED)
    _hotel, block = hotel_with_block(delegate.session, rooms=1)
    field = RoomBlockChoiceField(queryset=RoomBlock.objects.all())
    with translation.override(language):
        block.free = 1
        assert field.label_from_instance(block).endswith(left)
        block.free = 0
        assert field.label_from_instance(block).endswith(full)
