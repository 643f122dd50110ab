"""The Protocol's lifecycle: one table, one function (agreements/services/protocols.py)."""

import pytest

from agreements import services
from agreements.models import ProtocolIsFinal, ProtocolStatus
from agreements.services.protocols import PROTOCOL_TABLE, change_protocol_state
from agreements.signals import protocol_state_changed
from core.authorization import ActionNotAllowed
from tests.agreements.factories import protocol_with_sections
from tests.factories import PastSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(private_media):
    return protocol_with_sections(PastSessionFactory(), count=2)


@pytest.fixture
def events():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    protocol_state_changed.connect(receiver, dispatch_uid="test-protocol-events")
    yield received
    protocol_state_changed.disconnect(dispatch_uid="test-protocol-events")


def test_the_table_has_draft_to_final_and_no_way_back():
    assert set(PROTOCOL_TABLE) == {(ProtocolStatus.DRAFT, ProtocolStatus.FINAL)}


def test_finalizing_writes_one_history_entry_and_one_event_after_the_commit(
    draft, finalizer, events, django_capture_on_commit_callbacks
):
    before = draft.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        change_protocol_state(draft, ProtocolStatus.FINAL, by=finalizer, reason="signed in Rome")
        assert events == []
    assert draft.history.count() == before + 1
    entry = draft.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (finalizer, "signed in Rome")
    assert len(events) == 1
    event = events[0]
    assert (event["old_state"], event["new_state"]) == (ProtocolStatus.DRAFT, ProtocolStatus.FINAL)
    assert event["actor"] == finalizer


def test_a_final_protocol_goes_nowhere(draft, finalizer):
    services.finalize_protocol(draft, by=finalizer)
    for target in (ProtocolStatus.FINAL, ProtocolStatus.DRAFT):
        with pytest.raises(ProtocolIsFinal):
            change_protocol_state(draft, target, by=finalizer)


def test_a_viewer_and_an_editor_are_refused_by_the_service(draft, editor, viewer, events):
    for user in (editor, viewer):
        with pytest.raises(ActionNotAllowed):
            change_protocol_state(draft, ProtocolStatus.FINAL, by=user)
    draft.refresh_from_db()
    assert draft.status == ProtocolStatus.DRAFT
    assert events == []
