"""Template helpers of the Meeting Point: the functions of meetings/presentation.py as
filters, and the staff box of the session page."""

from django import template

from meetings import presentation
from meetings.models import MeetingPoint
from meetings.reading import statistics
from sessions_app.templatetags.portal import in_its_language

register = template.Library()

register.filter("organization_name", presentation.organization_name)
register.filter("both_scripts", presentation.both_scripts)
register.filter("slot_time", presentation.slot_time)
register.filter("slot_day", presentation.slot_day)
register.filter("opening_hours", presentation.opening_hours)
register.filter("session_time", presentation.session_time)
register.filter("organization_other_name", presentation.organization_other_name)
register.simple_tag(presentation.meeting_time, name="meeting_time")


@register.filter
def position_for_reader(registration):
    """{{ delegate|position_for_reader }}: the position in the reader's language when known in
    both, else as written, marked with its `lang` when it is not the page's language."""
    return in_its_language(presentation.position_for_reader(registration))


@register.inclusion_tag("meetings/_session_statistics.html", takes_context=True)
def meeting_point_statistics(context, session):
    """Staff-only box for the session page: requests sent, accepted, scheduled, held, with a
    link to the grid. Renders nothing for other visitors or when there is no Meeting Point."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_staff and user.has_perm("meetings.view_meeting")):
        return {"meeting_point": None}
    meeting_point = MeetingPoint.objects.filter(session=session).first()
    if meeting_point is None:
        return {"meeting_point": None}
    return {
        "meeting_point": meeting_point,
        "stats": statistics(meeting_point),
        "session": session,
    }
