"""Check-in at the venue: every scan outcome, undo, counts, search, the desk pages, the race."""

import datetime
import html
import threading

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from core.authorization import SYSTEM
from delegates.models import Registration
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in
from tests.roles import ORGANIZERS, role_member
from venue.models import CheckIn
from venue.services import checkin
from venue.services.badges import badge_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    """A session whose first day is today: the desk accepts check-ins."""
    return SessionFactory(under_way=True)


@pytest.fixture
def desk_user(db):
    user = UserFactory(username="desk")
    user.user_permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="venue"),
        Permission.objects.get(codename="view_checkin", content_type__app_label="venue"),
    )
    return user


@pytest.fixture
def desk_client(client, desk_user):
    log_in(client, desk_user)
    return client


def scan_url(session):
    return reverse("venue:scan", kwargs={"number": session.number})


# --- services ----------------------------------------------------------------------------


def test_a_valid_badge_checks_the_delegate_in_once(session, desk_user):
    registration = RegistrationFactory(session=session)
    result = checkin.scan(session, badge_token(registration), desk_user)
    assert result.outcome == checkin.Outcome.OK
    check_in = CheckIn.objects.get(registration=registration)
    assert check_in.checked_in_by == desk_user
    assert abs((timezone.now() - check_in.checked_in_at).total_seconds()) < 60

    again = checkin.scan(session, badge_token(registration), desk_user)
    assert again.outcome == checkin.Outcome.ALREADY_CHECKED_IN
    local = timezone.localtime(check_in.checked_in_at, session.tzinfo)
    assert f"{local:%H:%M}" in again.message
    assert CheckIn.objects.count() == 1


def test_the_time_is_shown_in_the_host_city(desk_user):
    session = RussianSessionFactory(under_way=True)
    registration = RussianRegistrationFactory(session=session)
    checkin.scan(session, badge_token(registration), desk_user)
    again = checkin.scan(session, badge_token(registration), desk_user)
    ekaterinburg = timezone.localtime(registration.check_in.checked_in_at, session.tzinfo)
    assert f"{ekaterinburg:%H:%M}" in again.message


@pytest.mark.parametrize("status", ["cancelled", "submitted", "waitlisted", "rejected"])
def test_a_badge_of_a_registration_not_approved_is_refused(session, desk_user, status):
    registration = RegistrationFactory(session=session, status=status)
    result = checkin.scan(session, badge_token(registration), desk_user)
    assert result.outcome == checkin.Outcome.NOT_APPROVED
    assert registration.get_status_display().lower() in result.message
    assert not CheckIn.objects.exists()


def test_a_badge_of_another_session_is_refused(session, desk_user):
    other = SessionFactory(number=30)
    registration = RegistrationFactory(session=other)
    result = checkin.scan(session, badge_token(registration), desk_user)
    assert result.outcome == checkin.Outcome.WRONG_SESSION
    assert "XXX" in result.message
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "code",
    ["", "   ", "hello", "TF1-1:AAAA", "x" * 10000, "'; DROP TABLE x; --", "\x00\x01", "ТФ"],
)
def test_forged_or_damaged_codes_are_refused_without_harm(session, desk_user, code):
    RegistrationFactory(session=session)
    result = checkin.scan(session, code, desk_user)
    assert result.outcome == checkin.Outcome.INVALID
    assert not CheckIn.objects.exists()


def test_a_forged_signature_on_a_real_registration_is_refused(session, desk_user):
    registration = RegistrationFactory(session=session)
    value, signature = badge_token(registration).split(":")
    forged = value + ":" + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert checkin.scan(session, forged, desk_user).outcome == checkin.Outcome.INVALID


def test_a_badge_of_a_deleted_registration_is_refused(session, desk_user):
    registration = RegistrationFactory(session=session)
    token = badge_token(registration)
    Registration.objects.filter(pk=registration.pk).delete()
    assert checkin.scan(session, token, desk_user).outcome == checkin.Outcome.INVALID


def test_a_check_in_can_be_undone_and_the_history_remembers_who(session, desk_user):
    registration = RegistrationFactory(session=session)
    checkin.scan(session, badge_token(registration), desk_user)
    result = checkin.undo_check_in(session, registration.pk, desk_user)
    assert result.outcome == checkin.Outcome.UNDONE
    assert not CheckIn.objects.exists()
    deletion = CheckIn.history.filter(history_type="-").get()
    assert deletion.history_user == desk_user
    # Undoing twice is harmless; checking in again works.
    assert checkin.undo_check_in(session, registration.pk, desk_user).outcome == "invalid"
    assert checkin.scan(session, badge_token(registration), desk_user).is_ok


