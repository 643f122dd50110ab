"""The follow-up after a session: who is asked what, when, and their answers.

On the schedule of each session's call (`Call.follow_up_months`, `meeting_follow_up_days`),
`send_due_follow_ups` (run by the periodic task `projects.tasks.send_due_follow_ups_task`)
asks, once each, in their language:

- the proposer of each accepted project, at each round of months after the session;
- for each agreement of the session that was signed, one delegate of each party's
  organization (its approved registration at that session), at the same rounds;
- both delegates of each B2B meeting held, some days after the session.

A round is sent during `PROJECT_FOLLOW_UP_GRACE_DAYS` after it falls due, not later, so that
an installation started long after a session does not mail about it. Each question has its
own link (`FollowUp.token`), answered once; staff see who has not answered and send a
reminder (`remind`), which the mailings app may also call (`remind_unanswered`).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import SIGNED_STATUSES, Agreement
from core.authorization import history_user, require_permission
from core.public_cache import bump
from core.text import italian_elision
from delegates.models import Registration, RegistrationStatus
from meetings.models import Meeting
from projects import emails
from projects.models import (
    ACCEPTED_STATUSES,
    Call,
    CollaborationProject,
    FollowUp,
    FollowUpKind,
    MeetingOutcome,
    Progress,
    ProjectStatus,
)
from projects.services import ProjectError
from sessions_app.dates import long_date
from sessions_app.models import SessionStatus

logger = logging.getLogger(__name__)

REMIND_PERMISSION = "projects.change_followup"


def grace_days():
    return getattr(settings, "PROJECT_FOLLOW_UP_GRACE_DAYS", 30)


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _local_morning(session, day):
    """09:00 in the host city on `day`: questions arrive at a decent hour."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=session.tzinfo)


def schedule(call):
    """[(round_months, due_at)] of the call's session: 0 for the B2B question."""
    session = call.session
    rounds = [
        (
            0,
            _local_morning(
                session, session.end_date + datetime.timedelta(days=call.meeting_follow_up_days)
            ),
        )
    ]
    rounds += [
        (months, _local_morning(session, add_months(session.end_date, months)))
        for months in call.schedule_months()
    ]
    return rounds


def _is_due(due_at, now):
    return due_at <= now < due_at + datetime.timedelta(days=grace_days())


def _ask(**values):
    """Create the question once (the unique constraints say whether it exists) and queue its
    e-mail in the same transaction."""
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(**values)
            emails.queue_follow_up_email(follow_up)
    except IntegrityError:
        return None
    return follow_up


def _agreement_contacts(agreement):
    """For each party organization, its approved delegate at the agreement's session."""
    organization_ids = [
        party.organization_id for party in agreement.parties.all() if party.organization_id
    ]
    contacts = {}
    for registration in (
        Registration.objects.filter(
            session_id=agreement.session_id,
            organization_id__in=organization_ids,
            status=RegistrationStatus.APPROVED,
        )
        .select_related("person", "session")
        .order_by("pk")
    ):
        contacts.setdefault(registration.organization_id, registration)
    return list(contacts.values())


def send_due_follow_ups(now=None):
    """Ask every question that is due at `now` and not asked yet. Idempotent: returns the
    number of questions asked this time."""
    now = now or timezone.now()
    asked = 0
    calls = Call.objects.select_related("session").exclude(session__status=SessionStatus.CANCELLED)
    for call in calls:
        session = call.session
        if session.end_date >= timezone.localdate(now, session.tzinfo):
            continue
        for months, due_at in schedule(call):
            if not _is_due(due_at, now):
                continue
            if months == 0:
                asked += _ask_about_meetings(session, now)
            else:
                asked += _ask_about_projects(session, months, now)
                asked += _ask_about_agreements(session, months, now)
    if asked:
        bump("projects")
        logger.info("follow_ups_sent count=%s", asked)
    return asked


def _ask_about_projects(session, months, now):
    asked = 0
    projects = CollaborationProject.objects.filter(
        session=session, status__in=ACCEPTED_STATUSES
    ).exclude(follow_ups__round_months=months)
    for project in projects.select_related("proposer"):
        if _ask(
            session=session,
            kind=FollowUpKind.PROJECT,
            round_months=months,
            registration=project.proposer,
            project=project,
            sent_at=now,
        ):
            asked += 1
    return asked


