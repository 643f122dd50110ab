import pytest

from tests.factories import PastSessionFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_the_home_page_to_russian(page, live_server):
    SessionFactory(number=30, city_it="Kazan'", city_ru="Казань", city_en="Kazan")
    PastSessionFactory(number=25)
    page.goto(f"{live_server.url}/it/")
    assert page.locator("h1").first.inner_text().startswith("Task Force italo-russa")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(f"{live_server.url}/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Следующее заседание" in page.content()
    assert page.get_by_role("link", name="XXX заседание — Казань").is_visible()


def test_session_page_is_readable_on_a_phone(phone_page, live_server):
    session = PastSessionFactory(number=25)
    phone_page.goto(f"{live_server.url}/ru/sessions/{session.number}/")
    assert phone_page.locator("h1").inner_text() == "XXV заседание — Бергамо"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
