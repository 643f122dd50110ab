"""Business rules of the delegates app: registration, confirmation, staff decisions, waiting
lists, privacy, exports and reports. Views, admin, commands and tasks call these."""

from delegates.services.exceptions import RegistrationError
from delegates.services.mail import EmailKind, queue_registration_email
from delegates.services.privacy import (
    anonymize_sessions_older_than,
    erase_personal_data,
    personal_data,
)
from delegates.services.registration import (
    OrganizationDetails,
    RegistrationDetails,
    check_window,
    confirm_email,
    find_or_create_organization,
    find_organization,
    register_by_staff,
    resend_confirmation,
    submit_registration,
    update_by_staff,
    update_registration,
)
from delegates.services.reports import counts_for_sessions, session_counts
from delegates.services.transliteration import script_of, to_latin
from delegates.services.workflow import (
    approve,
    cancel,
    places_left,
    promote_from_waitlist,
    reject,
    waitlist,
)

__all__ = [
    "EmailKind",
    "OrganizationDetails",
    "RegistrationDetails",
    "RegistrationError",
    "anonymize_sessions_older_than",
    "approve",
    "cancel",
    "check_window",
    "confirm_email",
    "counts_for_sessions",
    "erase_personal_data",
    "find_or_create_organization",
    "find_organization",
    "personal_data",
    "places_left",
    "promote_from_waitlist",
    "queue_registration_email",
    "register_by_staff",
    "reject",
    "resend_confirmation",
    "script_of",
    "session_counts",
    "submit_registration",
    "to_latin",
    "update_by_staff",
    "update_registration",
    "waitlist",
]
