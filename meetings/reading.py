"""Reading the Meeting Point: its figures, a delegate's agenda, the organizers' grid.

Apart from the rules (services.py) so that the e-mails, the documents and the pages read
the same data without importing the services that queue those e-mails."""

from django.db.models import Count, Q

from meetings import subjects
from meetings.models import B2BProfile, Meeting, MeetingRequest, MeetingRequestStatus


def statistics(meeting_point):
    """Requests sent, accepted, declined, pending; meetings, scheduled and held."""
    requests = MeetingRequest.objects.filter(meeting_point=meeting_point).aggregate(
        sent=Count("pk"),
        pending=Count("pk", filter=Q(status=MeetingRequestStatus.PENDING)),
        accepted=Count("pk", filter=Q(status=MeetingRequestStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=MeetingRequestStatus.DECLINED)),
        cancelled=Count("pk", filter=Q(status=MeetingRequestStatus.CANCELLED)),
    )
    meetings = Meeting.objects.filter(meeting_point=meeting_point).aggregate(
        meetings=Count("pk"),
        scheduled=Count("pk", filter=Q(slot__isnull=False)),
        held=Count("pk", filter=Q(is_held=True)),
        with_interpreter=Count("pk", filter=Q(needs_interpreter=True)),
        by_staff=Count("pk", filter=Q(request__isnull=True)),
    )
    profiles = B2BProfile.objects.visible_in(meeting_point).count()
    return {**requests, **meetings, "profiles": profiles, "capacity": meeting_point.capacity}


def agenda(registration, meeting_point):
    """The delegate's meetings, placed ones in time order, then the ones not yet placed."""
    meetings = list(
        Meeting.objects.filter(meeting_point=meeting_point)
        .involving(registration)
        .select_related(
            "registration_a__person",
            "registration_a__organization__region",
            "registration_a__b2b_profile",
            "registration_b__person",
            "registration_b__organization__region",
            "registration_b__b2b_profile",
        )
    )
    meetings.sort(key=lambda m: (m.slot is None, m.slot or 0, m.pk))
    # What each meeting is about, when an app above says (meetings/subjects.py).
    about = subjects.subjects_of([m.request_id for m in meetings])
    for meeting in meetings:
        meeting.meeting_point = meeting_point
        meeting.counterpart = meeting.counterpart_of(registration)
        meeting.subject = about.get(meeting.request_id)
    return meetings


def grid(meeting_point):
    """Rows of the organizers' grid: one per slot, with the meeting at each table or None."""
    meetings = Meeting.objects.filter(
        meeting_point=meeting_point, slot__isnull=False
    ).select_related(
        "registration_a__person",
        "registration_a__organization",
        "registration_b__person",
        "registration_b__organization",
    )
    cells = {(m.slot, m.table_number): m for m in meetings}
    return [
        (slot, [cells.get((slot.index, table)) for table in range(1, meeting_point.tables + 1)])
        for slot in meeting_point.slots()
    ]
