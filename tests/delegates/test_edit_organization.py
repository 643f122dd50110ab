"""«Изменить регистрацию»: the organization's category, sector, region, city and website are
shown as recorded, not blank. The form records them for a new organization only (an
organization it finds keeps its own, shared by its delegates), so while the delegate names
the organization of their registration they are read-only, with a note, and saving keeps
them; naming another organization asks them again and saves them with it."""

import lxml.html
import pytest

from delegates.models import Organization, RegistrationStatus
from tests.delegates.test_views import form_data, manage_url
from tests.factories import RussianOrganizationFactory, RussianRegistrationFactory

pytestmark = pytest.mark.django_db

DETAILS = ("category", "sector", "region", "city", "website")


@pytest.fixture
def registration(session):
    organization = RussianOrganizationFactory(
        name_latin="ООО «Ромашка-Тест»",
        name_cyrillic="ООО «Ромашка-Тест»",
        category="company",
        sector="mechanics",
        city="Казань",
        website="https://romashka.example.ru",
    )
    return RussianRegistrationFactory(
        session=session,
        organization=organization,
        person__email="petr.ivanov@example.ru",
        person__given_name="Пётр",
        person__family_name="Иванов",
        status=RegistrationStatus.SUBMITTED,
    )


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def field(page, tag, name):
    (element,) = page.xpath(f'//{tag}[@name="{name}"]')
    return element


def selected(select):
    (option,) = select.xpath(".//option[@selected]")
    return option


def note_text(page):
    notes = page.xpath('//*[@id="organization-details-note"]')
    return " ".join(notes[0].text_content().split()) if notes else None


def recorded(organization):
    organization.refresh_from_db()
    return {name: getattr(organization, name) for name in DETAILS}


def edit_data(registration, **overrides):
    """What the browser sends: the locked (disabled) detail fields are not submitted."""
    values = {
        "delegation": "RU",
        "given_name": registration.person.given_name,
        "family_name": registration.person.family_name,
        "email": registration.person.email,
        "organization_name": "ООО «Ромашка-Тест»",
        "organization_name_cyrillic": "ООО «Ромашка-Тест»",
        "organization_category": None,
        "organization_sector": None,
        "position": "Генеральный директор",
    }
    values.update(overrides)
    return form_data(**values)


def test_the_edit_page_shows_the_organizations_details_read_only(client, registration):
    organization = registration.organization
    response = client.get(manage_url(registration, "delegates:edit", language="ru"))
    assert response.status_code == 200
    page = parse(response)
    category = field(page, "select", "organization_category")
    assert selected(category).get("value") == "company"
    assert category.get("disabled") is not None
    assert selected(field(page, "select", "organization_sector")).get("value") == "mechanics"
    region = selected(field(page, "select", "organization_region"))
    assert region.get("value") == str(organization.region_id)
    assert region.text_content().strip() == "Свердловская область"
    city = field(page, "input", "organization_city")
    assert city.get("value") == "Казань" and city.get("disabled") is not None
    website = field(page, "input", "organization_website")
    assert website.get("value") == "https://romashka.example.ru"
    note = note_text(page)
    assert "нельзя изменить здесь" in note and "организаторам" in note


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_note_is_translated(client, registration, language):
    response = client.get(manage_url(registration, "delegates:edit", language=language))
    expected = {"it": "non si possono modificare qui", "en": "cannot be changed here"}[language]
    assert expected in note_text(parse(response))


def test_saving_keeps_the_organization_and_its_details(client, registration):
    organization = registration.organization
    before = recorded(organization)
    response = client.post(
        manage_url(registration, "delegates:edit", language="ru"),
        # A forged submission of other details changes nothing either.
        edit_data(registration, organization_city="Москва", organization_sector="other"),
    )
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    assert registration.position == "Генеральный директор"
    assert registration.organization_id == organization.pk
    assert recorded(organization) == before
    assert Organization.objects.count() == 1


def test_another_spelling_of_the_same_organization_keeps_it_locked(client, registration):
    response = client.post(
        manage_url(registration, "delegates:edit", language="ru"),
        edit_data(registration, organization_name="Ромашка-Тест", organization_name_cyrillic=""),
    )
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    assert registration.organization.city == "Казань"
    assert Organization.objects.count() == 1


def test_naming_a_new_organization_asks_its_details_and_saves_them(client, registration):
    old = registration.organization
    before = recorded(old)
    url = manage_url(registration, "delegates:edit", language="ru")
    # Without JavaScript the locked fields were not sent: the page asks for them, unlocked.
    response = client.post(
        url,
        edit_data(registration, organization_name="АО «Новая»", organization_name_cyrillic=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "organization_category" in form.errors
    assert not form.fields["organization_city"].disabled
    page = parse(response)
    assert note_text(page) is None
    assert field(page, "input", "organization_city").get("disabled") is None
    response = client.post(
        url,
        edit_data(
            registration,
            organization_name="АО «Новая»",
            organization_name_cyrillic="",
            organization_category="trade_association",
            organization_sector="other",
            organization_city="Набережные Челны",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    new = registration.organization
    assert new.pk != old.pk
    assert (new.name_cyrillic, new.category, new.sector, new.city) == (
        "АО «Новая»",
        "trade_association",
        "other",
        "Набережные Челны",
    )
    assert recorded(old) == before
