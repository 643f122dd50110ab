"""The collaboration projects' block of the control room (core/control_room.py): projects
proposed and waiting for review, projects accepted. One query."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.control_room import Action, Block, Figure, admin_list, register
from projects.models import CollaborationProject, ProjectStatus
from projects.services.lifecycle import REVIEW_PERMISSION


def projects_url(session, **filters):
    return admin_list(
        "admin:projects_collaborationproject_changelist", session__id__exact=session.pk, **filters
    )


@register(order=45)
def collaboration_projects(session):
    counts = CollaborationProject.objects.filter(session=session).aggregate(
        proposed=Count("pk", filter=Q(status=ProjectStatus.PROPOSED)),
        at_tables=Count("pk", filter=Q(status=ProjectStatus.ACCEPTED_FOR_TABLE)),
    )
    to_review = projects_url(session, status__exact=ProjectStatus.PROPOSED)
    return Block(
        title=_("Collaboration projects"),
        figures=[
            Figure(_("Projects to review"), counts["proposed"], to_review, waiting=True),
            Figure(
                _("Projects accepted for the tables"),
                counts["at_tables"],
                projects_url(session, status__exact=ProjectStatus.ACCEPTED_FOR_TABLE),
            ),
        ],
        actions=[Action(_("Review the projects"), to_review, (REVIEW_PERMISSION,))]
        if counts["proposed"]
        else [],
        links=[(_("Collaboration projects"), projects_url(session))],
    )
