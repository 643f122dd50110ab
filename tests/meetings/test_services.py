import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.authorization import ActionNotAllowed
from meetings import reading, services
from meetings.models import Meeting, MeetingRequest, MeetingRequestStatus, MeetingStatus
from meetings.signals import meeting_state_changed
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_profile

pytestmark = pytest.mark.django_db


def send(sender, recipient, message="Let us meet", **kwargs):
    return services.send_request(sender, recipient, message, **kwargs)


def test_slots_skip_the_break_and_resume_after_it(meeting_point):
    slots = meeting_point.slots()
    local = [meeting_point.local(slot.starts_at).strftime("%H:%M") for slot in slots]
    assert local == ["15:00", "15:20", "15:40", "16:20", "16:40"]
    assert meeting_point.capacity == 15


def test_a_russian_delegate_asks_an_italian_one_and_both_get_emails(
    meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = send(russian, italian)
    assert request.status == MeetingRequestStatus.PENDING
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [italian.person.email]
    assert "Anna Ivanova" in mailoutbox[0].subject  # Latin script shown next to the Cyrillic

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(request, by=italian)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == [russian.person.email]
    meeting = Meeting.objects.get(request=request)
    assert {meeting.registration_a, meeting.registration_b} == {italian, russian}
    assert meeting.slot is None


def test_the_email_is_in_the_recipients_language(
    meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = send(italian, russian)
    assert "/ru/meeting-point/" in mailoutbox[0].body
    assert "двусторонн" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request, by=russian)
    assert "/it/meeting-point/" in mailoutbox[1].body
    assert "incontro bilaterale" in mailoutbox[1].body


def test_a_request_to_oneself_is_refused(meeting_point, italian):
    with pytest.raises(services.MeetingPointError, match="yourself"):
        send(italian, italian)


def test_a_request_to_ones_own_delegation_is_refused_when_cross_delegation_only(
    meeting_point, italian
):
    colleague = RegistrationFactory(session=italian.session, wants_bilateral_meetings=True)
    make_profile(colleague)
    with pytest.raises(services.MeetingPointError, match="between the Italian and the Russian"):
        send(italian, colleague)
    meeting_point.cross_delegation_only = False
    meeting_point.save()
    assert send(italian, colleague).pk


@pytest.mark.parametrize(
    "change",
    [{"status": "submitted"}, {"status": "cancelled"}, {"wants_bilateral_meetings": False}],
)
def test_a_request_to_a_delegate_not_approved_or_opted_out_is_refused(
    meeting_point, italian, russian, change
):
    for name, value in change.items():
        setattr(russian, name, value)
    russian.save()
    with pytest.raises(services.MeetingPointError, match="does not take part"):
        send(italian, russian)


def test_a_delegate_not_approved_cannot_send(meeting_point, italian, russian):
    italian.status = "waitlisted"
    italian.save()
    with pytest.raises(services.MeetingPointError, match="approved delegates only"):
        send(italian, russian)


def test_a_delegate_without_profile_cannot_send(meeting_point, russian):
    newcomer = RegistrationFactory(session=russian.session, wants_bilateral_meetings=True)
    with pytest.raises(services.MeetingPointError, match="profile"):
        send(newcomer, russian)


def test_profiles_awaiting_approval_cannot_be_asked(meeting_point, italian, russian, organizer):
    meeting_point.requires_profile_approval = True
    meeting_point.save()
    with pytest.raises(services.MeetingPointError, match="does not take part"):
        send(italian, russian)
    services.approve_profiles([russian.b2b_profile], by=organizer)
    assert send(italian, russian).pk


def test_duplicate_requests_are_refused_in_either_direction(meeting_point, italian, russian):
    send(italian, russian)
    with pytest.raises(services.MeetingPointError, match="already sent"):
        send(italian, russian)
    with pytest.raises(services.MeetingPointError, match="already asked you"):
        send(russian, italian)
    assert MeetingRequest.objects.count() == 1


def test_a_declined_request_cannot_be_sent_again(meeting_point, italian, russian):
    request = send(italian, russian)
    services.decline_request(request, by=russian)
    with pytest.raises(services.MeetingPointError, match="declined"):
        send(italian, russian)


def test_a_withdrawn_request_can_be_sent_again(meeting_point, italian, russian):
    request = send(italian, russian)
    services.cancel_request(request, by=italian)
    again = send(russian, italian, "Now me")
    assert again.pk == request.pk
    assert (again.sender, again.recipient, again.status) == (russian, italian, "pending")


def test_the_database_refuses_a_second_request_between_the_same_pair(
    meeting_point, italian, russian
):
    send(italian, russian)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(
            meeting_point=meeting_point, sender=russian, recipient=italian
        )


def test_requests_after_the_meeting_point_closed_are_refused(meeting_point, italian, russian):
    meeting_point.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting_point.save()
    with pytest.raises(services.MeetingPointError, match="closed"):
        send(italian, russian)


def test_answers_after_the_meeting_point_closed_are_refused(meeting_point, italian, russian):
    request = send(italian, russian)
    later = meeting_point.ends_at + datetime.timedelta(hours=1)
    with pytest.raises(services.MeetingPointError, match="closed"):
        services.accept_request(request, by=russian, now=later)


def test_only_the_recipient_answers(meeting_point, italian, russian):
    request = send(italian, russian)
    with pytest.raises(services.MeetingPointError, match="received"):
        services.accept_request(request, by=italian)
    services.accept_request(request, by=russian)
    with pytest.raises(services.MeetingPointError, match="already been answered"):
        services.decline_request(request, by=russian)


def test_a_delegate_cannot_accept_more_requests_than_their_cap(meeting_point, italian):
    italian.b2b_profile.max_accepted_requests = 1
    italian.b2b_profile.save()
    senders = [
        RussianRegistrationFactory(session=italian.session, wants_bilateral_meetings=True)
        for _ in range(2)
    ]
    requests = []
    for sender in senders:
        make_profile(sender)
        requests.append(send(sender, italian))
    services.accept_request(requests[0], by=italian)
    with pytest.raises(services.MeetingPointError, match="accepted 1 request,"):
        services.accept_request(requests[1], by=italian)


def test_cancelling_an_accepted_request_removes_the_meeting_and_tells_the_other(
    meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    request = send(italian, russian)
    services.accept_request(request, by=russian)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_request(request, by=russian)
    assert not Meeting.objects.exists()
    assert mailoutbox[-1].to == [italian.person.email]


def test_a_meeting_needs_an_interpreter_without_a_common_language(meeting_point, italian, russian):
    request = send(italian, russian)
    services.accept_request(request, by=russian)
    assert Meeting.objects.get().needs_interpreter is False  # both speak English
    italian.b2b_profile.languages = ["it"]
    italian.b2b_profile.save()
    assert services.needs_interpreter(italian, russian) is True


def test_staff_arrange_a_meeting_by_hand_and_pin_it(meeting_point, italian, russian, organizer):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 2, 1, by=organizer)
    assert (meeting.slot, meeting.table_number, meeting.is_manual) == (2, 1, True)
    with pytest.raises(services.MeetingPointError, match="already have a meeting"):
        services.create_meeting_by_staff(meeting_point, russian, italian, by=organizer)


def test_staff_cannot_double_book_a_table_or_a_delegate(meeting_point, italian, russian, organizer):
    services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=organizer)
    other_russian = RussianRegistrationFactory(session=italian.session)
    other_italian = RegistrationFactory(session=italian.session)
    with pytest.raises(services.MeetingPointError, match="already has a meeting"):
        services.create_meeting_by_staff(meeting_point, italian, other_russian, 0, 2, by=organizer)
    with pytest.raises(services.MeetingPointError, match="table is already taken"):
        services.create_meeting_by_staff(
            meeting_point, other_italian, other_russian, 0, 1, by=organizer
        )
    with pytest.raises(services.MeetingPointError, match="numbered from 1 to 3"):
        services.create_meeting_by_staff(
            meeting_point, other_italian, other_russian, 0, 4, by=organizer
        )
    with pytest.raises(services.MeetingPointError, match="no such slot"):
        services.create_meeting_by_staff(
            meeting_point, other_italian, other_russian, 9, 1, by=organizer
        )


