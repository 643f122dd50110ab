"""Who may ask for a visa invitation letter.

A letter is of use only to a delegate who travels to the other country: an Italian delegate
to a session in Russia, a Russian delegate to a session in Italy. It is offered once the
registration is approved, or already when it is submitted if the session's visa settings say
so (visas take weeks). Staff may grant an exception with a reason (a member of the host
delegation travelling on a foreign passport, a delegate on the waiting list who must apply
now); the exception keeps its history, the reason in it.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.authorization import history_user, require_permission
from delegates.models import RegistrationStatus
from sessions_app.models import Country
from travel.models import VisaEntitlementException, VisaSettings

# Staff who decide on registrations decide on exceptions too (Organizers, administrators).
EXCEPTION_PERMISSION = "travel.add_visaentitlementexception"
NOT_ALLOWED_TO_GRANT = _("You are not allowed to grant exceptions for visa letters.")

# Registrations an exception can still reach: a cancelled or rejected one travels nowhere.
EXCEPTION_STATUSES = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


class EntitlementError(Exception):
    """The exception cannot be granted; the message is translated."""


@dataclasses.dataclass(frozen=True)
class Entitlement:
    """Whether the delegate may ask for a letter, and why not (a translated sentence)."""

    allowed: bool
    reason: str = ""
    by_exception: bool = False

    def __bool__(self):
        return self.allowed


def settings_of(session):
    """The session's visa settings (unsaved defaults when staff set none)."""
    try:
        return session.visa_settings
    except VisaSettings.DoesNotExist:
        return VisaSettings(session=session)


def travels_abroad(registration):
    """The delegation goes to the other country: the session is not at home."""
    return registration.delegation != registration.session.host_country


def _exception_of(registration):
    try:
        return registration.visa_entitlement_exception
    except VisaEntitlementException.DoesNotExist:
        return None


def letter_entitlement(registration):
    """May this registration's delegate ask for a visa letter? (Entitlement)"""
    status = registration.status
    if _exception_of(registration) is not None and status in EXCEPTION_STATUSES:
        return Entitlement(True, by_exception=True)
    if not travels_abroad(registration):
        return Entitlement(
            False,
            gettext(
                "The session is held in your own country (%(country)s): no visa invitation "
                "letter is needed."
            )
            % {"country": Country(registration.session.host_country).label},
        )
    if status == RegistrationStatus.APPROVED:
        return Entitlement(True)
    if status == RegistrationStatus.SUBMITTED:
        if settings_of(registration.session).letters_for_submitted:
            return Entitlement(True)
    if status in (RegistrationStatus.SUBMITTED, RegistrationStatus.WAITLISTED):
        return Entitlement(
            False,
            gettext(
                "A visa invitation letter can be requested once your registration is "
                "approved. You will receive an e-mail when the organizers decide."
            ),
        )
    return Entitlement(
        False,
        gettext("A visa letter can be requested only for an active registration."),
    )


def is_entitled(registration):
    return bool(letter_entitlement(registration))


@transaction.atomic
def grant_exception(registration, *, reason, by):
    """Let this delegate ask for a letter although the rules would not; `reason` is kept in
    the exception's history. Returns the exception."""
    require_permission(by, EXCEPTION_PERMISSION, message=NOT_ALLOWED_TO_GRANT)
    reason = " ".join((reason or "").split())
    if not reason:
        raise EntitlementError(gettext("Please give the reason for the exception."))
    if registration.status not in EXCEPTION_STATUSES:
        raise EntitlementError(
            gettext("A visa letter can be requested only for an active registration.")
        )
    exception = _exception_of(registration) or VisaEntitlementException(registration=registration)
    exception.reason = reason
    exception.granted_by = history_user(by)
    exception._history_user = history_user(by)
    exception._change_reason = reason[:100]
    exception.save()
    return exception


@transaction.atomic
def withdraw_exception(registration, *, reason, by):
    """Take the exception back (its history keeps who granted and withdrew it, and why)."""
    require_permission(by, "travel.delete_visaentitlementexception", message=NOT_ALLOWED_TO_GRANT)
    exception = _exception_of(registration)
    if exception is None:
        return
    exception._history_user = history_user(by)
    exception._change_reason = (" ".join((reason or "").split()) or "withdrawn")[:100]
    exception.delete()
    registration.visa_entitlement_exception = None
