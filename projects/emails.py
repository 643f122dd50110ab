"""E-mails of the collaboration projects, each rendered in its recipient's language and kept
in the outbox (sessions_app/services/outbox.py) in the transaction of the change that causes
it."""

from django.conf import settings
from django.utils import translation

from delegates.services.mail import queue_templated_email, render_templated_email
from delegates.services.tokens import private_url, site_url

# The projects' e-mails are rendered and queued as every e-mail to a delegate.
render = render_templated_email
send = queue_templated_email


def queue_decision_email(project):
    """Tell the proposer what staff decided about their project."""
    registration = project.proposer
    language = registration.language or settings.LANGUAGE_CODE
    context = {
        "project": project,
        "title": project.localized("title", language),
        "projects_url": private_url("projects:own", registration),
        "catalogue_url": site_url("projects:catalogue", language, number=project.session.number),
    }
    return send(f"projects_{project.status}", context, registration)


def queue_follow_up_email(follow_up, reminder=False):
    """The question of the follow-up, with one link per possible answer."""
    template, context, registration = follow_up_email(follow_up, reminder)
    return send(template, context, registration)


def follow_up_email(follow_up, reminder=False):
    """(template, context, registration) of the follow-up question's e-mail."""
    from projects.models import FollowUpKind, MeetingOutcome, Progress

    registration = (
        type(follow_up.registration)
        .objects.select_related("person", "session", "organization")
        .get(pk=follow_up.registration_id)
    )
    language = registration.language or settings.LANGUAGE_CODE
    url = site_url("projects:follow_up", language, token=follow_up.token)
    if follow_up.kind == FollowUpKind.MEETING:
        meeting = follow_up.meeting
        counterpart = meeting.counterpart_of(registration)
        choices = MeetingOutcome.choices
        parameter = "outcome"
        context = {"counterpart": counterpart}
    else:
        choices = Progress.choices
        parameter = "progress"
        subject = follow_up.project or follow_up.agreement
        context = {"title": subject.localized("title", language)}
    with translation.override(language):
        answers = [(str(label), f"{url}?{parameter}={value}") for value, label in choices]
    context.update(
        {
            "follow_up": follow_up,
            "answers": answers,
            "url": url,
            "reminder": reminder,
            "months": follow_up.round_months,
        }
    )
    return f"projects_follow_up_{follow_up.kind}", context, registration
