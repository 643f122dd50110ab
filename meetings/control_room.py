"""The Meeting Point's block of the control room (core/control_room.py): the B2B schedule's
state (requests waiting for an answer, accepted meetings not placed yet, last run of the
scheduler) and the profiles waiting for approval. One query."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from core.control_room import Action, Block, Figure, admin_list, register
from meetings.models import (
    B2BProfile,
    Meeting,
    MeetingPoint,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
)
from meetings.services import CHANGE_MEETING_PERMISSION
from sessions_app.dates import session_moment


def _count(queryset, link):
    rows = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@register(order=40)
def meeting_point(session):
    point = (
        MeetingPoint.objects.filter(session=session)
        .with_statistics()
        .annotate(
            requests_pending=_count(
                MeetingRequest.objects.filter(status=MeetingRequestStatus.PENDING), "meeting_point"
            ),
            meetings_unplaced=_count(Meeting.objects.filter(slot__isnull=True), "meeting_point"),
            profiles_to_approve=_count(
                B2BProfile.objects.filter(is_approved=False), "registration__session"
            ),
        )
        .first()
    )
    title = _("Meeting Point (B2B meetings)")
    if point is None:
        return Block(title=title, state=_("No Meeting Point for this session."))
    if point.last_scheduled_at:
        # In the host city's time, saying so, as the schedule's grid says it.
        state = _("Last scheduled on %(moment)s.") % {
            "moment": session_moment(point.last_scheduled_at, session)
        }
    else:
        state = _("Not scheduled yet.")
    grid = reverse("meetings:staff_grid", args=[session.number])

    def requests(**filters):
        return admin_list(
            "admin:meetings_meetingrequest_changelist", meeting_point__id__exact=point.pk, **filters
        )

    def meetings(**filters):
        return admin_list(
            "admin:meetings_meeting_changelist", meeting_point__id__exact=point.pk, **filters
        )

    profiles = admin_list(
        "admin:meetings_b2bprofile_changelist",
        registration__session__id__exact=session.pk,
        is_approved__exact=0,
    )
    return Block(
        title=title,
        state=state,
        figures=[
            Figure(_("B2B profiles to approve"), point.profiles_to_approve, profiles, waiting=True),
            Figure(
                _("Meeting requests awaiting an answer"),
                point.requests_pending,
                requests(status__exact=MeetingRequestStatus.PENDING),
            ),
            Figure(
                _("Meetings placed in the schedule"),
                point.meetings_scheduled,
                # The meetings counted (placed, held), not the cancelled ones beside them.
                meetings(status__in=f"{MeetingStatus.PLACED},{MeetingStatus.HELD}"),
                of=point.meetings_scheduled + point.meetings_unplaced,
            ),
            Figure(
                _("Meetings held"),
                point.meetings_held,
                meetings(status__exact=MeetingStatus.HELD),
            ),
        ],
        actions=[
            Action(_("Open the schedule"), grid, (CHANGE_MEETING_PERMISSION,)),
        ],
        links=[(_("Meeting requests"), requests()), (_("Meetings"), meetings())],
    )
