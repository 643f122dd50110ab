"""The delegates' background tasks take primary keys, call services and may run twice."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from core.authorization import SYSTEM
from delegates.models import PreparedBadge, Registration, RegistrationStatus
from delegates.services import approve, erase_personal_data
from delegates.tasks import anonymize_old_sessions, prepare_badges_task, prepare_missing_badges
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


def test_a_badge_prepared_twice_is_rendered_once(session):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    assert prepare_badges_task([registration.pk]) == 1
    first = PreparedBadge.objects.get(registration=registration)
    # The same task handed again (its worker died after the work): nothing more is done.
    assert prepare_badges_task([registration.pk]) == 0
    again = PreparedBadge.objects.get(registration=registration)
    assert (again.rendered_at, again.digest) == (first.rendered_at, first.digest)


def test_preparing_the_badge_of_an_erased_registration_does_nothing(session):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    erase_personal_data(registration, by=registration)
    assert prepare_badges_task([registration.pk]) == 0
    assert not PreparedBadge.objects.exists()


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_the_periodic_job_prepares_the_approved_badges_still_missing(session):
    approved = RegistrationFactory.create_batch(
        2, session=session, status=RegistrationStatus.APPROVED
    )
    RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    assert prepare_missing_badges() == 2
    assert set(PreparedBadge.objects.values_list("registration_id", flat=True)) == {
        registration.pk for registration in approved
    }
    assert prepare_missing_badges() == 0


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_approval_queues_the_badge_in_tasks_of_a_few_badges_each(session, run_on_commit):
    registrations = RegistrationFactory.create_batch(3, session=session, status="submitted")
    with run_on_commit() as callbacks:
        for registration in registrations:
            approve(registration, by=SYSTEM)
    assert PreparedBadge.objects.count() == 3
    # Per approval, after the commit: the e-mail, the domain event, and the badge task that
    # the event's receiver queues (besides the invalidation of the public pages,
    # core/public_cache.py).
    queued = [callback for callback in callbacks if callback.__module__ != "core.public_cache"]
    assert len(queued) == 9


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
