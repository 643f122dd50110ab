"""An organization's name holds at least one letter or digit, in any script: `{}`, `[]`, an
emoji or a bare legal form are refused with a clear message on the field, everywhere an
organization is created (registration form, private link, services, admin)."""

import pytest
from django.urls import reverse
from django.utils import translation

from delegates.models import Organization, Person, Registration, RegistrationStatus
from delegates.services import OrganizationDetails, RegistrationError, find_or_create_organization
from tests.delegates.test_views import form_data, manage_url, register_url
from tests.factories import OrganizationFactory, PersonFactory, RegistrationFactory, UserFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


NO_LETTER = "at least one letter or digit"
ONLY_LEGAL_FORM = "not only its legal form"


def post(client, session, **values):
    return client.post(register_url(session, "en"), form_data(**values))


def organization_errors(response, field="organization_name"):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get(field, []))


@pytest.fixture
def earlier_nameless_organization(db):
    """What the old bug left behind: an organization whose normalized name is empty."""
    organization = OrganizationFactory(name_latin="{}", country="IT")
    assert organization.normalized_name == ""
    return organization


def test_resubmitting_an_address_with_organization_braces_is_a_field_error_not_a_500(
    client, session, earlier_nameless_organization
):
    registration = RegistrationFactory(
        session=session,
        person__email="giulia.bianchi@example.org",
        status=RegistrationStatus.PENDING_CONFIRMATION,
    )
    client.raise_request_exception = False
    response = post(client, session, organization_name="{}")
    assert NO_LETTER in organization_errors(response)
    registration.refresh_from_db()
    assert registration.organization_id != earlier_nameless_organization.pk


def test_a_new_address_with_organization_brackets_is_told_about_the_name_not_a_duplicate(
    client, session, earlier_nameless_organization
):
    response = post(client, session, organization_name="[]", email="new@example.org")
    assert NO_LETTER in organization_errors(response)
    page = response.content.decode()
    assert "already registered" not in page
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", ["🏭", "🏭 🚀", "___", "—", "{} []", "«»"])
def test_an_organization_without_letters_or_digits_is_not_created(client, session, name):
    response = post(client, session, organization_name=name)
    assert NO_LETTER in organization_errors(response)
    assert not Organization.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("name", ["S.r.l.", "ООО", "S.p.A"])
def test_a_bare_legal_form_is_not_an_organization_name(client, session, name):
    response = post(client, session, organization_name=name)
    assert ONLY_LEGAL_FORM in organization_errors(response)
    assert not Organization.objects.exists()


@pytest.mark.parametrize("name", ["3M", "Уралмаш", "华为技术", "Ölwerk Süd", "A"])
def test_names_in_any_script_or_of_digits_are_accepted(client, session, name):
    response = post(client, session, organization_name=name)
    assert response.status_code == 302, response.context["form"].errors
    assert Organization.objects.count() == 1


def test_the_refused_form_keeps_everything_else_the_delegate_typed(client, session):
    response = client.post(
        register_url(session, "it"),
        form_data(organization_name="🏭", position="Direttrice export", phone="+39 02 1234"),
    )
    assert "almeno una lettera o una cifra" in organization_errors(response)
    page = response.content.decode()
    for typed in ("Giulia", "Bianchi", "giulia.bianchi@example.org", "Direttrice export", "🏭"):
        assert typed in page
    response = client.post(
        register_url(session, "ru"), form_data(organization_name="🏭", position="Директор")
    )
    assert "хотя бы одну букву или цифру" in organization_errors(response)


def test_a_cyrillic_organization_name_without_letters_is_refused(client, session):
    response = post(client, session, organization_name="Uralmash", organization_name_cyrillic="[]")
    assert NO_LETTER in organization_errors(response, "organization_name_cyrillic")


def test_the_private_link_refuses_an_organization_without_letters(client, session):
    registration = RegistrationFactory(
        session=session,
        person=PersonFactory(email="giulia.bianchi@example.org", family_name="Bianchi"),
        status=RegistrationStatus.SUBMITTED,
    )
    before = registration.organization_id
    response = client.post(
        manage_url(registration, "delegates:edit", language="en"),
        form_data(organization_name="{}"),
    )
    assert NO_LETTER in organization_errors(response)
    registration.refresh_from_db()
    assert registration.organization_id == before


def test_the_service_refuses_an_organization_without_letters_whoever_calls_it(db):
    with pytest.raises(RegistrationError) as refused:
        find_or_create_organization(OrganizationDetails(name_latin="{}", category="company"), "IT")
    assert refused.value.field == "organization_name"
    with pytest.raises(RegistrationError) as refused:
        find_or_create_organization(
            OrganizationDetails(name_latin="Uralmash", name_cyrillic="🏭", category="company"),
            "RU",
        )
    assert refused.value.field == "organization_name_cyrillic"
    assert not Organization.objects.exists()


def test_the_admin_refuses_an_organization_without_letters(client):
    log_in(client, UserFactory(is_superuser=True))
    data = {"name_latin": "🏭", "name_cyrillic": "{}", "country": "IT", "category": "company"}
    url = reverse("admin:delegates_organization_add")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert NO_LETTER in " ".join(errors["name_latin"])
    assert NO_LETTER in " ".join(errors["name_cyrillic"])
    assert not Organization.objects.exists()


def test_a_name_typed_in_cyrillic_is_kept_as_given_not_transliterated(session):
    from delegates.forms import RegistrationForm

    form = RegistrationForm(
        data={"organization_name": "Подъячев и партнёры", "delegation": "RU"},
        session=session,
        language="ru",
    )
    form.is_valid()
    assert form.cleaned_data["organization_name"] == "Подъячев и партнёры"
    assert form.cleaned_data["organization_name_cyrillic"] == "Подъячев и партнёры"
    assert "Podieiachev" not in str(form.cleaned_data)


def test_an_organization_reads_in_the_readers_script_first(db):

    from tests.factories import RussianOrganizationFactory

    organization = RussianOrganizationFactory(name_latin="Uralmash", name_cyrillic="Уралмаш")
    with translation.override("ru"):
        assert str(organization) == "Уралмаш (Uralmash)"
    with translation.override("it"):
        assert str(organization) == "Uralmash (Уралмаш)"
    organization.name_latin = "Уралмаш"
    assert organization.display_name == "Уралмаш"


def test_a_name_with_brackets_takes_the_other_script_after_a_slash(db):
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory(
        name_latin="Confindustria Bergamo (demo)", name_cyrillic="Конфиндустрия Бергамо (демо)"
    )
    with translation.override("ru"):
        assert organization.display_name == (
            "Конфиндустрия Бергамо (демо) / Confindustria Bergamo (demo)"
        )
