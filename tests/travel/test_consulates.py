"""The directory of consulates and visa centres: loaded as reference data, the one serving
the delegate's region proposed, the letter addressed to it in both languages."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from sessions_app.models import Region
from tests.factories import (
    OrganizationFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
)
from tests.helpers import log_in
from tests.travel.test_letters import passport_data, pdf_text
from travel.models import Consulate, PassportRule
from travel.services.consulates import proposed_consulate
from travel.services.letters import release_visa_letter, render_visa_letter, request_visa_letter

pytestmark = pytest.mark.django_db


def organization_in(code, factory=OrganizationFactory):
    return factory(region=Region.objects.get(code=code))


def test_reference_data_loads_the_consulates_with_their_jurisdictions(reference_data):
    italian_consulates = Consulate.objects.filter(country="IT")
    russian_consulates = Consulate.objects.filter(country="RU")
    assert italian_consulates.count() == 2 and russian_consulates.count() == 4
    # Every region of the other country is served by exactly one consulate.
    for consulates, country in ((italian_consulates, "RU"), (russian_consulates, "IT")):
        for region in Region.objects.filter(country=country):
            assert consulates.filter(regions=region).count() == 1, region.code
    assert all(consulate.is_reference_data for consulate in Consulate.objects.all())
    assert PassportRule.objects.filter(destination_country="IT").count() == 3


def test_loading_again_keeps_the_corrections_of_staff(reference_data):
    milan = Consulate.objects.get(key="ru-consulate-milan")
    milan.address_it = "Via corretta, 1 – 20100 Milano"
    milan.save()
    milan.regions.remove(Region.objects.get(code="IT-45"))
    call_command("load_reference_data", stdout=io.StringIO())
    milan.refresh_from_db()
    assert milan.address_it == "Via corretta, 1 – 20100 Milano"
    assert not milan.regions.filter(code="IT-45").exists()


@pytest.mark.parametrize(
    ("region", "consulate"),
    [
        ("IT-25", "ru-consulate-milan"),
        ("IT-42", "ru-consulate-genoa"),
        ("IT-82", "ru-consulate-palermo"),
        ("IT-62", "ru-embassy-rome"),
    ],
)
def test_the_consulate_of_an_italian_delegates_region_is_proposed(
    reference_data, russian_session, region, consulate
):
    registration = RegistrationFactory(
        session=russian_session, organization=organization_in(region)
    )
    assert proposed_consulate(registration).key == consulate


@pytest.mark.parametrize(
    ("region", "consulate"),
    [
        ("RU-SPE", "it-consulate-st-petersburg"),
        ("RU-KGD", "it-consulate-st-petersburg"),
        ("RU-SVE", "it-consulate-moscow"),
        ("RU-TA", "it-consulate-moscow"),
    ],
)
def test_the_consulate_of_a_russian_delegates_region_is_proposed(
    reference_data, session, region, consulate
):
    registration = RussianRegistrationFactory(
        session=session, organization=organization_in(region, RussianOrganizationFactory)
    )
    assert proposed_consulate(registration).key == consulate


def test_the_form_proposes_the_consulate_of_the_region(client, reference_data, russian_session):
    registration = RegistrationFactory(
        session=russian_session, organization=organization_in("IT-42")
    )
    with translation.override("ru"):
        url = reverse("travel:visa_letter", args=[registration.management_token])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["consulate_office"] == Consulate.objects.get(key="ru-consulate-genoa").pk
    content = page.content.decode()
    assert "Генеральное консульство Российской Федерации в Генуе" in content
    # Only the consulates of the host country are offered.
    assert "Москве" not in content


def test_the_letter_is_addressed_to_the_consulate_in_both_languages(
    reference_data, russian_session, ministry_administrator
):
    registration = RegistrationFactory(
        session=russian_session, organization=organization_in("IT-25")
    )
    milan = Consulate.objects.get(key="ru-consulate-milan")
    letter_request = request_visa_letter(
        registration,
        passport_data(russian_session, consulate_office=milan, passport_blank_pages=4),
    )
    release_visa_letter(letter_request, by=ministry_administrator)
    text = " ".join(pdf_text(render_visa_letter(letter_request)).split())
    assert "Consolato Generale della Federazione Russa a Milano" in text
    assert "Via Sant’Aquilino, 3 – 20148 Milano" in text
    assert "Генеральное консульство Российской Федерации в Милане" in text
    assert "Италия, 20148 Милан" in text


def test_a_viewer_cannot_change_the_directory(client, reference_data, viewer):
    milan = Consulate.objects.get(key="ru-consulate-milan")
    log_in(client, viewer)
    url = reverse("admin:travel_consulate_change", args=[milan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"key": "x", "name_it": "changed"})
    assert response.status_code == 403
    milan.refresh_from_db()
    assert milan.key == "ru-consulate-milan"


@pytest.mark.parametrize("rows", [1, 6])
def test_the_directory_list_costs_the_same_queries(
    client, reference_data, ministry_administrator, django_assert_num_queries, rows
):
    Consulate.objects.exclude(pk__in=Consulate.objects.all()[:rows]).delete()
    log_in(client, ministry_administrator)
    with django_assert_num_queries(8):
        assert client.get(reverse("admin:travel_consulate_changelist")).status_code == 200