def test_counts_arrived_and_expected_per_delegation(session, desk_user):
    italians = RegistrationFactory.create_batch(3, session=session)
    russians = RussianRegistrationFactory.create_batch(2, session=session)
    RegistrationFactory(session=session, status="cancelled")
    for registration in (italians[0], russians[0], russians[1]):
        checkin.scan(session, badge_token(registration), desk_user)
    counts = checkin.arrival_counts(session)
    by_code = {row["code"]: row for row in counts["delegations"]}
    assert (by_code["it"]["arrived"], by_code["it"]["expected"]) == (1, 3)
    assert (by_code["ru"]["arrived"], by_code["ru"]["expected"]) == (2, 2)
    assert (counts["arrived"], counts["expected"]) == (3, 5)


def test_manual_search_finds_names_in_either_script(session):
    russian = RussianRegistrationFactory(session=session)
    italian = RegistrationFactory(session=session)
    family_cyrillic = russian.person.family_name
    assert checkin.search_registrations(session, family_cyrillic) == [russian]
    assert checkin.search_registrations(session, russian.person.family_name_latin) == [russian]
    assert checkin.search_registrations(session, italian.person.family_name_latin.lower()) == [
        italian
    ]
    # Cyrillic typed for a name registered only in Latin script.
    assert checkin.search_registrations(session, "Анна") == [russian]
    assert checkin.search_registrations(session, "Бианки") == []
    # ... unless the Italian gave the Cyrillic form of the name.
    italian.person.name_cyrillic = "Джулия Бианки"
    italian.person.save()
    assert checkin.search_registrations(session, "Бианки") == [italian]
    assert checkin.search_registrations(session, "") == []
    assert checkin.search_registrations(session, "x" * 500) == []


# --- the desk pages ----------------------------------------------------------------------


def test_the_desk_is_for_staff_with_the_check_in_permission(client, session):
    url = reverse("venue:desk", kwargs={"number": session.number})
    assert client.get(url).status_code == 302
    log_in(client, UserFactory(username="nobody"))
    assert client.get(url).status_code == 403
    assert client.post(scan_url(session), {"code": "x"}).status_code == 403


