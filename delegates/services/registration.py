"""Self-registration by delegates: submission, e-mail confirmation (double opt-in), edits.

The delegate acts here through the public form and their own private links: these services
take the registration those found and act as that delegate. The one staff service,
`register_by_staff`, takes the acting user (`core.authorization`). Every change of
status goes through `lifecycle.transition`."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import prepared
from core.authorization import ActionNotAllowed, require_permission
from delegates.models import (
    Organization,
    Person,
    Registration,
    RegistrationStatus,
    check_thematic_tables,
    normalize_organization_name,
    validate_organization_name,
)
from delegates.services import visits
from delegates.services.exceptions import RegistrationError
from delegates.services.lifecycle import (
    DECIDE_PERMISSION,
    PERSON_FIELDS,
    lock_registration,
    record_change,
    transition,
)
from delegates.services.mail import EmailKind, queue_registration_email
from delegates.services.questions import save_answers
from delegates.services.transliteration import to_latin

Status = RegistrationStatus


@dataclasses.dataclass
class OrganizationDetails:
    """An organization typed in the form; matched to an existing one by normalized name."""

    name_latin: str
    name_cyrillic: str = ""
    category: str = ""
    sector: str = ""
    region: object = None
    city: str = ""
    website: str = ""
    # The organization the form already found under this name and country (one lookup the
    # fewer); None: looked up again inside the transaction (it may have been created since).
    known: object = None


@dataclasses.dataclass
class RegistrationDetails:
    """What a delegate types in the registration form, already validated."""

    email: str
    given_name: str
    family_name: str
    delegation: str
    position: str
    role: str
    organization: OrganizationDetails
    given_name_latin: str = ""
    family_name_latin: str = ""
    name_cyrillic: str = ""
    patronymic: str = ""
    phone: str = ""
    wants_bilateral_meetings: bool = False
    thematic_tables: list = dataclasses.field(default_factory=list)
    company_visits: list = dataclasses.field(default_factory=list)
    language: str = "it"
    # {question pk: value} for the session's registration questions (None: not asked).
    answers: dict | None = None

    def __post_init__(self):
        self.email = self.email.strip().lower()
        # Left empty, the Latin spelling is the ICAO transliteration of the own-script name.
        self.given_name_latin = self.given_name_latin or to_latin(self.given_name)
        self.family_name_latin = self.family_name_latin or to_latin(self.family_name)

    def person_values(self):
        return {field: getattr(self, field) for field in PERSON_FIELDS}


def find_organization(name, country, name_cyrillic=""):
    """The organization known under this name in this country, or None. Spelling variants,
    legal forms and the script are ignored: "Уралмаш" finds "Uralmash"."""
    keys = {normalize_organization_name(name), normalize_organization_name(to_latin(name))}
    if name_cyrillic:
        keys.add(normalize_organization_name(to_latin(name_cyrillic)))
    keys.discard("")
    if not keys:
        return None
    # Three keys at most, in a compiled query of a fixed shape (core/prepared.py): the first
    # key stands again for those missing.
    keys = sorted(keys)
    keys += keys[:1] * (3 - len(keys))
    if name_cyrillic:
        found = prepared.rows_by(
            _named_or_cyrillic, str(country), " ".join(name_cyrillic.split()), *keys
        )
    else:
        found = prepared.rows_by(_named, str(country), *keys)
    return found[0] if found else None


def _named(country, *keys):
    return Organization.objects.filter(country=country, normalized_name__in=keys).order_by("pk")[:1]


def _named_or_cyrillic(country, name_cyrillic, *keys):
    return (
        Organization.objects.filter(country=country)
        .filter(Q(normalized_name__in=keys) | Q(name_cyrillic=name_cyrillic))
        .order_by("pk")[:1]
    )


def check_organization_names(details):
    """RegistrationError, on the form field concerned, for a name without letter or digit."""
    names = (
        ("organization_name", details.name_latin),
        ("organization_name_cyrillic", details.name_cyrillic),
    )
    for field, name in names:
        if field == "organization_name" or name:
            try:
                validate_organization_name(name)
            except ValidationError as error:
                raise RegistrationError(error.message, code=error.code, field=field) from None


def find_or_create_organization(details, country):
    """The existing organization with this normalized name and country, or a new one."""
    check_organization_names(details)
    existing = details.known if getattr(details.known, "country", None) == country else None
    existing = existing or find_organization(details.name_latin, country, details.name_cyrillic)
    if existing is not None:
        return existing
    if not details.category:
        raise RegistrationError(
            _("This organization is new to us: please choose its category."),
            code="organization_category",
            field="organization_category",
        )
    organization = Organization(
        name_latin=" ".join(details.name_latin.split()),
        name_cyrillic=" ".join(details.name_cyrillic.split()),
        country=country,
        category=details.category,
        sector=details.sector,
        region=details.region,
        city=details.city,
        website=details.website,
    )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        # Registered a moment ago by someone else, under the same normalized name.
        existing = find_organization(details.name_latin, country)
        if existing is None:
            raise RegistrationError(
                _("The organization could not be saved. Please try again."),
                code="organization_conflict",
                field="organization_name",
            ) from None
        return existing
    return organization


def check_window(session, now=None):
    """RegistrationError unless the session's registration window is open."""
    now = now or timezone.now()
    if session.is_registration_open(now):
        return
    if session.registration_opens and now < session.registration_opens:
        raise RegistrationError(
            _("Registration for the %(session)s is not open yet.") % {"session": session.title},
            code="not_yet_open",
        )
    raise RegistrationError(
        _("Registration for the %(session)s is closed.") % {"session": session.title},
        code="closed",
    )


