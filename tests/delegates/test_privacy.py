"""Anonymization of old sessions and personal data downloads."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from core.authorization import SYSTEM
from delegates.models import Person, Registration
from delegates.services import anonymize_sessions_older_than, personal_data, session_counts
from tests.factories import PastSessionFactory, PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def old_session(years_ago):
    start = datetime.date.today().replace(year=datetime.date.today().year - years_ago)
    return PastSessionFactory(start_date=start, end_date=start)


def test_old_sessions_are_anonymized_keeping_the_counts():
    old = old_session(6)
    recent = old_session(1)
    loyal = PersonFactory(email="loyal@example.org")
    RegistrationFactory(session=old, person=loyal, position="Director")
    RegistrationFactory(session=recent, person=loyal)
    forgotten = RegistrationFactory(
        session=old, person__email="gone@example.org", person__name_cyrillic="Джулия"
    )
    before = session_counts(old)["registered"]

    registrations, people = anonymize_sessions_older_than(5, by=SYSTEM)

    assert (registrations, people) == (2, 1)
    forgotten.refresh_from_db()
    assert forgotten.anonymized_at is not None
    assert forgotten.position == ""
    assert forgotten.person.email.startswith("anonymized-")
    assert forgotten.person.family_name == "—"
    assert forgotten.person.name_cyrillic == ""
    assert not Person.history.filter(email="gone@example.org").exists()
    assert not Registration.history.filter(id=forgotten.pk).exists()
    loyal.refresh_from_db()
    assert loyal.email == "loyal@example.org"  # still needed for the recent session
    assert session_counts(old)["registered"] == before
    # Running again changes nothing.
    assert anonymize_sessions_older_than(5, by=SYSTEM) == (0, 0)


def test_management_command_anonymizes_and_checks_its_argument():
    RegistrationFactory(session=old_session(11))
    out = io.StringIO()
    call_command("anonymize_old_sessions", "--years", "10", stdout=out)
    assert "Anonymized 1 registrations and 1 people" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("anonymize_old_sessions", "--years", "0")


def test_personal_data_lists_every_registration_of_the_person():
    person = PersonFactory()
    RegistrationFactory(person=person)
    RegistrationFactory(person=person)
    data = personal_data(person)
    assert data["person"]["email"] == person.email
    assert data["person"]["name_cyrillic"] == person.name_cyrillic
    assert len(data["registrations"]) == 2


def test_people_erased_before_the_fix_lose_their_patronymic_too():
    """delegates/migrations/0011: erasure once left the patronymic behind."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module(
        "delegates.migrations.0011_erase_patronymics_of_erased_people"
    )
    erased = RegistrationFactory().person
    kept = RegistrationFactory().person
    Person.objects.filter(pk__in=[erased.pk, kept.pk]).update(patronymic="Сергеевна")
    Person.objects.filter(pk=erased.pk).update(anonymized_at=timezone.now())
    Person.history.filter(id=erased.pk).update(patronymic="Сергеевна")

    migration.erase_patronymics(apps, None)

    assert Person.objects.get(pk=erased.pk).patronymic == ""
    assert not Person.history.filter(id=erased.pk).exclude(patronymic="").exists()
    assert Person.objects.get(pk=kept.pk).patronymic == "Сергеевна"
