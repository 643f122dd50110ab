import datetime

import pytest

from sessions_app.models import Region, Session
from sessions_app.services import load_demo_programme
from tests.factories import RussianSessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_session(db):
    session = RussianSessionFactory(
        number=30,
        city_it="Kazan'",
        city_ru="Казань",
        city_en="Kazan",
        time_zone="Europe/Moscow",
        start_date=datetime.date(2030, 10, 10),
        end_date=datetime.date(2030, 10, 11),
        registration_opens=None,
        registration_closes=None,
    )
    load_demo_programme(session)
    return session


def test_delegate_reads_the_programme_in_russian(page, live_server, demo_session):
    page.goto(f"{live_server.url}/it/sessions/30/")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(f"{live_server.url}/ru/sessions/30/")
    page.get_by_role("link", name="Смотреть программу").click()
    page.wait_for_url(f"{live_server.url}/ru/sessions/30/programme/")

    assert page.locator("h1").inner_text() == "Программа"
    assert "Казань (UTC+3)" in page.locator("#time-zone-note").inner_text()
    day_headings = page.locator("h2.programme-day-heading").all_inner_texts()
    assert day_headings == [
        "День 1 · четверг, 10 октября 2030\u00a0г.",
        "День 2 · пятница, 11 октября 2030\u00a0г.",
    ]
    plenary = page.locator(".programme-item.kind-plenary")
    assert plenary.locator(".programme-kind").inner_text() == "Пленарное заседание"
    assert plenary.locator(".programme-time").inner_text() == "10:00–12:30"
    assert page.locator(".programme-item.kind-company-visit").count() == 2
    assert page.locator(".programme-item.kind-thematic-table").count() == 3

    # A thematic table item leads to its card with moderators and description.
    oil_and_gas = page.locator(".programme-item", has_text="нефтегазового сектора")
    oil_and_gas.get_by_role("link").click()
    card = page.locator(".programme-table:target")
    assert "Рустам Галиев" in card.inner_text()
    assert card.is_visible()


def test_programme_is_readable_on_a_phone(phone_page, live_server, demo_session):
    phone_page.goto(f"{live_server.url}/ru/sessions/30/programme/")
    assert phone_page.locator(".programme-item").count() == 10
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    calendar_link = phone_page.get_by_role("link", name="Добавить в мой календарь (.ics)")
    assert calendar_link.is_visible()
    assert Session.objects.count() == 1 and Region.objects.count() == 1
