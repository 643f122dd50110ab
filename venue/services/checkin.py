"""Check-in at the venue: scanning a badge, finding a delegate by name, undoing, counting.

Every scan costs the same few queries, whatever the outcome, and two desks scanning the same
badge at once get one "OK" and one "already checked in": the registration row is locked and
the database allows one CheckIn per registration.

Who acts (`by`, see `core.authorization`): staff at the desk, holding the check-in
permission (Organizers and Ministry administrators); anyone else gets ActionNotAllowed.
"""

import dataclasses
import datetime
import functools
import operator

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.authorization import history_user, require_permission
from core.roman import to_roman
from core.text import italian_elision
from delegates.models import Registration, RegistrationStatus
from delegates.services.transliteration import to_latin
from sessions_app.dates import long_date, zone_label
from sessions_app.models import Country, ThematicTable
from venue.models import CheckIn, CheckInMethod
from venue.services.badges import read_badge_token

CHECK_IN_PERMISSION = "venue.check_in"


def require_desk_staff(by):
    require_permission(
        by, CHECK_IN_PERMISSION, message=_("You are not allowed to check delegates in.")
    )


class Outcome:
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_APPROVED = "not_approved"
    WRONG_SESSION = "wrong_session"
    OUTSIDE_DATES = "outside_dates"
    INVALID = "invalid"
    UNDONE = "undone"


# How each outcome looks at the desk: Bootstrap colour and a symbol readable at arm's length.
OUTCOME_LEVELS = {
    Outcome.OK: ("success", "✔"),
    Outcome.ALREADY_CHECKED_IN: ("warning", "↺"),
    Outcome.NOT_APPROVED: ("danger", "✖"),
    Outcome.WRONG_SESSION: ("danger", "✖"),
    Outcome.OUTSIDE_DATES: ("danger", "✖"),
    Outcome.INVALID: ("danger", "?"),
    Outcome.UNDONE: ("secondary", "↶"),
}


@dataclasses.dataclass
class ScanResult:
    outcome: str
    message: str
    registration: Registration | None = None
    check_in: CheckIn | None = None

    @property
    def is_ok(self):
        return self.outcome == Outcome.OK

    @property
    def level(self):
        return OUTCOME_LEVELS[self.outcome][0]

    @property
    def symbol(self):
        return OUTCOME_LEVELS[self.outcome][1]


def local_time_display(moment, session):
    """When a check-in happened, in the host city's time and saying so: "at 09:42 (Kazan
    time, UTC+3)", or "on 1 December at 09:42 (…)" when it was not today there."""
    local = timezone.localtime(moment, session.tzinfo)
    values = {"time": time_format(local, "H:i"), "zone": zone_label(session, moment)}
    if local.date() == timezone.localtime(timezone.now(), session.tzinfo).date():
        # Translators: completes "Check-in recorded …": "at 09:42 (Kazan time, UTC+3)".
        return pgettext("moment of a check-in", "at %(time)s (%(zone)s)") % values
    values["date"] = long_date(local.date(), with_year=False)
    # Translators: completes "Check-in recorded …": "on 1 December at 09:42 (Kazan time, UTC+3)".
    written = pgettext("moment of a check-in", "on %(date)s at %(time)s (%(zone)s)") % values
    return italian_elision(written)  # «l’8 dicembre», not «il 8 dicembre»


def check_in_days(session):
    """The first and last days, in the host city's calendar, on which the desk checks delegates
    in: from the eve of the session's first day (accreditation often opens the evening before)
    to its last day. A scan on any other day is a test or a mistake, not an attendance."""
    return session.start_date - datetime.timedelta(days=1), session.end_date


