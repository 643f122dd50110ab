"""The patronymic: asked in the Russian form, used to address a delegate in Russian."""

import pytest
from django.urls import reverse
from django.utils import translation

from delegates.forms import RegistrationForm
from delegates.models import Person
from delegates.services import submit_registration
from tests.delegates.conftest import russian_details
from tests.factories import RussianRegistrationFactory

pytestmark = pytest.mark.django_db


def register_url(session, language):
    with translation.override(language):
        return reverse("delegates:register", kwargs={"number": session.number})


def test_the_russian_form_asks_for_a_patronymic_and_the_italian_one_does_not(client, session):
    russian = client.get(register_url(session, "ru")).content.decode()
    italian = client.get(register_url(session, "it")).content.decode()
    assert 'name="patronymic"' in russian and "Отчество" in russian
    assert 'name="patronymic"' not in italian


def test_a_patronymic_must_be_written_in_cyrillic(session):
    form = RegistrationForm(data={"patronymic": "Sergeevna"}, session=session, language="ru")
    form.is_valid()
    assert "patronymic" in form.errors


def test_the_patronymic_is_kept_and_addresses_the_delegate_in_russian(session, run_on_commit):
    with run_on_commit():
        registration, _ = submit_registration(
            session, russian_details(given_name="Юлия", patronymic="Сергеевна")
        )
    person = Person.objects.get(pk=registration.person.pk)
    assert person.patronymic == "Сергеевна"
    assert person.address_name("ru") == "Юлия Сергеевна"
    assert person.address_name("it") == "Юлия Щербакова"
    assert person.listed_name == "Щербакова Юлия Сергеевна"
    assert person.full_name_with_patronymic == "Юлия Сергеевна Щербакова"


def test_the_private_page_shows_the_patronymic_in_the_russian_order(client, session):
    registration = RussianRegistrationFactory(
        session=session,
        person__given_name="Юлия",
        person__patronymic="Андреевна",
        person__family_name="Сергеева",
        person__given_name_latin="Iuliia",
        person__family_name_latin="Sergeeva",
    )
    with translation.override("ru"):
        url = reverse("delegates:manage", kwargs={"token": registration.management_token})
    page = client.get(url).content.decode()
    assert 'Юлия Андреевна Сергеева <span class="text-muted">(Iuliia Sergeeva)</span>' in page
