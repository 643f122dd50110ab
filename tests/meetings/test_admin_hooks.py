"""The Meeting Point's admin hooks call the services: each one through the Django client."""

import pytest
from django.urls import reverse

from core.authorization import SYSTEM
from meetings import services
from meetings.models import Meeting, MeetingRequestStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client, organizer):
    log_in(client, organizer)
    return client


def change_data(meeting, **values):
    data = {
        "slot": "" if meeting.slot is None else str(meeting.slot),
        "table_number": "" if meeting.table_number is None else str(meeting.table_number),
        "is_manual": "on" if meeting.is_manual else "",
        "needs_interpreter": "on" if meeting.needs_interpreter else "",
        "is_held": "on" if meeting.is_held else "",
        "notes": meeting.notes,
    }
    data.update(values)
    return {name: value for name, value in data.items() if value != ""}


def test_placing_by_hand_in_the_admin_goes_through_the_service(
    organizer_client, organizer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = organizer_client.post(url, change_data(meeting, slot="2", table_number="3"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table_number, meeting.is_manual) == (2, 3, True)
    entry = meeting.history.first()
    assert (entry.history_user, entry.history_change_reason) == (organizer, "place")


def test_marking_held_in_the_admin_form_and_list_goes_through_the_service(
    organizer_client, organizer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert organizer_client.post(url, change_data(meeting, is_held="on")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_held and meeting.held_at is not None
    assert meeting.history.first().history_change_reason == "hold"
    # Unticked again: no longer held, and the time goes with it.
    assert organizer_client.post(url, change_data(meeting, is_held="")).status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_held and meeting.held_at is None


def test_an_unplaced_meeting_cannot_be_marked_held_in_the_admin_list(
    organizer_client, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    response = organizer_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "mark_held", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_held


def test_notes_changed_in_the_admin_keep_the_placement(
    organizer_client, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 1, 1, by=SYSTEM)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = change_data(meeting, notes="Interpreter from ICE")
    assert organizer_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Interpreter from ICE"
    assert (meeting.slot, meeting.table_number, meeting.is_manual) == (1, 1, True)


def test_unpinning_in_the_admin_lets_the_scheduler_move_it(
    organizer_client, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 1, 1, by=SYSTEM)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert organizer_client.post(url, change_data(meeting, is_manual="")).status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_manual
    assert meeting.slot == 1


def test_deleting_a_meeting_in_the_admin_cancels_it_and_tells_both_delegates(
    organizer_client,
    meeting_point,
    italian,
    russian,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    request = services.send_request(russian, italian, "")
    services.accept_request(request, by=italian)
    meeting = Meeting.objects.get()
    mailoutbox.clear()
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert organizer_client.post(url, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.exists()
    request.refresh_from_db()
    assert request.status == MeetingRequestStatus.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [italian.person.email, russian.person.email]
    )
    assert Meeting.history.filter(id=meeting.pk).first().history_change_reason == (
        "deleted by staff"
    )


def test_deleting_selected_meetings_in_the_admin_cancels_each(
    organizer_client, meeting_point, italian, russian
):
    session = meeting_point.session
    first = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    second = services.create_meeting_by_staff(
        meeting_point,
        RegistrationFactory(session=session),
        RussianRegistrationFactory(session=session),
        by=SYSTEM,
    )
    response = organizer_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Meeting.objects.exists()


def test_a_viewer_cannot_change_or_delete_a_meeting(
    client, viewer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    log_in(client, viewer)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    client.post(url, change_data(meeting, slot="2", table_number="3"))
    delete = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.slot is None
