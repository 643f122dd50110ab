"""Registration workflow through the services: every transition and its e-mail."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.authorization import SYSTEM, ActionNotAllowed
from delegates.models import Person, Registration, RegistrationStatus
from delegates.services import (
    RegistrationError,
    approve,
    cancel,
    confirm_email,
    places_left,
    promote_from_waitlist,
    register_by_staff,
    reject,
    submit_registration,
    waitlist,
)
from tests.delegates.conftest import details, russian_details
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
)

pytestmark = pytest.mark.django_db
Status = RegistrationStatus


def submitted(session, run_on_commit, **overrides):
    with run_on_commit():
        registration, _ = submit_registration(session, details(**overrides))
    with run_on_commit():
        confirm_email(registration)
    registration.refresh_from_db()
    return registration


def test_submission_waits_for_email_confirmation_and_sends_the_link(
    session, run_on_commit, mailoutbox
):
    with run_on_commit():
        registration, outcome = submit_registration(session, details())
    assert outcome == "created"
    assert registration.status == Status.PENDING_CONFIRMATION
    assert registration.privacy_consent_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["giulia.bianchi@example.org"]
    assert "Confermi" in message.subject
    assert "/it/registration/confirm/" in message.body
    assert f"/it/registration/{registration.management_token}/" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]


def test_confirmation_hands_the_registration_to_staff(session, run_on_commit, mailoutbox):
    registration = submitted(session, run_on_commit)
    assert registration.status == Status.SUBMITTED
    assert registration.confirmed_at and registration.submitted_at
    assert len(mailoutbox) == 1  # only the confirmation request


def test_confirming_twice_is_harmless(session, run_on_commit):
    registration = submitted(session, run_on_commit)
    confirm_email(registration)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_russian_delegate_gets_russian_mail_and_icao_spelling(session, run_on_commit, mailoutbox):
    with run_on_commit():
        registration, _ = submit_registration(session, russian_details())
    person = registration.person
    assert (person.given_name_latin, person.family_name_latin) == ("Anna", "Shcherbakova")
    assert "/ru/registration/confirm/" in mailoutbox[0].body
    assert "Подтвердите" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("service", "target", "subject_word"),
    [
        (approve, Status.APPROVED, "approvata"),
        (waitlist, Status.WAITLISTED, "attesa"),
        (reject, Status.REJECTED, "registrazione"),
    ],
)
def test_staff_decisions_change_status_and_mail_the_delegate(
    session, run_on_commit, mailoutbox, service, target, subject_word, organizer
):
    registration = submitted(session, run_on_commit)
    staff = organizer
    mailoutbox.clear()
    with run_on_commit():
        service(registration, by=staff)
    registration.refresh_from_db()
    assert registration.status == target
    assert registration.decided_at is not None
    assert len(mailoutbox) == 1
    assert subject_word in mailoutbox[0].subject.lower()
    last = registration.history.first()
    assert last.history_user == staff


def test_decisions_are_sent_in_the_delegates_language(
    session, run_on_commit, mailoutbox, organizer
):
    registration = RussianRegistrationFactory(session=session, status=Status.SUBMITTED)
    with run_on_commit():
        approve(registration, by=organizer)
    assert "одобрена" in mailoutbox[0].subject
    assert "/ru/registration/" in mailoutbox[0].body


def test_unconfirmed_registration_cannot_be_approved(session, organizer):
    registration = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    with pytest.raises(RegistrationError) as error:
        approve(registration, by=organizer)
    assert error.value.code == "unconfirmed"
    registration.refresh_from_db()
    assert registration.status == Status.PENDING_CONFIRMATION


def test_approving_twice_is_refused_with_a_message(session, organizer):
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    with pytest.raises(RegistrationError) as error:
        approve(registration, by=organizer)
    assert error.value.code == "unchanged"
    assert "Approvata" in error.value.message


def test_delegate_cancellation_is_mailed_and_recorded(session, run_on_commit, mailoutbox):
    registration = submitted(session, run_on_commit)
    mailoutbox.clear()
    with run_on_commit():
        cancel(registration, by=registration)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert not registration.cancelled_by_staff
    assert registration.cancelled_at
    assert "annullata" in mailoutbox[0].subject


def test_staff_cancellation_is_marked(session, organizer):
    registration = RegistrationFactory(session=session)
    cancel(registration, by=organizer)
    registration.refresh_from_db()
    assert registration.cancelled_by_staff


def test_cancelled_registration_cannot_be_cancelled_again(session):
    registration = RegistrationFactory(session=session, status=Status.CANCELLED)
    with pytest.raises(RegistrationError):
        cancel(registration, by=registration)


def test_full_session_puts_new_confirmations_on_the_waiting_list(
    session, run_on_commit, mailoutbox
):
    session.capacity_italian = 1
    session.save()
    first = submitted(session, run_on_commit, email="first@example.org")
    second = submitted(session, run_on_commit, email="second@example.org")
    assert first.status == Status.SUBMITTED
    assert second.status == Status.WAITLISTED
    assert second.waitlisted_at is not None
    assert any("attesa" in m.subject for m in mailoutbox if m.to == ["second@example.org"])
    assert places_left(session, "IT") == 0
    # The other delegation has no limit.
    assert places_left(session, "RU") is None


def test_waitlisted_delegate_is_promoted_when_a_place_frees_up(session, run_on_commit, mailoutbox):
    session.capacity_italian = 1
    session.save()
    first = submitted(session, run_on_commit, email="first@example.org")
    second = submitted(session, run_on_commit, email="second@example.org")
    third = submitted(session, run_on_commit, email="third@example.org")
    mailoutbox.clear()
    with run_on_commit():
        cancel(first, by=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.SUBMITTED
    assert third.status == Status.WAITLISTED
    promoted_mail = [m for m in mailoutbox if m.to == ["second@example.org"]]
    assert promoted_mail and "posto" in promoted_mail[0].subject


def test_rejection_frees_the_place_for_the_waiting_list(session, run_on_commit, organizer):
    session.capacity_italian = 1
    session.save()
    first = submitted(session, run_on_commit, email="first@example.org")
    second = submitted(session, run_on_commit, email="second@example.org")
    reject(first, by=organizer)
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED


def test_staff_waitlisting_does_not_bounce_back(session, run_on_commit, organizer):
    session.capacity_italian = 1
    session.save()
    first = submitted(session, run_on_commit, email="first@example.org")
    waitlist(first, by=organizer)
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def test_approving_from_the_waiting_list_needs_a_free_place(session, run_on_commit, organizer):
    session.capacity_italian = 1
    session.save()
    submitted(session, run_on_commit, email="first@example.org")
    second = submitted(session, run_on_commit, email="second@example.org")
    with pytest.raises(RegistrationError) as error:
        approve(second, by=organizer)
    assert error.value.code == "full"


def test_promotion_follows_the_order_of_the_waiting_list(session, organizer):
    session.capacity_italian = 2
    session.save()
    moment = timezone.now()
    late = RegistrationFactory(session=session, status=Status.WAITLISTED, waitlisted_at=moment)
    early = RegistrationFactory(
        session=session,
        status=Status.WAITLISTED,
        waitlisted_at=moment - datetime.timedelta(hours=1),
    )
    RegistrationFactory(session=session, status=Status.APPROVED)
    promoted = promote_from_waitlist(session, by=organizer)
    assert promoted == [early]
    late.refresh_from_db()
    assert late.status == Status.WAITLISTED


def test_no_automatic_promotion_without_a_capacity(session, organizer):
    registration = RegistrationFactory(
        session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    assert promote_from_waitlist(session, by=organizer) == []
    registration.refresh_from_db()
    assert registration.status == Status.WAITLISTED


def test_registration_outside_the_window_is_refused_and_nothing_saved(session):
    session.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    with pytest.raises(RegistrationError) as error:
        submit_registration(session, details())
    assert error.value.code == "closed"
    assert not Person.objects.exists()

    session.registration_opens = timezone.now() + datetime.timedelta(days=1)
    session.registration_closes = timezone.now() + datetime.timedelta(days=2)
    session.save()
    with pytest.raises(RegistrationError) as error:
        submit_registration(session, details())
    assert error.value.code == "not_yet_open"


def test_second_registration_for_the_same_session_is_refused_and_the_link_resent(
    session, run_on_commit, mailoutbox
):
    first = submitted(session, run_on_commit)
    mailoutbox.clear()
    with run_on_commit(), pytest.raises(RegistrationError) as error:
        submit_registration(session, details(given_name="Someone", family_name="Else"))
    assert error.value.code == "duplicate"
    first.refresh_from_db()
    assert first.person.given_name == "Giulia"
    assert len(mailoutbox) == 1
    assert first.management_token in mailoutbox[0].body
    assert Registration.objects.count() == 1


def test_submitting_again_before_confirming_replaces_the_data(session, run_on_commit):
    with run_on_commit():
        first, _ = submit_registration(session, details(position="Intern"))
    second, outcome = submit_registration(session, details(position="CEO"))
    assert outcome == "updated"
    assert second.pk == first.pk
    assert second.position == "CEO"


def test_known_address_changes_names_only_when_confirmed(session, run_on_commit):
    other = RegistrationFactory(person__email="giulia.bianchi@example.org")
    with run_on_commit():
        registration, _ = submit_registration(session, details(given_name="Impostor"))
    other.person.refresh_from_db()
    assert other.person.given_name != "Impostor"
    confirm_email(registration)
    other.person.refresh_from_db()
    assert other.person.given_name == "Impostor"


def test_delegate_may_register_again_after_cancelling(session, run_on_commit):
    registration = submitted(session, run_on_commit)
    cancel(registration, by=registration)
    again, outcome = submit_registration(session, details())
    assert outcome == "reopened"
    assert again.pk == registration.pk
    assert again.status == Status.PENDING_CONFIRMATION


def test_registration_cancelled_by_staff_cannot_be_resubmitted(session, run_on_commit, organizer):
    registration = submitted(session, run_on_commit)
    cancel(registration, by=organizer)
    with pytest.raises(RegistrationError) as error:
        submit_registration(session, details())
    assert error.value.code == "cancelled_by_staff"


def test_organization_duplicates_are_found_by_normalized_name(session, run_on_commit):
    first = submitted(session, run_on_commit, email="a@example.org")
    organization_details = details().organization
    organization_details.name_latin = "MECCANICA  OROBICA srl"
    second = submitted(
        session, run_on_commit, email="b@example.org", organization=organization_details
    )
    assert first.organization_id == second.organization_id


def test_new_organization_needs_a_category(session):
    organization_details = details().organization
    organization_details.category = ""
    with pytest.raises(RegistrationError) as error:
        submit_registration(session, details(organization=organization_details))
    assert error.value.field == "organization_category"
    assert not Person.objects.exists()


# --- who acts ------------------------------------------------------------------------------


@pytest.mark.parametrize("service", [approve, waitlist, reject, cancel])
def test_a_viewer_may_not_decide_and_nothing_changes(
    session, viewer, run_on_commit, mailoutbox, service
):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    history = registration.history.count()
    with run_on_commit(), pytest.raises(ActionNotAllowed) as refused:
        service(registration, by=viewer)
    assert refused.value.code == "not_allowed"
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.history.count() == history
    assert mailoutbox == []


@pytest.mark.parametrize("service", [approve, waitlist, reject, cancel])
def test_a_decision_must_say_who_takes_it(session, service):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with pytest.raises(TypeError):
        service(registration)
    for nobody in (None, AnonymousUser(), "admin"):
        with pytest.raises(ActionNotAllowed):
            service(registration, by=nobody)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_a_refusal_is_translated(session, viewer):
    from django.utils import translation

    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with translation.override("ru"), pytest.raises(ActionNotAllowed) as refused:
        approve(registration, by=viewer)
    with translation.override("ru"):
        assert "не" in str(refused.value)


def test_a_delegate_cancels_only_their_own_registration(session, run_on_commit):
    mine = RegistrationFactory(session=session, status=Status.SUBMITTED)
    theirs = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with pytest.raises(ActionNotAllowed):
        cancel(theirs, by=mine)
    theirs.refresh_from_db()
    assert theirs.status == Status.SUBMITTED
    with pytest.raises(ActionNotAllowed):
        approve(mine, by=mine)
    cancel(mine, by=mine)
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED
    assert not mine.cancelled_by_staff
    assert mine.history.first().history_user is None


def test_only_staff_who_decide_or_the_portal_promote_the_waiting_list(session, viewer):
    session.capacity_italian = 1
    session.save()
    waiting = RegistrationFactory(
        session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    with pytest.raises(ActionNotAllowed):
        promote_from_waitlist(session, by=viewer)
    with pytest.raises(TypeError):
        promote_from_waitlist(session)
    assert promote_from_waitlist(session, by=SYSTEM) == [waiting]


def test_a_viewer_may_not_enter_a_registration(session, viewer, organizer):
    registration = RegistrationFactory.build(
        session=session, person=PersonFactory(), organization=OrganizationFactory()
    )
    with pytest.raises(ActionNotAllowed):
        register_by_staff(registration, by=viewer)
    assert registration.pk is None
    register_by_staff(registration, by=organizer)
    assert registration.history.first().history_user == organizer


def _waitlisted_by_staff(session, run_on_commit, organizer, email, hours_ago):
    registration = submitted(session, run_on_commit, email=email)
    waitlist(registration, by=organizer)
    Registration.objects.filter(pk=registration.pk).update(
        waitlisted_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    return registration


def test_one_freed_place_promotes_one_delegate_even_when_the_session_has_places_to_spare(
    session, run_on_commit, organizer, mailoutbox
):
    """The demo (300 Italian places, two Italians kept waiting by staff): cancelling ONE
    registration that was only submitted sent "Si è liberato un posto per Lei" to both."""
    session.capacity_italian = 300
    session.save()
    leaving = submitted(session, run_on_commit, email="leaving@example.org")
    assert leaving.status == Status.SUBMITTED and leaving.holds_place
    first = _waitlisted_by_staff(session, run_on_commit, organizer, "first@example.org", 2)
    second = _waitlisted_by_staff(session, run_on_commit, organizer, "second@example.org", 1)
    mailoutbox.clear()
    with run_on_commit():
        cancel(leaving, by=leaving)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.SUBMITTED, Status.WAITLISTED)
    promotions = [m for m in mailoutbox if "Si è liberato un posto per Lei" in m.subject]
    assert [m.to for m in promotions] == [["first@example.org"]]


@pytest.mark.parametrize("leaving_status", [Status.WAITLISTED, Status.PENDING_CONFIRMATION])
def test_cancelling_a_registration_that_held_no_place_promotes_nobody(
    session, run_on_commit, organizer, mailoutbox, leaving_status
):
    session.capacity_italian = 300
    session.save()
    waiting = _waitlisted_by_staff(session, run_on_commit, organizer, "first@example.org", 2)
    leaving = RegistrationFactory(
        session=session, status=leaving_status, waitlisted_at=timezone.now()
    )
    with run_on_commit():
        cancel(leaving, by=organizer)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
