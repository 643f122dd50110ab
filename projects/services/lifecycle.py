"""The lifecycle of a collaboration project: one transition table and one function.

Every change of a project's status goes through `transition()` (the private link, admin
actions, commands, demo data): it checks who acts against the table, locks the row, saves only
the fields that changed, writes one history entry with the actor and the reason, queues the
proposer's e-mail in their language (not once the session is over: then the decision is only
recorded) and, after the commit, sends
`projects.signals.project_state_changed`.

- accept for the table: from proposed, accepted for the catalogue or declined; staff who review;
- accept for the catalogue: from proposed, accepted for the table or declined; staff who review;
- decline, with a reason: from proposed or accepted; staff who review;
- withdraw: from proposed or accepted; the proposer until the deadline, or staff.
"""

import dataclasses
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.authorization import (
    SYSTEM,
    ActionNotAllowed,
    history_user,
    is_system,
    require_permission,
)
from core.public_cache import bump
from delegates.models import Registration
from projects import emails
from projects.models import CollaborationProject, DeclineReason, ProjectStatus
from projects.services import ProjectError
from projects.signals import project_state_changed
from sessions_app.names import is_cyrillic

logger = logging.getLogger(__name__)

Status = ProjectStatus

# Organizers and Ministry administrators review projects; Viewers do not.
REVIEW_PERMISSION = "projects.change_collaborationproject"
NOT_ALLOWED_TO_REVIEW = _("You are not allowed to review collaboration projects.")


@dataclasses.dataclass(frozen=True)
class ProjectTransition:
    name: str
    sources: tuple
    target: str
    proposer_may: bool
    needs_reason: bool
    sends_email: bool


ACCEPTED = (Status.ACCEPTED_FOR_TABLE, Status.ACCEPTED_FOR_CATALOGUE)

TRANSITIONS = (
    ProjectTransition(
        "accept_for_table",
        (Status.PROPOSED, Status.ACCEPTED_FOR_CATALOGUE, Status.DECLINED),
        Status.ACCEPTED_FOR_TABLE,
        proposer_may=False,
        needs_reason=False,
        sends_email=True,
    ),
    ProjectTransition(
        "accept_for_catalogue",
        (Status.PROPOSED, Status.ACCEPTED_FOR_TABLE, Status.DECLINED),
        Status.ACCEPTED_FOR_CATALOGUE,
        proposer_may=False,
        needs_reason=False,
        sends_email=True,
    ),
    ProjectTransition(
        "decline",
        (Status.PROPOSED, *ACCEPTED),
        Status.DECLINED,
        proposer_may=False,
        needs_reason=True,
        sends_email=True,
    ),
    ProjectTransition(
        "withdraw",
        (Status.PROPOSED, *ACCEPTED),
        Status.WITHDRAWN,
        proposer_may=True,
        needs_reason=False,
        sends_email=False,
    ),
)
TABLE = {(source, row.target): row for row in TRANSITIONS for source in row.sources}


def _check_actor(row, project, by, now):
    if isinstance(by, Registration):
        if not row.proposer_may or by.pk != project.proposer_id:
            raise ActionNotAllowed()
        call = getattr(project.session, "project_call", None)
        if call is None or call.has_closed(now):
            raise ProjectError(
                _("The deadline of the call has passed: the project can no longer be changed.")
            )
        return
    require_permission(by, REVIEW_PERMISSION, message=NOT_ALLOWED_TO_REVIEW)


def decision_notes(reason="", reason_it="", reason_ru=""):
    """{"it": …, "ru": …}: staff's note in each language. `reason`, a note in one language
    only, goes to the language of its script (Cyrillic: Russian), unless that one is given."""
    notes = {"it": (reason_it or "").strip(), "ru": (reason_ru or "").strip()}
    reason = (reason or "").strip()
    if reason:
        language = "ru" if is_cyrillic(reason) else "it"
        notes[language] = notes[language] or reason
    return notes


