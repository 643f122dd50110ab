"""A Russian delegate who types their organization in Cyrillic gives it one name: the form
keeps it as given (never transliterated) in both fields, and the badge, the attendance sheet,
the visa letter's table and the rooming lists print it once, not twice."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core.authorization import SYSTEM
from delegates.models import Registration
from delegates.services import approve, confirm_email
from tests.delegates.test_views import form_data, register_url
from tests.factories import RussianOrganizationFactory, RussianRegistrationFactory
from travel.documents import organization_in_both_scripts
from venue.services.attendance import render_attendance_sheet
from venue.services.badges import build_badge

pytestmark = pytest.mark.django_db

NAME = "ООО «Ромашка-Тест»"


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def registered_in_cyrillic(client, session):
    """As the tester did: the Russian form, the organization typed in Cyrillic in its main
    field, the optional «in Cyrillic letters» field left empty; confirmed and approved."""
    data = form_data(
        delegation="RU",
        given_name="Пётр",
        family_name="Иванов",
        email="petr.ivanov@example.ru",
        organization_name=NAME,
        organization_name_cyrillic="",
        organization_category="company",
        position="Директор",
    )
    response = client.post(register_url(session, "ru"), data)
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get(person__email="petr.ivanov@example.ru")
    confirm_email(registration)
    approve(registration, by=SYSTEM)
    registration.refresh_from_db()
    return registration


def test_the_name_typed_in_cyrillic_is_one_name_kept_as_given(registered_in_cyrillic):
    organization = registered_in_cyrillic.organization
    assert organization.name_cyrillic == NAME
    assert organization.name_latin == NAME  # as given: no Latin name was given
    assert organization.distinct_name_cyrillic == ""
    for language in ("it", "ru"):
        with translation.override(language):
            assert organization.display_name == NAME


def test_the_badge_prints_the_organization_once(client, registered_in_cyrillic):
    badge = build_badge(registered_in_cyrillic)
    assert (badge.organization_latin, badge.organization_cyrillic) == (NAME, "")
    url = reverse("venue:own_badge", kwargs={"token": registered_in_cyrillic.management_token})
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert text.count("Ромашка-Тест") == 1, text
    assert "Пётр" in text


def test_a_badge_with_two_different_names_prints_both(client, session):
    organization = RussianOrganizationFactory(
        name_latin="Ural Machine-Building Holding",
        name_cyrillic="Уральский машиностроительный холдинг",
    )
    registration = RussianRegistrationFactory(session=session, organization=organization)
    badge = build_badge(registration)
    assert badge.organization_cyrillic == "Уральский машиностроительный холдинг"
    url = reverse("venue:own_badge", kwargs={"token": registration.management_token})
    text = pdf_text(client.get(url).content)
    assert "Ural Machine-Building Holding" in text
    assert "Уральский машиностроительный" in text


def test_spacing_or_case_alone_does_not_make_a_second_name(db):
    organization = RussianOrganizationFactory(
        name_latin="ООО  Ромашка", name_cyrillic="ооо ромашка"
    )
    assert organization.distinct_name_cyrillic == ""
    with translation.override("ru"):
        assert organization.display_name == "ооо ромашка"


def test_the_attendance_sheet_and_the_rooming_lists_print_it_once(registered_in_cyrillic):
    text = pdf_text(render_attendance_sheet(registered_in_cyrillic.session))
    assert text.count("Ромашка-Тест") == 1, text
    assert organization_in_both_scripts(registered_in_cyrillic.organization) == NAME
