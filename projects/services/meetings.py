"""A Meeting Point request about a collaboration project: the Meeting Point's own request,
with the link to the project kept here (ProjectMeetingRequest), above it."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import services as meeting_point
from projects.models import ProjectMeetingRequest
from projects.services import ProjectError


def _about(project, language):
    with translation.override(language):
        return gettext("About the collaboration project “%(title)s”.") % {
            "title": project.localized("title", language)
        }


@transaction.atomic
def ask_for_meeting(project, sender, message=""):
    """`sender` asks the proposer of `project` for a B2B meeting about it. The request is the
    Meeting Point's (its rules hold: approved delegates with a profile, the other delegation,
    the Meeting Point open); its message names the project in the proposer's language."""
    if not project.is_accepted:
        raise ProjectError(_("Meetings can only be asked about projects in the catalogue."))
    if project.session_id != sender.session_id:
        raise ProjectError(_("This project belongs to another session."))
    if project.proposer_id == sender.pk:
        raise ProjectError(_("This is your own project."))
    recipient = project.proposer
    about = _about(project, recipient.language or "it")
    text = f"{about}\n\n{message.strip()}" if message.strip() else about
    request = meeting_point.send_request(sender, recipient, text)
    ProjectMeetingRequest.objects.update_or_create(request=request, defaults={"project": project})
    return request
