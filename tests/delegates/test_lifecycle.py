"""The registration lifecycle's table and its one function (delegates/services/lifecycle.py)."""

import re

import pytest
from django.db import transaction
from django.utils import translation

from core.authorization import SYSTEM, ActionNotAllowed
from delegates.models import Registration, RegistrationStatus
from delegates.services import lifecycle
from delegates.services.exceptions import RegistrationError
from delegates.services.lifecycle import NEW, TABLE, TRANSITIONS, Actor, transition
from delegates.signals import registration_state_changed
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = RegistrationStatus

ALLOWED = sorted(
    (source, target)
    for (source, target), row in TABLE.items()
    if source is not NEW and not row.overflow_only
)
FORBIDDEN = sorted(
    (source, target)
    for source in Status.values
    for target in Status.values
    if (source, target) not in ALLOWED
)
CYRILLIC = re.compile("[А-Яа-яЁё]")


def actor_for(target, registration):
    """SYSTEM when some change to `target` admits it, else the delegate themselves."""
    rows = [row for row in TRANSITIONS if row.target == target and not row.overflow_only]
    if any(Actor.SYSTEM in row.actors for row in rows):
        return SYSTEM
    return registration


@pytest.fixture
def events():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    registration_state_changed.connect(receiver, dispatch_uid="test-lifecycle-events")
    yield received
    registration_state_changed.disconnect(dispatch_uid="test-lifecycle-events")


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_change_works(session, source, target, run_on_commit):
    registration = RegistrationFactory(session=session, status=source)
    with run_on_commit():
        transition(registration, target, by=actor_for(target, registration))
    registration.refresh_from_db()
    assert registration.status == target


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_every_forbidden_change_is_refused_with_a_translated_error(session, source, target):
    registration = RegistrationFactory(session=session, status=source)
    before = registration.history.count()
    with translation.override("ru"), pytest.raises(RegistrationError) as error:
        transition(registration, target, by=actor_for(target, registration))
    assert CYRILLIC.search(error.value.args[0]), error.value
    registration.refresh_from_db()
    assert registration.status == source
    assert registration.history.count() == before


@pytest.mark.parametrize(
    "target", [Status.APPROVED, Status.WAITLISTED, Status.REJECTED, Status.CANCELLED]
)
def test_a_viewer_is_refused_by_the_service_itself(session, viewer, target, events):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with pytest.raises(ActionNotAllowed):
        transition(registration, target, by=viewer)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.history.count() == 1
    assert events == []


def test_a_delegate_may_cancel_but_not_approve_their_own_registration(session, run_on_commit):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with pytest.raises(ActionNotAllowed):
        transition(registration, Status.APPROVED, by=registration)
    other = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with pytest.raises(ActionNotAllowed):
        transition(registration, Status.CANCELLED, by=other)
    with run_on_commit():
        transition(registration, Status.CANCELLED, by=registration)
    assert registration.status == Status.CANCELLED
    assert not registration.cancelled_by_staff


def test_a_change_writes_one_history_entry_with_actor_and_reason(session, organizer):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    before = registration.history.count()
    transition(registration, Status.APPROVED, by=organizer, reason="checked on the phone")
    assert registration.history.count() == before + 1
    entry = registration.history.first()
    assert entry.history_user == organizer
    assert entry.history_change_reason == "checked on the phone"
    assert entry.status == Status.APPROVED


def test_a_delegate_change_has_no_user_but_a_reason(session):
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    transition(registration, Status.CANCELLED, by=registration)
    entry = registration.history.first()
    assert entry.history_user is None
    assert entry.history_change_reason == "cancelled by the delegate"


def test_only_the_changed_fields_are_saved(session, organizer):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    # Someone else changes the notes meanwhile: the transition must not write them back.
    Registration.objects.filter(pk=registration.pk).update(staff_notes="called twice")
    transition(registration, Status.APPROVED, by=organizer)
    registration.refresh_from_db()
    assert registration.staff_notes == "called twice"
    assert registration.status == Status.APPROVED


def test_the_event_is_sent_once_after_the_commit(session, organizer, events, run_on_commit):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with run_on_commit():
        transition(registration, Status.APPROVED, by=organizer, reason="ok")
        assert events == []  # not before the commit
    assert len(events) == 1
    event = events[0]
    assert event["registration"].pk == registration.pk
    assert (event["old_state"], event["new_state"]) == (Status.SUBMITTED, Status.APPROVED)
    assert event["actor"] == organizer
    assert event["reason"] == "ok"


def test_no_event_when_the_transaction_rolls_back(session, organizer, events, run_on_commit):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with run_on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        transition(registration, Status.APPROVED, by=organizer)
        raise RuntimeError("something later failed")
    assert events == []
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_a_failing_receiver_does_not_undo_the_change(session, organizer, run_on_commit):
    def broken(sender, **kwargs):
        raise ValueError("a receiver above is broken")

    registration_state_changed.connect(broken, dispatch_uid="test-broken-receiver")
    try:
        registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
        with run_on_commit():
            transition(registration, Status.APPROVED, by=organizer)
    finally:
        registration_state_changed.disconnect(dispatch_uid="test-broken-receiver")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_confirmation_goes_to_the_waiting_list_when_the_delegation_is_full(
    session, run_on_commit, mailoutbox, events
):
    session.capacity_italian = 1
    session.save()
    RegistrationFactory(session=session, status=Status.APPROVED)
    registration = RegistrationFactory(
        session=session, status=Status.PENDING_CONFIRMATION, confirmed_at=None
    )
    with run_on_commit():
        transition(registration, Status.SUBMITTED, by=registration)
    assert registration.status == Status.WAITLISTED
    assert registration.waitlisted_at is not None
    assert len(mailoutbox) == 1  # the waiting-list e-mail
    assert [event["new_state"] for event in events] == [Status.WAITLISTED]


def test_the_waiting_list_cannot_be_reached_directly_from_the_confirmation(session):
    registration = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    with pytest.raises(RegistrationError) as error:
        transition(registration, Status.WAITLISTED, by=SYSTEM)
    assert error.value.code == "unconfirmed"


def test_a_cancellation_promotes_the_waiting_list_each_with_its_own_event(
    session, organizer, events, run_on_commit, mailoutbox
):
    session.capacity_italian = 1
    session.save()
    holder = RegistrationFactory(session=session, status=Status.APPROVED)
    waiting = RegistrationFactory(session=session, status=Status.WAITLISTED)
    with run_on_commit():
        lifecycle.transition(holder, Status.CANCELLED, by=organizer)
    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED
    changes = {(event["registration"].pk, event["new_state"]) for event in events}
    assert changes == {(holder.pk, Status.CANCELLED), (waiting.pk, Status.SUBMITTED)}
    assert waiting.history.first().history_change_reason == "promoted from the waiting list"
    assert len(mailoutbox) == 2  # cancellation and promotion