def test_the_desk_page_shows_counts_and_the_scan_field(desk_client, session):
    RegistrationFactory.create_batch(2, session=session)
    response = desk_client.get(reverse("venue:desk", kwargs={"number": session.number}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="scan-code"' in content
    assert 'data-count="expected">2<' in content
    assert "<script>" not in content and "style=" not in content


def test_a_scan_answers_in_json_with_the_card_and_counts(desk_client, session):
    registration = RussianRegistrationFactory(session=session)
    response = desk_client.post(
        scan_url(session),
        {"code": badge_token(registration)},
        headers={"accept": "application/json"},
    )
    data = response.json()
    assert data["outcome"] == "ok"
    assert registration.person.full_name in data["card_html"]
    assert registration.person.full_name_latin in data["card_html"]
    assert data["counts"]["arrived"] == 1
    again = desk_client.post(
        scan_url(session),
        {"code": badge_token(registration)},
        headers={"accept": "application/json"},
    ).json()
    assert again["outcome"] == "already_checked_in"


def test_without_javascript_the_scan_form_posts_to_the_page(desk_client, session):
    registration = RegistrationFactory(session=session)
    url = reverse("venue:desk", kwargs={"number": session.number})
    response = desk_client.post(url, {"code": badge_token(registration)})
    assert response.status_code == 200
    assert 'data-outcome="ok"' in response.content.decode()
    response = desk_client.post(url, {"code": "rubbish"})
    assert response.status_code == 200
    assert 'data-outcome="invalid"' in response.content.decode()


def test_manual_check_in_and_undo_from_the_desk(desk_client, session, desk_user):
    registration = RegistrationFactory(session=session)
    kwargs = {"number": session.number, "registration_id": registration.pk}
    json = {"accept": "application/json"}
    data = desk_client.post(reverse("venue:check_in", kwargs=kwargs), headers=json).json()
    assert data["outcome"] == "ok"
    assert CheckIn.objects.get().method == "manual"
    data = desk_client.post(reverse("venue:undo", kwargs=kwargs), headers=json).json()
    assert data["outcome"] == "undone"
    assert not CheckIn.objects.exists()


def test_the_search_fragment_lists_delegates_with_a_check_in_button(desk_client, session):
    registration = RussianRegistrationFactory(session=session)
    url = reverse("venue:search", kwargs={"number": session.number})
    response = desk_client.get(url, {"q": registration.person.family_name})
    content = response.content.decode()
    assert registration.person.full_name in content
    assert (
        reverse(
            "venue:check_in",
            kwargs={"number": session.number, "registration_id": registration.pk},
        )
        in content
    )


def test_the_desk_of_an_unknown_session_is_404(desk_client):
    assert desk_client.get("/it/desk/9999/").status_code == 404


@pytest.mark.parametrize("registrations", [1, 20])
def test_a_scan_costs_a_constant_number_of_queries(
    desk_client, session, django_assert_num_queries, registrations
):
    created = RegistrationFactory.create_batch(registrations, session=session)
    russians = RussianRegistrationFactory.create_batch(registrations, session=session)
    checkin.scan(session, badge_token(russians[-1]), SYSTEM)
    token = badge_token(created[0])
    headers = {"accept": "application/json"}
    # Login session, user and permissions (4), the session (1), the transaction around the
    # locked registration (3), the check-in and its history in a savepoint (4), counts (1).
    with django_assert_num_queries(13):
        assert (
            desk_client.post(scan_url(session), {"code": token}, headers=headers).json()["outcome"]
            == "ok"
        )
    with django_assert_num_queries(9):
        assert (
            desk_client.post(scan_url(session), {"code": token}, headers=headers).json()["outcome"]
            == "already_checked_in"
        )


# --- two desks, one badge ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(reason="the race needs real concurrent connections")
def test_two_desks_scanning_the_same_badge_at_once_get_one_ok():
    session = SessionFactory(under_way=True)
    registration = RegistrationFactory(session=session)
    desks = [role_member(ORGANIZERS, username=f"desk{n}") for n in range(4)]
    token = badge_token(registration)
    barrier = threading.Barrier(len(desks))
    outcomes = []

    def scan_at(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes.append(checkin.scan(session, token, user).outcome)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=scan_at, args=(user,)) for user in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_checked_in"] * 3 + ["ok"]
    assert CheckIn.objects.filter(registration=registration).count() == 1


def test_deleting_check_ins_in_the_admin_is_the_desks_undo(
    client, session, desk_user, ministry_administrator
):
    registrations = [RegistrationFactory(session=session) for _ in range(2)]
    for registration in registrations:
        checkin.scan(session, badge_token(registration), desk_user)
    log_in(client, ministry_administrator)
    first = CheckIn.objects.get(registration=registrations[0])
    delete = reverse("admin:venue_checkin_delete", args=[first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    response = client.post(
        reverse("admin:venue_checkin_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(CheckIn.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not CheckIn.objects.exists()
    deletions = CheckIn.history.filter(history_type="-")
    assert [entry.history_user for entry in deletions] == [ministry_administrator] * 2


# --- the check-in days -------------------------------------------------------------------


def _utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def kazan_session(db):
    """18–19 February 2027 in Kazan (UTC+3, two hours ahead of Rome in winter)."""
    return RussianSessionFactory(
        city_it="Kazan’",
        city_ru="Казань",
        city_en="Kazan",
        time_zone="Europe/Moscow",
        start_date=datetime.date(2027, 2, 18),
        end_date=datetime.date(2027, 2, 19),
    )


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (_utc(2026, 12, 5, 11, 40), False),  # months before: the QA report's test scan
        (_utc(2027, 2, 16, 20, 30), False),  # 23:30 of the 16th in Kazan (Rome: 21:30)
        (
            _utc(2027, 2, 16, 21, 30),
            True,
        ),  # 00:30 of the 17th in Kazan, the eve (Rome: 22:30 of the 16th)
        (_utc(2027, 2, 19, 20, 30), True),  # 23:30 of the last day in Kazan
        (_utc(2027, 2, 19, 21, 30), False),  # 00:30 of the 20th in Kazan (Rome: 22:30 of the 19th)
    ],
)
def test_the_desk_checks_in_only_on_the_eve_and_the_days_of_the_session(
    kazan_session, desk_user, moment, accepted
):
    registration = RussianRegistrationFactory(session=kazan_session)
    with time_machine.travel(moment, tick=False):
        result = checkin.scan(kazan_session, badge_token(registration), desk_user)
    assert result.is_ok is accepted
    assert CheckIn.objects.filter(registration=registration).exists() is accepted
    if not accepted:
        assert result.outcome == checkin.Outcome.OUTSIDE_DATES
        assert result.registration == registration


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "it",
            "Accredito non registrato: gli accrediti si aprono il 17 febbraio 2027, vigilia "
            "della sessione (18–19 febbraio 2027). Non è stato registrato nulla.",
        ),
        (
            "ru",
            "Аккредитация не отмечена: она открывается 17 февраля 2027 г., накануне заседания "
            "(18–19 февраля 2027 г.). Ничего не записано.",
        ),
    ],
)
def test_a_check_in_months_early_is_refused_at_the_desk_in_the_organizers_language(
    desk_client, kazan_session, language, expected
):
    registration = RussianRegistrationFactory(session=kazan_session)
    with translation.override(language):
        url = reverse(
            "venue:check_in",
            kwargs={"number": kazan_session.number, "registration_id": registration.pk},
        )
    with time_machine.travel(_utc(2026, 12, 5, 11, 40), tick=False):
        response = desk_client.post(url)
    content = html.unescape(response.content.decode()).replace("\N{NO-BREAK SPACE}", " ")
    assert expected in content
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("language", "today", "other_day"),
    [
        (
            "it",
            "OK – accredito registrato alle 14:40 (ora di Kazan’, UTC+3).",
            "Accredito già registrato il 18 febbraio alle 14:40 (ora di Kazan’, UTC+3).",
        ),
        (
            "ru",
            "OK — аккредитация отмечена в 14:40 (местное время, Казань, UTC+3).",
            "Аккредитация уже отмечена 18 февраля в 14:40 (местное время, Казань, UTC+3).",
        ),
    ],
)
def test_the_check_in_time_reads_naturally_and_names_the_host_citys_time(
    kazan_session, desk_user, language, today, other_day
):
    registration = RussianRegistrationFactory(session=kazan_session)
    with translation.override(language):
        with time_machine.travel(_utc(2027, 2, 18, 11, 40), tick=False):
            assert checkin.scan(kazan_session, badge_token(registration), desk_user).message == (
                today
            )
        with time_machine.travel(_utc(2027, 2, 19, 8, 0), tick=False):
            again = checkin.scan(kazan_session, badge_token(registration), desk_user)
    assert again.message == other_day


