"""Where each visa application stands: the letter sent, what the delegate reports afterwards
(applied, granted, refused, not needed), what staff do about a refused visa, and the counts
the control room and the reminders read.

The outcome has its own small lifecycle (OUTCOME_TRANSITIONS, `report_visa_outcome`): the
delegate reports forward only (nothing → applied → granted / refused / not needed); staff who
track the letters may correct any report. A refused visa frees nothing by itself: staff move
the delegate to the waiting list or cancel the registration, through the registration
lifecycle (`delegates.services.lifecycle.transition`), which offers the freed place to the
waiting list.
"""

import datetime
import logging
from functools import partial

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.authorization import ActionNotAllowed, history_user, is_system, require_permission
from delegates.models import Registration, RegistrationStatus
from delegates.services.lifecycle import promote_from_waitlist, transition
from travel.models import VisaLetterRequest, VisaLetterStatus, VisaOutcome
from travel.services.entitlement import letter_entitlement, settings_of
from travel.services.letters import (
    TRACKING_PERMISSION,
    VisaLetterError,
    change_letter_state,
)
from travel.signals import visa_outcome_reported

logger = logging.getLogger(__name__)

Outcome = VisaOutcome

# Outcome -> the outcomes a delegate may report it from.
OUTCOME_TRANSITIONS = {
    Outcome.APPLIED: (Outcome.NOT_REPORTED,),
    Outcome.GRANTED: (Outcome.NOT_REPORTED, Outcome.APPLIED),
    Outcome.REFUSED: (Outcome.NOT_REPORTED, Outcome.APPLIED),
    Outcome.NOT_NEEDED: (Outcome.NOT_REPORTED, Outcome.APPLIED),
}

# What staff may do with the registration of a delegate whose visa was refused.
REFUSED_VISA_TARGETS = (RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED)


def mark_sent(letter_request, *, by):
    """Staff record that the letter went out (to the delegate or to the consulate)."""
    return change_letter_state(letter_request, VisaLetterStatus.SENT, by=by, reason="sent")


