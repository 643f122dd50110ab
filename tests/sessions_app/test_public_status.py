"""What the public pages say of a session: its status as the registration window says it
(R19), «Отменено» for a cancelled session (R10), a year alone written «2010 г.» in Russian
(R18), and the co-chairs' titles on the English page (R17)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from sessions_app.models import DatePrecision, Edition, Session, SessionStatus
from tests.factories import PastSessionFactory, RussianSessionFactory, SessionFactory
from tests.sessions_app.test_admin import _session_form

ROME = zoneinfo.ZoneInfo("Europe/Rome")
NBSP = "\u00a0"


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page(client, name, language, **kwargs):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


# R19 – the status follows the registration window ------------------------------------------


def _opens_next_march(**overrides):
    """A session marked "registration open" whose registration opens on 1 March next year."""
    year = timezone.localdate().year + 1
    return SessionFactory(
        number=31,
        start_date=datetime.date(year, 5, 10),
        registration_opens=datetime.datetime(year, 3, 1, 9, tzinfo=ROME),
        registration_closes=datetime.datetime(year, 4, 30, 18, tzinfo=ROME),
        **overrides,
    ), year


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label", "open_label"),
    [
        ("it", "Registrazioni dal 1º marzo {year}", "Registrazioni aperte"),
        ("ru", f"Регистрация с 1 марта {{year}}{NBSP}г.", "Регистрация открыта"),
        ("en", "Registration from 1 March {year}", "Registration open"),
    ],
)
def test_a_session_whose_registration_opens_later_says_from_when(
    client, language, label, open_label
):
    session, year = _opens_next_march()
    label = label.format(year=year)
    for name, kwargs in (
        ("sessions_app:session_list", {}),
        ("sessions_app:session_detail", {"number": session.number}),
        ("sessions_app:home", {}),
        ("sessions_app:history", {}),
    ):
        content = page(client, name, language, **kwargs)
        assert label in content, name
        assert open_label not in content, name
    # Its form says the same, and the badge is not the green one of an open registration.
    form = page(client, "delegates:register", language, number=session.number)
    assert f"{year}" in form and "text-bg-success" not in page(
        client, "sessions_app:session_detail", language, number=session.number
    )
    # The stored status, which the API gives, is what staff set.
    api = client.get(f"/api/v1/sessions/{session.number}/").json()
    assert api["status"] == "registration_open"


@pytest.mark.django_db
def test_the_italian_label_elides_the_article_before_the_8th():
    year = timezone.localdate().year + 1
    session = SessionFactory(
        start_date=datetime.date(year, 5, 10),
        registration_opens=datetime.datetime(year, 3, 8, 9, tzinfo=ROME),
        registration_closes=datetime.datetime(year, 4, 30, 18, tzinfo=ROME),
    )
    with translation.override("it"):
        assert session.public_status == f"Registrazioni dall’8 marzo {year}"


@pytest.mark.django_db
def test_the_status_changes_by_itself_when_registration_opens_and_closes(client):
    session, year = _opens_next_march()
    addresses = [
        url("sessions_app:session_list", "it"),
        url("sessions_app:session_detail", "it", number=session.number),
        url("sessions_app:history", "it"),
    ]
    # An hour before the opening the pages say from when (and are kept in the cache)...
    with time_machine.travel(datetime.datetime(year, 3, 1, 8, tzinfo=ROME), tick=False):
        for address in addresses:
            assert f"Registrazioni dal 1º marzo {year}" in client.get(address).content.decode()
    # ...no longer than the opening: an hour after it, the same day, they say it is open.
    with time_machine.travel(datetime.datetime(year, 3, 1, 10, tzinfo=ROME), tick=False):
        for address in addresses:
            content = client.get(address).content.decode()
            assert "Registrazioni aperte" in content, address
            assert "Registrazioni dal" not in content, address
    # After the closing date, with the status still "open", the pages say it is closed.
    with time_machine.travel(datetime.datetime(year, 5, 1, 12, tzinfo=ROME), tick=False):
        for address in addresses:
            content = client.get(address).content.decode()
            assert "Registrazioni chiuse" in content, address
            assert "Registrazioni aperte" not in content, address


@pytest.mark.django_db
def test_an_open_session_inside_its_window_still_reads_open(client, session):
    for language, label in (("it", "Registrazioni aperte"), ("ru", "Регистрация открыта")):
        content = page(client, "sessions_app:session_detail", language, number=session.number)
        assert label in content
        assert "text-bg-success" in content


def _opening_later_form(year, **overrides):
    overrides.setdefault("status", "registration_open")
    return _session_form(
        start_date=f"{year}-05-10",
        end_date=f"{year}-05-11",
        registration_opens_0=f"01/03/{year}",
        registration_opens_1="09:00",
        registration_closes_0=f"30/04/{year}",
        registration_closes_1="18:00",
        **overrides,
    )


@pytest.mark.django_db
def test_the_admin_warns_when_open_is_chosen_before_the_window_opens(admin_client):
    year = timezone.localdate().year + 1
    response = admin_client.post(
        reverse("admin:sessions_app_session_add"),
        _opening_later_form(year),
        HTTP_ACCEPT_LANGUAGE="it",
    )
    assert response.status_code == 302
    assert Session.objects.get(number=40).status == SessionStatus.REGISTRATION_OPEN
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    text = str(warnings[0])
    assert "Lo stato è «Registrazioni aperte»" in text
    assert f"si aprono solo il 1º marzo {year}, ore 09:00 (ora di Milano, UTC+1)" in text
    assert f"«Registrazioni dal 1º marzo {year}»" in text


@pytest.mark.django_db
def test_the_admin_warns_when_open_is_kept_after_the_window_closed(admin_client):
    session = SessionFactory(
        number=40,
        registration_opens=timezone.now() - datetime.timedelta(days=20),
        registration_closes=timezone.now() - datetime.timedelta(days=1),
    )
    closed = timezone.localtime(session.registration_closes, ROME)
    form = _session_form(
        status="registration_open",
        start_date=session.start_date.isoformat(),
        end_date=session.end_date.isoformat(),
        registration_opens_0=timezone.localtime(session.registration_opens, ROME).strftime(
            "%d.%m.%Y"
        ),
        registration_opens_1="09:00",
        registration_closes_0=closed.strftime("%d.%m.%Y"),
        registration_closes_1=closed.strftime("%H:%M"),
    )
    response = admin_client.post(
        reverse("admin:sessions_app_session_change", args=[session.pk]),
        form,
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "регистрация закрылась" in warnings[0]
    assert "Установите статус «Регистрация закрыта»" in warnings[0]


@pytest.mark.django_db
def test_no_warning_for_a_consistent_status(admin_client):
    year = timezone.localdate().year + 1
    response = admin_client.post(
        reverse("admin:sessions_app_session_add"),
        _opening_later_form(year, status="planned"),
    )
    assert response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


# R10 – «Отменено» agrees with «заседание» --------------------------------------------------


@pytest.mark.django_db
def test_a_cancelled_session_reads_otmeneno_in_russian(client, admin_client):
    session = PastSessionFactory(number=27, status=SessionStatus.CANCELLED)
    content = page(client, "sessions_app:session_detail", "ru", number=session.number)
    assert ">Отменено</span>" in content
    assert "Отменена" not in content
    assert ">Annullata</span>" in page(
        client, "sessions_app:session_detail", "it", number=session.number
    )
    admin = admin_client.get(
        reverse("admin:sessions_app_session_changelist"), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Отменено" in admin
    assert "Отменена" not in admin
    with translation.override("ru"):
        labels = [str(label) for label in SessionStatus.labels]
    assert labels == [
        "Запланировано",
        "Регистрация открыта",
        "Регистрация закрыта",
        "Проведено",
        "Отменено",
    ]


@pytest.mark.django_db
def test_a_cancelled_registration_still_reads_otmenena():
    from delegates.models import RegistrationStatus

    with translation.override("ru"):
        assert str(RegistrationStatus.CANCELLED.label) == "Отменена"


# R18 – a year alone is «2010 г.» in Russian -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "suffix"), [("ru", f"{NBSP}г."), ("it", ""), ("en", "")])
def test_a_date_known_only_to_the_year(client, language, suffix):
    session = PastSessionFactory(
        number=16,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2010, 1, 1),
        date_precision=DatePrecision.YEAR,
    )
    Edition.objects.create(number=9, date_precision=DatePrecision.YEAR, year=2006)
    listing = page(client, "sessions_app:session_list", language)
    assert f"<td>2010{suffix}</td>" in listing
    detail = page(client, "sessions_app:session_detail", language, number=session.number)
    assert f'<p class="lead">2010{suffix} <span' in detail
    assert f'<dd class="col-sm-8">2010{suffix} <span' in detail
    history = page(client, "sessions_app:history", language)
    assert f'<dd class="col-sm-9">2006{suffix}</dd>' in history
    assert f'<dd class="col-sm-9">2010{suffix}</dd>' in history


# R17 – the co-chairs' titles on the English page --------------------------------------------


def _kazan_with_titles(**english):
    return RussianSessionFactory(
        number=30,
        italian_cochair_title="Direttore generale per la politica industriale",
        italian_cochair_title_ru="Генеральный директор по промышленной политике",
        russian_cochair_title="Директор Департамента развития МСП",
        russian_cochair_title_it="Direttore del Dipartimento per lo sviluppo delle PMI",
        **english,
    )


@pytest.mark.django_db
def test_the_english_page_shows_the_english_titles(client):
    session = _kazan_with_titles(
        italian_cochair_title_en="Director General for Industrial Policy",
        russian_cochair_title_en="Director of the Department for SME Development",
    )
    content = page(client, "sessions_app:session_detail", "en", number=session.number)
    assert '<span class="small">Director General for Industrial Policy</span>' in content
    assert '<span class="small">Director of the Department for SME Development</span>' in content
    assert "Direttore" not in content
    # The Italian and Russian pages keep their own.
    italian = page(client, "sessions_app:session_detail", "it", number=session.number)
    assert '<span class="small">Direttore generale per la politica industriale</span>' in italian
    assert "Direttore del Dipartimento per lo sviluppo delle PMI" in italian
    russian = page(client, "sessions_app:session_detail", "ru", number=session.number)
    assert '<span class="small">Директор Департамента развития МСП</span>' in russian
    assert "Генеральный директор по промышленной политике" in russian
    # The open data give it too.
    api = client.get(f"/api/v1/sessions/{session.number}/").json()
    assert api["italian_cochair"]["title_en"] == "Director General for Industrial Policy"
    assert api["russian_cochair"]["title_en"] == "Director of the Department for SME Development"


@pytest.mark.django_db
def test_without_an_english_title_each_co_chair_keeps_the_official_one_marked(client):
    session = _kazan_with_titles()
    content = page(client, "sessions_app:session_detail", "en", number=session.number)
    # Each in the language of the co-chair's country, never the Russian title in Italian.
    assert '<span lang="it">Direttore generale per la politica industriale</span>' in content
    assert '<span lang="ru">Директор Департамента развития МСП</span>' in content
    assert "Direttore del Dipartimento" not in content
    api = client.get(f"/api/v1/sessions/{session.number}/").json()
    assert api["russian_cochair"]["title_en"] == ""
    assert api["russian_cochair"]["title_it"] == (
        "Direttore del Dipartimento per lo sviluppo delle PMI"
    )


@pytest.mark.django_db
def test_staff_give_the_english_titles_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:sessions_app_session_add"),
        _session_form(
            italian_cochair_name="Mario Rossi",
            italian_cochair_title="Direttore generale",
            italian_cochair_title_en="Director General",
            russian_cochair_name="Иван Петров",
            russian_cochair_title="Директор департамента",
            russian_cochair_title_en="Director of Department",
        ),
    )
    assert response.status_code == 302
    session = Session.objects.get(number=40)
    assert session.italian_cochair_title_in("en") == "Director General"
    assert session.russian_cochair_title_in("en") == "Director of Department"
    assert session.russian_cochair_title_in("it") == "Директор департамента"
    change = admin_client.get(reverse("admin:sessions_app_session_change", args=[session.pk]))
    assert 'name="russian_cochair_title_en"' in change.content.decode()
