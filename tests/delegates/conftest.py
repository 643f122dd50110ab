import pytest
from django.utils import timezone

from delegates.services import OrganizationDetails, RegistrationDetails


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a block registers with transaction.on_commit (the e-mail tasks), as a
    real commit would: `with run_on_commit(): approve(...)`."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner


def details(**overrides):
    """A valid RegistrationDetails of an Italian delegate; override what the test needs."""
    values = {
        "email": "giulia.bianchi@example.org",
        "given_name": "Giulia",
        "family_name": "Bianchi",
        "delegation": "IT",
        "position": "Export manager",
        "role": "company_representative",
        "organization": OrganizationDetails(
            name_latin="Meccanica Orobica S.r.l.", category="company", sector="mechanics"
        ),
        "language": "it",
    }
    values.update(overrides)
    return RegistrationDetails(**values)


def russian_details(**overrides):
    values = {
        "email": "anna.shcherbakova@example.ru",
        "given_name": "Анна",
        "family_name": "Щербакова",
        "delegation": "RU",
        "organization": OrganizationDetails(
            name_latin="Uralmash", name_cyrillic="Уралмаш", category="company"
        ),
        "language": "ru",
    }
    values.update(overrides)
    return details(**values)


@pytest.fixture
def now():
    return timezone.now()
