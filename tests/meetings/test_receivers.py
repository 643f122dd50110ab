"""The Meeting Point hears what happens to registrations (meetings/receivers.py)."""

import re

import pytest
from django.urls import reverse

from core.authorization import SYSTEM
from delegates.models import Registration, RegistrationStatus
from delegates.services import erase_personal_data, reject, waitlist
from delegates.services.lifecycle import delete_registrations
from meetings import reading, services
from meetings.models import Meeting, MeetingRequest, MeetingRequestStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_profile

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile("[А-Яа-яЁё]")


def placed_meeting(meeting_point, italian, russian, organizer):
    request = services.send_request(russian, italian, "Давайте встретимся")
    services.accept_request(request, by=italian)
    services.schedule_meetings(meeting_point, by=organizer)
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot is not None
    return meeting


def test_a_delegate_who_cancels_by_the_private_link_loses_the_meeting_the_partner_is_told(
    client,
    meeting_point,
    italian,
    russian,
    organizer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The issue's scenario: cancel via the private link, run the scheduler again."""
    placed_meeting(meeting_point, italian, russian, organizer)
    mailoutbox.clear()
    url = reverse("delegates:cancel", kwargs={"token": italian.management_token})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    italian.refresh_from_db()
    assert italian.status == RegistrationStatus.CANCELLED

    report = services.schedule_meetings(meeting_point, by=organizer)
    assert report.total == 0
    assert not Meeting.objects.exists()
    assert reading.agenda(russian, meeting_point) == []
    assert reading.agenda(italian, meeting_point) == []
    assert MeetingRequest.objects.get().status == MeetingRequestStatus.CANCELLED

    to_partner = [message for message in mailoutbox if message.to == [russian.person.email]]
    assert len(to_partner) == 1
    message = to_partner[0]
    assert CYRILLIC.search(message.subject), message.subject  # in the partner's language
    assert "встреча" in message.body
    assert italian.person.family_name in message.body
    assert "/ru/" in message.body  # the link to the agenda, in Russian
    html = message.alternatives[0][0]
    assert "встреча" in html
    # The delegate who cancelled gets their own cancellation, not the partner's notice.
    assert [m.to for m in mailoutbox if m is not message] == [[italian.person.email]]


def test_an_italian_partner_is_told_in_italian(
    meeting_point, italian, russian, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    placed_meeting(meeting_point, italian, russian, organizer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject(russian, by=organizer)
    to_partner = [message for message in mailoutbox if message.to == [italian.person.email]]
    assert len(to_partner) == 1
    assert "annullato" in to_partner[0].body
    assert not Meeting.objects.exists()


def test_pending_requests_of_a_waitlisted_delegate_are_withdrawn_and_each_partner_told(
    meeting_point, italian, russian, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    other = RussianRegistrationFactory(session=italian.session, wants_bilateral_meetings=True)
    make_profile(other)
    sent = services.send_request(italian, russian, "")
    received = services.send_request(other, italian, "")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waitlist(italian, by=organizer)
    for request in (sent, received):
        request.refresh_from_db()
        assert request.status == MeetingRequestStatus.CANCELLED
        entry = request.history.first()
        assert entry.history_change_reason == "registration waitlisted"
    # The delegate gets the e-mail of the waiting list; each partner, in Russian, hears that
    # the request between them is withdrawn because the delegate no longer takes part.
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {italian.person.email, russian.person.email, other.person.email}
    for partner in (russian, other):
        message = by_address[partner.person.email]
        assert "отозван" in message.subject
        assert "больше не участвует" in message.body
        assert italian.person.family_name in message.body


def test_a_held_meeting_stays_when_the_delegate_cancels_afterwards(
    meeting_point, italian, russian, organizer, django_capture_on_commit_callbacks
):
    meeting = placed_meeting(meeting_point, italian, russian, organizer)
    services.mark_held([meeting], by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        reject(italian, by=organizer)
    meeting.refresh_from_db()
    assert meeting.is_held


def test_erasure_releases_the_meetings_and_blanks_the_messages(
    meeting_point, italian, russian, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = placed_meeting(meeting_point, italian, russian, organizer)
    request = meeting.request
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(russian, by=russian)
    assert not Meeting.objects.exists()
    request.refresh_from_db()
    assert request.message == ""
    assert request.status == MeetingRequestStatus.CANCELLED
    assert not request.history.exclude(message="").exists()
    to_partner = [message for message in mailoutbox if message.to == [italian.person.email]]
    assert len(to_partner) == 1


def test_deleting_a_registration_tells_the_partner(
    meeting_point,
    italian,
    russian,
    ministry_administrator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    placed_meeting(meeting_point, italian, russian, ministry_administrator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete_registrations([italian], by=ministry_administrator)
    assert not Registration.objects.filter(pk=italian.pk).exists()
    assert not Meeting.objects.exists()
    assert [message.to for message in mailoutbox] == [[russian.person.email]]


def test_release_is_idempotent_and_needs_an_actor(meeting_point, italian, russian, organizer):
    placed_meeting(meeting_point, italian, russian, organizer)
    assert services.release_registration(italian, by=SYSTEM) == (0, 1)
    assert services.release_registration(italian, by=SYSTEM) == (0, 0)


def test_a_viewer_cannot_release_a_registration(meeting_point, italian, russian, viewer):
    from core.authorization import ActionNotAllowed

    RegistrationFactory(session=italian.session)
    with pytest.raises(ActionNotAllowed):
        services.release_registration(italian, by=viewer)