def transition(project, to, *, by, reason="", reason_it="", reason_ru="", reason_code="", now=None):
    """Move `project` to the status `to`, as `by` (a staff User, the proposer's Registration
    or SYSTEM). A decline takes a `reason_code` (DeclineReason, read by each proposer in their
    own language) and/or a note in Italian `reason_it` and in Russian `reason_ru` (each
    proposer reads theirs, else the other, marked as such; `reason`: a note in one language,
    placed by its script). Raises ActionNotAllowed or ProjectError and changes nothing when a
    rule forbids it."""
    now = now or timezone.now()
    notes = decision_notes(reason, reason_it, reason_ru)
    reason = "\n".join(note for note in notes.values() if note)
    if reason_code and reason_code not in DeclineReason.values:
        raise ProjectError(_("Choose one of the reasons offered."), field="reason_code")
    with transaction.atomic():
        locked = (
            CollaborationProject.objects.select_for_update(of=("self",))
            .select_related("session__project_call", "proposer__person", "proposer__session")
            .get(pk=project.pk)
        )
        source = locked.status
        row = TABLE.get((source, to))
        if row is None:
            if not is_system(by) and not isinstance(by, Registration):
                require_permission(by, REVIEW_PERMISSION, message=NOT_ALLOWED_TO_REVIEW)
            raise ProjectError(
                _("A project that is “%(status)s” cannot become “%(target)s”.")
                % {"status": locked.get_status_display(), "target": ProjectStatus(to).label}
            )
        if not is_system(by):
            _check_actor(row, locked, by, now)
        if row.needs_reason and not (reason or reason_code):
            raise ProjectError(_("Please give the reason, for the proposer."), field="reason")
        if row.needs_reason and reason_code == DeclineReason.OTHER and not reason:
            raise ProjectError(
                _("Say the other reason in the note, for the proposer."), field="reason"
            )
        locked.status = row.target
        fields = ["status", "updated_at"]
        if row.target == Status.WITHDRAWN:
            locked.withdrawn_at = now
            fields.append("withdrawn_at")
        else:
            locked.decided_at = now
            locked.decision_note_it = notes["it"] if row.needs_reason else ""
            locked.decision_note_ru = notes["ru"] if row.needs_reason else ""
            locked.decline_reason = reason_code if row.needs_reason else ""
            fields += ["decided_at", "decision_note_it", "decision_note_ru", "decline_reason"]
        locked._history_user = history_user(by)
        locked._change_reason = reason or reason_code or row.name
        locked.save(update_fields=fields)
        # A decision recorded once the session is over is history: "will be presented at the
        # table" would be false and the proposer's private link may have expired. No e-mail.
        if row.sends_email and not locked.session.has_ended():
            emails.queue_decision_email(locked)
        bump("projects")
        transaction.on_commit(
            partial(_publish, locked, source, row.target, by, reason or reason_code or row.name),
            robust=True,
        )
    logger.info("project_transition project=%s %s->%s by=%r", locked.pk, source, row.target, by)
    return locked


def _publish(project, old_state, new_state, by, reason):
    results = project_state_changed.send_robust(
        sender=CollaborationProject,
        project=project,
        old_state=old_state,
        new_state=new_state,
        actor=by,
        reason=reason,
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            logger.error("project_state_changed: %r failed", receiver, exc_info=result)


def accept_for_table(project, *, by):
    return transition(project, Status.ACCEPTED_FOR_TABLE, by=by)


def accept_for_catalogue(project, *, by):
    return transition(project, Status.ACCEPTED_FOR_CATALOGUE, by=by)


def decline(project, *, by, reason="", reason_it="", reason_ru="", reason_code=""):
    return transition(
        project,
        Status.DECLINED,
        by=by,
        reason=reason,
        reason_it=reason_it,
        reason_ru=reason_ru,
        reason_code=reason_code,
    )


def withdraw(project, *, by, now=None):
    return transition(project, Status.WITHDRAWN, by=by, now=now)


__all__ = [
    "SYSTEM",
    "TRANSITIONS",
    "accept_for_catalogue",
    "accept_for_table",
    "decline",
    "transition",
    "withdraw",
]
