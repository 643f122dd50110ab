"""The staff's control room: one page per session (and the admin index for the next session)
that says what the session still needs, block by block as each app contributes it
(core/control_room.py), in a constant number of queries; Viewers see it without the action
buttons."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from core import control_room
from core.control_room import Block, Figure
from delegates.models import RegistrationStatus
from tests.agreements.factories import protocol_with_sections, signed_agreement
from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
)
from tests.helpers import log_in
from tests.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS, role_member
from tests.test_admin_query_counts import meeting_with_request

pytestmark = pytest.mark.django_db


def busy_session(size, number=40):
    """A session with `size` of everything the control room counts."""
    from tests.meetings.conftest import make_meeting_point
    from travel.models import VisaLetterRequest
    from venue.models import CheckIn

    session = SessionFactory(
        number=number,
        start_date=timezone.localdate() + datetime.timedelta(days=30 + number),
        end_date=timezone.localdate() + datetime.timedelta(days=31 + number),
        capacity_italian=300,
        capacity_russian=100,
    )
    for _index in range(size):
        RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
        approved = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
        CheckIn.objects.create(registration=approved, session=session)
        russian = RussianRegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
        VisaLetterRequest.objects.create(
            registration=russian, name_in_passport="IVANOV IVAN", passport_number="751234567"
        )
        signed_agreement(session)
        Email.objects.create(
            from_email="portal@example.org",
            to=["delegate@example.org"],
            subject="Your registration",
            message="Body",
            status=STATUS.failed,
        )
    meeting_point = make_meeting_point(session)
    for index in range(size):
        meeting_with_request(meeting_point, table_number=index + 1)
    protocol_with_sections(session, count=2)
    return session


def client_of(role):
    client = Client()
    log_in(client, role_member(role))
    return client


def control_room_url(session):
    return reverse("admin:sessions_app_session_control_room", args=[session.pk])


def test_the_control_room_shows_what_the_session_still_needs_in_the_staff_language():
    session = busy_session(2)
    page = client_of(ORGANIZERS).get(control_room_url(session), HTTP_ACCEPT_LANGUAGE="it")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sala di controllo" in text
    # What waits for a decision, each linked to its list.
    waiting = text.split('class="control-room-waiting')[1].split("</div>")[0]
    registrations = reverse("admin:delegates_registration_changelist")
    assert (
        f'href="{registrations}?session__id__exact={session.pk}&amp;status__exact=submitted"'
        in waiting
    )
    assert "Registrazioni da approvare: <strong>2</strong>" in waiting
    assert "Lettere per il visto da rilasciare: <strong>2</strong>" in waiting
    assert "E-mail non recapitate: <strong>2</strong>" in waiting
    # Registrations by delegation and state, against the places.
    assert "Delegazione italiana: approvate" in text
    approved = session.registrations.filter(status=RegistrationStatus.APPROVED)
    italian = approved.filter(delegation="IT").count()
    assert f"{italian} su 300" in text
    # Badges prepared against approved registrations, the B2B schedule, the Protocol.
    assert "Badge preparati" in text and f"0 su {approved.count()}" in text
    assert "Non ancora pianificato." in text or "Ultima pianificazione:" in text
    assert "Protocollo: bozza." in text
    assert "Progetti di collaborazione" in text  # the projects' block (projects/control_room.py)
    # Actions for an Organizer: decide on registrations, print badges; not the Protocol's.
    assert "Esamina le registrazioni inviate" in text
    assert "Stampa i badge" in text
    assert "Rendi definitivo il Protocollo" not in text


def test_a_viewer_sees_every_figure_and_no_action_button():
    session = busy_session(2)
    viewer = client_of(VIEWERS).get(control_room_url(session), HTTP_ACCEPT_LANGUAGE="en")
    administrator = client_of(MINISTRY_ADMINISTRATORS).get(
        control_room_url(session), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert viewer.status_code == administrator.status_code == 200
    viewer_text, administrator_text = viewer.content.decode(), administrator.content.decode()
    assert 'class="button"' not in viewer_text
    assert "Registrations to approve: <strong>2</strong>" in viewer_text
    assert "Visa letters to release: <strong>2</strong>" in viewer_text
    assert "Release the letters" in administrator_text
    # The Protocol is finalized from the session's first day: not offered before.
    assert "Finalize the Protocol" not in administrator_text
    session.start_date = timezone.localdate(timezone.now(), session.tzinfo)
    session.save()
    administrator = client_of(MINISTRY_ADMINISTRATORS).get(
        control_room_url(session), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Finalize the Protocol" in administrator.content.decode()


def test_the_admin_index_opens_with_the_control_room_of_the_next_session():
    PastSessionFactory(number=20)
    upcoming = busy_session(1, number=41)
    page = client_of(ORGANIZERS).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ru")
    text = page.content.decode()
    assert "Пульт управления" in text
    assert upcoming.title_and_city in text
    assert "Регистрации, ожидающие одобрения: <strong>1</strong>" in text


@pytest.mark.parametrize("size", [1, 8])
def test_the_control_room_makes_the_same_number_of_queries_for_1_and_many(
    size, django_assert_num_queries
):
    for index in range(size):
        session = busy_session(size, number=40 + index)
    client = client_of(ORGANIZERS)
    with django_assert_num_queries(QUERIES_OF_THE_CONTROL_ROOM):
        assert client.get(control_room_url(session)).status_code == 200
    with django_assert_num_queries(QUERIES_OF_THE_ADMIN_INDEX):
        assert client.get(reverse("admin:index")).status_code == 200


QUERIES_OF_THE_CONTROL_ROOM = 13
QUERIES_OF_THE_ADMIN_INDEX = 14


def test_an_app_contributes_its_block_through_the_registry(admin_client):
    session = SessionFactory()

    @control_room.register(order=60)
    def projects_to_review(session):
        return Block(
            title="Collaboration projects",
            figures=[Figure("Projects to review", 3, "/admin/projects/", waiting=True)],
        )

    try:
        text = admin_client.get(control_room_url(session)).content.decode()
    finally:
        control_room.unregister(projects_to_review)
    assert "Collaboration projects" in text
    assert '<a href="/admin/projects/">Projects to review: <strong>3</strong></a>' in text
    assert (
        "Collaboration projects" not in admin_client.get(control_room_url(session)).content.decode()
    )


def test_an_unknown_session_is_a_404(admin_client):
    url = reverse("admin:sessions_app_session_control_room", args=[999999])
    assert admin_client.get(url).status_code == 404


def test_the_meeting_point_s_figures_link_to_the_meetings_they_count_in_the_host_s_time(
    admin_client,
):
    """The placed meetings' figure leads to those meetings, not to the cancelled ones beside
    them; the last run of the scheduler is told in the host city's time, saying so."""
    from core.authorization import SYSTEM
    from meetings.models import Meeting, MeetingPoint
    from meetings.services import cancel_meetings
    from sessions_app.dates import in_language, session_moment

    session = busy_session(3)
    session.time_zone = "Europe/Moscow"
    session.save()
    cancel_meetings(Meeting.objects.filter(meeting_point__session=session)[:1], by=SYSTEM)
    point = MeetingPoint.objects.get(session=session)
    point.last_scheduled_at = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)
    point.save()

    text = admin_client.get(control_room_url(session), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    placed = text.split("Incontri inseriti nella pianificazione")[0].rsplit('href="', 1)[1]
    placed = placed.split('"')[0].replace("&amp;", "&")
    assert "2 su 2" in text
    assert "status__in=placed%2Cheld" in placed
    listing = admin_client.get(placed, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Incontri: 2" in listing
    moment = in_language("it", session_moment, point.last_scheduled_at, session)
    assert "12:00" in moment and "UTC+3" in moment
    assert f"Ultima pianificazione: {moment}." in text
