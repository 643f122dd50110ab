import io

import pytest
from django.core.management import call_command

from meetings.models import B2BProfile, Meeting, MeetingPoint, MeetingRequest
from meetings.scheduling import conflicts
from meetings.services import build_problem

pytestmark = pytest.mark.django_db


def test_demo_meetings_need_the_demo_session(reference_data):
    out = io.StringIO()
    call_command("load_demo_meetings", stdout=out)
    assert "load_demo_data" in out.getvalue()
    assert not MeetingPoint.objects.exists()


def test_demo_meetings_are_loaded_once_and_scheduled_without_conflicts(reference_data):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_meetings", stdout=io.StringIO())
    counts = (
        MeetingPoint.objects.count(),
        B2BProfile.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo_meetings", stdout=out)
    assert "already present" in out.getvalue()
    assert counts == (
        MeetingPoint.objects.count(),
        B2BProfile.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    )
    meeting_point = MeetingPoint.objects.get()
    assert meeting_point.session.number == 30
    # When the demo programme says the Meeting Point is open.
    assert meeting_point.session.programme_items.filter(
        kind="bilateral_meetings",
        starts_at__lte=meeting_point.starts_at,
        ends_at__gte=meeting_point.ends_at,
    ).exists()
    # Its break says "Break" in the reader's language.
    assert meeting_point.breaks.get().label == ""
    meetings = list(Meeting.objects.all())
    assert all(meeting.slot is not None for meeting in meetings)
    placements = {m.pk: (m.slot, m.table_number) for m in meetings}
    assert conflicts(build_problem(meeting_point, meetings), placements) == []