def test_the_interpreter_cap_holds_for_meetings_placed_by_hand(
    meeting_point, italian, russian, organizer
):
    meeting_point.interpreters_per_slot = 1
    meeting_point.save()
    services.create_meeting_by_staff(
        meeting_point, italian, russian, 0, 1, interpreter=True, by=organizer
    )
    others = [
        RegistrationFactory(session=italian.session),
        RussianRegistrationFactory(session=italian.session),
    ]
    with pytest.raises(services.MeetingPointError, match="interpreters"):
        services.create_meeting_by_staff(
            meeting_point, *others, 0, 2, interpreter=True, by=organizer
        )


def test_the_database_refuses_a_double_booked_table(meeting_point, italian, russian):
    Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=italian,
        registration_b=russian,
        slot=0,
        table_number=1,
    )
    others = [
        RegistrationFactory(session=italian.session),
        RussianRegistrationFactory(session=italian.session),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            meeting_point=meeting_point,
            registration_a=others[0],
            registration_b=others[1],
            slot=0,
            table_number=1,
        )


def _accepted_pairs(meeting_point, pairs):
    for sender, recipient in pairs:
        services.accept_request(send(sender, recipient), by=recipient)


def test_the_scheduler_places_accepted_meetings_without_conflicts(meeting_point, organizer):
    session = meeting_point.session
    italians = [
        RegistrationFactory(session=session, wants_bilateral_meetings=True) for _ in range(4)
    ]
    russians = [
        RussianRegistrationFactory(session=session, wants_bilateral_meetings=True) for _ in range(3)
    ]
    for registration in italians + russians:
        make_profile(registration)
    _accepted_pairs(meeting_point, [(i, r) for i in italians for r in russians])
    report = services.schedule_meetings(meeting_point, by=organizer)
    assert report.total == 12 and report.placed == 12 and not report.unplaced
    seen = set()
    for meeting in Meeting.objects.all():
        for key in [
            ("table", meeting.slot, meeting.table_number),
            ("person", meeting.slot, meeting.registration_a_id),
            ("person", meeting.slot, meeting.registration_b_id),
        ]:
            assert key not in seen
            seen.add(key)
    stats = reading.statistics(meeting_point)
    assert (stats["sent"], stats["accepted"], stats["scheduled"], stats["held"]) == (12, 12, 12, 0)


