"""Visa invitation letters: the delegate's request with passport data, staff release, the
bilingual PDF on the host ministry's letterhead, and erasure of the passport data.

The delegate requests through their own private link (`request_visa_letter` takes the
registration it found); releasing takes the acting user (`by`, see
`core.authorization`), who must be allowed to change letter requests and to read the
passport data the release vouches for."""

import dataclasses

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.authorization import ActionNotAllowed, history_user, is_system, require_permission
from core.i18n import bilingual_labels
from core.pdf import render_pdf
from core.verification import qr_svg
from delegates.models import Registration
from sessions_app.consulates import consulate_name
from sessions_app.models import Country, long_date
from sessions_app.services.institutions import letter_signatory, letterhead_institution
from travel.emails import queue_visa_letter_received_email, queue_visa_letter_released_email
from travel.models import PASSPORT_FIELDS, VisaLetterRequest, VisaLetterStatus
from travel.services import verification
from travel.services.entitlement import letter_entitlement
from travel.services.passport_rules import passport_problems

# Staff who release letters: they check the passport data (Ministry administrators).
RELEASE_PERMISSIONS = ("travel.change_visaletterrequest", "travel.view_passport_data")

LETTER_LANGUAGES = ("it", "ru")

# Fields a consulate needs in the letter; place of birth and issue date are optional.
REQUIRED_PASSPORT_FIELDS = (
    "name_in_passport",
    "date_of_birth",
    "citizenship",
    "passport_number",
    "passport_expires_on",
)


class VisaLetterError(Exception):
    """A letter cannot be produced or released; the message is translated and safe to show."""


def missing_passport_fields(letter_request):
    """The names of the required passport fields still empty."""
    return [
        str(VisaLetterRequest._meta.get_field(name).verbose_name)
        for name in REQUIRED_PASSPORT_FIELDS
        if not getattr(letter_request, name)
    ]


