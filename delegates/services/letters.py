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

from core.authorization import history_user, require_permission
from core.pdf import render_pdf
from delegates.models import (
    PASSPORT_FIELDS,
    Registration,
    RegistrationStatus,
    VisaLetterRequest,
    VisaLetterStatus,
)
from sessions_app.consulates import consulate_name
from sessions_app.models import Country, long_date
from sessions_app.services.institutions import letter_signatory, letterhead_institution

# Staff who release letters: they check the passport data (Ministry administrators).
RELEASE_PERMISSIONS = ("delegates.change_visaletterrequest", "delegates.view_passport_data")

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


# Registrations for which a delegate may ask for a letter.
LETTER_ALLOWED_STATUSES = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


def missing_passport_fields(letter_request):
    """The names of the required passport fields still empty."""
    return [
        str(VisaLetterRequest._meta.get_field(name).verbose_name)
        for name in REQUIRED_PASSPORT_FIELDS
        if not getattr(letter_request, name)
    ]


def letter_problems(letter_request):
    """Why no letter can be written for this request (translated sentences); empty if none."""
    problems = []
    if letter_request.passport_data_erased_at:
        return [gettext("The passport data of this request has been erased.")]
    missing = missing_passport_fields(letter_request)
    if missing:
        problems.append(
            gettext("Passport data missing: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    session = letter_request.registration.session
    expires = letter_request.passport_expires_on
    if expires and expires < session.end_date:
        problems.append(
            gettext(
                "The passport expires on %(expiry)s, before the session ends on %(end)s: "
                "a visa cannot be issued on it."
            )
            % {"expiry": long_date(expires), "end": long_date(session.end_date)}
        )
    birth = letter_request.date_of_birth
    if birth and birth >= timezone.localdate():
        problems.append(gettext("The date of birth must lie in the past."))
    if letter_request.registration.status not in LETTER_ALLOWED_STATUSES:
        problems.append(
            gettext("The registration is %(status)s: no letter can be issued for it.")
            % {"status": letter_request.registration.get_status_display().lower()}
        )
    return problems


def check_letter_possible(letter_request):
    """Raise VisaLetterError with every problem at once, so the delegate fixes them together."""
    problems = letter_problems(letter_request)
    if problems:
        raise VisaLetterError(" ".join(problems))


@transaction.atomic
def request_visa_letter(registration, passport_data):
    """Create or update the delegate's request with their passport data (a dict of
    PASSPORT_FIELDS and `consulate`). A changed request goes back to staff for release."""
    if registration.status not in LETTER_ALLOWED_STATUSES:
        raise VisaLetterError(
            gettext("A visa letter can be requested only for an active registration.")
        )
    letter_request, _created = VisaLetterRequest.objects.select_for_update().get_or_create(
        registration=registration
    )
    for field in (*PASSPORT_FIELDS, "consulate"):
        if field in passport_data:
            setattr(letter_request, field, passport_data[field] or _empty(field))
    check_letter_possible(letter_request)
    letter_request.status = VisaLetterStatus.REQUESTED
    letter_request.released_at = None
    letter_request.released_by = None
    letter_request.passport_data_erased_at = None
    letter_request.save()
    return letter_request


def _empty(field):
    return None if VisaLetterRequest._meta.get_field(field).null else ""


@transaction.atomic
def release_visa_letter(letter_request, *, by):
    """Let the delegate download their letter. Refused while the letter cannot be written."""
    require_permission(
        by, *RELEASE_PERMISSIONS, message=_("You are not allowed to release visa letters.")
    )
    letter_request = (
        VisaLetterRequest.objects.select_for_update()
        .select_related("registration__session")
        .get(pk=letter_request.pk)
    )
    check_letter_possible(letter_request)
    letter_request.status = VisaLetterStatus.RELEASED
    letter_request.released_at = timezone.now()
    letter_request.released_by = history_user(by)
    letter_request._history_user = history_user(by)
    letter_request.save(update_fields=["status", "released_at", "released_by"])
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


def bilingual_labels(labels):
    """{"key": {"it": "…", "ru": "…"}} for lazy translatable labels."""
    result = {key: {} for key in labels}
    for language in LETTER_LANGUAGES:
        with translation.override(language):
            for key, label in labels.items():
                result[key][language] = str(label)
    return result


@dataclasses.dataclass
class Letter:
    request: VisaLetterRequest
    reference: str
    texts: dict


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
            "consulate": consulate_name(letter_request.consulate, language),
            "session_title": session.title,
            "city": session.localized("city", language),
            "region": session.host_region.localized("name", language),
            "dates": session.dates_display,
            "today": long_date(today),
            "date_of_birth": long_date(letter_request.date_of_birth),
            "passport_issued_on": (
                long_date(letter_request.passport_issued_on)
                if letter_request.passport_issued_on
                else ""
            ),
            "passport_expires_on": long_date(letter_request.passport_expires_on),
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
    """The content of one letter in Italian and in Russian; VisaLetterError if impossible."""
    check_letter_possible(letter_request)
    today = today or timezone.localdate()
    session = letter_request.registration.session
    return Letter(
        request=letter_request,
        reference=f"TF-{session.number}/{letter_request.pk:04d}",
        texts={
            language: _letter_texts(letter_request, language, today) for language in ("it", "ru")
        },
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
    html = render_to_string(
        "pdf/visa_letter.html", {"letters": letters, "labels": bilingual_labels(DATA_LABELS)}
    )
    return render_pdf(html), refused


def render_visa_letter(letter_request):
    """The PDF of one letter; VisaLetterError if it cannot be written."""
    pdf, refused = render_visa_letters([letter_request])
    if pdf is None:
        raise VisaLetterError(refused[0][1])
    return pdf


def letter_filename(letter_request):
    return f"visa-letter-{letter_request.registration.session.number}-{letter_request.pk}.pdf"


@transaction.atomic
def erase_passport_data(queryset):
    """Erase the passport data of the visa letter requests of `queryset` (registrations or
    visa letter requests), for the anonymization of old sessions. Returns how many requests
    were erased. The history tables never held passport data (see PASSPORT_FIELDS)."""
    if queryset.model is Registration:
        queryset = VisaLetterRequest.objects.filter(registration__in=queryset)
    blank = {field: _empty(field) for field in PASSPORT_FIELDS}
    return queryset.filter(passport_data_erased_at__isnull=True).update(
        **blank,
        consulate="",
        status=VisaLetterStatus.ERASED,
        passport_data_erased_at=timezone.now(),
    )