def test_the_scheduler_keeps_manual_placements_and_reports_what_it_cannot_place(
    meeting_point, organizer
):
    session = meeting_point.session
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian, unavailable_slots=[3, 4])
    russians = [
        RussianRegistrationFactory(session=session, wants_bilateral_meetings=True) for _ in range(4)
    ]
    for registration in russians:
        make_profile(registration)
    pinned = services.create_meeting_by_staff(
        meeting_point, italian, russians[0], 2, 3, by=organizer
    )
    _accepted_pairs(meeting_point, [(r, italian) for r in russians[1:]])
    report = services.schedule_meetings(meeting_point, by=organizer)
    pinned.refresh_from_db()
    assert (pinned.slot, pinned.table_number, pinned.is_manual) == (2, 3, True)
    assert report.kept_manual == 1
    assert report.placed == 3  # the Italian is free in slots 0 and 1 only, besides the pinned one
    assert len(report.unplaced) == 1
    assert report.unplaced[0].reason == "agenda_full"
    assert italian.person.full_name in report.unplaced[0].message
    slots = set(Meeting.objects.filter(slot__isnull=False).values_list("slot", flat=True))
    assert slots == {0, 1, 2}


def test_a_meeting_pinned_outside_the_grid_is_reported_and_released(
    meeting_point, italian, russian, organizer
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 4, 3, by=organizer)
    meeting_point.tables = 2
    meeting_point.save()
    report = services.schedule_meetings(meeting_point, by=organizer)
    meeting.refresh_from_db()
    assert report.unplaced[0].reason == "pinned_invalid"
    assert meeting.is_manual is False and meeting.slot is None


def test_held_meetings_are_counted(meeting_point, italian, russian, organizer):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=organizer)
    services.mark_held([meeting], by=organizer)
    assert reading.statistics(meeting_point)["held"] == 1


def test_the_scheduler_places_through_the_one_door_with_history_and_events(
    meeting_point, organizer, django_capture_on_commit_callbacks
):
    """The run changes places in bulk, but like every change of a meeting: one history entry
    per meeting changed (who ran it, why) and `meeting_state_changed` after the commit."""
    session = meeting_point.session
    italians = [RegistrationFactory(session=session, wants_bilateral_meetings=True)]
    russians = [
        RussianRegistrationFactory(session=session, wants_bilateral_meetings=True) for _ in range(3)
    ]
    for registration in italians + russians:
        make_profile(registration)
    _accepted_pairs(meeting_point, [(r, italians[0]) for r in russians])
    events = []

    def listen(sender, meeting_id, old_state, new_state, actor, reason, **kwargs):
        events.append((meeting_id, old_state, new_state, actor, reason))

    meeting_state_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report = services.schedule_meetings(meeting_point, by=organizer)
            assert not events  # nothing before the commit
        assert callbacks
        ids = sorted(Meeting.objects.values_list("pk", flat=True))
        assert report.placed == 3
        assert sorted(events) == [(pk, "unplaced", "placed", organizer, "scheduled") for pk in ids]
        for meeting in Meeting.objects.all():
            entry = meeting.history.first()
            assert (entry.history_user, entry.history_change_reason) == (organizer, "scheduled")
            assert entry.slot == meeting.slot
        # A second run that changes nothing writes nothing and says nothing.
        events.clear()
        count = Meeting.history.count()
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule_meetings(meeting_point, by=organizer)
        assert Meeting.history.count() == count and not events
    finally:
        meeting_state_changed.disconnect(listen)


