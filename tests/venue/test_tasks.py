"""The venue's background tasks take primary keys, call services and may run twice; the
badge follows its registration through the domain events of delegates."""

import pytest
from django.test import override_settings

from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from delegates.services import approve, erase_personal_data
from tests.factories import RegistrationFactory
from venue.models import PreparedBadge
from venue.tasks import prepare_badges_task, prepare_missing_badges

pytestmark = pytest.mark.django_db


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
    # Per approval, after the commit: the e-mail, the announcement of the new state, and the
    # badge task queued by the venue's receiver (besides the invalidation of the public pages,
    # core/public_cache.py).
    queued = [callback for callback in callbacks if callback.__module__ != "core.public_cache"]
    assert len(queued) == 9


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_make_run_queues_the_missing_badges_for_its_worker(session):
    """`make run` (scripts/run_dev.sh) asks for the demo's badges at start: the command queues
    the periodic job, which the test process runs at once."""
    import io

    from django.core.management import call_command

    approved = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    out = io.StringIO()
    call_command("prepare_badges", "--in-background", stdout=out)
    assert "queued" in out.getvalue()
    assert PreparedBadge.objects.filter(registration=approved).exists()
