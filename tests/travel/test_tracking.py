"""Where each visa application stands: sent, what the delegate reports afterwards, staff's
list and actions, a refused visa moving the delegate to the waiting list or cancelling the
registration (freeing the place), revocation, the counts and the deadline reminder."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.authorization import ActionNotAllowed
from delegates.models import Registration, RegistrationStatus
from mailings.models import SentReminder
from mailings.services.reminders import send_due_reminders
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.helpers import log_in
from tests.travel.test_letters import passport_data
from travel.models import VisaLetterRequest, VisaLetterStatus, VisaOutcome, VisaSettings
from travel.services.letters import VisaLetterError, release_visa_letter, request_visa_letter
from travel.services.tracking import (
    act_on_refused_visa,
    mark_sent,
    registrations_to_remind_of_the_letter_deadline,
    report_visa_outcome,
    revoke_letter,
    visa_tracking_counts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def released(session, ministry_administrator):
    registration = RussianRegistrationFactory(session=session)
    letter_request = request_visa_letter(registration, passport_data(session))
    return release_visa_letter(letter_request, by=ministry_administrator)


def test_staff_record_that_a_letter_was_sent_and_the_delegate_can_still_download_it(
    released, organizer, client
):
    mark_sent(released, by=organizer)
    released.refresh_from_db()
    assert released.status == VisaLetterStatus.SENT and released.sent_at
    assert released.history.first().history_user == organizer
    url = reverse("travel:visa_letter_download", args=[released.registration.management_token])
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_a_viewer_cannot_record_a_letter_as_sent(released, viewer):
    with pytest.raises(ActionNotAllowed):
        mark_sent(released, by=viewer)


@pytest.mark.parametrize(
    "outcome",
    [VisaOutcome.APPLIED, VisaOutcome.GRANTED, VisaOutcome.REFUSED, VisaOutcome.NOT_NEEDED],
)
def test_the_delegate_reports_each_outcome_from_the_private_link(client, released, outcome):
    token = released.registration.management_token
    response = client.post(
        reverse("travel:visa_outcome", args=[token]), {"outcome": outcome}, follow=True
    )
    assert response.status_code == 200
    released.refresh_from_db()
    assert released.visa_outcome == outcome and released.visa_outcome_at
    entry = released.history.first()
    assert entry.history_change_reason == f"visa outcome: {outcome} (by delegate)"
    assert "the organizers see what you reported" in response.content.decode()


def test_the_delegate_reports_forward_only_and_staff_correct(released, organizer):
    registration = released.registration
    report_visa_outcome(released, VisaOutcome.APPLIED, by=registration)
    report_visa_outcome(released, VisaOutcome.GRANTED, by=registration)
    with pytest.raises(VisaLetterError, match="already reported"):
        report_visa_outcome(released, VisaOutcome.REFUSED, by=registration)
    report_visa_outcome(released, VisaOutcome.REFUSED, by=organizer)
    released.refresh_from_db()
    assert released.visa_outcome == VisaOutcome.REFUSED


def test_no_application_is_reported_before_the_letter_is_released(session):
    registration = RussianRegistrationFactory(session=session)
    letter_request = request_visa_letter(registration, passport_data(session))
    with pytest.raises(VisaLetterError, match="not been released"):
        report_visa_outcome(letter_request, VisaOutcome.APPLIED, by=registration)
    # "Not needed" may be said at any time.
    report_visa_outcome(letter_request, VisaOutcome.NOT_NEEDED, by=registration)


def test_another_delegate_cannot_report_on_a_visa(released, session):
    other = RussianRegistrationFactory(session=session)
    with pytest.raises(ActionNotAllowed):
        report_visa_outcome(released, VisaOutcome.GRANTED, by=other)


def test_a_refused_visa_moves_the_delegate_to_the_waiting_list_freeing_the_place(
    organizer, ministry_administrator
):
    session = SessionFactory(capacity_russian=1)
    refused = RussianRegistrationFactory(session=session)
    waiting = RussianRegistrationFactory(
        session=session, status="waitlisted", waitlisted_at=timezone.now()
    )
    letter_request = request_visa_letter(refused, passport_data(session))
    release_visa_letter(letter_request, by=ministry_administrator)
    report_visa_outcome(letter_request, VisaOutcome.REFUSED, by=refused)
    act_on_refused_visa(letter_request, RegistrationStatus.WAITLISTED, by=organizer)
    refused.refresh_from_db()
    waiting.refresh_from_db()
    assert refused.status == RegistrationStatus.WAITLISTED
    assert refused.history.first().history_change_reason == "visa refused"
    assert waiting.status == RegistrationStatus.SUBMITTED  # promoted to the freed place


def test_a_refused_visa_cancels_the_registration_and_revokes_the_letter(
    released, organizer, django_capture_on_commit_callbacks
):
    report_visa_outcome(released, VisaOutcome.REFUSED, by=released.registration)
    with django_capture_on_commit_callbacks(execute=True):
        act_on_refused_visa(released, RegistrationStatus.CANCELLED, by=organizer)
    registration = Registration.objects.get(pk=released.registration_id)
    assert registration.status == RegistrationStatus.CANCELLED
    released.refresh_from_db()
    assert released.status == VisaLetterStatus.REVOKED
    assert released.revocation_reason == "registration cancelled"


def test_only_a_refused_visa_can_be_acted_on(released, organizer):
    report_visa_outcome(released, VisaOutcome.GRANTED, by=released.registration)
    with pytest.raises(VisaLetterError, match="not reported as refused"):
        act_on_refused_visa(released, RegistrationStatus.CANCELLED, by=organizer)


def test_a_viewer_cannot_act_on_a_refused_visa(released, viewer):
    report_visa_outcome(released, VisaOutcome.REFUSED, by=released.registration)
    with pytest.raises(ActionNotAllowed):
        act_on_refused_visa(released, RegistrationStatus.CANCELLED, by=viewer)


def test_staff_act_on_refused_visas_from_the_admin_list(client, released, organizer):
    report_visa_outcome(released, VisaOutcome.REFUSED, by=released.registration)
    log_in(client, organizer)
    url = reverse("admin:travel_visaletterrequest_changelist")
    page = client.get(url, {"visa_outcome__exact": "refused"})
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    response = client.post(
        url,
        {"action": "waitlist_refused_visas", "_selected_action": [released.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Registration.objects.get(pk=released.registration_id).status == "waitlisted"


def test_staff_revoke_a_letter_with_a_reason(client, released, ministry_administrator):
    log_in(client, ministry_administrator)
    url = reverse("admin:travel_visaletterrequest_revoke", args=[released.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"reason": "Delegate replaced by a colleague"})
    assert response.status_code == 302
    released.refresh_from_db()
    assert released.status == VisaLetterStatus.REVOKED and released.revoked_at
    assert released.revocation_reason == "Delegate replaced by a colleague"


def test_an_organizer_cannot_revoke_a_letter(client, released, organizer):
    log_in(client, organizer)
    url = reverse("admin:travel_visaletterrequest_revoke", args=[released.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    with pytest.raises(ActionNotAllowed):
        revoke_letter(released, reason="x", by=organizer)


def test_the_counts_cover_every_state_in_constant_queries(
    session, ministry_administrator, django_assert_num_queries
):
    def make(count):
        for _index in range(count):
            registration = RussianRegistrationFactory(session=session)
            letter_request = request_visa_letter(registration, passport_data(session))
            release_visa_letter(letter_request, by=ministry_administrator)
            report_visa_outcome(letter_request, VisaOutcome.GRANTED, by=registration)

    make(1)
    RussianRegistrationFactory(session=session)  # entitled, no request
    pending = request_visa_letter(
        RussianRegistrationFactory(session=session), passport_data(session)
    )
    assert pending.status == VisaLetterStatus.REQUESTED
    with django_assert_num_queries(2):
        counts = visa_tracking_counts(session)
    assert counts["ready"] == 1 and counts["granted"] == 1 and counts["requested"] == 1
    make(5)
    with django_assert_num_queries(2):
        counts = visa_tracking_counts(session)
    assert counts["ready"] == 6 and counts["granted"] == 6


def test_entitled_delegates_without_a_request_are_reminded_before_the_deadline(
    session, mailoutbox, django_capture_on_commit_callbacks, ministry_administrator
):
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    VisaSettings.objects.create(session=session, letter_deadline=deadline)
    waiting = RussianRegistrationFactory(session=session)
    asked = RussianRegistrationFactory(session=session)
    request_visa_letter(asked, passport_data(session))
    RegistrationFactory(session=session)  # Italian, at home: no letter
    assert registrations_to_remind_of_the_letter_deadline(session) == []
    a_week_before = deadline - datetime.timedelta(days=6)
    assert registrations_to_remind_of_the_letter_deadline(session, a_week_before) == [waiting]
    now = timezone.now() + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now) == 1
        assert send_due_reminders(now + datetime.timedelta(hours=1)) == 0
    assert SentReminder.objects.get().kind == "visa_letter_deadline"
    (message,) = mailoutbox
    assert message.to == [waiting.person.email]
    assert message.subject.startswith("Визовое приглашение на ")
    assert f"/visa-letter/{waiting.management_token}/" in message.body


def test_the_italian_reminder_s_subject_elides_the_article_before_the_deadline(
    mailoutbox, django_capture_on_commit_callbacks
):
    """An Italian delegate going to a session in Russia is reminded «entro l’8 …», in the
    subject as in the body."""
    from sessions_app.dates import long_date
    from tests.factories import RussianSessionFactory

    session = RussianSessionFactory()
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    while deadline.day != 8:
        deadline += datetime.timedelta(days=1)
    VisaSettings.objects.create(session=session, letter_deadline=deadline)
    italian = RegistrationFactory(session=session)
    assert italian.language == "it"
    now = datetime.datetime.combine(
        deadline - datetime.timedelta(days=6), datetime.time(12), tzinfo=datetime.UTC
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now) == 1
    (message,) = mailoutbox
    with translation.override("it"):
        day = long_date(deadline)
    assert message.subject.endswith(f": la chieda entro l’{day}"), message.subject
    assert f"entro l’{day}" in message.body


def test_staff_list_of_letters_shows_sent_and_outcome(client, released, organizer):
    mark_sent(released, by=organizer)
    report_visa_outcome(released, VisaOutcome.APPLIED, by=released.registration)
    log_in(client, organizer)
    page = client.get(
        reverse("admin:travel_visaletterrequest_changelist"),
        {"registration__session__id__exact": released.registration.session_id},
    )
    content = page.content.decode()
    assert "Applied for the visa" in content or "Domanda di visto presentata" in content
    assert VisaLetterRequest.objects.get().status == VisaLetterStatus.SENT


def test_the_letter_buttons_show_only_to_whom_may_follow_them(
    client, released, organizer, ministry_administrator
):
    """An organizer (no passport data) sees no PDF or Revoke button, whose pages would answer
    403; a Ministry administrator sees both, and they open."""
    changelist = reverse("admin:travel_visaletterrequest_changelist")
    pdf = reverse("admin:travel_visaletterrequest_letter", args=[released.pk])
    revoke = reverse("admin:travel_visaletterrequest_revoke", args=[released.pk])
    log_in(client, organizer)
    content = client.get(changelist).content.decode()
    assert released.registration.person.full_name_latin in content
    assert pdf not in content and revoke not in content
    assert client.get(pdf).status_code == 403
    client.logout()
    log_in(client, ministry_administrator)
    content = client.get(changelist).content.decode()
    assert pdf in content and revoke in content
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(revoke).status_code == 200


def test_the_italian_admin_change_page_names_the_letter_number_in_italian(
    client, released, organizer
):
    log_in(client, organizer)
    with translation.override("it"):
        url = reverse("admin:travel_visaletterrequest_change", args=[released.pk])
        content = client.get(url).content.decode()
    assert '<html lang="it"' in content
    assert "Letter number" not in content
    assert "Numero della lettera" in content and released.letter_number in content
