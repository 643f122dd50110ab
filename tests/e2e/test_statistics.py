"""The statistics page in a browser: charts drawn without CSP violations, readable on a
phone in Russian; a locked-out login shows the translated lockout page."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def figures():
    PastSessionFactory(
        number=25, historical_registrations_italian=310, historical_registrations_russian=83
    )
    session = RussianSessionFactory(number=26, status="held")
    RegistrationFactory.create_batch(3, session=session)
    RussianRegistrationFactory.create_batch(4, session=session)


def test_the_charts_draw_without_breaking_the_content_security_policy(page, live_server):
    figures()
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(f"{live_server.url}/it/statistics/")
    assert page.locator("h1").inner_text() == "La Task Force in cifre"
    chart = page.get_by_role("img", name="Delegati registrati per sessione")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 40
    table = page.get_by_role("table", name="Delegati registrati per sessione")
    assert "310" in table.inner_text()
    assert not [text for text in violations if "Content Security Policy" in text]
    page.get_by_role("link", name="Statistiche").first.click()
    page.wait_for_url(f"{live_server.url}/it/statistics/")


def test_the_page_fits_a_phone_in_russian(phone_page, live_server):
    figures()
    phone_page.goto(f"{live_server.url}/ru/statistics/")
    assert phone_page.locator("h1").inner_text() == "Рабочая группа в цифрах"
    assert phone_page.get_by_role(
        "img", name="Проведённые заседания по принимающим странам"
    ).is_visible()
    phone_page.screenshot(path="/tmp/statistics-phone-ru.png", full_page=True)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_repeated_failed_logins_show_the_lockout_page(page, live_server, settings):
    get_user_model().objects.create_user("funzionario", password="giusta-password", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", "funzionario")
        page.fill("#id_password", "sbagliata")
        page.click("input[type=submit]")
    assert "Troppi tentativi di accesso falliti" in page.content()
