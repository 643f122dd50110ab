import pytest

from tests.factories import RegistrationFactory, RussianRegistrationFactory


@pytest.mark.django_db
def test_registration_factories_build_valid_registrations():
    italian = RegistrationFactory()
    russian = RussianRegistrationFactory(session=italian.session)
    for registration in (italian, russian):
        registration.full_clean()
        registration.person.full_clean()
        registration.organization.full_clean()
    assert russian.person.has_other_script and not italian.person.has_other_script