def revoke_letter(letter_request, *, reason, by):
    """Revoke the letter: the verification page then says so. `reason` is kept."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise VisaLetterError(gettext("Please give the reason for the revocation."))
    letter_request.revocation_reason = reason[:300]
    return change_letter_state(
        letter_request,
        VisaLetterStatus.REVOKED,
        by=by,
        reason=f"revoked: {reason}"[:100],
        fields=("revocation_reason",),
    )


def _check_outcome_actor(letter_request, by):
    """'delegate' for the delegate of this request, 'staff' for staff who track letters."""
    if isinstance(by, Registration):
        if by.pk != letter_request.registration_id:
            raise ActionNotAllowed(_("A delegate may report on their own visa only."))
        return "delegate"
    if is_system(by):
        raise ActionNotAllowed()
    require_permission(
        by, TRACKING_PERMISSION, message=_("You are not allowed to change visa letters.")
    )
    return "staff"


def report_visa_outcome(letter_request, outcome, *, by):
    """Record what became of the visa application (the one way the outcome changes)."""
    outcome = Outcome(outcome)
    if outcome == Outcome.NOT_REPORTED or outcome not in OUTCOME_TRANSITIONS:
        raise VisaLetterError(gettext("Unknown outcome of a visa application."))
    actor = _check_outcome_actor(letter_request, by)
    with transaction.atomic():
        locked = VisaLetterRequest.objects.select_for_update().get(pk=letter_request.pk)
        old = locked.visa_outcome
        if old == outcome:
            return letter_request
        if actor == "delegate" and old not in OUTCOME_TRANSITIONS[outcome]:
            raise VisaLetterError(
                gettext("You already reported “%(old)s”: the organizers can correct it.")
                % {"old": Outcome(old).label}
            )
        needs_letter = outcome in (Outcome.APPLIED, Outcome.GRANTED, Outcome.REFUSED)
        if needs_letter and locked.released_at is None:
            raise VisaLetterError(
                gettext("Your letter has not been released yet: report once you have applied.")
            )
        letter_request.visa_outcome = outcome
        letter_request.visa_outcome_at = timezone.now()
        letter_request._history_user = history_user(by)
        letter_request._change_reason = f"visa outcome: {outcome.value} (by {actor})"
        letter_request.save(update_fields=["visa_outcome", "visa_outcome_at"])
        transaction.on_commit(
            partial(
                visa_outcome_reported.send_robust,
                sender=VisaLetterRequest,
                letter_request=letter_request,
                old_outcome=old,
                new_outcome=outcome,
                actor=by,
            ),
            robust=True,
        )
    return letter_request


def act_on_refused_visa(letter_request, to, *, by):
    """Move the delegate whose visa was refused to the waiting list or cancel the
    registration, through the registration lifecycle; the place it held goes to the first on
    the waiting list (the lifecycle's "waitlist" alone keeps it for staff to decide: here the
    delegate cannot come, so it is offered at once)."""
    if letter_request.visa_outcome != Outcome.REFUSED:
        raise VisaLetterError(gettext("The visa of this delegate was not reported as refused."))
    if to not in REFUSED_VISA_TARGETS:
        raise VisaLetterError(gettext("Unknown state of a visa letter request."))
    registration = letter_request.registration
    held_place = registration.holds_place
    with transaction.atomic():
        transition(registration, to, by=by, reason="visa refused")
        if to == RegistrationStatus.WAITLISTED and held_place:
            promote_from_waitlist(
                registration.session, by=by, delegation=registration.delegation, places=1
            )
    return registration


# --- what the control room and the reminders read -----------------------------------------

TRACKING_STATES = ("requested", "ready", "sent", "revoked", "erased", *Outcome.values[1:])


def visa_tracking_counts(session):
    """{state: count} of the session's letter requests, in two queries whatever their number:
    requested, ready (released), sent, revoked, erased, and the outcomes reported (applied,
    granted, refused, not_needed); `waiting_for_release` is what staff have to act on."""
    requests = VisaLetterRequest.objects.filter(registration__session=session)
    status_counts = dict(
        requests.values_list("status").annotate(count=Count("pk")).values_list("status", "count")
    )
    outcome_counts = requests.exclude(visa_outcome="").aggregate(
        **{value: Count("pk", filter=Q(visa_outcome=value)) for value in Outcome.values[1:]}
    )
    return {
        "requested": status_counts.get(VisaLetterStatus.REQUESTED, 0),
        "ready": status_counts.get(VisaLetterStatus.RELEASED, 0),
        "sent": status_counts.get(VisaLetterStatus.SENT, 0),
        "revoked": status_counts.get(VisaLetterStatus.REVOKED, 0),
        "erased": status_counts.get(VisaLetterStatus.ERASED, 0),
        **outcome_counts,
        "waiting_for_release": status_counts.get(VisaLetterStatus.REQUESTED, 0),
    }


# Days before the session's letter deadline when entitled delegates without a request are
# reminded.
REMINDER_DAYS_BEFORE_DEADLINE = 7


def registrations_to_remind_of_the_letter_deadline(session, today=None):
    """The registrations entitled to a letter that have not asked for one, when the
    session's deadline for requests is at most REMINDER_DAYS_BEFORE_DEADLINE days away (and
    not past). Empty when the session sets no deadline. Registrations with person and session
    loaded."""
    today = today or timezone.localdate()
    deadline = settings_of(session).letter_deadline
    if deadline is None or not (
        today <= deadline <= today + datetime.timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE)
    ):
        return []
    candidates = (
        Registration.objects.filter(
            session=session,
            status__in=(
                RegistrationStatus.SUBMITTED,
                RegistrationStatus.APPROVED,
                RegistrationStatus.WAITLISTED,
            ),
            visa_letter_request__isnull=True,
        )
        .select_related("person", "session__visa_settings", "visa_entitlement_exception")
        .order_by("pk")
    )
    return [registration for registration in candidates if letter_entitlement(registration)]
