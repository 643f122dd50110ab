"""«Изменить регистрацию» in the browser: the organization's details are shown as recorded and
locked; typing another organization's name unlocks them, and the new one is saved with them."""

import pytest
from playwright.sync_api import expect

from delegates.models import RegistrationStatus
from tests.factories import RussianOrganizationFactory, RussianRegistrationFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_details_unlock_when_the_delegate_names_another_organization(
    phone_page, live_server, settings
):
    settings.RATE_LIMITS_ENABLED = False
    session = SessionFactory()
    organization = RussianOrganizationFactory(
        name_latin="ООО «Ромашка-Тест»",
        name_cyrillic="ООО «Ромашка-Тест»",
        category="company",
        sector="mechanics",
        city="Казань",
    )
    registration = RussianRegistrationFactory(
        session=session,
        organization=organization,
        person__given_name="Пётр",
        person__family_name="Иванов",
        person__given_name_latin="Petr",
        person__family_name_latin="Ivanov",
        status=RegistrationStatus.SUBMITTED,
    )
    page = phone_page
    page.goto(f"{live_server.url}/ru/registration/{registration.management_token}/edit/")
    city = page.locator("#id_organization_city")
    expect(city).to_have_value("Казань")
    expect(city).to_be_disabled()
    expect(page.locator("#id_organization_category")).to_have_value("company")
    expect(page.locator("#id_organization_category")).to_be_disabled()
    expect(page.locator("#organization-details-note")).to_be_visible()
    page.screenshot(path="/tmp/edit-organization-locked.png", full_page=True)

    page.fill("#id_organization_name", "АО «Новая»")
    page.fill("#id_organization_name_cyrillic", "")
    expect(city).to_be_enabled()
    expect(page.locator("#organization-details-note")).to_be_hidden()
    page.select_option("#id_organization_category", "trade_association")
    city.fill("Набережные Челны")
    page.get_by_role("button", name="Сохранить изменения").click()
    page.wait_for_url(f"**/ru/registration/{registration.management_token}/")

    registration.refresh_from_db()
    assert registration.organization.name_cyrillic == "АО «Новая»"
    assert registration.organization.city == "Набережные Челны"
    assert registration.organization.category == "trade_association"
    organization.refresh_from_db()
    assert (organization.city, organization.category) == ("Казань", "company")