def outside_dates_message(session, moment):
    """Why a check-in at `moment` is refused, or None when it falls on a check-in day."""
    day = timezone.localtime(moment, session.tzinfo).date()
    first_day, last_day = check_in_days(session)
    if day < first_day:
        return italian_elision(
            gettext(
                "Not checked in: check-in opens on %(opens)s, the eve of the session "
                "(%(dates)s). Nothing was recorded."
            )
            % {"opens": long_date(first_day), "dates": session.dates_display}
        )
    if day > last_day:
        return italian_elision(
            gettext(
                "Not checked in: the session ended on %(end)s and check-in is closed. "
                "Nothing was recorded."
            )
            % {"end": long_date(last_day)}
        )
    return None


def registration_for_desk(session, registration_id, lock):
    """The session's registration with what the desk shows, its row locked when `lock`."""
    queryset = Registration.objects.filter(pk=registration_id, session=session).select_related(
        "person", "organization", "session", "check_in", "check_in__checked_in_by"
    )
    if lock:
        # Lock only the registration row: the joined check-in may not exist (outer join).
        queryset = queryset.select_for_update(of=("self",))
    return queryset.first()


def existing_check_in(registration):
    """The registration's check-in, or None (no query when it came with select_related)."""
    try:
        return registration.check_in
    except CheckIn.DoesNotExist:
        return None


def _already_checked_in(registration, check_in):
    return ScanResult(
        Outcome.ALREADY_CHECKED_IN,
        gettext("Check-in already recorded %(when)s.")
        % {"when": local_time_display(check_in.checked_in_at, registration.session)},
        registration,
        check_in,
    )


@transaction.atomic
def check_in_registration(session, registration_id, by, method=CheckInMethod.SCAN):
    """Check the registration in at this session's desk, once. Returns a ScanResult."""
    require_desk_staff(by)
    registration = registration_for_desk(session, registration_id, lock=True)
    if registration is None:
        return ScanResult(
            Outcome.INVALID,
            gettext("No registration of this session has this badge. Find the delegate by name."),
        )
    refusal = outside_dates_message(session, timezone.now())
    if refusal is not None:
        return ScanResult(
            Outcome.OUTSIDE_DATES, refusal, registration, existing_check_in(registration)
        )
    if registration.status != RegistrationStatus.APPROVED:
        return ScanResult(
            Outcome.NOT_APPROVED,
            gettext("Not approved: this registration is %(status)s. Send the delegate to staff.")
            % {"status": registration.get_status_display().lower()},
            registration,
            existing_check_in(registration),
        )
    existing = existing_check_in(registration)
    if existing is not None:
        return _already_checked_in(registration, existing)
    check_in = CheckIn(
        registration=registration,
        session=session,
        checked_in_at=timezone.now(),
        checked_in_by=history_user(by),
        method=method,
    )
    check_in._history_user = history_user(by)
    try:
        with transaction.atomic():
            check_in.save(force_insert=True)
    except IntegrityError:
        # Another desk checked the same delegate in between: theirs stands.
        existing = CheckIn.objects.select_related("checked_in_by").get(registration=registration)
        return _already_checked_in(registration, existing)
    registration.check_in = check_in
    return ScanResult(
        Outcome.OK,
        gettext("OK – check-in recorded %(when)s.")
        % {"when": local_time_display(check_in.checked_in_at, session)},
        registration,
        check_in,
    )


def scan(session, code, by):
    """Check in the holder of a scanned badge code (whatever the scanner typed)."""
    require_desk_staff(by)
    badge = read_badge_token(code)
    if badge is None:
        return ScanResult(
            Outcome.INVALID,
            gettext(
                "This is not a valid badge code (damaged or forged). Find the delegate by name."
            ),
        )
    if badge.session_number != session.number:
        return ScanResult(
            Outcome.WRONG_SESSION,
            gettext("Wrong session: this badge is for the %(numeral)s session.")
            % {"numeral": to_roman(badge.session_number)},
        )
    return check_in_registration(session, badge.registration_id, by, CheckInMethod.SCAN)