def test_a_held_meeting_stays_where_it_took_place_when_the_scheduler_runs(
    meeting_point, italian, russian, organizer
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 3, 2, by=organizer)
    services.release_meetings([meeting], by=organizer)
    services.mark_held([meeting], by=organizer)
    services.schedule_meetings(meeting_point, by=organizer)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table_number, meeting.is_held) == (3, 2, True)


def test_a_viewer_cannot_run_the_scheduler_or_release_meetings(
    meeting_point, italian, russian, organizer, viewer
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 1, 1, by=organizer)
    with pytest.raises(ActionNotAllowed):
        services.schedule_meetings(meeting_point, by=viewer)
    with pytest.raises(ActionNotAllowed):
        services.release_meetings([meeting], by=viewer)
    meeting.refresh_from_db()
    assert meeting.is_manual


def test_a_cancelled_meeting_keeps_its_row_with_its_state_and_frees_its_place(
    meeting_point, italian, russian, organizer
):
    """Cancelling no longer deletes: the meeting stays, "cancelled", without a place or a
    request, out of every list; the pair may meet again through a new request."""
    request = send(italian, russian)
    services.accept_request(request, by=russian)
    meeting = Meeting.objects.get()
    services.place_meeting(meeting, 2, 1, by=organizer)
    services.cancel_request(request, by=russian)
    cancelled = Meeting.all_objects.get(pk=meeting.pk)
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.is_cancelled
    assert (cancelled.slot, cancelled.table_number, cancelled.request) == (None, None, None)
    assert not Meeting.objects.exists()
    assert reading.statistics(meeting_point)["meetings"] == 0
    entry = cancelled.history.first()
    assert (entry.status, entry.history_change_reason) == (MeetingStatus.CANCELLED, "cancel")
    assert cancelled.history.filter(status=MeetingStatus.PLACED, slot=2).exists()
    # The freed place takes another meeting; the same pair may agree on a new one.
    services.accept_request(send(italian, russian), by=russian)
    again = Meeting.objects.get()
    assert again.pk != meeting.pk and again.status == MeetingStatus.UNPLACED
    services.place_meeting(again, 2, 1, by=organizer)
    assert Meeting.objects.get().status == MeetingStatus.PLACED


def test_the_status_follows_the_place_and_the_database_holds_it(
    meeting_point, italian, russian, organizer
):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, by=organizer)
    assert meeting.status == MeetingStatus.UNPLACED
    services.place_meeting(meeting, 1, 1, by=organizer)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLACED
    services.mark_held([meeting], by=organizer)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PLACED)


def test_a_cancelled_meeting_cannot_change_again(meeting_point, italian, russian, organizer):
    meeting = services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=organizer)
    assert services.cancel_meetings([meeting], by=organizer) == 1
    with pytest.raises(services.MeetingPointError):
        services.place_meeting(meeting, 1, 1, by=organizer)
    assert services.cancel_meetings([Meeting.all_objects.get(pk=meeting.pk)], by=organizer) == 0


def test_the_text_part_and_subject_show_names_and_messages_as_written_not_html_escaped(
    meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    italian.person.family_name = "D'Angelo"
    italian.person.save(update_fields=["family_name"])
    for registration, name in ((italian, "Rossi & Figli"), (russian, "Ural's Machines & Co")):
        registration.organization.name_latin = name
        registration.organization.save(update_fields=["name_latin"])
    with django_capture_on_commit_callbacks(execute=True):
        request = send(italian, russian, "Parliamo dell'offerta <CNC> & dei tempi")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(request, by=russian)
    received, accepted = mailoutbox
    assert "D'Angelo" in received.subject
    assert "Parliamo dell'offerta <CNC> & dei tempi" in received.body
    assert "D'Angelo" in received.body and "(Rossi & Figli)" in received.body
    assert "Ural's Machines & Co" in accepted.body
    for message in (received, accepted):
        assert "&amp;" not in message.body + message.subject
        assert "&#x27;" not in message.body + message.subject
    # The HTML part escapes them, as HTML must.
    assert "Parliamo dell&#x27;offerta &lt;CNC&gt; &amp; dei tempi" in received.alternatives[0][0]