def _ask_about_agreements(session, months, now):
    asked = 0
    agreements = Agreement.objects.filter(session=session, status__in=SIGNED_STATUSES)
    for agreement in agreements.prefetch_related("parties"):
        for registration in _agreement_contacts(agreement):
            if _ask(
                session=session,
                kind=FollowUpKind.AGREEMENT,
                round_months=months,
                registration=registration,
                agreement=agreement,
                sent_at=now,
            ):
                asked += 1
    return asked


def _ask_about_meetings(session, now):
    asked = 0
    meetings = Meeting.objects.filter(meeting_point__session=session, is_held=True).exclude(
        follow_ups__isnull=False
    )
    for meeting in meetings:
        for registration_id in (meeting.registration_a_id, meeting.registration_b_id):
            if _ask(
                session=session,
                kind=FollowUpKind.MEETING,
                round_months=0,
                registration_id=registration_id,
                meeting=meeting,
                sent_at=now,
            ):
                asked += 1
    return asked


# --- answers ---------------------------------------------------------------------------------


def link_days():
    return getattr(settings, "PROJECT_FOLLOW_UP_LINK_DAYS", 180)


def is_expired(follow_up, now=None):
    return (now or timezone.now()) >= follow_up.sent_at + datetime.timedelta(days=link_days())


def refusal(follow_up, now=None):
    """Why the link can no longer take an answer (a translated message), or None."""
    if follow_up.is_answered:
        return italian_elision(
            _("You already answered on %(date)s: thank you. The answer cannot be changed.")
            % {
                "date": long_date(
                    timezone.localdate(follow_up.answered_at, follow_up.session.tzinfo)
                )
            }
        )
    if follow_up.project_id and follow_up.project.status == ProjectStatus.WITHDRAWN:
        return _("This project has been withdrawn: there is nothing more to answer.")
    if is_expired(follow_up, now):
        return _("This link has expired.")
    return None


@transaction.atomic
def answer(follow_up, *, progress="", outcome="", note="", now=None):
    """Record the answer of the person asked (the holder of the link): once, with its date."""
    now = now or timezone.now()
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("project", "session")
        .get(pk=follow_up.pk)
    )
    reason = refusal(follow_up, now)
    if reason:
        raise ProjectError(reason)
    if follow_up.kind == FollowUpKind.MEETING:
        if outcome not in MeetingOutcome.values:
            raise ProjectError(_("Please choose how the meeting went."), field="outcome")
        follow_up.outcome = outcome
    else:
        if progress not in Progress.values:
            raise ProjectError(_("Please choose where it stands."), field="progress")
        follow_up.progress = progress
    follow_up.note = (note or "").strip()[:1000]
    follow_up.answered_at = now
    follow_up._history_user = None
    follow_up._change_reason = "answered"
    follow_up.save(update_fields=["progress", "outcome", "note", "answered_at"])
    bump("projects")
    return follow_up


@transaction.atomic
def remind(follow_ups, *, by, now=None):
    """E-mail a reminder to each person asked who has not answered (the link still open).
    Returns the number of reminders queued."""
    require_permission(
        by, REMIND_PERMISSION, message=_("You are not allowed to send follow-up reminders.")
    )
    now = now or timezone.now()
    sent = 0
    for follow_up in (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("project", "session", "registration__person", "registration__session")
        .filter(pk__in=[f.pk for f in follow_ups], answered_at__isnull=True)
    ):
        if refusal(follow_up, now):
            continue
        emails.queue_follow_up_email(follow_up, reminder=True)
        follow_up.reminded_at = now
        follow_up._history_user = history_user(by)
        follow_up._change_reason = "reminded"
        follow_up.save(update_fields=["reminded_at"])
        sent += 1
    return sent


def unanswered(session):
    """The questions of a session still waiting for an answer."""
    return FollowUp.objects.filter(session=session).unanswered().with_related()


def remind_unanswered(session, *, by, now=None):
    """For the mailings app and staff: remind everyone of `session` who has not answered."""
    return remind(list(unanswered(session)), by=by, now=now)
