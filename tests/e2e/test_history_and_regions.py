"""The record in a browser: the history of the sessions and a region's page, in Italian on a
desktop and in Russian on a phone, and the search box finding a city in the other script."""

import pytest
from django.core.management import call_command

from tests.opendata.conftest import worked_together

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def record(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_history", verbosity=0)
    return worked_together(2)


def test_the_history_in_italian_leads_to_a_session_and_its_region(page, live_server, record):
    page.goto(f"{live_server.url}/it/")
    page.get_by_role("link", name="Storia").first.click()
    page.wait_for_url(f"{live_server.url}/it/history/")
    assert page.locator("h1").inner_text() == "Storia delle sessioni"
    first = page.locator("#edition-1-1")
    assert "Nessuna fonte pubblica trovata" in first.inner_text()
    assert "data sconosciuta" in first.inner_text()
    postponed = page.locator("#edition-28-1")
    assert "Rinviata" in postponed.inner_text() and "Kaliningrad" in postponed.inner_text()
    assert "Online" in page.locator("#edition-28-2").inner_text()
    page.screenshot(path="/tmp/history-it.png", full_page=False)
    page.locator("#edition-25-1").get_by_role("link", name="XXV sessione").click()
    page.wait_for_url(f"{live_server.url}/it/sessions/25/")
    sources = page.locator(".edition-sources")
    assert "ansa.it" in sources.inner_text()
    assert "le fonti non concordano" in page.content()
    page.get_by_role("link", name="Lombardia").first.click()
    page.wait_for_url(f"{live_server.url}/it/regions/IT-25/")
    assert page.locator("h1").inner_text() == "Lombardia"
    chart = page.get_by_role("img", name="Regioni dell’altro Paese con cui ha collaborato")
    assert chart.first.is_visible()
    page.screenshot(path="/tmp/region-it.png", full_page=True)


def test_the_regions_fit_a_phone_in_russian(phone_page, live_server, record):
    phone_page.goto(f"{live_server.url}/ru/regions/")
    assert phone_page.locator("h1").inner_text() == "Регионы"
    matrix = phone_page.get_by_role("img", name="Регионы Италии и субъекты Российской Федерации")
    assert matrix.is_visible()
    assert "Свердловская область" in phone_page.locator(".region-matrix-table").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.screenshot(path="/tmp/regions-ru-phone.png", full_page=True)
    phone_page.goto(f"{live_server.url}/ru/regions/RU-SVE/")
    assert phone_page.locator("h1").inner_text() == "Свердловская область"
    assert "XXVI заседание" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.screenshot(path="/tmp/region-ru-phone.png", full_page=True)
    phone_page.goto(f"{live_server.url}/ru/history/")
    assert phone_page.locator("h1").inner_text() == "История заседаний"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_search_box_finds_a_city_typed_in_the_other_script(phone_page, live_server, record):
    phone_page.goto(f"{live_server.url}/ru/")
    phone_page.get_by_role("button", name="Показать или скрыть меню").click()
    phone_page.get_by_role("link", name="Поиск").click()
    phone_page.wait_for_url(f"{live_server.url}/ru/search/")
    search_box = phone_page.get_by_label("Поиск заседаний, соглашений, проектов и организаций")
    search_box.fill("Ekaterinburg")
    phone_page.get_by_role("button", name="Поиск", exact=True).click()
    results = phone_page.locator("main")
    assert "Заседания" in results.inner_text()
    phone_page.get_by_role("link", name="XXVI заседание — Екатеринбург").click()
    phone_page.wait_for_url(f"{live_server.url}/ru/sessions/26/")
    phone_page.screenshot(path="/tmp/search-session-ru-phone.png", full_page=True)
