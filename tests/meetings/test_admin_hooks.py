"""The Meeting Point's admin hooks call the services: each one through the Django client."""

import pytest
from django.urls import reverse

from core.authorization import SYSTEM, ActionNotAllowed
from meetings import services
from meetings.admin import MeetingAdminForm
from meetings.models import Meeting, MeetingPoint, MeetingRequest, MeetingRequestStatus
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


def test_a_slot_taken_meanwhile_is_an_error_on_the_form_not_a_500(
    organizer_client, meeting_point, italian, russian, monkeypatch
):
    """Another organizer takes the table between the form's check and the save: the
    service refuses under its lock, and the page shows why with what was typed."""
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    session = meeting_point.session
    others = (RegistrationFactory(session=session), RussianRegistrationFactory(session=session))
    original_clean = MeetingAdminForm.clean

    def clean_then_someone_else_takes_the_table(form):
        data = original_clean(form)
        if not Meeting.objects.filter(slot=2, table_number=3).exists():
            services.create_meeting_by_staff(meeting_point, *others, 2, 3, by=SYSTEM)
        return data

    monkeypatch.setattr(MeetingAdminForm, "clean", clean_then_someone_else_takes_the_table)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = organizer_client.post(
        url, change_data(meeting, slot="2", table_number="3", notes="Typed by staff")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    # The admin speaks Italian by default.
    assert form.non_field_errors() == ["Il tavolo è già occupato in questa fascia oraria."]
    assert form["notes"].value() == "Typed by staff"
    assert form["table_number"].value() == "3"
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table_number, meeting.notes) == (None, None, "")


def test_an_interpreter_no_longer_free_is_an_error_on_the_form(
    organizer_client, meeting_point, italian, russian
):
    meeting_point.interpreters_per_slot = 1
    meeting_point.save()
    session = meeting_point.session
    services.create_meeting_by_staff(
        meeting_point,
        RegistrationFactory(session=session),
        RussianRegistrationFactory(session=session),
        1,
        2,
        interpreter=True,
        by=SYSTEM,
    )
    meeting = services.create_meeting_by_staff(
        meeting_point, italian, russian, 1, 1, interpreter=False, by=SYSTEM
    )
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = organizer_client.post(url, change_data(meeting, needs_interpreter="on"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["In questa fascia oraria tutti gli interpreti sono già impegnati."]
    meeting.refresh_from_db()
    assert not meeting.needs_interpreter


def test_marking_an_unplaced_meeting_held_in_the_form_is_an_error(
    organizer_client, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=SYSTEM)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = organizer_client.post(url, change_data(meeting, is_held="on", notes="x"))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Solo un incontro con una fascia oraria e un tavolo può essere segnato come svolto."
    ]
    meeting.refresh_from_db()
    assert not meeting.is_held and meeting.notes == ""


def test_releasing_in_the_admin_records_who_and_why(
    organizer_client, organizer, meeting_point, italian, russian
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 1, 1, by=SYSTEM)
    response = organizer_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "release", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_manual and meeting.slot == 1
    entry = meeting.history.first()
    assert (entry.history_user, entry.history_change_reason) == (
        organizer,
        "released to the scheduler",
    )


def test_deleting_a_pending_request_in_the_admin_withdraws_it_and_tells_the_recipient(
    organizer_client,
    organizer,
    meeting_point,
    italian,
    russian,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    request = services.send_request(italian, russian, "Buongiorno")
    mailoutbox.clear()
    url = reverse("admin:meetings_meetingrequest_delete", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert organizer_client.post(url, {"post": "yes"}).status_code == 302
    assert not MeetingRequest.objects.exists()
    assert [message.to for message in mailoutbox] == [[russian.person.email]]
    assert "отозван" in mailoutbox[0].subject
    last = MeetingRequest.history.filter(id=request.pk).first()
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-",
        organizer,
        "deleted by staff",
    )
    withdrawn = MeetingRequest.history.filter(id=request.pk, history_type="~").first()
    assert withdrawn.status == MeetingRequestStatus.CANCELLED


def test_deleting_accepted_requests_in_bulk_cancels_their_meetings_and_tells_both(
    organizer_client,
    meeting_point,
    italian,
    russian,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    request = services.send_request(russian, italian, "")
    services.accept_request(request, by=italian)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("admin:meetings_meetingrequest_changelist"),
            {"action": "delete_selected", "_selected_action": [request.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not MeetingRequest.objects.exists()
    assert not Meeting.objects.exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [italian.person.email, russian.person.email]
    )


def test_a_viewer_cannot_delete_a_meeting_request(client, viewer, meeting_point, italian, russian):
    request = services.send_request(italian, russian, "")
    log_in(client, viewer)
    delete = reverse("admin:meetings_meetingrequest_delete", args=[request.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    with pytest.raises(ActionNotAllowed):
        services.delete_requests([request], by=viewer)
    assert MeetingRequest.objects.filter(pk=request.pk).exists()


def test_a_meeting_point_with_requests_cannot_be_deleted_in_the_admin(
    client, ministry_administrator, meeting_point, italian, russian
):
    services.send_request(italian, russian, "")
    log_in(client, ministry_administrator)
    url = reverse("admin:meetings_meetingpoint_delete", args=[meeting_point.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any("richieste o incontri" in message for message in shown), shown
    assert MeetingPoint.objects.filter(pk=meeting_point.pk).exists()


def test_an_empty_meeting_point_is_deleted_with_who_did_it(
    client, ministry_administrator, meeting_point
):
    log_in(client, ministry_administrator)
    url = reverse("admin:meetings_meetingpoint_delete", args=[meeting_point.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not MeetingPoint.objects.exists()
    last = MeetingPoint.history.filter(id=meeting_point.pk).first()
    assert (last.history_user, last.history_change_reason) == (
        ministry_administrator,
        "deleted by staff",
    )


def test_approving_a_profile_in_its_admin_form_records_who(
    organizer_client, organizer, meeting_point, italian
):
    profile = italian.b2b_profile
    url = reverse("admin:meetings_b2bprofile_change", args=[profile.pk])
    form = organizer_client.get(url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, False, "")
    }
    data.update({"is_approved": "on", "sectors": '["mechanics"]', "languages": '["it", "en"]'})
    data["unavailable_slots"] = "[]"
    assert organizer_client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.is_approved
    entry = profile.history.first()
    assert (entry.history_user, entry.history_change_reason) == (organizer, "changed by staff")
