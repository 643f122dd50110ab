"""The public registration journey over HTTP: form, confirmation, private pages."""

import datetime
import json
import re
import time

import pytest
from django.core import signing
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core import rendered
from core.form_cache import forget_all
from delegates.models import Person, Registration, RegistrationStatus
from delegates.services import confirm_email
from delegates.services.privacy import ERASED_NAME
from delegates.services.tokens import (
    CONFIRMATION_SALT,
    _fingerprint,
    make_confirmation_token,
)
from sessions_app.models import ProgrammeItem, ThematicTable
from tests.factories import (
    OrganizationFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
)

pytestmark = pytest.mark.django_db
Status = RegistrationStatus


def form_data(**overrides):
    data = {
        "delegation": "IT",
        "given_name": "Giulia",
        "family_name": "Bianchi",
        "given_name_latin": "",
        "family_name_latin": "",
        "email": "giulia.bianchi@example.org",
        "phone": "+39 035 123456",
        "organization_name": "Meccanica Orobica S.r.l.",
        "organization_category": "company",
        "organization_sector": "mechanics",
        "position": "Export manager",
        "role": "company_representative",
        "privacy_consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_url(session, language="it"):
    with translation.override(language):
        return reverse("delegates:register", kwargs={"number": session.number})


def manage_url(registration, name="delegates:manage", language="it"):
    with translation.override(language):
        return reverse(name, kwargs={"token": registration.management_token})


def test_form_renders_in_three_languages(client, session):
    for language, word in (("it", "Cognome"), ("ru", "Фамилия"), ("en", "Family name")):
        response = client.get(register_url(session, language))
        assert response.status_code == 200
        assert word in response.content.decode()


@pytest.fixture
def caches_of_this_process(settings):
    """The caches in this process's memory: a test run beside this one (sharing the files of
    var/cache) cannot change the topic versions under the test's feet."""
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "public_pages")
    }


@pytest.mark.parametrize("count", [1, 20])
def test_form_renders_with_a_constant_number_of_queries(
    client, session, django_assert_num_queries, count, caches_of_this_process
):
    for number in range(count):
        ThematicTable.objects.create(
            session=session,
            name_it=f"Tavolo {number}",
            name_ru=f"Секция {number}",
            sector="mechanics",
        )
        start = timezone.make_aware(
            datetime.datetime.combine(session.start_date, datetime.time(9)), session.tzinfo
        ) + datetime.timedelta(minutes=number)
        ProgrammeItem.objects.create(
            session=session,
            kind="company_visit",
            title_it=f"Visita {number}",
            title_ru=f"Визит {number}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=10,
        )
        OrganizationFactory()
    forget_all()
    # The session with what the form offers, the company visits with their places, and the
    # regions, tables and visits of the first render.
    with django_assert_num_queries(5):
        response = client.get(register_url(session))
    assert response.status_code == 200
    assert "Visita 0" in response.content.decode()
    # The next visitor: the session and the visits' places left; the form is kept.
    with django_assert_num_queries(2):
        again = client.get(register_url(session))
    assert _without_csrf(again) == _without_csrf(response)


def _without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _visit(session, title="Visita Brembo", capacity=2):
    start = timezone.make_aware(
        datetime.datetime.combine(session.start_date, datetime.time(9)), session.tzinfo
    )
    return ProgrammeItem.objects.create(
        session=session,
        kind="company_visit",
        title_it=title,
        title_ru="Визит",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )


def test_the_kept_form_shows_every_change_at_once(
    client, session, run_on_commit, caches_of_this_process
):
    """The unfilled form is rendered once while it looks the same (core/form_cache.py): a
    place taken on a visit, a new table, a renamed region show on the next visit."""
    visit = _visit(session)
    forget_all()
    page = client.get(register_url(session)).content.decode()
    assert "ancora 2 posti" in page
    assert "Tavolo della meccanica" not in page

    with run_on_commit():
        client.post(register_url(session), form_data(company_visits=[visit.pk]))
    registration = Registration.objects.get()
    confirm_email(registration)
    page = client.get(register_url(session)).content.decode()
    assert "ancora 1 posto" in page

    ThematicTable.objects.create(
        session=session, name_it="Tavolo della meccanica", name_ru="Механика", sector="mechanics"
    )
    region = session.host_region
    region.name_it = "Lombardia (rinominata)"
    region.save()
    page = client.get(register_url(session)).content.decode()
    assert "Tavolo della meccanica" in page
    assert "Lombardia (rinominata)" in page


