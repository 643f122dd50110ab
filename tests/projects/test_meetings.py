"""A Meeting Point request about a project: the request carries the project, the scheduler
places it first, the agendas name it."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.authorization import SYSTEM
from meetings import documents, reading, scheduling
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingRequest
from projects.models import ProjectMeetingRequest, ProjectStatus
from projects.services import ProjectError
from projects.services.meetings import ask_for_meeting
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_point(call):
    return make_meeting_point(call.session)


@pytest.fixture
def proposer(call, meeting_point):
    registration = RussianRegistrationFactory(session=call.session, wants_bilateral_meetings=True)
    make_profile(registration)
    return registration


@pytest.fixture
def asker(call, meeting_point):
    registration = RegistrationFactory(session=call.session, wants_bilateral_meetings=True)
    make_profile(registration)
    return registration


@pytest.fixture
def project(proposer, table):
    return make_project(
        proposer,
        table,
        title_it="Produzione comune di macchine utensili",
        summary_it="Cerchiamo un partner",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
    )


def test_the_request_carries_the_project_and_names_it_in_the_proposers_language(
    project, asker, proposer
):
    request = ask_for_meeting(project, asker, "Vorremmo incontrarvi")
    assert ProjectMeetingRequest.objects.get(request=request).project == project
    assert "Линия обработки" in request.message
    assert "Vorremmo incontrarvi" in request.message


def test_no_request_about_a_project_not_in_the_catalogue(project, asker):
    project.status = ProjectStatus.PROPOSED
    project.save()
    with pytest.raises(ProjectError):
        ask_for_meeting(project, asker)
    assert not MeetingRequest.objects.exists()


def test_no_request_about_ones_own_project(project, proposer):
    with pytest.raises(ProjectError):
        ask_for_meeting(project, proposer)


def test_the_scheduler_places_the_requests_about_projects_first(
    call, meeting_point, project, asker, proposer, organizer
):
    # One slot, one table: only one of two meetings fits.
    meeting_point.tables = 1
    meeting_point.slot_minutes = 60
    meeting_point.save()
    meeting_point = type(meeting_point).objects.get(pk=meeting_point.pk)
    assert meeting_point.slot_count == 1
    other = RussianRegistrationFactory(session=call.session, wants_bilateral_meetings=True)
    make_profile(other)
    plain = meeting_services.send_request(asker, other, "")
    meeting_services.accept_request(plain, by=other)
    about = ask_for_meeting(project, _second_asker(call), "")
    meeting_services.accept_request(about, by=proposer)
    report = meeting_services.schedule_meetings(meeting_point, by=organizer)
    assert report.placed == 1
    placed = Meeting.objects.get(slot__isnull=False)
    assert placed.request_id == about.pk


def _second_asker(call):
    registration = RegistrationFactory(session=call.session, wants_bilateral_meetings=True)
    make_profile(registration)
    return registration


def test_priority_items_come_first_in_the_pure_algorithm():
    items = [
        scheduling.Item(key=1, first=1, second=2),
        scheduling.Item(key=2, first=1, second=3, priority=True),
    ]
    result = scheduling.schedule(scheduling.Problem(slot_count=1, tables=1, items=items))
    assert list(result.placements) == [2]
    assert not scheduling.conflicts(scheduling.Problem(1, 1, items), result.placements)


def test_the_agendas_name_the_project_in_each_delegates_language(
    meeting_point, project, asker, proposer
):
    request = ask_for_meeting(project, asker, "")
    meeting_services.accept_request(request, by=proposer)
    with translation.override("it"):
        meetings = reading.agenda(asker, meeting_point)
        assert "Produzione comune di macchine utensili" in str(meetings[0].subject)
    with translation.override("ru"):
        assert "Линия обработки" in str(reading.agenda(proposer, meeting_point)[0].subject)
    html = documents.render_agenda_html([proposer], meeting_point)
    assert "Линия обработки" in html


def test_the_delegate_asks_from_the_catalogue_page(client, project, asker):
    url = reverse(
        "projects:ask_meeting",
        kwargs={"token": asker.management_token, "project_id": project.pk},
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"message": "Buongiorno"})
    assert response.status_code == 302
    assert ProjectMeetingRequest.objects.filter(project=project).exists()


def test_the_web_agenda_names_the_project(client, meeting_point, project, asker, proposer):
    request = ask_for_meeting(project, asker, "")
    meeting_services.accept_request(request, by=proposer)
    meeting_services.schedule_meetings(meeting_point, by=SYSTEM)
    url = reverse("meetings:agenda", kwargs={"token": asker.management_token})
    assert "Produzione comune di macchine utensili" in client.get(url).content.decode()
