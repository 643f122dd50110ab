"""{% control_room_of_next_session %}: the control room (core/control_room.py) of the next
session on the admin index, for staff who may see sessions."""

from django import template
from django.template.loader import render_to_string

from core.control_room import overview
from sessions_app.models import Session

register = template.Library()


@register.simple_tag(takes_context=True)
def control_room_of_next_session(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("sessions_app.view_session"):
        return ""
    sessions = Session.objects.not_cancelled()
    session = sessions.upcoming().first() or sessions.order_by("-start_date").first()
    if session is None:
        return ""
    return render_to_string(
        "admin/control_room/_blocks.html", overview(session, user), request=request
    )