def test_each_session_and_language_has_its_own_kept_form(client, session, caches_of_this_process):
    """Forms kept side by side in one process: another session's form never shows this
    one's tables, and each language lists the regions in its own alphabetical order."""
    from tests.factories import RegionFactory, SessionFactory

    other = SessionFactory()
    ThematicTable.objects.create(
        session=session, name_it="Tavolo del legno", name_ru="Дерево", sector="building"
    )
    ThematicTable.objects.create(
        session=other, name_it="Tavolo dell'energia", name_ru="Энергетика", sector="building"
    )
    RegionFactory(code="IT-ZZA", country="IT", name_it="Abruzzo bis", name_ru="Яабруццо")
    RegionFactory(code="IT-ZZB", country="IT", name_it="Zona bis", name_ru="Азона")
    forget_all()
    for _round in range(2):
        page = client.get(register_url(session)).content.decode()
        assert "Tavolo del legno" in page and "Tavolo dell&#x27;energia" not in page
        page = client.get(register_url(other)).content.decode()
        assert "Tavolo dell&#x27;energia" in page and "Tavolo del legno" not in page
        italian = client.get(register_url(session)).content.decode()
        russian = client.get(register_url(session, "ru")).content.decode()
        assert italian.index("Abruzzo bis") < italian.index("Zona bis")
        assert russian.index("Азона") < russian.index("Яабруццо")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_unfilled_form_page_is_rendered_once_each_visitor_with_its_own_token(
    session, caches_of_this_process
):
    """In a rush the page of the unfilled form is the same for everybody but the CSRF token
    (core/rendered.py, render_form_page_once): rendered once, then given to each visitor with
    its own token and cookie, which its submission passes with."""
    forget_all()
    rendered.forget_all()
    visitors = [Client(enforce_csrf_checks=True) for _ in range(4)]
    pages = [visitor.get(register_url(session)) for visitor in visitors]
    assert all(page.status_code == 200 for page in pages)
    assert pages[-1].templates == []  # no template rendered for the last visitor
    assert _without_csrf(pages[-1]) == _without_csrf(pages[1])
    tokens = [CSRF_INPUT.search(page.content.decode()).group(1) for page in pages]
    assert len(set(tokens)) == len(tokens)
    assert all("csrftoken" in page.cookies for page in pages)
    for number, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        data = {**form_data(email=f"delegate{number}@example.org"), "csrfmiddlewaretoken": token}
        assert visitor.post(register_url(session), data).status_code == 302
    assert Registration.objects.filter(session=session).count() == len(visitors)


def test_a_visitor_with_a_session_gets_the_form_page_rendered_for_it(
    client, session, caches_of_this_process
):
    rendered.forget_all()
    for _ in range(2):
        client.get(register_url(session))
    client.cookies["sessionid"] = "a-session"
    assert client.get(register_url(session)).templates