def check_tables(session, tables):
    """RegistrationError, on the form's field, for a thematic table of another session (the
    forms offer only the session's own; a request built by hand may name any)."""
    try:
        check_thematic_tables(session, tables)
    except ValidationError as error:
        raise RegistrationError(
            error.messages[0], code="other_session", field="thematic_tables"
        ) from None


def submit_registration(session, details, now=None):
    """Record a registration awaiting e-mail confirmation and send the confirmation e-mail.

    Returns `(registration, outcome)`, outcome being "created", "updated" (the same address
    submitted again before confirming: the new data replace the old and the e-mail is sent
    again) or "reopened" (a registration the delegate had cancelled). Raises RegistrationError
    when the window is not open or the person already has a registration for the session.
    Nothing is saved when it raises."""
    now = now or timezone.now()
    # No lock on the session: a submission holds no place (it is given at confirmation, under
    # the session's lock), so the delegates of a last-day rush submit side by side. Two
    # submissions of one new address meet on the person's unique e-mail: the second one is
    # then run again and finds the first.
    check_window(session, now)
    check_tables(session, details.thematic_tables)
    try:
        for attempt in (1, 2):
            try:
                return _submit(session, details, now)
            except _PersonCreatedMeanwhile:
                if attempt == 2:
                    raise RegistrationError(
                        _("Your registration could not be saved. Please try again."),
                        code="conflict",
                        field="email",
                    ) from None
    except RegistrationError as error:
        remind_registration = getattr(error, "registration", None)
        if remind_registration is not None:
            # Outside the failed transaction: send the owner of the address their link.
            with transaction.atomic():
                queue_registration_email(remind_registration, EmailKind.ACCESS_LINK)
        raise


class _PersonCreatedMeanwhile(Exception):
    """Another submission created the person of this e-mail address a moment ago."""


def _person_for_update(email):
    # Read at every submission (compiled once: core/prepared.py); the address is unique.
    return Person.objects.select_for_update().filter(email=email)


def _submit(session, details, now):
    with transaction.atomic():
        found = prepared.rows_by(_person_for_update, details.email)
        person = found[0] if found else None
        existing = None
        if person is not None:
            existing = (
                Registration.objects.select_for_update(of=("self",))
                .filter(person=person, session=session)
                .first()
            )
        if existing is not None:
            registration, outcome = _resubmit(existing, details, session, now)
        else:
            registration, outcome = _create(person, details, session, now)
        if details.company_visits or outcome != "created":
            visits.set_company_visits(registration, details.company_visits, allocate=False)
        if details.answers:
            save_answers(registration, details.answers)
        if outcome == "updated":
            # No change of status: the lifecycle sends no e-mail, the link goes again.
            queue_registration_email(registration, EmailKind.CONFIRMATION)
    return registration, outcome


def _create(person, details, session, now):
    organization = find_or_create_organization(details.organization, details.delegation)
    pending = {}
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    email=details.email,
                    preferred_language=details.language,
                    **details.person_values(),
                )
        except IntegrityError as error:
            raise _PersonCreatedMeanwhile from error
    else:
        # A known address: the data typed now wait for the owner of the address to confirm.
        pending = details.person_values()
    registration = Registration(
        person=person,
        session=session,
        delegation=details.delegation,
        organization=organization,
        position=details.position,
        role=details.role,
        wants_bilateral_meetings=details.wants_bilateral_meetings,
        language=details.language,
        privacy_consent_at=now,
        pending_person_data=pending,
    )
    try:
        # The transition runs in a savepoint of its own: a duplicate rolls back to it only.
        transition(registration, Status.PENDING_CONFIRMATION, by=registration, now=now)
    except IntegrityError as error:
        raise RegistrationError(
            _("You are already registered for this session."), code="duplicate", field="email"
        ) from error
    if details.thematic_tables:  # a new registration has none to replace
        registration.thematic_tables.add(*details.thematic_tables)
    return registration, "created"


