"""E-mail tasks take primary keys and survive an erased registration."""

import pytest

from delegates.models import RegistrationStatus
from delegates.services import erase_personal_data
from delegates.tasks import send_registration_email_task
from tests.factories import RussianRegistrationFactory

pytestmark = pytest.mark.django_db


def test_task_sends_the_mail_of_a_registration_by_primary_key(mailoutbox):
    registration = RussianRegistrationFactory(status=RegistrationStatus.APPROVED)
    result = send_registration_email_task.enqueue(registration.pk, "approval")
    assert result.return_value is True
    assert mailoutbox[0].to == [registration.person.email]
    assert "одобрена" in mailoutbox[0].subject


def test_task_of_an_erased_registration_sends_nothing(mailoutbox):
    registration = RussianRegistrationFactory()
    erase_personal_data(registration, by=registration)
    result = send_registration_email_task.enqueue(registration.pk, "approval")
    assert result.return_value is False
    assert mailoutbox == []
