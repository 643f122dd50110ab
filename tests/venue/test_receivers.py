"""The venue and travel follow the registrations through the domain events of delegates
(venue/receivers.py, travel/receivers.py): delegates never calls them."""

import datetime

import pytest
from django.test import override_settings

from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from delegates.services import approve, cancel, erase_personal_data, reject, waitlist
from tests.factories import RegistrationFactory
from travel.models import VisaLetterRequest, VisaLetterStatus
from venue.models import PreparedBadge

pytestmark = pytest.mark.django_db


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
@pytest.mark.parametrize("leave", [cancel, reject, waitlist])
def test_a_registration_leaving_approved_loses_its_prepared_badge(session, run_on_commit, leave):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    with run_on_commit():
        approve(registration, by=SYSTEM)
    assert PreparedBadge.objects.filter(registration=registration).exists()
    with run_on_commit():
        leave(registration, by=SYSTEM)
    assert not PreparedBadge.objects.filter(registration=registration).exists()


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_other_registrations_keep_their_prepared_badges(session, run_on_commit):
    leaving, staying = RegistrationFactory.create_batch(
        2, session=session, status=RegistrationStatus.SUBMITTED
    )
    with run_on_commit():
        approve(leaving, by=SYSTEM)
        approve(staying, by=SYSTEM)
    with run_on_commit():
        cancel(leaving, by=SYSTEM)
    assert list(PreparedBadge.objects.values_list("registration_id", flat=True)) == [staying.pk]


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_erasure_drops_the_badge_and_erases_the_passport_data(session, run_on_commit):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    with run_on_commit():
        approve(registration, by=SYSTEM)
    VisaLetterRequest.objects.create(
        registration=registration,
        name_in_passport="ROSSI GIULIA",
        passport_number="YA1234567",
        date_of_birth=datetime.date(1985, 5, 5),
    )
    with run_on_commit():
        erase_personal_data(registration, by=registration)
    assert not PreparedBadge.objects.exists()
    letter = VisaLetterRequest.objects.get()
    assert letter.status == VisaLetterStatus.ERASED
    assert (letter.name_in_passport, letter.passport_number, letter.date_of_birth) == ("", "", None)
    assert letter.passport_data_erased_at is not None