def _resubmit(existing, details, session, now):
    if existing.status == Status.CANCELLED and existing.cancelled_by_staff:
        raise RegistrationError(
            _(
                "Your registration for this session was cancelled by the organizers. "
                "Please write to them if you think this is a mistake."
            ),
            code="cancelled_by_staff",
            field="email",
        )
    if existing.status not in (Status.PENDING_CONFIRMATION, Status.CANCELLED):
        error = RegistrationError(
            _(
                "This e-mail address is already registered for this session (status: "
                "%(status)s). The link to view or change that registration is on its way to "
                "the address again."
            )
            % {"status": existing.get_status_display()},
            code="duplicate",
            field="email",
        )
        error.registration = existing
        raise error
    outcome = "updated" if existing.status == Status.PENDING_CONFIRMATION else "reopened"
    changes = {
        "delegation": details.delegation,
        "position": details.position,
        "role": details.role,
        "wants_bilateral_meetings": details.wants_bilateral_meetings,
        "language": details.language,
        "pending_person_data": details.person_values(),
        "organization": find_or_create_organization(details.organization, details.delegation),
    }
    if outcome == "reopened":
        transition(existing, Status.PENDING_CONFIRMATION, by=existing, now=now, changes=changes)
    else:
        for field, value in changes.items():
            setattr(existing, field, value)
        existing.privacy_consent_at = now
        record_change(
            existing,
            [*changes, "privacy_consent_at"],
            by=existing,
            reason="submitted again by the delegate (updated)",
        )
    existing.thematic_tables.set(details.thematic_tables)
    return existing, outcome


def confirm_email(registration, now=None, *, by=None):
    """The delegate followed the confirmation link: the registration reaches staff.

    It holds a place ("submitted") while the delegation has places left, otherwise it joins
    the waiting list (and the delegate is told); company visits are booked, or waitlisted, in
    the same locked transaction (the lifecycle's "confirm"). Confirming twice is harmless.
    `by` is the delegate (the default) or SYSTEM."""
    by = registration if by is None else by
    # The status as read with the registration (the link's view read it a moment ago): the
    # transition reads it again under the lock, and a registration confirmed meanwhile is
    # told apart below.
    if registration.status not in (Status.PENDING_CONFIRMATION, Status.CANCELLED):
        return registration
    try:
        return transition(registration, Status.SUBMITTED, by=by, now=now)
    except (RegistrationError, ActionNotAllowed) as error:
        # Confirmed a moment ago by another click: harmless.
        if getattr(error, "code", None) in ("full", "cancelled"):
            raise
        registration.refresh_from_db(fields=["status"])
        if registration.status in (Status.PENDING_CONFIRMATION, Status.CANCELLED):
            raise
        return registration


def update_registration(registration, details, now=None):
    """The delegate changes their registration through the management link, while the window
    is open. E-mail address and delegation stay as confirmed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_registration(registration)
        if not locked.is_active:
            raise RegistrationError(
                _("A registration that is “%(status)s” can no longer be changed.")
                % {"status": locked.get_status_display()},
                code="not_allowed",
            )
        check_window(locked.session, now)
        check_tables(locked.session, details.thematic_tables)
        person = locked.person
        for field, value in details.person_values().items():
            setattr(person, field, value)
        person._change_reason = "changed by the delegate"
        person.save()
        locked.organization = find_or_create_organization(details.organization, locked.delegation)
        locked.position = details.position
        locked.role = details.role
        locked.wants_bilateral_meetings = details.wants_bilateral_meetings
        locked.language = details.language
        record_change(
            locked,
            ["organization", "position", "role", "wants_bilateral_meetings", "language"],
            by=locked,
            reason="changed by the delegate",
        )
        locked.thematic_tables.set(details.thematic_tables)
        visits.set_company_visits(
            locked, details.company_visits, allocate=locked.status != Status.PENDING_CONFIRMATION
        )
        if details.answers:
            save_answers(locked, details.answers)
    return locked


def resend_confirmation(registration):
    """Send the confirmation e-mail again (with a fresh 7-day link) while it is pending."""
    if registration.status != Status.PENDING_CONFIRMATION:
        raise RegistrationError(_("Your e-mail address is already confirmed."), code="unchanged")
    with transaction.atomic():
        queue_registration_email(registration, EmailKind.CONFIRMATION)


def register_by_staff(registration, *, by, now=None):
    """Save a registration that staff enter in the admin on a delegate's behalf (a phone call,
    a list from a ministry): no e-mail confirmation, a place if one is left, else the waiting
    list, like a confirmed self-registration."""
    return transition(registration, Status.SUBMITTED, by=by, now=now)


# What staff correct on a registration from the admin's change form; the session, the person
# and the delegation never change, and the status only through the lifecycle.
EDITABLE_BY_STAFF = ("organization", "position", "role", "wants_bilateral_meetings", "staff_notes")


def update_by_staff(registration, values, *, by, reason="changed by staff"):
    """Staff correct what a registration says (the admin's change form, or a revert to an
    earlier version): of `values` (field name -> value) only the fields of
    EDITABLE_BY_STAFF that differ are saved, with one history entry. Returns the registration
    as saved."""
    require_permission(
        by, DECIDE_PERMISSION, message=_("You are not allowed to change registrations.")
    )
    with transaction.atomic():
        locked = lock_registration(registration)
        fields = [
            name
            for name in EDITABLE_BY_STAFF
            if name in values and getattr(locked, name) != values[name]
        ]
        for name in fields:
            setattr(locked, name, values[name])
        if fields:
            record_change(locked, fields, by=by, reason=reason)
    return locked
