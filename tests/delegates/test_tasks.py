"""The delegates' background tasks take primary keys, call services and may run twice."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from core.authorization import SYSTEM
from delegates.models import Registration
from delegates.services import approve
from delegates.tasks import anonymize_old_sessions
from tests.factories import PastSessionFactory, RegistrationFactory, RussianRegistrationFactory

pytestmark = pytest.mark.django_db


def test_approval_mails_the_delegate_in_their_language_through_the_outbox(
    session, run_on_commit, mailoutbox
):
    registration = RussianRegistrationFactory(session=session, status="submitted")
    with run_on_commit():
        approve(registration, by=SYSTEM)
    email = Email.objects.get()
    assert email.status == STATUS.sent
    assert email.to == [registration.person.email]
    assert len(mailoutbox) == 1
    assert "одобрена" in mailoutbox[0].subject
    assert mailoutbox[0].alternatives[0][1] == "text/html"


@override_settings(REGISTRATION_ANONYMIZE_AFTER_YEARS=3)
def test_old_sessions_are_anonymized_by_the_periodic_job_after_the_configured_years():
    today = timezone.localdate()
    old = PastSessionFactory(start_date=today - datetime.timedelta(days=4 * 365))
    recent = PastSessionFactory(start_date=today - datetime.timedelta(days=2 * 365))
    RegistrationFactory(session=old)
    kept = RegistrationFactory(session=recent)
    registrations, _people = anonymize_old_sessions()
    assert registrations == 1
    assert Registration.objects.filter(session=old, anonymized_at__isnull=False).count() == 1
    kept.refresh_from_db()
    assert kept.anonymized_at is None
