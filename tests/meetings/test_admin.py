"""The Meeting Point's admin pages."""

import html
import re

import pytest
from django.urls import reverse

from meetings import reading
from meetings.models import Meeting, MeetingPoint, MeetingRequest, MeetingRequestStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.meetings.conftest import make_meeting_point


def add_request(meeting_point, status, slot=None, is_held=False):
    session = meeting_point.session
    sender = RegistrationFactory(session=session)
    recipient = RussianRegistrationFactory(session=session)
    request = MeetingRequest.objects.create(
        meeting_point=meeting_point, sender=sender, recipient=recipient, status=status
    )
    if status == MeetingRequestStatus.ACCEPTED:
        Meeting.objects.create(
            meeting_point=meeting_point,
            request=request,
            registration_a=sender,
            registration_b=recipient,
            slot=slot,
            table_number=None if slot is None else 1,
            is_held=is_held,
        )


def test_the_changelist_counts_requests_and_meetings_of_each_meeting_point_apart(
    admin_client, meeting_point
):
    for status in ("pending", "declined"):
        add_request(meeting_point, status)
    add_request(meeting_point, "accepted")
    add_request(meeting_point, "accepted", slot=0)
    add_request(meeting_point, "accepted", slot=1, is_held=True)
    other = make_meeting_point(SessionFactory(number=99))
    add_request(other, "accepted", slot=0, is_held=True)

    for annotated in MeetingPoint.objects.with_statistics():
        counted = reading.statistics(annotated)
        assert (
            annotated.requests_sent,
            annotated.requests_accepted,
            annotated.meetings_scheduled,
            annotated.meetings_held,
        ) == (counted["sent"], counted["accepted"], counted["scheduled"], counted["held"])

    page = admin_client.get(reverse("admin:meetings_meetingpoint_changelist")).content.decode()
    assert "5 inviate · 3 accettate · 2 pianificati · 1 svolti" in page
    assert "1 inviate · 1 accettate · 1 pianificati · 1 svolti" in page


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("it", "nel fuso orario della città ospitante: ora di Ekaterinburg, UTC+5."),
        ("ru", "в часовом поясе города проведения: местное время, Екатеринбург, UTC+5."),
    ],
)
def test_the_meeting_point_form_shows_its_times_in_the_host_city_s_zone_and_says_so(
    admin_client, russian_session, language, note
):
    """The form showed 15:00 (Kazan) as 13:00 (Rome) without a word, beside Django's note
    about the "server" (now hidden): its times are the host city's, named after the city."""
    meeting_point = make_meeting_point(russian_session)
    admin_client.cookies["taskforce_language"] = language
    url = reverse("admin:meetings_meetingpoint_change", args=[meeting_point.pk])
    page = " ".join(admin_client.get(url).content.decode().split())
    assert note in page
    assert re.search(r'name="starts_at_1" value="15:00(:00)?"', page)


# The list of requests at a laptop's width: each person's organization under the name, times
# short with their offset.
REQUEST_COLUMNS = {
    "it": ["da", "a", "stato", "data di invio", "data della risposta"],
    "ru": ["от", "кому", "статус", "дата отправки", "дата ответа"],
}
REQUEST_FACTS = {
    # Each name in the reader's script first, as the organizations (round 5, R4).
    "it": "Marco Bianchi – XXX Brembo S.p.A. Olga Kuznetsova (Ольга Кузнецова) – XXX "
    "Tatneft (Татнефть) "
    "In attesa di risposta 18/02/2027 09:15\u00a0UTC+3 -",
    "ru": "Marco Bianchi — XXX Brembo S.p.A. Ольга Кузнецова (Olga Kuznetsova) — XXX "
    "Татнефть (Tatneft) "
    "Ожидает ответа 18.02.2027 09:15\u00a0UTC+3 -",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_request_list_keeps_every_fact_in_few_columns(admin_client, language):
    import datetime

    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row

    kazan = KazanSessionFactory(number=30)
    meeting_point = make_meeting_point(kazan)
    MeetingRequest.objects.create(
        meeting_point=meeting_point,
        sender=RegistrationFactory(
            session=kazan,
            person__given_name="Marco",
            person__family_name="Bianchi",
            organization__name_latin="Brembo S.p.A.",
        ),
        recipient=RussianRegistrationFactory(
            session=kazan,
            person__given_name="Ольга",
            person__family_name="Кузнецова",
            person__given_name_latin="Olga",
            person__family_name_latin="Kuznetsova",
            organization__name_latin="Tatneft",
            organization__name_cyrillic="Татнефть",
        ),
        created_at=datetime.datetime(2027, 2, 18, 6, 15, tzinfo=datetime.UTC),
    )
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:meetings_meetingrequest_changelist"))
    columns, row = changelist_columns_and_row(response, "Bianchi")
    assert columns == REQUEST_COLUMNS[language]
    assert REQUEST_FACTS[language] in row


# The meetings list at a laptop's width: the table under the slot's short day and times, what
# staff arrange under the status, "held" still ticked in the list.
MEETING_COLUMNS = {
    "it": ["delegati", "orario", "stato", "svolto"],
    "ru": ["делегаты", "время", "статус", "состоялась"],
}
MEETING_FACTS = {
    "it": "18/02/2027 15:20–15:40\u00a0UTC+3 tavolo 3 collocato serve un interprete "
    "collocato a mano",
    "ru": "18.02.2027 15:20–15:40\u00a0UTC+3 стол 3 назначена нужен переводчик размещена вручную",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_meeting_list_keeps_every_fact_in_few_columns(admin_client, language):
    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row

    meeting_point = make_meeting_point(KazanSessionFactory(number=30))
    add_request(meeting_point, "accepted", slot=1)
    Meeting.objects.update(table_number=3, needs_interpreter=True, is_manual=True)
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:meetings_meeting_changelist"))
    columns, row = changelist_columns_and_row(response, "UTC+3")
    assert columns == MEETING_COLUMNS[language]
    assert MEETING_FACTS[language] in row
    page = response.content.decode()
    assert 'name="form-0-is_held"' in page
    assert ("ora di Kazan’, UTC+3" if language == "it" else "местное время, Казань, UTC+3") in page


def test_the_meeting_list_names_both_delegates_in_the_readers_script_first(admin_client):
    from core.authorization import SYSTEM
    from meetings import services
    from tests.meetings.conftest import make_profile

    session = SessionFactory()
    meeting_point = make_meeting_point(session)
    italian = RegistrationFactory(
        session=session, person__given_name="Marco", person__family_name="Bianchi"
    )
    russian = RussianRegistrationFactory(
        session=session,
        person__given_name="Пётр",
        person__family_name="Иванов",
        person__given_name_latin="Petr",
        person__family_name_latin="Ivanov",
    )
    make_profile(italian)
    make_profile(russian)
    services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    for language, expected in (
        ("it", "Marco Bianchi – Petr Ivanov (Пётр Иванов)"),
        ("ru", "Marco Bianchi — Пётр Иванов (Petr Ivanov)"),
    ):
        admin_client.cookies["taskforce_language"] = language
        content = html.unescape(
            admin_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
        )
        assert expected in content