@transaction.atomic
def undo_check_in(session, registration_id, by):
    """Take back a check-in made by mistake; the history keeps who undid it and when."""
    require_desk_staff(by)
    registration = registration_for_desk(session, registration_id, lock=True)
    if registration is None:
        return ScanResult(Outcome.INVALID, gettext("No such registration in this session."))
    check_in = existing_check_in(registration)
    if check_in is None:
        return ScanResult(
            Outcome.INVALID, gettext("This delegate is not checked in."), registration
        )
    check_in._history_user = history_user(by)
    check_in.delete()
    registration.check_in = None
    return ScanResult(
        Outcome.UNDONE,
        gettext("Check-in undone: %(name)s is no longer counted as arrived.")
        % {"name": registration.person.name_for_reader},
        registration,
    )


def arrival_counts(session):
    """Arrived / expected per delegation and in total, in one query."""
    rows = (
        Registration.objects.filter(session=session, status=RegistrationStatus.APPROVED)
        .values("delegation")
        .annotate(expected=Count("pk"), arrived=Count("check_in"))
        .order_by()
    )
    by_delegation = {row["delegation"]: row for row in rows}
    delegations = []
    for country in Country:
        row = by_delegation.get(country.value, {})
        delegations.append(
            {
                "code": country.value.lower(),
                "name": str(country.label),
                "arrived": row.get("arrived", 0),
                "expected": row.get("expected", 0),
            }
        )
    return {
        "delegations": delegations,
        "arrived": sum(row["arrived"] for row in delegations),
        "expected": sum(row["expected"] for row in delegations),
    }


NAME_FIELDS = (
    "person__given_name",
    "person__family_name",
    "person__given_name_latin",
    "person__family_name_latin",
    "person__name_cyrillic",
)


def _word_variants(word):
    """The word as typed, capitalised (SQLite compares only ASCII case-insensitively), and
    transliterated when Cyrillic, so that "Иванова" also finds "Ivanova"."""
    variants = {word, word.capitalize()}
    latin = to_latin(word)
    if latin and latin != word:
        variants |= {latin, latin.capitalize()}
    return variants


def search_registrations(session, query, limit=20):
    """Registrations of the session whose names (either script) contain every typed word."""
    words = query.split()[:4]
    if not words or len(query) > 100:
        return []
    conditions = []
    for word in words:
        conditions.append(
            functools.reduce(
                operator.or_,
                (
                    Q(**{f"{field}__icontains": variant})
                    for field in NAME_FIELDS
                    for variant in _word_variants(word)
                ),
            )
        )
    return list(
        Registration.objects.filter(*conditions, session=session)
        .confirmed()
        .select_related("person", "organization", "session", "check_in", "check_in__checked_in_by")
        .order_by("person__family_name_latin", "person__given_name_latin", "pk")[:limit]
    )


def attendance_queryset(session):
    """Who came: checked-in registrations with what the exports show, in name order."""
    return (
        CheckIn.objects.filter(session=session)
        .select_related(
            "registration__person",
            "registration__organization",
            "checked_in_by",
        )
        .order_by(
            "registration__delegation",
            "registration__person__family_name_latin",
            "registration__person__given_name_latin",
        )
    )


def _table_field():
    """The name of Registration's many-to-many field to the thematic tables a delegate chose,
    or None while registrations do not record tables."""
    for field in Registration._meta.get_fields():
        if field.many_to_many and field.related_model is ThematicTable and field.concrete:
            return field.name
    return None


def sheet_registrations(session, table=None):
    """The approved delegates expected at the plenary (table None) or at one thematic table,
    by delegation and name: the rows of a signed attendance sheet."""
    registrations = Registration.objects.filter(session=session, status=RegistrationStatus.APPROVED)
    if table is not None:
        field = _table_field()
        if field is not None:
            registrations = registrations.filter(**{field: table})
    return list(
        registrations.select_related("person", "organization").order_by(
            "delegation", "person__family_name_latin", "person__given_name_latin", "pk"
        )
    )
