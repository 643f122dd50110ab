import datetime

import pytest

from agreements.models import AgreementKind
from tests.agreements.factories import signed_agreement
from tests.factories import PastSessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_the_registry_in_russian_and_opens_an_agreement(page, live_server):
    session = PastSessionFactory(number=25, start_date=datetime.date(2016, 12, 1))
    signed_agreement(
        session,
        title_it="Memorandum sulla meccanica",
        title_ru="Меморандум о сотрудничестве в машиностроении",
        title_en="Memorandum on mechanics",
    )
    signed_agreement(
        session,
        kind=AgreementKind.PRIVATE_UNDERSTANDING,
        sector="agrifood",
        title_it="Intesa tra casari",
        title_ru="Соглашение сыроваров",
        title_en="Cheese makers understanding",
    )
    page.goto(f"{live_server.url}/ru/")
    page.get_by_role("link", name="Соглашения").click()
    page.wait_for_url(f"{live_server.url}/ru/agreements/")
    assert page.locator("h1").inner_text() == "Реестр соглашений"
    assert page.locator(".agreement-item").count() == 2

    page.get_by_label("Поиск", exact=True).fill("машиностроении")
    page.get_by_role("button", name="Поиск").click()
    page.wait_for_url("**/ru/agreements/?q=*")
    assert page.locator(".agreement-item").count() == 1
    assert "Найдено 1 соглашение" in page.content()

    page.get_by_role("link", name="Меморандум о сотрудничестве в машиностроении").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Меморандум о сотрудничестве в машиностроении"
    assert page.get_by_text("Memorandum sulla meccanica").is_visible()
    assert page.get_by_text("Торгово-промышленная палата").is_visible()
    assert page.get_by_text("1 декабря 2016 г.").is_visible()


def test_registry_filters_are_usable_on_a_phone(phone_page, live_server):
    session = PastSessionFactory(number=25)
    signed_agreement(session, title_ru="Меморандум о машиностроении")
    phone_page.goto(f"{live_server.url}/ru/agreements/")
    phone_page.get_by_label("Отрасль").select_option("mechanics")
    phone_page.get_by_role("button", name="Поиск").click()
    phone_page.wait_for_url("**sector=mechanics*")
    assert phone_page.locator(".agreement-item").count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
