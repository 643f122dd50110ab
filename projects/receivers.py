"""How the collaboration projects show in the apps below them, through their hooks:
the subject and priority of a Meeting Point request about a project (meetings/subjects.py)."""

from functools import partial

from django.utils.translation import gettext

from meetings import subjects
from projects.models import ProjectMeetingRequest


def _label(project):
    return gettext("Collaboration project “%(title)s”") % {"title": project.localized("title")}


@subjects.register
def project_subjects(request_ids):
    links = ProjectMeetingRequest.objects.filter(request_id__in=request_ids).select_related(
        "project"
    )
    return {
        link.request_id: subjects.Subject(text=partial(_label, link.project), is_priority=True)
        for link in links
    }
