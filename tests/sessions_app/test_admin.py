import datetime

import pytest
from django.urls import reverse

from sessions_app.models import Session
from tests.factories import PastSessionFactory, italian_region, russian_region


@pytest.fixture
def sessions(db):
    return [PastSessionFactory(number=n) for n in (8, 25, 26)]


@pytest.mark.parametrize(
    "path",
    [
        "admin:sessions_app_session_changelist",
        "admin:sessions_app_session_add",
        "admin:sessions_app_region_changelist",
    ],
)
def test_admin_pages_open_for_staff(admin_client, sessions, path):
    assert admin_client.get(reverse(path)).status_code == 200


def test_session_admin_change_and_history_pages(admin_client, sessions):
    session = sessions[0]
    assert (
        admin_client.get(
            reverse("admin:sessions_app_session_change", args=[session.pk])
        ).status_code
        == 200
    )
    assert (
        admin_client.get(
            reverse("admin:sessions_app_session_history", args=[session.pk])
        ).status_code
        == 200
    )


@pytest.mark.parametrize("query", ["?host_country__exact=IT", "?status__exact=held", "?year=2011"])
def test_session_admin_filters(admin_client, sessions, query):
    response = admin_client.get(reverse("admin:sessions_app_session_changelist") + query)
    assert response.status_code == 200


def test_session_admin_search(admin_client, sessions):
    response = admin_client.get(reverse("admin:sessions_app_session_changelist") + "?q=Бергамо")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3


def test_region_admin_search_in_cyrillic(admin_client):
    russian_region()
    italian_region()
    response = admin_client.get(reverse("admin:sessions_app_region_changelist") + "?q=Свердлов")
    assert [r.code for r in response.context["cl"].result_list] == ["RU-SVE"]


def _session_form(**overrides):
    region = italian_region()
    data = {
        "number": "40",
        "status": "planned",
        "host_country": "IT",
        "host_region": str(region.pk),
        "city_it": "Milano",
        "city_ru": "Милан",
        "city_en": "Milan",
        "venue": "",
        "time_zone": "Europe/Rome",
        "start_date": "2030-05-10",
        "end_date": "2030-05-11",
        "date_precision": "day",
        "registration_opens_0": "",
        "registration_opens_1": "",
        "registration_closes_0": "",
        "registration_closes_1": "",
    }
    for prefix in ("institutions", "thematic_tables", "programme_items"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_staff_create_a_session_in_the_admin(admin_client, db):
    response = admin_client.post(reverse("admin:sessions_app_session_add"), _session_form())
    assert response.status_code == 302
    session = Session.objects.get(number=40)
    assert session.end_date == datetime.date(2030, 5, 11)


def test_invalid_session_gets_field_errors_and_keeps_the_input(admin_client, db):
    response = admin_client.post(
        reverse("admin:sessions_app_session_add"),
        _session_form(end_date="2030-05-01", host_region=str(russian_region().pk)),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "end_date" in form.errors
    assert "host_region" in form.errors
    assert 'value="Milano"' in response.content.decode()
    assert not Session.objects.exists()


def test_session_page_links_to_its_registration_counts(admin_client, sessions):
    session = sessions[1]
    response = admin_client.get(reverse("admin:sessions_app_session_change", args=[session.pk]))
    report = reverse("admin:delegates_registration_session_report", args=[session.pk])
    assert report in response.content.decode()
    assert admin_client.get(report).status_code == 200


# The sessions list at a laptop's width: the city in the reader's language with its region
# under it, the dates as one span, the status as a badge.
SESSION_COLUMNS = {
    "it": ["sessione", "città", "date", "stato"],
    "ru": ["заседание", "город", "даты", "статус"],
}
SESSION_FACTS = {
    "it": "XXX Kazan’ Regione di Sverdlovsk 18–19 febbraio 2027 Registrazioni aperte",
    "ru": "XXX Казань Свердловская область 18–19 февраля 2027\u00a0г. Регистрация открыта",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_session_list_keeps_every_fact_in_few_columns(admin_client, language):
    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row

    KazanSessionFactory(number=30, status="registration_open")
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:sessions_app_session_changelist"))
    columns, row = changelist_columns_and_row(response, "XXX")
    assert columns == SESSION_COLUMNS[language]
    assert SESSION_FACTS[language] in row
    assert "status-badge tone-new status-registration_open" in response.content.decode()
