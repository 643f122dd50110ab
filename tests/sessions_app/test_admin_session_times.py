"""A session's times in the admin lists and change pages: in the host city's zone, saying so,
never in the server's (Europe/Rome). Kazan is two hours ahead of Rome in February."""

import datetime
import html

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingBreak, MeetingPoint
from tests.factories import (
    KazanSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    session_local_time,
)
from travel.models import TravelPlan
from venue.models import CheckIn

pytestmark = pytest.mark.django_db

ZONE = {"it": "(ora di Kazan’, UTC+3)", "ru": "(местное время, Казань, UTC+3)"}
FIRST_DAY = {"it": "18 febbraio 2027", "ru": "18 февраля 2027"}


@pytest.fixture
def kazan():
    return KazanSessionFactory(number=30)


def _page(client, language, url):
    client.cookies["taskforce_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.mark.parametrize("language", ["it", "ru"])
def test_programme_items_are_listed_in_the_host_city_time(admin_client, kazan, language):
    ProgrammeItemFactory(
        session=kazan,
        title_it="Registrazione dei partecipanti",
        starts_at=session_local_time(kazan, 0, 9),
        ends_at=session_local_time(kazan, 0, 10),
    )
    text = _page(admin_client, language, reverse("admin:sessions_app_programmeitem_changelist"))
    assert f"09:00 {ZONE[language]}" in text
    assert f"10:00 {ZONE[language]}" in text
    assert FIRST_DAY[language] in text
    assert "07:00" not in text  # Rome's clock


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_meeting_point_list_and_page_are_in_the_host_city_time(admin_client, kazan, language):
    meeting_point = MeetingPoint.objects.create(
        session=kazan,
        starts_at=session_local_time(kazan, 1, 14),
        ends_at=session_local_time(kazan, 1, 18, 20),
        slot_minutes=20,
        tables=12,
    )
    MeetingBreak.objects.create(
        meeting_point=meeting_point,
        starts_at=session_local_time(kazan, 1, 16),
        ends_at=session_local_time(kazan, 1, 16, 20),
    )
    text = _page(admin_client, language, reverse("admin:meetings_meetingpoint_changelist"))
    assert f"14:00 {ZONE[language]}" in text
    assert f"18:20 {ZONE[language]}" in text
    assert "12:00" not in text and "16:20" not in text
    # The change page types and shows the same times, the break's too.
    response = admin_client.get(
        reverse("admin:meetings_meetingpoint_change", args=[meeting_point.pk])
    )
    page = response.content.decode()
    assert 'name="starts_at_1" value="14:00:00"' in page
    assert 'name="breaks-0-starts_at_1" value="16:00:00"' in page
    assert ZONE[language].strip("()") in _page(
        admin_client,
        language,
        reverse("admin:meetings_meetingpoint_change", args=[meeting_point.pk]),
    )


@pytest.mark.parametrize("language", ["it", "ru"])
def test_meetings_are_listed_with_their_day_and_zone(admin_client, kazan, language):
    meeting_point = MeetingPoint.objects.create(
        session=kazan,
        starts_at=session_local_time(kazan, 0, 14),
        ends_at=session_local_time(kazan, 0, 18),
        slot_minutes=20,
        tables=3,
    )
    Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=RegistrationFactory(session=kazan),
        registration_b=RussianRegistrationFactory(session=kazan),
        slot=1,
        table_number=1,
    )
    text = _page(admin_client, language, reverse("admin:meetings_meeting_changelist"))
    assert f"{FIRST_DAY[language]}" in text
    assert f"14:20–14:40 {ZONE[language]}" in text


@pytest.mark.parametrize("language", ["it", "ru"])
def test_registrations_check_ins_and_travel_plans_are_in_the_host_city_time(
    admin_client, kazan, language
):
    registration = RegistrationFactory(session=kazan)
    decided = datetime.datetime(2026, 12, 5, 11, 38, tzinfo=datetime.UTC)  # 14:38 in Kazan
    type(registration).objects.filter(pk=registration.pk).update(
        submitted_at=decided, decided_at=decided
    )
    CheckIn.objects.create(registration=registration, session=kazan, checked_in_at=decided)
    TravelPlan.objects.create(registration=registration, arrival_at=session_local_time(kazan, 0, 8))
    for url in (
        reverse("admin:delegates_registration_changelist"),
        reverse("admin:venue_checkin_changelist"),
    ):
        text = _page(admin_client, language, url)
        assert f"14:38 {ZONE[language]}" in text, url
        assert "12:38" not in text, url
    assert f"08:00 {ZONE[language]}" in _page(
        admin_client, language, reverse("admin:travel_travelplan_changelist")
    )
    # The registration's page shows its times in the same zone, and says which.
    text = _page(
        admin_client,
        language,
        reverse("admin:delegates_registration_change", args=[registration.pk]),
    )
    assert "14:38" in text and "12:38" not in text
    assert ZONE[language].strip("()") in text and "Europe/Moscow" not in text


@pytest.mark.parametrize("language", ["it", "ru"])
def test_records_reached_through_several_relations_are_in_their_session_time(
    admin_client, kazan, language
):
    from agreements.models import Commitment
    from tests.agreements.factories import ProtocolSectionFactory

    section = ProtocolSectionFactory(protocol__session=kazan)
    commitment = Commitment.objects.create(
        section=section, position=1, text_it="Impegno", text_ru="Обязательство", side="IT"
    )
    Commitment.objects.filter(pk=commitment.pk).update(
        updated_at=datetime.datetime(2026, 12, 5, 11, 38, tzinfo=datetime.UTC)
    )
    text = _page(admin_client, language, reverse("admin:agreements_commitment_changelist"))
    assert f"14:38 {ZONE[language]}" in text
