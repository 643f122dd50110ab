"""How the collaboration projects show in the apps below them, through their hooks: the
subject and priority of a Meeting Point request about a project (meetings/subjects.py), the
counts of a session's projects in the next Protocol's annex (agreements/annexes.py), the
presentations of each thematic table in the programme (sessions_app/programme_notes.py)."""

import datetime
from functools import partial

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from agreements import annexes
from core.i18n import localized_language
from mailings import reminders
from meetings import subjects
from projects import emails, reading
from projects.models import (
    PROGRESS_COUNT_LABELS,
    FollowUp,
    Progress,
    ProjectMeetingRequest,
    ProjectStatus,
)
from sessions_app import programme_notes


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


def _in_both(text):
    """`text()` under Italian, then under Russian."""
    texts = []
    for language in ("it", "ru"):
        with translation.override(language):
            texts.append(str(text()))
    return texts


ANNEX_ROWS = (
    (_("Projects proposed"), lambda counts: sum(counts.values())),
    (
        _("Accepted and presented at the thematic tables"),
        lambda counts: counts[ProjectStatus.ACCEPTED_FOR_TABLE],
    ),
    (
        pgettext_lazy("count of projects", "Accepted for the catalogue only"),
        lambda counts: counts[ProjectStatus.ACCEPTED_FOR_CATALOGUE],
    ),
    (_("Declined by the organizers"), lambda counts: counts[ProjectStatus.DECLINED]),
    (_("Withdrawn by their proposers"), lambda counts: counts[ProjectStatus.WITHDRAWN]),
)


@annexes.register(topics=("projects",))
def project_annex_figures(session):
    """The previous session's projects by status, then where the followed-up ones stand."""
    counts = reading.status_counts(session)
    if not any(counts.values()):
        return []
    heading = _in_both(
        lambda: gettext("Collaboration projects of the %(session)s") % {"session": session.title}
    )
    rows = [annexes.AnnexFigure(*heading, 0, is_heading=True)]
    for label, count in ANNEX_ROWS:
        rows.append(annexes.AnnexFigure(*_in_both(lambda label=label: label), count(counts)))
    progress = reading.latest_progress_counts(session)
    for stage in Progress if progress else ():
        labels = _in_both(
            lambda stage=stage: (
                gettext("%(stage)s (as the follow-up answered)")
                % {"stage": PROGRESS_COUNT_LABELS[stage]}
            )
        )
        rows.append(annexes.AnnexFigure(*labels, progress.get(stage.value, 0)))
    return rows


def _presentation_label(project):
    """«Title (Organization)»; a title read in another language than the page's (not yet
    translated) carries its `lang`."""
    organization = project.proposer.organization
    language = localized_language(project, "title")
    if language and language != (translation.get_language() or "")[:2]:
        return format_html(
            '<span lang="{}">{}</span> ({})',
            language,
            project.localized("title"),
            organization.display_name,
        )
    return f"{project.localized('title')} ({organization.display_name})"


@programme_notes.register
def table_presentations(session):
    """Each thematic table's presentations, in their order."""
    return {
        table_id: [partial(_presentation_label, project) for project in projects]
        for table_id, projects in reading.presentations_by_table(session).items()
    }


# --- the reminder of the follow-up, sent by the mailings app's scheduler ----------------------

REMIND_AFTER = datetime.timedelta(days=14)


def due_follow_up_reminders(session, now):
    """Those asked at least two weeks ago who have not answered, their link still open; the
    key is the question, so each question is reminded once."""
    from projects.services import follow_up

    questions = (
        FollowUp.objects.filter(session=session, sent_at__lte=now - REMIND_AFTER)
        .unanswered()
        .select_related("session", "project", "registration__person", "registration__session")
    )
    return [
        (question.registration, str(question.pk))
        for question in questions
        if not follow_up.refusal(question, now)
    ]


def build_follow_up_reminder(registration, key):
    question = FollowUp.objects.select_related("session", "project", "agreement").get(pk=key)
    template, context, recipient = emails.follow_up_email(question, reminder=True)
    return emails.render(template, context, recipient)


reminders.register(
    reminders.ReminderKind(
        code="project_follow_up_unanswered",
        label=_("Follow-up question not answered after two weeks"),
        order=60,
        due=due_follow_up_reminders,
        build=build_follow_up_reminder,
    )
)
