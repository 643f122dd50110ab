"""Passport data is erased a set number of days after the session ends, by the periodic task
of the task engine, with a trace; the letter stays verifiable and its PDF is made again
without the passport data."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from staff.models import AuditEvent
from tests.factories import RussianRegistrationFactory, SessionFactory
from tests.travel.test_letters import passport_data
from travel.models import VisaLetterRequest, VisaLetterStatus, VisaSettings
from travel.services.letters import release_visa_letter, request_visa_letter
from travel.tasks import erase_expired_passport_data

pytestmark = pytest.mark.django_db


def day_after(day, days):
    """Noon, `days` days after `day`, as an aware moment."""
    moment = datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(12))
    return timezone.make_aware(moment)


@pytest.fixture
def letters(ministry_administrator):
    session = SessionFactory()
    other = SessionFactory()
    VisaSettings.objects.create(session=other, passport_retention_days=90)
    made = []
    for each in (session, other):
        letter_request = request_visa_letter(
            RussianRegistrationFactory(session=each), passport_data(each)
        )
        made.append(release_visa_letter(letter_request, by=ministry_administrator))
    return made


def run_the_periodic_task():
    """As beat would: through Celery (the tests run tasks in their own process)."""
    return erase_expired_passport_data.delay().get()


def test_the_beat_schedule_runs_the_erasure_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["erase-expired-passport-data"]
    assert entry["task"] == "travel.tasks.erase_expired_passport_data"


def test_passport_data_is_erased_after_the_retention_period_with_a_trace(letters):
    default, longer = letters
    end = default.registration.session.end_date
    days = settings.VISA_PASSPORT_RETENTION_DAYS
    with time_machine.travel(day_after(end, days), tick=False):
        assert run_the_periodic_task() == {}  # the last day it is kept
    with time_machine.travel(day_after(end, days + 1), tick=False):
        assert run_the_periodic_task() == {str(default.registration.session.number): 1}
        assert run_the_periodic_task() == {}  # once
    default.refresh_from_db()
    longer.refresh_from_db()
    assert default.status == VisaLetterStatus.ERASED and default.passport_number == ""
    assert default.date_of_birth is None and default.passport_data_erased_at
    assert longer.passport_number == "751234567"  # its session keeps them 90 days
    entry = default.history.first()
    assert entry.history_change_reason == f"retention: {days} days after the session ended"
    event = AuditEvent.objects.get()
    assert event.object_type == "sessions_app.session"
    assert "passport data of 1 visa letter requests erased" in event.detail
    # The letter keeps its number and validity; the request keeps the outcome fields.
    assert default.letter_version == 1 and default.revoked_at is None


def test_a_session_setting_its_own_retention_is_erased_when_its_period_ends(letters):
    _default, longer = letters
    end = longer.registration.session.end_date
    with time_machine.travel(day_after(end, 90), tick=False):
        run_the_periodic_task()
        assert VisaLetterRequest.objects.get(pk=longer.pk).passport_number == "751234567"
    with time_machine.travel(day_after(end, 91), tick=False):
        run_the_periodic_task()
    assert VisaLetterRequest.objects.get(pk=longer.pk).passport_number == ""