def test_a_form_with_errors_is_rendered_for_its_visitor(client, session):
    forget_all()
    client.get(register_url(session))
    response = client.post(register_url(session), form_data(family_name="", position="Buyer"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Buyer"' in page  # nothing typed is lost
    assert "is-invalid" in page


def test_valid_submission_sends_the_confirmation_and_shows_the_next_step(
    client, session, run_on_commit, mailoutbox
):
    with run_on_commit():
        response = client.post(register_url(session), form_data())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/it/sessions/{session.number}/register/sent/")
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING_CONFIRMATION
    assert registration.language == "it"
    assert registration.person.given_name_latin == "Giulia"
    assert len(mailoutbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert "giulia.bianchi@example.org" in page


def test_russian_delegate_registers_in_russian_with_a_cyrillic_name(
    client, session, run_on_commit, mailoutbox
):
    data = form_data(
        delegation="RU",
        given_name="Юлия",
        family_name="Щербакова",
        email="yulia@example.ru",
        organization_name="Уралмаш",
        organization_category="company",
    )
    with run_on_commit():
        response = client.post(register_url(session, "ru"), data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    person = registration.person
    assert (person.given_name_latin, person.family_name_latin) == ("Iuliia", "Shcherbakova")
    assert registration.organization.name_cyrillic == "Уралмаш"
    # An organization's name is never run through the passport scheme: kept as given.
    assert registration.organization.name_latin == "Уралмаш"
    assert registration.language == "ru"
    assert "/ru/registration/confirm/" in mailoutbox[0].body
    assert "Здравствуйте" in mailoutbox[0].body


def test_existing_organization_is_reused_whatever_the_spelling(client, session):
    existing = RussianOrganizationFactory(name_latin="Uralmash", name_cyrillic="Уралмаш")
    # Shown on the public pages (a delegate of it was approved): the form suggests it.
    RussianRegistrationFactory(organization=existing, status=RegistrationStatus.APPROVED)
    data = form_data(
        delegation="RU",
        email="a@example.ru",
        organization_name="URALMASH OOO",
        organization_category="",
    )
    response = client.post(register_url(session, "ru"), data)
    assert response.status_code == 302
    assert Registration.objects.filter(person__email="a@example.ru").get().organization == existing


def test_the_form_never_tells_whether_an_unpublished_organization_is_known(client, session):
    """An organization only named in registrations not yet approved is not suggested: typed
    exactly, it is asked its category like a new one (nothing tells it exists); once the
    category is given, the known organization is reused, not duplicated."""
    existing = RussianOrganizationFactory(name_latin="Uralmash", name_cyrillic="Уралмаш")
    unknown = client.post(
        register_url(session, "ru"),
        form_data(
            delegation="RU",
            email="b@example.ru",
            organization_name="Neverheard",
            organization_category="",
        ),
    ).content.decode()
    known = client.post(
        register_url(session, "ru"),
        form_data(
            delegation="RU",
            email="a@example.ru",
            organization_name="Uralmash",
            organization_category="",
        ),
    ).content.decode()
    message = "Этой организации ещё нет в нашем списке"
    assert message in unknown and message in known
    response = client.post(
        register_url(session, "ru"),
        form_data(
            delegation="RU",
            email="a@example.ru",
            organization_name="Uralmash",
            organization_category="company",
        ),
    )
    assert response.status_code == 302
    assert Registration.objects.get().organization == existing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Inserisca un indirizzo e-mail valido"),
        ({"given_name": ""}, "given_name", "obbligatorio"),
        ({"privacy_consent": None}, "privacy_consent", "informativa"),
        ({"given_name_latin": "Юлия"}, "given_name_latin", "caratteri latini"),
        ({"family_name": "Bianchiва"}, "family_name", "un solo alfabeto"),
        ({"family_name": "Bian\x1bchi"}, "family_name", "caratteri di controllo"),
        ({"position": "x" * 201}, "position", "200"),
        ({"family_name": "Bianchi2"}, "family_name", "solo lettere"),
        ({"organization_category": ""}, "organization_category", "categoria"),
        ({"phone": "call me"}, "phone", "cifre"),
    ],
)
def test_bad_input_gets_a_translated_message_and_keeps_what_was_typed(
    client, session, overrides, field, message
):
    response = client.post(register_url(session), form_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "Meccanica Orobica S.r.l." in page
    assert "Export manager" in page or field == "position"
    assert not Registration.objects.exists()
    assert not Person.objects.exists()


def test_bad_input_messages_are_in_russian_on_the_russian_form(client, session):
    response = client.post(register_url(session, "ru"), form_data(email="nope"))
    assert "Введите правильный адрес электронной почты" in " ".join(
        response.context["form"].errors["email"]
    )


def test_honeypot_pretends_success_and_saves_nothing(client, session, mailoutbox):
    response = client.post(register_url(session), form_data(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_a_flood_of_submissions_gets_the_429_page(client, session):
    for _ in range(30):
        client.post(register_url(session), form_data(email="bad"))
    response = client.post(register_url(session), form_data(email="bad"))
    assert response.status_code == 429


def test_closed_window_shows_a_page_and_refuses_posts_keeping_the_data(client, session):
    session.registration_closes = timezone.now() - datetime.timedelta(minutes=5)
    session.save()
    page = client.get(register_url(session))
    assert page.status_code == 200
    assert "chiuse" in page.content.decode()
    response = client.post(register_url(session), form_data())
    assert response.status_code == 200
    assert "chiuse" in " ".join(response.context["form"].non_field_errors())
    assert "Meccanica Orobica S.r.l." in response.content.decode()
    assert not Registration.objects.exists()


def test_window_not_yet_open_says_when_it_opens(client, session):
    session.registration_opens = timezone.now() + datetime.timedelta(days=2)
    session.save()
    page = client.get(register_url(session, "en")).content.decode()
    assert "not open yet" in page


def test_an_address_already_registered_gets_its_link_and_the_form_tells_nothing(
    client, session, run_on_commit, mailoutbox
):
    """Whoever types an address registered for the session sees the page every registrant
    sees (no "already registered", no status): the owner of the address gets their private
    link again, and nothing else changes."""
    existing = RegistrationFactory(
        session=session, person__email="giulia.bianchi@example.org", status=Status.SUBMITTED
    )
    with run_on_commit():
        response = client.post(register_url(session), form_data(position="Someone else"))
    fresh = client.post(register_url(session), form_data(email="nuova@example.org"))
    assert response.status_code == fresh.status_code == 302
    assert response["Location"] == fresh["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "giulia.bianchi@example.org" in page or "nuova@example.org" in page
    assert "già registrato" not in page and "Inviata" not in page
    assert Registration.objects.filter(person__email="giulia.bianchi@example.org").count() == 1
    existing.refresh_from_db()
    assert existing.status == Status.SUBMITTED and existing.position != "Someone else"
    assert [message.to for message in mailoutbox] == [["giulia.bianchi@example.org"]]


def test_cancelled_registration_resubmitted_is_reopened_with_a_message(client, session):
    registration = RegistrationFactory(
        session=session, person__email="giulia.bianchi@example.org", status=Status.CANCELLED
    )
    response = client.post(register_url(session), form_data(), follow=True)
    assert "riaperta" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING_CONFIRMATION


def test_confirmation_link_shows_a_button_and_confirms_on_post(client, session):
    registration = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    with translation.override("it"):
        url = reverse("delegates:confirm", kwargs={"token": make_confirmation_token(registration)})
    response = client.get(url)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.PENDING_CONFIRMATION
    response = client.post(url, follow=True)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert response.redirect_chain[-1][0] == manage_url(registration)
    assert "confermato" in response.content.decode()


def test_tampered_confirmation_link_is_refused(client, session):
    registration = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    token = make_confirmation_token(registration)
    response = client.post(reverse("delegates:confirm", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    assert "non è valido" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING_CONFIRMATION


class EightDaysAgoSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_expired_confirmation_link_is_refused_with_the_way_out(client, session):
    registration = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    token = EightDaysAgoSigner(salt=CONFIRMATION_SALT).sign_object(
        [registration.pk, _fingerprint(registration)]
    )
    response = client.post(reverse("delegates:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert "scaduto" in response.content.decode()


def test_management_page_shows_the_status_in_the_visitors_language(client, session):
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    page = client.get(manage_url(registration, language="ru")).content.decode()
    assert "Одобрена" in page
    assert registration.person.email in page


def test_unknown_management_token_is_a_404(client):
    assert client.get(reverse("delegates:manage", kwargs={"token": "nope"})).status_code == 404


def test_management_link_expires_some_time_after_the_session(client, past_session):
    registration = RegistrationFactory(session=past_session)
    response = client.get(manage_url(registration))
    assert response.status_code == 410
    assert "90" in response.content.decode()


def test_delegate_edits_while_the_window_is_open(client, session):
    registration = RegistrationFactory(
        session=session, person__email="giulia.bianchi@example.org", status=Status.SUBMITTED
    )
    response = client.post(
        manage_url(registration, "delegates:edit"),
        form_data(position="Chief executive", email="other@example.org"),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.position == "Chief executive"
    assert registration.person.email == "giulia.bianchi@example.org"  # not editable


def test_edit_is_refused_once_the_window_closed(client, session):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    session.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    response = client.get(manage_url(registration, "delegates:edit"), follow=True)
    assert "non può più essere modificata" in response.content.decode()


def test_delegate_cancels_from_the_private_link(client, session, run_on_commit, mailoutbox):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    assert client.get(manage_url(registration, "delegates:cancel")).status_code == 200
    with run_on_commit():
        client.post(manage_url(registration, "delegates:cancel"))
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "annullata" in mailoutbox[0].subject


def test_delegate_downloads_their_data(client, session):
    registration = RegistrationFactory(session=session)
    registration.person.patronymic = "Сергеевна"
    registration.person.save()
    response = client.get(manage_url(registration, "delegates:download_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["email"] == registration.person.email
    assert data["person"]["patronymic"] == "Сергеевна"
    assert data["registrations"][0]["session"] == session.number


def test_delegate_erases_their_data(client, session):
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    person = registration.person
    person.patronymic, person.phone, person.name_cyrillic = "Сергеевна", "+7 900 1", "Юлия"
    person.save()
    url = manage_url(registration, "delegates:erase")
    assert client.get(url).status_code == 200
    client.post(url, {})  # without the tick: nothing happens
    registration.refresh_from_db()
    assert registration.anonymized_at is None
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.anonymized_at is not None
    assert registration.person.email.endswith("@invalid")
    assert not registration.person.history.exclude(email__endswith="@invalid").exists()
    # Every name, the patronymic included, and every way to reach the person go.
    person.refresh_from_db()
    for field in Person._meta.get_fields():
        if getattr(field, "concrete", False) and isinstance(field, models.CharField):
            if field.name not in ("preferred_language",):
                assert getattr(person, field.name) in ("", ERASED_NAME) or field.name == "email", (
                    field.name
                )
    assert client.get(url).status_code == 404
    # The counts remain.
    assert Registration.objects.filter(session=session, delegation="IT").count() == 1


def test_transliteration_endpoint_follows_icao(client):
    response = client.get(reverse("delegates:transliterate"), {"text": "Юлия Щербакова"})
    assert response.json() == {"latin": "Iuliia Shcherbakova"}


def test_organization_search_finds_either_script(client):
    RussianRegistrationFactory(
        organization__name_latin="Uralmash", organization__name_cyrillic="Уралмаш"
    )
    RegistrationFactory(organization__name_latin="Brembo S.p.A.")
    url = reverse("delegates:organization_search")
    assert [r["name"] for r in client.get(url, {"q": "уралм"}).json()["results"]] == ["Uralmash"]
    assert [r["name"] for r in client.get(url, {"q": "BREMBO"}).json()["results"]] == [
        "Brembo S.p.A."
    ]
    assert client.get(url, {"q": "b", "country": "IT"}).json() == {"results": []}


def test_privacy_notice_exists_in_three_languages(client):
    for language, word in (("it", "Titolare"), ("ru", "Оператор"), ("en", "controller")):
        with translation.override(language):
            url = reverse("delegates:privacy")
        assert word in client.get(url).content.decode()


def test_session_page_and_home_invite_to_register_while_the_window_is_open(client, session):
    register = register_url(session)
    with translation.override("it"):
        detail = reverse("sessions_app:session_detail", kwargs={"number": session.number})
        home = reverse("sessions_app:home")
    assert register in client.get(detail).content.decode()
    assert register in client.get(home).content.decode()
    session.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    assert register not in client.get(detail).content.decode()


def test_an_italian_may_give_the_cyrillic_form_of_the_name_for_the_badge(client, session):
    response = client.post(register_url(session), form_data(name_cyrillic=" Джулия  Бьянки "))
    assert response.status_code == 302
    assert Registration.objects.get().person.name_cyrillic == "Джулия Бьянки"


def test_a_cyrillic_name_in_latin_letters_is_refused_keeping_what_was_typed(client, session):
    with translation.override("en"):
        response = client.post(
            register_url(session, "en"), form_data(name_cyrillic="Giulia Bianchi")
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write your name in Cyrillic letters, or leave it empty." in page
    assert 'value="Meccanica Orobica S.r.l."' in page
    assert not Registration.objects.exists()


def test_private_page_and_access_link_e_mail_use_no_gender_slash_forms(client, session):
    from delegates.services.mail import EmailKind, build_registration_email

    registration = RegistrationFactory(
        session=session, status=Status.SUBMITTED, wants_bilateral_meetings=True, language="it"
    )
    page = client.get(manage_url(registration, language="it")).content.decode()
    assert "sì, mi interessano" in page
    # The step tracker: "I Suoi dati" is masculine plural; the mark needs no agreement.
    assert "passaggio completato" in page
    assert "completata" not in page
    assert not re.search(r"\w[oi]/[ae]\b", re.sub(r"<[^>]*>", " ", page))
    message = build_registration_email(registration, EmailKind.ACCESS_LINK)
    assert "Se non ha fatto Lei questa richiesta, ignori questo messaggio." in message.body
    assert "/a " not in message.body and "/a," not in message.body


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_name_fields_tell_autofill_their_purpose(client, session, language):
    page = client.get(register_url(session, language)).content.decode()
    inputs = {
        re.search(r'name="(\w+)"', tag).group(1): tag
        for tag in re.findall(r"<input [^>]*>", page)
        if 'name="' in tag
    }
    assert 'autocomplete="given-name"' in inputs["given_name"]
    assert 'autocomplete="family-name"' in inputs["family_name"]
    # The transliteration proposal still hangs on the Cyrillic fields.
    assert 'data-transliterate-to="id_given_name_latin"' in inputs["given_name"]
    assert 'data-transliterate-to="id_family_name_latin"' in inputs["family_name"]
    assert 'autocomplete="email"' in inputs["email"]
    if language == "ru":
        assert 'autocomplete="additional-name"' in inputs["patronymic"]
    else:
        assert "patronymic" not in inputs