def letter_problems(letter_request, rules=None, *, for_staff=False):
    """Why no letter can be written for this request (translated sentences); empty if none:
    the passport data missing or refused by the destination's passport rules, a delegate no
    longer entitled (travel.services.entitlement). `rules`: the destination's passport rules
    when the caller has them already (a list of requests). `for_staff`: the passport rules'
    sources are named too."""
    problems = []
    if letter_request.passport_data_erased_at:
        return [gettext("The passport data of this request has been erased.")]
    missing = missing_passport_fields(letter_request)
    if missing:
        problems.append(
            gettext("Passport data missing: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    session = letter_request.registration.session
    problems += [
        problem.message
        for problem in passport_problems(
            session, letter_request, rules=rules, with_source=for_staff
        )
    ]
    birth = letter_request.date_of_birth
    if birth and birth >= timezone.localdate():
        problems.append(gettext("The date of birth must lie in the past."))
    entitlement = letter_entitlement(letter_request.registration)
    if not entitlement:
        problems.append(entitlement.reason)
    return problems


def check_letter_possible(letter_request, *, for_staff=False):
    """Raise VisaLetterError with every problem at once, so the delegate fixes them together."""
    problems = letter_problems(letter_request, for_staff=for_staff)
    if problems:
        raise VisaLetterError(" ".join(problems))


@transaction.atomic
def request_visa_letter(registration, passport_data):
    """Create or update the delegate's request with their passport data (a dict of
    PASSPORT_FIELDS, `consulate_office` and `consulate`). A changed request goes back to
    staff for release. The delegate acts through their own private link: `registration` is
    theirs, and must be entitled to a letter."""
    entitlement = letter_entitlement(registration)
    if not entitlement:
        raise VisaLetterError(entitlement.reason)
    letter_request, _created = VisaLetterRequest.objects.select_for_update().get_or_create(
        registration=registration
    )
    for field in (*PASSPORT_FIELDS, "consulate_office", "consulate"):
        if field in passport_data:
            setattr(letter_request, field, passport_data[field] or _empty(field))
    return change_letter_state(
        letter_request,
        VisaLetterStatus.REQUESTED,
        by=registration,
        reason="requested by the delegate",
        fields=(*PASSPORT_FIELDS, "consulate_office", "consulate"),
    )


def _empty(field):
    return None if VisaLetterRequest._meta.get_field(field).null else ""


def release_visa_letter(letter_request, *, by):
    """Let the delegate download their letter. Refused while the letter cannot be written."""
    return change_letter_state(
        letter_request, VisaLetterStatus.RELEASED, by=by, reason="released by staff"
    )


# --- the lifecycle of a letter request: one table, one function ----------------------------

Status = VisaLetterStatus


@dataclasses.dataclass(frozen=True)
class LetterTransition:
    """Into one state: from which states, who may, and the fields it sets (`follow`)."""

    sources: tuple
    # "delegate" (their own request), "staff" (RELEASE_PERMISSIONS), "tracking"
    # (TRACKING_PERMISSION), "staff_or_system", "system"
    who: str
    follow: object


WITHDRAWN_BY_DELEGATE = verification.WITHDRAWN_BY_DELEGATE


def _requested(letter_request, by, now):
    check_letter_possible(letter_request)
    changed = ()
    if letter_request.status in (Status.RELEASED, Status.SENT) and letter_request.letter_version:
        # The letter issued with the old data is withdrawn: its QR code no longer verifies
        # as valid (the next release issues a new version, which then reads as replaced).
        letter_request.revoked_at = now
        letter_request.revocation_reason = WITHDRAWN_BY_DELEGATE
        changed = ("revoked_at", "revocation_reason")
    letter_request.released_at = None
    letter_request.released_by = None
    letter_request.sent_at = None
    letter_request.passport_data_erased_at = None
    return ("released_at", "released_by", "sent_at", "passport_data_erased_at", *changed)


def _released(letter_request, by, now):
    check_letter_possible(letter_request, for_staff=True)
    letter_request.released_at = now
    letter_request.released_by = history_user(by)
    # A new version of the letter: the QR code of an earlier one no longer verifies.
    letter_request.letter_version += 1
    letter_request.revoked_at = None
    letter_request.revocation_reason = ""
    return ("released_at", "released_by", "letter_version", "revoked_at", "revocation_reason")


def _sent(letter_request, by, now):
    letter_request.sent_at = now
    return ("sent_at",)


def _revoked(letter_request, by, now):
    letter_request.revoked_at = now
    return ("revoked_at",)


def _erased(letter_request, by, now):
    for field in PASSPORT_FIELDS:
        setattr(letter_request, field, _empty(field))
    letter_request.consulate = ""
    letter_request.passport_data_erased_at = now
    return (*PASSPORT_FIELDS, "consulate", "passport_data_erased_at")


LETTER_TRANSITIONS = {
    # The delegate asks, or changes the passport data (back to staff, even once released or
    # revoked: a released letter is then withdrawn); after an erasure they may give their
    # data again.
    Status.REQUESTED: LetterTransition(
        (Status.REQUESTED, Status.RELEASED, Status.SENT, Status.REVOKED, Status.ERASED),
        "delegate",
        _requested,
    ),
    # Staff who may read passports check the data and let the delegate download the letter.
    Status.RELEASED: LetterTransition((Status.REQUESTED, Status.RELEASED), "staff", _released),
    # Staff record that the letter went out (to the delegate or the consulate).
    Status.SENT: LetterTransition((Status.RELEASED,), "tracking", _sent),
    # Staff revoke a letter (the verification page then says so), or the portal does when
    # the registration is cancelled or rejected.
    Status.REVOKED: LetterTransition((Status.RELEASED, Status.SENT), "staff_or_system", _revoked),
    # What follows an erasure, the retention period or the anonymization of old sessions.
    Status.ERASED: LetterTransition(
        (Status.REQUESTED, Status.RELEASED, Status.SENT, Status.REVOKED), "system", _erased
    ),
}

# Staff who record the progress of the letters (Organizers and administrators).
TRACKING_PERMISSION = "travel.change_visaletterrequest"


def _check_actor(transition, letter_request, by):
    if transition.who == "delegate":
        if isinstance(by, Registration) and by.pk == letter_request.registration_id:
            return
        raise ActionNotAllowed(_("A delegate may ask for their own visa letter only."))
    if transition.who == "staff":
        require_permission(
            by, *RELEASE_PERMISSIONS, message=_("You are not allowed to release visa letters.")
        )
        return
    if transition.who == "tracking":
        require_permission(
            by, TRACKING_PERMISSION, message=_("You are not allowed to change visa letters.")
        )
        return
    if transition.who == "staff_or_system" and not isinstance(by, Registration):
        require_permission(
            by, *RELEASE_PERMISSIONS, message=_("You are not allowed to revoke visa letters.")
        )
        return
    if not is_system(by):
        raise ActionNotAllowed()


def change_letter_state(letter_request, to, *, by, reason, fields=()):
    """The one way a visa letter request changes state (LETTER_TRANSITIONS): checks who acts
    and from which state, sets what goes with the new state, saves the changed fields (and
    `fields` the caller changed) with one history entry naming the actor and the reason.
    Raises VisaLetterError (translated) when the state or the data forbid it,
    ActionNotAllowed when `by` may not."""
    transition = LETTER_TRANSITIONS.get(to)
    if transition is None:
        raise VisaLetterError(gettext("Unknown state of a visa letter request."))
    _check_actor(transition, letter_request, by)
    with transaction.atomic():
        current = (
            VisaLetterRequest.objects.select_for_update()
            .filter(pk=letter_request.pk)
            .values_list("status", flat=True)
            .first()
        )
        if current not in transition.sources:
            raise VisaLetterError(
                gettext("A visa letter request that is “%(status)s” cannot become “%(target)s”.")
                % {"status": Status(current).label, "target": Status(to).label}
            )
        changed = transition.follow(letter_request, by, timezone.now())
        letter_request.status = to
        letter_request._history_user = history_user(by)
        letter_request._change_reason = reason
        letter_request.save(update_fields=sorted({"status", *changed, *fields}))
        # The delegate is told, in the same transaction (the outbox): their request received,
        # and their letter released, once (a second release of a released letter is not news).
        if to == Status.REQUESTED:
            # "revoked_at" changed: this update withdrew a letter already released (_requested).
            queue_visa_letter_received_email(
                letter_request, letter_withdrawn="revoked_at" in changed
            )
        elif to == Status.RELEASED and current != Status.RELEASED:
            queue_visa_letter_released_email(letter_request)
    return letter_request


def release_visa_letters(letter_requests, *, by):
    """Release many; returns (released, refused) where refused holds (request, message)."""
    released, refused = [], []
    for letter_request in letter_requests:
        try:
            released.append(release_visa_letter(letter_request, by=by))
        except VisaLetterError as error:
            refused.append((letter_request, str(error)))
    return released, refused


def letter_queryset(letter_requests=None):
    queryset = letter_requests if letter_requests is not None else VisaLetterRequest.objects
    return queryset.select_related(
        "registration__person",
        "registration__organization",
        "registration__session__host_region",
        "registration__session__visa_settings",
        "registration__visa_entitlement_exception",
        "consulate_office",
    ).order_by("registration__person__family_name_latin", "pk")


# The labels of the letter's data table, printed in Italian and in Russian side by side.
DATA_LABELS = {
    "name": _("Full name as in the passport"),
    "native_name": _("Name in Cyrillic script"),
    "date_of_birth": _("Date of birth"),
    "place_of_birth": _("Place of birth"),
    "citizenship": _("Citizenship"),
    "passport_number": _("Passport number"),
    "issued_on": _("Issued on"),
    "expires_on": _("Valid until"),
    "organization": _("Organization and position"),
    "place_and_dates": _("Place and dates"),
}


@dataclasses.dataclass
class Letter:
    request: VisaLetterRequest
    reference: str
    texts: dict
    # The copy kept once the passport data is erased: the letter without it.
    is_erased_copy: bool = False
    # The QR code of the verification page (SVG) and its address; none before the release.
    qr: str = ""
    verification_url: str = ""


def consulate_name_in(letter_request, language):
    """The consulate the letter is addressed to, named in `language`: from the directory
    (travel.Consulate), else as the delegate typed it (requests made before the directory)."""
    if letter_request.consulate_office_id:
        return letter_request.consulate_office.localized("name", language)
    return consulate_name(letter_request.consulate, language)


def _letter_texts(letter_request, language, today):
    """What the letter says in one language, with dates written the way it writes them."""
    registration = letter_request.registration
    session = registration.session
    # The host ministry of the session's time, its letterhead and signatory (session data).
    institution = letterhead_institution(session)
    signatory, title_it, title_ru = letter_signatory(session)
    with translation.override(language):
        return {
            "language": language,
            "address": institution.address,
            "ministry": institution.localized("name", language),
            "department": institution.localized("department", language),
            "consulate": consulate_name_in(letter_request, language),
            "consulate_address": (
                letter_request.consulate_office.localized("address", language)
                if letter_request.consulate_office_id
                else ""
            ),
            "session_title": session.title,
            "city": session.localized("city", language),
            "venue": session.venue_in(language),
            "region": session.host_region.localized("name", language),
            "dates": session.dates_display,
            "today": long_date(today),
            "date_of_birth": (
                long_date(letter_request.date_of_birth) if letter_request.date_of_birth else ""
            ),
            "passport_issued_on": (
                long_date(letter_request.passport_issued_on)
                if letter_request.passport_issued_on
                else ""
            ),
            "passport_expires_on": (
                long_date(letter_request.passport_expires_on)
                if letter_request.passport_expires_on
                else ""
            ),
            "erased_on": (
                long_date(timezone.localdate(letter_request.passport_data_erased_at))
                if letter_request.passport_data_erased_at
                else ""
            ),
            "delegation": (
                gettext("a member of the Italian delegation")
                if registration.delegation == Country.ITALY
                else gettext("a member of the Russian delegation")
            ),
            "host_country": Country(session.host_country).label,
            # The signatory in both scripts (the reader's first), the title in the language.
            "cochair_name": signatory.both(language),
            "cochair_title": title_ru if language == "ru" else title_it,
            "short_date": date_format(today, "SHORT_DATE_FORMAT"),
        }


def build_letter(letter_request, today=None):
    """The content of one letter in Italian and in Russian; VisaLetterError if impossible.
    A letter issued before its passport data was erased is made again without it (the copy
    staff keep). A released letter is dated on its release and carries the QR code of its
    verification page."""
    is_erased_copy = bool(letter_request.passport_data_erased_at and letter_request.letter_version)
    if not is_erased_copy:
        check_letter_possible(letter_request)
    if letter_request.released_at and letter_request.letter_version:
        today = timezone.localdate(letter_request.released_at)
    today = today or timezone.localdate()
    qr = url = ""
    if letter_request.letter_version:
        url = verification.verification_url(letter_request)
        qr = qr_svg(url)
    return Letter(
        request=letter_request,
        reference=letter_request.letter_number,
        texts={
            language: _letter_texts(letter_request, language, today) for language in ("it", "ru")
        },
        is_erased_copy=is_erased_copy,
        qr=qr,
        verification_url=url,
    )


def render_visa_letters(letter_requests):
    """One PDF with a letter per request (a queryset or list); requests that cannot have a
    letter are left out and returned with the reason. Returns (pdf or None, refused)."""
    letters, refused = [], []
    for letter_request in letter_requests:
        try:
            letters.append(build_letter(letter_request))
        except VisaLetterError as error:
            refused.append((letter_request, str(error)))
    if not letters:
        return None, refused
    return render_pdf(letters_html(letters)), refused


def letters_html(letters):
    """The HTML the PDF of these letters (Letter, from `build_letter`) is printed from."""
    return render_to_string(
        "pdf/visa_letter.html",
        {"letters": letters, "labels": bilingual_labels(DATA_LABELS, LETTER_LANGUAGES)},
    )


def render_visa_letter(letter_request):
    """The PDF of one letter; VisaLetterError if it cannot be written."""
    pdf, refused = render_visa_letters([letter_request])
    if pdf is None:
        raise VisaLetterError(refused[0][1])
    return pdf


def letter_filename(letter_request):
    return f"visa-letter-{letter_request.registration.session.number}-{letter_request.pk}.pdf"


# --- staff's corrections in the admin --------------------------------------------------------

CHANGE_PERMISSION = "travel.change_visaletterrequest"
PASSPORT_PERMISSION = "travel.view_passport_data"
DELETE_PERMISSION = "travel.delete_visaletterrequest"


def correct_letter_request(letter_request, values, *, by):
    """Staff correct a request in the admin (the consulate; the passport data, for staff
    allowed to read it): only those fields, with one history entry naming who; the status
    changes only through `change_letter_state`. A correction to a letter already issued makes
    a new version of it, so that the QR code of the printed one reads as replaced. Returns the
    names of the fields changed."""
    editable = ["consulate_office", "consulate"]
    require_permission(by, CHANGE_PERMISSION)
    if any(name in values for name in PASSPORT_FIELDS):
        require_permission(by, CHANGE_PERMISSION, PASSPORT_PERMISSION)
        editable += list(PASSPORT_FIELDS)
    with transaction.atomic():
        current = VisaLetterRequest.objects.select_for_update().get(pk=letter_request.pk)
        fields = [
            name for name in editable if name in values and getattr(current, name) != values[name]
        ]
        for name in fields:
            setattr(current, name, values[name])
        if fields and current.letter_version:
            current.letter_version += 1
            fields.append("letter_version")
        if fields:
            current._history_user = history_user(by)
            current._change_reason = "corrected by staff"
            current.save(update_fields=fields)
    return fields


def delete_letter_requests(letter_requests, *, by):
    """Staff delete requests (a mistaken one): with the passport data they hold; the history
    keeps who deleted them. Returns how many."""
    require_permission(by, DELETE_PERMISSION)
    count = 0
    with transaction.atomic():
        for letter_request in sorted(letter_requests, key=lambda r: r.pk):
            current = VisaLetterRequest.objects.select_for_update().filter(pk=letter_request.pk)
            current = current.first()
            if current is None:
                continue
            current._history_user = history_user(by)
            current._change_reason = "deleted by staff"
            current.delete()
            count += 1
    return count


@transaction.atomic
def erase_passport_data(queryset, *, by, reason="personal data erased"):
    """Erase the passport data of the visa letter requests of `queryset` (registrations or
    visa letter requests), for erasure and the anonymization of old sessions. Returns how
    many requests were erased. The history tables never held passport data (see
    PASSPORT_FIELDS). `by`: SYSTEM (it follows the erasure of the registrations)."""
    if queryset.model is Registration:
        queryset = VisaLetterRequest.objects.filter(registration__in=queryset)
    letter_requests = queryset.filter(passport_data_erased_at__isnull=True).exclude(
        status=Status.ERASED
    )
    erased = 0
    for letter_request in letter_requests:
        change_letter_state(letter_request, Status.ERASED, by=by, reason=reason)
        erased += 1
    return erased
