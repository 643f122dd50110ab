import html
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.authorization import SYSTEM
from meetings import services
from meetings.models import B2BProfile, Meeting, MeetingRequest
from tests.factories import (
    KazanSessionFactory,
    OrganizationFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    UserFactory,
)
from tests.helpers import log_in
from tests.meetings.conftest import make_meeting_point, make_profile

pytestmark = pytest.mark.django_db


def url(name, registration, language="it", **kwargs):
    from django.utils import translation

    with translation.override(language):
        return reverse(
            f"meetings:{name}", kwargs={"token": registration.management_token, **kwargs}
        )


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_an_unknown_token_is_not_found(client, meeting_point):
    assert client.get("/it/meeting-point/not-a-token/").status_code == 404


def test_a_delegate_not_approved_is_told_why(client, meeting_point, italian):
    italian.status = "submitted"
    italian.save()
    response = client.get(url("home", italian))
    assert response.status_code == 403
    assert "approvata" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "language", "expected", "not_expected"),
    [
        (
            "cancelled",
            "it",
            "La Sua registrazione a questa sessione è stata annullata: il Meeting Point non Le è "
            "più accessibile.",
            "non appena",
        ),
        (
            "cancelled",
            "ru",
            "Ваша регистрация на это заседание отменена: площадка деловых встреч вам больше "
            "недоступна.",
            "как только",
        ),
        (
            "cancelled",
            "en",
            "Your registration for this session was cancelled: the Meeting Point is no longer "
            "available to you.",
            "once your registration is approved",
        ),
        (
            "rejected",
            "it",
            "La Sua registrazione a questa sessione non è stata accolta: il Meeting Point non Le è "
            "accessibile.",
            "non appena",
        ),
        (
            "rejected",
            "ru",
            "Ваша регистрация на это заседание не была принята: площадка деловых встреч вам "
            "недоступна.",
            "как только",
        ),
        (
            "rejected",
            "en",
            "Your registration for this session was not accepted: the Meeting Point is not "
            "available to you.",
            "once your registration is approved",
        ),
        (
            "waitlisted",
            "it",
            "sarà disponibile non appena la Sua registrazione verrà approvata",
            "annullata",
        ),
        (
            "submitted",
            "ru",
            "она станет доступна вам после одобрения вашей регистрации",
            "отменена",
        ),
    ],
)
def test_a_delegate_not_approved_is_told_the_meeting_point_state_of_their_registration(
    client, meeting_point, italian, status, language, expected, not_expected
):
    italian.status = status
    italian.save()
    response = client.get(url("home", italian, language=language))
    assert response.status_code == 403
    text = html.unescape(response.content.decode())
    assert expected in text
    assert not_expected not in text


def test_a_delegate_who_did_not_opt_in_can_join(client, meeting_point, italian):
    italian.wants_bilateral_meetings = False
    italian.save()
    response = client.get(url("catalogue", italian))
    assert response.status_code == 403
    assert url("opt_in", italian) in response.content.decode()
    response = client.post(url("opt_in", italian))
    assert response.status_code == 302
    italian.refresh_from_db()
    assert italian.wants_bilateral_meetings
    assert client.get(url("catalogue", italian)).status_code == 200


def test_the_place_reads_in_the_delegates_language(client, meeting_point, italian, russian):
    meeting_point.place = "Kazan Expo, padiglione B"
    meeting_point.place_ru = "Казань Экспо, павильон B"
    meeting_point.save()
    russian_page = client.get(url("home", russian, "ru")).content.decode()
    assert "Казань Экспо, павильон B" in russian_page and "padiglione" not in russian_page
    # Its hours in the host city's time, named as elsewhere («местное время, Казань, UTC+3»).
    from django.utils import translation

    with translation.override("ru"):
        assert f"({meeting_point.session.zone_label})" in russian_page
    italian_page = client.get(url("home", italian)).content.decode()
    assert "Kazan Expo, padiglione B" in italian_page and "павильон" not in italian_page


def test_a_job_title_in_the_other_language_is_marked_with_it(client, meeting_point, russian):
    """The catalogue shows positions as delegates typed them; an Italian one on the Russian
    page is marked Italian for screen readers."""
    from django.template.loader import render_to_string
    from django.utils import translation

    italian = RegistrationFactory(session=meeting_point.session, position="Direttore commerciale")
    with translation.override("ru"):
        html = render_to_string("meetings/_delegate.html", {"delegate": italian})
    assert '<span lang="it">Direttore commerciale</span>' in html
    with translation.override("it"):
        html = render_to_string("meetings/_delegate.html", {"delegate": italian})
    assert ", Direttore commerciale<br>" in html


