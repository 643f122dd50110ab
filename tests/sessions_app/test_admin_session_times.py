"""A session's times in the admin lists and change pages: in the host city's zone, saying so,
never in the server's (Europe/Rome). Kazan is two hours ahead of Rome in February. The lists
give each time short with its UTC offset, and name the host city above the list."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingBreak, MeetingPoint, MeetingRequest
from tests.factories import (
    KazanSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    session_local_time,
)
from travel.models import TravelPlan
from venue.models import CheckIn

pytestmark = pytest.mark.django_db

ZONE = {"it": "(ora di Kazan’, UTC+3)", "ru": "(местное время, Казань, UTC+3)"}
# The lists: the day short, the time with its offset; the note above names the city.
SHORT_FIRST_DAY = {"it": "18/02/2027", "ru": "18.02.2027"}
LIST_NOTE = {
    "it": "Date e orari di questa pagina sono nel fuso orario della città ospitante: "
    "ora di Kazan’, UTC+3.",
    "ru": "Даты и время на этой странице указаны в часовом поясе города проведения: "
    "местное время, Казань, UTC+3.",
}


@pytest.fixture
def kazan():
    return KazanSessionFactory(number=30)


def _page(client, language, url):
    """The page's text, tags left out ("<span>18/02/2027</span> <span>09:00 UTC+3</span>"
    reads "18/02/2027 09:00 UTC+3")."""
    client.cookies["taskforce_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]*>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("language", ["it", "ru"])
def test_programme_items_are_listed_in_the_host_city_time(admin_client, kazan, language):
    ProgrammeItemFactory(
        session=kazan,
        title_it="Registrazione dei partecipanti",
        place_it="Kazan Expo, ingresso principale",
        starts_at=session_local_time(kazan, 0, 9),
        ends_at=session_local_time(kazan, 0, 10),
    )
    text = _page(admin_client, language, reverse("admin:sessions_app_programmeitem_changelist"))
    # The place under the title, the session as its numeral over its city.
    city = {"it": "Kazan’", "ru": "Казань"}[language]
    assert f"Registrazione dei partecipanti Kazan Expo, ingresso principale XXX {city}" in text
    assert f"{SHORT_FIRST_DAY[language]} 09:00 UTC+3" in text
    assert f"{SHORT_FIRST_DAY[language]} 10:00 UTC+3" in text
    assert LIST_NOTE[language] in text
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
    assert "14:00 UTC+3" in text
    assert "18:20 UTC+3" in text
    assert LIST_NOTE[language] in text
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
    # The day short, the slot with its offset; the note above names the city.
    assert f"{SHORT_FIRST_DAY[language]} 14:20–14:40 UTC+3" in text
    assert LIST_NOTE[language] in text


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
        assert "05.12.2026" in text or "05/12/2026" in text, url
        assert "14:38 UTC+3" in text, url
        assert LIST_NOTE[language] in text, url
        assert "12:38" not in text, url
    text = _page(admin_client, language, reverse("admin:travel_travelplan_changelist"))
    assert f"{SHORT_FIRST_DAY[language]} 08:00 UTC+3" in text
    assert LIST_NOTE[language] in text
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
    assert "14:38 UTC+3" in text
    assert LIST_NOTE[language] in text


# --- the date drill-down: the host city's days when the list is about one zone -------------

# Kazan's night: 00:30 on 19 February in Kazan is 21:30 UTC and 22:30 in Rome on the 18th.
NIGHT = datetime.datetime(2027, 2, 18, 21, 30, tzinfo=datetime.UTC)
# The evening before, 23:00 in Kazan on the 18th: the 18th in every zone.
EVENING = datetime.datetime(2027, 2, 18, 20, 0, tzinfo=datetime.UTC)


def _programme_item(session, moment):
    return ProgrammeItemFactory(
        session=session, starts_at=moment, ends_at=moment + datetime.timedelta(minutes=30)
    )


def _check_in(session, moment):
    registration = RussianRegistrationFactory(session=session)
    return CheckIn.objects.create(registration=registration, session=session, checked_in_at=moment)


def _arrival(session, moment):
    return TravelPlan.objects.create(
        registration=RussianRegistrationFactory(session=session), arrival_at=moment
    )


# (list, the session filter's parameter, the drill-down's field, a record at a moment)
DRILL_DOWNS = [
    (
        "admin:sessions_app_programmeitem_changelist",
        "session__id__exact",
        "starts_at",
        _programme_item,
    ),
    ("admin:venue_checkin_changelist", "session__id__exact", "checked_in_at", _check_in),
    (
        "admin:travel_travelplan_changelist",
        "registration__session__id__exact",
        "arrival_at",
        _arrival,
    ),
]


def _drill_down(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response, response.context["cl"].result_count


@pytest.mark.parametrize(("url_name", "session_filter", "field", "make"), DRILL_DOWNS)
def test_a_list_of_one_session_drills_down_by_the_host_city_day(
    admin_client, kazan, url_name, session_filter, field, make
):
    make(kazan, NIGHT)
    make(kazan, EVENING)
    # Another session in Rome's zone: the list is about one zone once filtered.
    make(SessionFactory(), EVENING + datetime.timedelta(days=30))
    url = reverse(url_name)
    one_session = {session_filter: kazan.pk}
    response, count = _drill_down(admin_client, url, **one_session)
    page = response.content.decode()
    assert count == 2
    # The days offered are Kazan's: the 18th (the evening) and the 19th (the night).
    assert f"{field}__day=19" in page and f"{field}__day=18" in page
    assert "ora di Kazan’, UTC+3" in page
    day = {f"{field}__year": 2027, f"{field}__month": 2}
    _response, on_the_19th = _drill_down(
        admin_client, url, **one_session, **day, **{f"{field}__day": 19}
    )
    _response, on_the_18th = _drill_down(
        admin_client, url, **one_session, **day, **{f"{field}__day": 18}
    )
    assert (on_the_18th, on_the_19th) == (1, 1)
    # The night's record is listed at its Kazan time, on its Kazan day.
    text = _page(
        admin_client,
        "it",
        f"{url}?{session_filter}={kazan.pk}&{field}__day=19&{field}__month=2&{field}__year=2027",
    )
    assert "19/02/2027 00:30 UTC+3" in text


@pytest.mark.parametrize(("url_name", "session_filter", "field", "make"), DRILL_DOWNS)
def test_a_list_of_sessions_in_several_zones_drills_down_by_rome_days_and_says_so(
    admin_client, kazan, url_name, session_filter, field, make
):
    make(kazan, NIGHT)
    make(kazan, EVENING)
    make(SessionFactory(), EVENING + datetime.timedelta(days=30))
    url = reverse(url_name)
    day = {f"{field}__year": 2027, f"{field}__month": 2}
    _response, on_the_18th = _drill_down(admin_client, url, **day, **{f"{field}__day": 18})
    _response, on_the_19th = _drill_down(admin_client, url, **day, **{f"{field}__day": 19})
    # Both of Kazan's records fall on Rome's 18th (22:30 and 21:00 in Rome)...
    assert (on_the_18th, on_the_19th) == (2, 0)
    # ...each still at its Kazan time, and the note says which days the drill-down counts.
    text = _page(admin_client, "it", f"{url}?{field}__day=18&{field}__month=2&{field}__year=2027")
    assert "19/02/2027 00:30 UTC+3" in text
    assert (
        "Le sessioni di questo elenco si svolgono in fusi orari diversi" in text
        and "la navigazione per data conta i giorni in Europe/Rome" in text
    )
    assert "Date e orari di questa pagina sono nel fuso orario" not in text


def test_a_list_whose_sessions_all_share_one_zone_drills_down_by_its_days(admin_client, kazan):
    _programme_item(kazan, NIGHT)
    _programme_item(
        KazanSessionFactory(
            number=31, start_date=datetime.date(2028, 2, 18), end_date=datetime.date(2028, 2, 19)
        ),
        NIGHT,
    )
    url = reverse("admin:sessions_app_programmeitem_changelist")
    response, _count = _drill_down(admin_client, url, starts_at__year=2027, starts_at__month=2)
    page = response.content.decode()
    assert "starts_at__day=19" in page and "starts_at__day=18" not in page
    assert "Date e orari di questa pagina sono nel fuso orario" in html.unescape(page)


@pytest.mark.parametrize(
    "query",
    [
        "session__id__exact=abc",
        "session__id__exact=999999",
        "session__id__exact=1&starts_at__day=40&starts_at__month=2&starts_at__year=2027",
        "starts_at__year=abc",
    ],
)
def test_a_drill_down_or_session_filter_that_makes_no_sense_is_no_error(admin_client, kazan, query):
    _programme_item(kazan, NIGHT)
    response = admin_client.get(f"{reverse('admin:sessions_app_programmeitem_changelist')}?{query}")
    assert response.status_code in (200, 302)


def test_the_meeting_requests_of_one_meeting_point_drill_down_by_its_days(admin_client, kazan):
    meeting_point = MeetingPoint.objects.create(
        session=kazan,
        starts_at=session_local_time(kazan, 0, 14),
        ends_at=session_local_time(kazan, 0, 18),
        slot_minutes=20,
        tables=3,
    )
    request = MeetingRequest.objects.create(
        meeting_point=meeting_point,
        sender=RegistrationFactory(session=kazan),
        recipient=RussianRegistrationFactory(session=kazan),
    )
    MeetingRequest.objects.filter(pk=request.pk).update(created_at=NIGHT)
    # Another Meeting Point in Rome's zone: the list is about one zone once filtered.
    MeetingPoint.objects.create(
        session=SessionFactory(),
        starts_at=EVENING,
        ends_at=EVENING + datetime.timedelta(hours=3),
        slot_minutes=20,
        tables=3,
    )
    url = reverse("admin:meetings_meetingrequest_changelist")
    response, count = _drill_down(admin_client, url, meeting_point__id__exact=meeting_point.pk)
    page = response.content.decode()
    assert count == 1
    assert "created_at__day=19" in page and "created_at__day=18" not in page
