"""Who is offered a visa invitation letter: the delegation that travels to the other country,
once approved (or submitted, if the session allows it), and whoever staff make an exception
for, with the reason kept in the history."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.authorization import ActionNotAllowed
from delegates.models import RegistrationStatus
from sessions_app.models import Country
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    SessionFactory,
)
from tests.helpers import log_in
from tests.travel.test_letters import passport_data
from travel.models import VisaEntitlementException, VisaLetterRequest, VisaSettings
from travel.services.entitlement import (
    EntitlementError,
    grant_exception,
    is_entitled,
    letter_entitlement,
    withdraw_exception,
)
from travel.services.letters import VisaLetterError, request_visa_letter

pytestmark = pytest.mark.django_db

HOSTS = {Country.ITALY: SessionFactory, Country.RUSSIA: RussianSessionFactory}
DELEGATIONS = {Country.ITALY: RegistrationFactory, Country.RUSSIA: RussianRegistrationFactory}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("delegation", "host", "entitled"),
    [
        (Country.ITALY, Country.ITALY, False),
        (Country.ITALY, Country.RUSSIA, True),
        (Country.RUSSIA, Country.ITALY, True),
        (Country.RUSSIA, Country.RUSSIA, False),
    ],
)
def test_only_the_delegation_travelling_to_the_other_country_is_entitled(
    client, delegation, host, entitled
):
    registration = DELEGATIONS[delegation](session=HOSTS[host]())
    assert is_entitled(registration) is entitled
    page = client.get(reverse("delegates:manage", args=[registration.management_token]))
    letter_url = reverse("travel:visa_letter", args=[registration.management_token])
    assert (letter_url in page.content.decode()) is entitled
    if not entitled:
        assert "held in your own country" in letter_entitlement(registration).reason
        with pytest.raises(VisaLetterError, match="own country"):
            request_visa_letter(registration, passport_data(registration.session))


@pytest.mark.parametrize(
    ("status", "for_submitted", "entitled"),
    [
        (RegistrationStatus.APPROVED, False, True),
        (RegistrationStatus.SUBMITTED, False, False),
        (RegistrationStatus.SUBMITTED, True, True),
        (RegistrationStatus.WAITLISTED, True, False),
        (RegistrationStatus.PENDING_CONFIRMATION, True, False),
        (RegistrationStatus.REJECTED, True, False),
        (RegistrationStatus.CANCELLED, True, False),
    ],
)
def test_approved_delegates_are_entitled_and_submitted_ones_if_the_session_allows(
    session, status, for_submitted, entitled
):
    VisaSettings.objects.create(session=session, letters_for_submitted=for_submitted)
    registration = RussianRegistrationFactory(session=session, status=status)
    assert is_entitled(registration) is entitled


def test_the_letter_page_explains_why_no_letter_is_offered(client, russian_session):
    registration = RussianRegistrationFactory(session=russian_session)
    url = reverse("travel:visa_letter", args=[registration.management_token])
    page = client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "held in your own country" in content
    assert 'name="passport_number"' not in content
    form = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in passport_data(russian_session).items()
    }
    assert client.post(url, form).status_code == 200
    assert not VisaLetterRequest.objects.exists()


def test_staff_grant_an_exception_with_a_reason_kept_in_the_history(russian_session, organizer):
    registration = RussianRegistrationFactory(session=russian_session)
    assert not is_entitled(registration)
    grant_exception(
        registration, reason="Travels on an Italian passport (dual citizen)", by=organizer
    )
    registration.refresh_from_db()
    entitlement = letter_entitlement(registration)
    assert entitlement and entitlement.by_exception
    exception = VisaEntitlementException.objects.get(registration=registration)
    entry = exception.history.get()
    assert entry.history_user == organizer
    assert entry.history_change_reason == "Travels on an Italian passport (dual citizen)"
    request_visa_letter(registration, passport_data(russian_session))


def test_an_exception_needs_a_reason_and_an_active_registration(russian_session, organizer):
    registration = RussianRegistrationFactory(session=russian_session)
    with pytest.raises(EntitlementError, match="reason"):
        grant_exception(registration, reason="  ", by=organizer)
    cancelled = RussianRegistrationFactory(session=russian_session, status="cancelled")
    with pytest.raises(EntitlementError, match="active registration"):
        grant_exception(cancelled, reason="why not", by=organizer)


def test_a_viewer_cannot_grant_an_exception(russian_session, viewer, client):
    registration = RussianRegistrationFactory(session=russian_session)
    with pytest.raises(ActionNotAllowed):
        grant_exception(registration, reason="a reason", by=viewer)
    log_in(client, viewer)
    response = client.post(
        reverse("admin:travel_visaentitlementexception_add"),
        {"registration": registration.pk, "reason": "a reason"},
    )
    assert response.status_code == 403
    assert not VisaEntitlementException.objects.exists()


def test_staff_grant_an_exception_in_the_admin(client, russian_session, organizer):
    registration = RussianRegistrationFactory(session=russian_session, status="waitlisted")
    log_in(client, organizer)
    response = client.post(
        reverse("admin:travel_visaentitlementexception_add"),
        {"registration": registration.pk, "reason": "Must apply now"},
    )
    assert response.status_code == 302
    exception = VisaEntitlementException.objects.get()
    assert exception.granted_by == organizer
    assert exception.history.get().history_change_reason == "Must apply now"


def test_a_withdrawn_exception_ends_the_entitlement_and_stays_in_the_history(
    russian_session, ministry_administrator
):
    registration = RussianRegistrationFactory(session=russian_session)
    grant_exception(registration, reason="dual citizen", by=ministry_administrator)
    withdraw_exception(registration, reason="Italian passport expired", by=ministry_administrator)
    registration.refresh_from_db()
    assert not is_entitled(registration)
    reasons = list(
        VisaEntitlementException.history.order_by("history_date").values_list(
            "history_type", "history_change_reason"
        )
    )
    assert reasons == [("+", "dual citizen"), ("-", "Italian passport expired")]