def test_a_session_without_meeting_point_says_so(client, italian):
    response = client.get(url("home", italian))
    assert response.status_code == 404
    assert "non è ancora stato organizzato" in response.content.decode()


def test_a_delegate_fills_in_the_profile(client, meeting_point):
    registration = RegistrationFactory(session=meeting_point.session, wants_bilateral_meetings=True)
    data = {
        "offers": "Valvole industriali",
        "looks_for": "Distributori",
        "sectors": ["mechanics", "oil_gas"],
        "languages": ["it", "en"],
        "max_accepted_requests": "5",
        "unavailable_slots": ["0", "4"],
    }
    response = client.post(url("profile", registration), data)
    assert response.status_code == 302
    profile = B2BProfile.objects.get(registration=registration)
    assert profile.sectors == ["mechanics", "oil_gas"]
    assert profile.unavailable_slots == [0, 4]
    assert profile.max_accepted_requests == 5


def test_an_invalid_profile_keeps_what_was_typed(client, meeting_point):
    registration = RegistrationFactory(session=meeting_point.session, wants_bilateral_meetings=True)
    response = client.post(
        url("profile", registration),
        {"offers": "Valvole industriali", "max_accepted_requests": "0"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Valvole industriali" in content
    assert "invalid-feedback" in content
    assert not B2BProfile.objects.exists()


def test_the_catalogue_shows_the_other_delegation_in_the_readers_language(
    client, meeting_point, italian, russian
):
    content = client.get(url("catalogue", italian)).content.decode()
    # The reader's script first, the other in brackets (R4).
    assert "Anna Ivanova" in content and "(Анна Иванова" in content
    assert "Анна Иванова" not in content.replace("(Анна Иванова", "")
    assert italian.organization.name_latin not in content
    content = client.get(url("catalogue", russian, "ru")).content.decode()
    assert italian.person.full_name in content
    assert "Машиностроение" in content  # sector label in Russian


def test_the_catalogue_filters(client, meeting_point, italian, russian):
    other = RussianRegistrationFactory(
        session=meeting_point.session,
        wants_bilateral_meetings=True,
        organization__category="university",
    )
    make_profile(other, sectors=["energy"], languages=["ru"], offers="Гидроэнергетика")
    base = url("catalogue", italian)

    def names(query):
        content = client.get(base, query).content.decode()
        return {r.person.family_name for r in (russian, other) if r.person.family_name in content}

    assert names({}) == {russian.person.family_name, other.person.family_name}
    assert names({"sector": "energy"}) == {other.person.family_name}
    assert names({"language": "en"}) == {russian.person.family_name}
    assert names({"category": "university"}) == {other.person.family_name}
    assert names({"q": "Гидро"}) == {other.person.family_name}
    assert names({"region": russian.organization.region_id}) == {
        russian.person.family_name,
        other.person.family_name,
    }
    assert client.get(base, {"sector": "nonsense", "region": "x"}).status_code == 200


def test_profiles_awaiting_approval_stay_out_of_the_catalogue(
    client, meeting_point, italian, russian
):
    meeting_point.requires_profile_approval = True
    meeting_point.save()
    assert russian.person.family_name not in client.get(url("catalogue", italian)).content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_catalogue_runs_a_fixed_number_of_queries(
    client, meeting_point, italian, count, django_assert_num_queries
):
    for _ in range(count):
        make_profile(
            RussianRegistrationFactory(session=meeting_point.session, wants_bilateral_meetings=True)
        )
    with django_assert_num_queries(8):
        response = client.get(url("catalogue", italian))
    assert response.status_code == 200


def test_a_request_is_sent_and_accepted_through_the_pages(
    client, meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("send_request", russian, "ru", profile_id=italian.b2b_profile.pk),
            {"message": "Давайте встретимся"},
        )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert request.message == "Давайте встретимся"
    assert len(mailoutbox) == 1
    content = client.get(url("requests", italian)).content.decode()
    assert "Давайте встретимся" in content
    response = client.post(url("answer_request", italian, request_id=request.pk, action="accept"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    assert Meeting.objects.count() == 1


def test_a_refused_request_shows_the_reason_and_keeps_the_message(
    client, meeting_point, italian, russian
):
    services.send_request(italian, russian, "first")
    response = client.post(
        url("send_request", italian, profile_id=russian.b2b_profile.pk),
        {"message": "Testo che non va perso"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Testo che non va perso" in content
    assert "Ha già inviato una richiesta" in content


def test_only_the_two_delegates_can_answer_a_request(client, meeting_point, italian, russian):
    request = services.send_request(italian, russian, "")
    outsider = RegistrationFactory(session=meeting_point.session, wants_bilateral_meetings=True)
    response = client.post(url("answer_request", outsider, request_id=request.pk, action="accept"))
    assert response.status_code == 404
    response = client.post(url("answer_request", italian, request_id=request.pk, action="accept"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending"


def _scheduled(meeting_point, italian, russian):
    request = services.send_request(russian, italian, "")
    services.accept_request(request, by=italian)
    services.schedule_meetings(meeting_point, by=SYSTEM)
    return Meeting.objects.get()


def test_the_agenda_shows_time_table_and_counterpart_in_both_languages(
    client, meeting_point, italian, russian
):
    meeting = _scheduled(meeting_point, italian, russian)
    time = meeting_point.local(meeting_point.slot(meeting.slot).starts_at).strftime("%H:%M")
    italian_page = client.get(url("agenda", italian)).content.decode()
    assert time in italian_page
    assert "Анна Иванова" in italian_page and "Anna Ivanova" in italian_page
    assert "Interlocutore" in italian_page
    russian_page = client.get(url("agenda", russian, "ru")).content.decode()
    assert time in russian_page and italian.person.full_name in russian_page
    assert "Собеседник" in russian_page
    assert "Уралмаш" not in russian_page  # the Russian's own organization is not the counterpart


def test_the_agenda_pdf_has_the_cyrillic_names(client, meeting_point, italian, russian):
    _scheduled(meeting_point, italian, russian)
    response = client.get(url("agenda_pdf", italian))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(downloaded(response))
    assert "Анна Иванова" in text
    assert "Agenda personale" in text
    text = pdf_text(downloaded(client.get(url("agenda_pdf", russian, "ru"))))
    assert "Личная программа" in text and italian.person.full_name in text


def test_the_agenda_gives_the_counterparts_position_in_the_readers_language(
    client, meeting_point, italian, russian
):
    """The position as registered is in the delegate's language; the B2B profile may give it
    in the other: each reader reads the one in their language (round 4, F6)."""
    italian.position, russian.position = "Direttore commerciale", "Директор по развитию"
    italian.save()
    russian.save()
    B2BProfile.objects.filter(registration=italian).update(
        position_other_language="Коммерческий директор"
    )
    B2BProfile.objects.filter(registration=russian).update(
        position_other_language="Direttore dello sviluppo"
    )
    _scheduled(meeting_point, italian, russian)

    italian_page = client.get(url("agenda", italian)).content.decode()
    russian_page = client.get(url("agenda", russian, "ru")).content.decode()
    italian_pdf = pdf_text(downloaded(client.get(url("agenda_pdf", italian))))
    russian_pdf = pdf_text(downloaded(client.get(url("agenda_pdf", russian, "ru"))))

    assert ", Direttore dello sviluppo" in italian_page
    assert "Директор по развитию" not in italian_page
    assert ", Коммерческий директор" in russian_page
    assert "Direttore commerciale" not in russian_page
    assert "Direttore dello sviluppo" in italian_pdf and "Директор по развитию" not in italian_pdf
    assert "Коммерческий директор" in russian_pdf and "Direttore commerciale" not in russian_pdf


def test_a_position_known_in_one_language_is_shown_marked_with_its_language(
    client, meeting_point, italian, russian
):
    italian.position = "Direttore commerciale"
    italian.save()
    _scheduled(meeting_point, italian, russian)

    russian_page = client.get(url("agenda", russian, "ru")).content.decode()

    assert ', <span lang="it">Direttore commerciale</span>' in russian_page


def test_a_delegate_gives_the_position_in_the_other_language_in_the_profile(client, meeting_point):
    registration = RussianRegistrationFactory(
        session=meeting_point.session, wants_bilateral_meetings=True
    )
    data = {
        "offers": "Станки",
        "looks_for": "Партнёры",
        "position_other_language": "Direttore dello sviluppo",
        "sectors": ["mechanics"],
        "languages": ["ru"],
    }

    response = client.post(url("profile", registration, "ru"), data)

    assert response.status_code == 302
    profile = B2BProfile.objects.get(registration=registration)
    assert profile.position_other_language == "Direttore dello sviluppo"


def downloaded(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_agenda_pdf_is_printed_once_until_a_meeting_moves(
    client, meeting_point, italian, russian, settings
):
    """Stored by the digest of its content (core/documents.py): a repeated download is the
    same file; a meeting moved to another slot prints a new one at once."""
    meeting = _scheduled(meeting_point, italian, russian)
    first = downloaded(client.get(url("agenda_pdf", italian)))
    assert downloaded(client.get(url("agenda_pdf", italian))) == first
    stored = list((settings.DOCUMENTS_ROOT / "agenda").glob("*.pdf"))
    assert len(stored) == 1

    other_slot = 1 if meeting.slot == 0 else 0
    services.place_meeting(meeting, slot=other_slot, table_number=2, by=SYSTEM)
    moved = downloaded(client.get(url("agenda_pdf", italian)))
    assert moved != first
    time = meeting_point.local(meeting_point.slot(other_slot).starts_at).strftime("%H:%M")
    assert time in pdf_text(moved)
    assert len(list((settings.DOCUMENTS_ROOT / "agenda").glob("*.pdf"))) == 2


@pytest.fixture
def organizer(client):
    user = UserFactory(is_superuser=True)
    log_in(client, user)
    return user


def test_organizer_pages_need_a_staff_account(client, meeting_point):
    number = meeting_point.session.number
    response = client.get(reverse("meetings:staff_grid", args=[number]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    log_in(client, UserFactory(is_staff=True))
    assert client.get(reverse("meetings:staff_grid", args=[number])).status_code == 403


def test_the_organizer_schedules_and_prints_the_grid(
    client, organizer, meeting_point, italian, russian
):
    services.accept_request(services.send_request(russian, italian, ""), by=italian)
    number = meeting_point.session.number
    response = client.post(reverse("meetings:staff_schedule", args=[number]))
    assert response.status_code == 302
    content = client.get(reverse("meetings:staff_grid", args=[number])).content.decode()
    assert "1 of 1 meeting placed" in content
    assert "Анна Иванова" in content
    text = pdf_text(client.get(reverse("meetings:staff_grid_pdf", args=[number])).content)
    assert "Анна Иванова" in text and "Tavolo 1" in text
    text = pdf_text(downloaded(client.get(reverse("meetings:staff_agendas_pdf", args=[number]))))
    assert "Agenda personale" in text and "Личная программа" in text


def test_the_interpreter_list_is_an_excel_file_by_slot_and_table(
    client, organizer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(
        meeting_point, italian, russian, 1, 2, interpreter=True, by=SYSTEM
    )
    others = [
        RegistrationFactory(session=meeting_point.session),
        RussianRegistrationFactory(session=meeting_point.session),
    ]
    services.create_meeting_by_staff(meeting_point, *others, 0, 1, interpreter=False, by=SYSTEM)
    response = client.get(
        reverse("meetings:staff_interpreters_xlsx", args=[meeting_point.session.number])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == meeting.slot + 1 and rows[1][2] == 2
    # In the organizer's language (here English): the Latin name first (R4).
    assert rows[1][6].startswith("Anna Ivanova") and "(Анна Иванова" in rows[1][6]


def test_the_admin_shows_statistics_and_schedules(
    client, organizer, meeting_point, italian, russian
):
    services.accept_request(services.send_request(russian, italian, ""), by=italian)
    change = reverse("admin:meetings_meetingpoint_change", args=[meeting_point.pk])
    assert "Richieste inviate" in client.get(change).content.decode()
    changelist = reverse("admin:meetings_meetingpoint_changelist")
    response = client.post(
        changelist, {"action": "schedule_now", "_selected_action": [meeting_point.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Meeting.objects.get().slot is not None


def test_staff_move_a_meeting_by_hand_in_the_admin(
    client, organizer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    blocker = services.create_meeting_by_staff(
        meeting_point,
        RegistrationFactory(session=meeting_point.session),
        RussianRegistrationFactory(session=meeting_point.session),
        3,
        2,
        by=SYSTEM,
    )
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = {"slot": "3", "table_number": "2", "needs_interpreter": "", "notes": ""}
    response = client.post(change, data)
    assert response.status_code == 200
    assert "già occupato" in response.content.decode()
    data["table_number"] = "1"
    response = client.post(change, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table_number, meeting.is_manual) == (3, 1, True)
    assert blocker.pk


def test_staff_arrange_a_meeting_in_the_admin(client, organizer, meeting_point, italian, russian):
    add = reverse("admin:meetings_meeting_add")
    data = {
        "meeting_point": meeting_point.pk,
        "registration_a": italian.pk,
        "registration_b": russian.pk,
        "notes": "Ministero",
    }
    assert client.post(add, data).status_code == 302
    response = client.post(add, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 1


def test_an_organization_without_cyrillic_name_keeps_its_latin_one(client, meeting_point, russian):
    italian = RegistrationFactory(
        session=meeting_point.session,
        wants_bilateral_meetings=True,
        organization=OrganizationFactory(name_latin="Valvole Lombarde S.r.l."),
    )
    make_profile(italian)
    assert "Valvole Lombarde S.r.l." in client.get(url("catalogue", russian, "ru")).content.decode()


def test_a_second_meeting_point_session_does_not_leak(client, meeting_point, italian):
    other_session_delegate = RussianRegistrationFactory(wants_bilateral_meetings=True)
    make_meeting_point(other_session_delegate.session)
    make_profile(other_session_delegate)
    content = client.get(url("catalogue", italian)).content.decode()
    assert other_session_delegate.person.family_name not in content


def test_an_expired_link_no_longer_opens_the_meeting_point(
    client, meeting_point, italian, settings
):
    settings.REGISTRATION_LINK_DAYS_AFTER_SESSION = -1000
    assert client.get(url("home", italian)).status_code == 410


def test_the_registration_page_links_to_the_meeting_point(client, meeting_point, italian):
    from django.utils import translation

    with translation.override("it"):
        manage = reverse("delegates:manage", kwargs={"token": italian.management_token})
    content = client.get(manage).content.decode()
    assert url("home", italian) in content


def test_session_statistics_are_for_staff_only(rf, meeting_point, italian, russian):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    services.accept_request(services.send_request(russian, italian, ""), by=italian)
    template = Template("{% load meetings %}{% meeting_point_statistics session %}")
    request = rf.get("/")
    request.user = AnonymousUser()
    assert (
        template.render(Context({"request": request, "session": meeting_point.session})).strip()
        == ""
    )
    request.user = UserFactory(is_superuser=True)
    html = template.render(Context({"request": request, "session": meeting_point.session}))
    assert "Requests sent" in html and "staff_grid" not in html
    assert reverse("meetings:staff_grid", args=[meeting_point.session.number]) in html


@pytest.mark.parametrize("count", [1, 20])
def test_the_requests_and_the_agenda_run_a_fixed_number_of_queries(
    client, meeting_point, italian, count, django_assert_num_queries
):
    for index in range(count):
        other = RussianRegistrationFactory(
            session=meeting_point.session, wants_bilateral_meetings=True
        )
        make_profile(other)
        request = services.send_request(other, italian, "")
        # Every other request accepted, the first included: the agenda has a meeting at 1.
        if index % 2 == 0:
            services.accept_request(request, by=italian)
    services.schedule_meetings(meeting_point, by=SYSTEM)
    with django_assert_num_queries(5):
        assert client.get(url("requests", italian)).status_code == 200
    # One of them what the meetings are about (meetings/subjects.py).
    with django_assert_num_queries(5):
        assert client.get(url("agenda", italian)).status_code == 200


@pytest.mark.parametrize(
    ("language", "heading", "title"),
    [
        (
            "it",
            "Griglia del Meeting Point – XXX sessione, Kazan’",
            "Griglia del Meeting Point – XXX sessione",
        ),
        (
            "ru",
            "Сетка площадки деловых встреч — XXX заседание, Казань",
            "Сетка площадки деловых встреч — XXX заседание",
        ),
    ],
)
def test_the_grid_joins_its_heading_as_the_reader_language_does(
    client, organizer, language, heading, title
):
    session = KazanSessionFactory(number=30)
    make_meeting_point(session)
    with translation.override(language):
        url = reverse("meetings:staff_grid", args=[session.number])
    page = " ".join(html.unescape(client.get(url).content.decode()).split())
    assert f">{heading}</h1>" in page
    assert f"<title>{title}" in page