# --- the reader's script and register (round 4, F22) --------------------------------------


def desk_search(desk_client, session, query, language):
    with translation.override(language):
        url = reverse("venue:search", kwargs={"number": session.number})
    return desk_client.get(url, {"q": query}).content.decode()


def test_the_russian_desk_gives_names_in_cyrillic_first_and_the_italian_desk_in_latin_first(
    desk_client, session
):
    registration = RussianRegistrationFactory(session=session)
    person = registration.person

    russian = desk_search(desk_client, session, person.family_name, "ru")
    italian = desk_search(desk_client, session, person.family_name, "it")

    assert f'<span lang="ru">{person.full_name}</span> · {person.full_name_latin}' in russian
    assert f'{person.full_name_latin} · <span lang="ru">{person.full_name}</span>' in italian


def test_the_russian_desk_card_and_offline_list_put_the_cyrillic_name_first(desk_client, session):
    registration = RussianRegistrationFactory(session=session)
    person = registration.person
    with translation.override("ru"):
        url = scan_url(session)
        list_url = reverse("venue:offline_list", kwargs={"number": session.number})

    card = desk_client.post(
        url, {"code": badge_token(registration)}, headers={"accept": "application/json"}
    ).json()["card_html"]
    (entry,) = desk_client.get(list_url).json()["entries"]

    assert f'<div class="desk-card-name" lang="ru">{person.full_name}</div>' in card
    assert f'<div class="desk-card-name-native">{person.full_name_latin}</div>' in card
    assert entry["name"] == person.full_name
    assert entry["name_other_script"] == person.full_name_latin


def test_an_italian_name_without_cyrillic_form_stays_latin_on_the_russian_desk(
    desk_client, session
):
    person = RegistrationFactory(session=session).person
    person.name_cyrillic = ""
    person.save()

    russian = desk_search(desk_client, session, person.family_name_latin, "ru")

    assert f'<div class="fw-bold">{person.full_name_latin}</div>' in russian


def test_the_italian_desk_speaks_to_staff_with_lei(desk_client, session):
    with translation.override("it"):
        url = reverse("venue:desk", kwargs={"number": session.number})
        admin_link = translation.gettext("Open the check-in desk")
        refusal = translation.gettext(
            "This is not a valid badge code (damaged or forged). Find the delegate by name."
        )
    page = html.unescape(desk_client.get(url).content.decode())

    assert "Scansioni un badge (il lettore digita il codice e Invio) oppure digiti il codice" in (
        page
    )
    assert "Senza badge? Cerchi il delegato per nome" in page
    assert "digiti il codice o usi un lettore" in page
    for infinitive in ("Scansionare", "digitare", "Cercare", "Annotare", "verificare la"):
        assert infinitive not in page
    assert (
        admin_link == "Apri il desk accrediti"
    )  # a button: the short imperative, as the desk's «Invia ora»
    assert refusal.endswith("Cerchi il delegato per nome.")
