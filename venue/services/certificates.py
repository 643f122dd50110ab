"""Certificates of attendance: once a session has ended, each delegate who checked in at its
desk may download a bilingual certificate (Italian | Russian) from their private link, and
staff may issue them in bulk from the admin. The certificate names the delegate in both
scripts, the days attended (from the check-in, in the host city's calendar, to the session's
last day) and the session's institutions and signatories as the visa letters name them; it
carries the QR code of a public page (`venue:verify_certificate`) that tells a genuine
certificate from a forged one (core.verification).

Who acts (`by`): the delegate (their Registration) for their own certificate; staff holding
the permission to issue certificates, or SYSTEM, for any and in bulk.
"""

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.authorization import history_user, require_permission
from core.i18n import bilingual_labels
from core.pdf import render_pdf
from core.text import italian_elision
from core.verification import absolute_url, qr_svg, read_code, sign_code
from delegates.models import Registration
from sessions_app.dates import date_range, long_date
from sessions_app.models import Country, Session
from sessions_app.services.institutions import default_institutions
from venue.models import Certificate, CheckIn

KIND = "attendance_certificate"
ISSUE_PERMISSION = "venue.issue_certificates"
LANGUAGES = ("it", "ru")


class CertificateError(Exception):
    """A certificate cannot be issued; the message is translated and fit to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self):
        return str(self.message)


# --- who may have one ----------------------------------------------------------------------


def _check_in_of(registration):
    try:
        return registration.check_in
    except CheckIn.DoesNotExist:
        return None


# Why a registration has no certificate (BulkIssue.refused, for the staff's warning).
SESSION_NOT_OVER = "session_not_over"
NO_CHECK_IN = "no_check_in"


def refusal_reason(registration, now=None):
    """SESSION_NOT_OVER, NO_CHECK_IN, or None when `registration` may have its certificate."""
    if not registration.session.last_day_is_over(now):
        return SESSION_NOT_OVER
    if _check_in_of(registration) is None:
        return NO_CHECK_IN
    return None


def certificate_problem(registration, now=None):
    """Why `registration` cannot have a certificate, told to the delegate (a translated
    message), or None."""
    reason = refusal_reason(registration, now)
    if reason == SESSION_NOT_OVER:
        return italian_elision(
            _("Certificates of attendance are available once the session has ended, from %(date)s.")
            % {"date": long_date(registration.session.end_date + datetime.timedelta(days=1))}
        )
    if reason == NO_CHECK_IN:
        return _(
            "A certificate of attendance is issued only to delegates who checked in at the "
            "venue, and our records show no check-in for you. If you attended, please write "
            "to the organizers."
        )
    return None


def is_certificate_offered(registration, now=None):
    """Whether the private page offers the certificate (session over, delegate checked in)."""
    return certificate_problem(registration, now) is None


def days_attended(registration, check_in):
    """(first day, last day): the check-in's day in the host city, kept within the
    session's days, to the session's last day (a badge once checked in stays valid)."""
    session = registration.session
    checked_in_on = timezone.localtime(check_in.checked_in_at, session.tzinfo).date()
    first_day = min(max(checked_in_on, session.start_date), session.end_date)
    return first_day, session.end_date


# --- issuing -------------------------------------------------------------------------------


def _require_actor(registrations, by):
    if isinstance(by, Registration):
        if any(registration.pk != by.pk for registration in registrations):
            raise CertificateError(_("You may download only your own certificate."))
        return
    require_permission(
        by,
        ISSUE_PERMISSION,
        message=_("You are not allowed to issue certificates of attendance."),
    )


def _issue(session, registrations, by):
    """Issue a certificate to each of `registrations` (all of `session`, checked in) that has
    none yet, numbering them after the session's last; returns {registration id: Certificate}.
    The session row is locked so that two issuers never take the same number."""
    Session.objects.select_for_update().filter(pk=session.pk).first()
    existing = {
        certificate.registration_id: certificate
        for certificate in Certificate.objects.filter(
            registration__in=[registration.pk for registration in registrations]
        )
    }
    serial = Certificate.objects.filter(session=session).aggregate(last=Max("serial"))["last"]
    serial = serial or 0
    new = []
    for registration in registrations:
        if registration.pk in existing:
            continue
        serial += 1
        first_day, last_day = days_attended(registration, registration.check_in)
        certificate = Certificate(
            registration=registration,
            session=session,
            serial=serial,
            first_day=first_day,
            last_day=last_day,
            issued_at=timezone.now(),
            issued_by=history_user(by),
        )
        new.append(certificate)
        existing[registration.pk] = certificate
    if new:
        Certificate.objects.bulk_create(new)
    return existing


def issue_certificate(registration, *, by, now=None):
    """The certificate of `registration`, issued now if it has none yet; CertificateError
    before the session has ended or for a delegate who never checked in."""
    _require_actor([registration], by)
    problem = certificate_problem(registration, now)
    if problem is not None:
        raise CertificateError(problem)
    for attempt in range(2):
        try:
            with transaction.atomic():
                certificate = _issue(registration.session, [registration], by)[registration.pk]
            break
        except IntegrityError:
            # Issued meanwhile by another request (the one-per-registration rule): read it.
            if attempt:
                raise
    certificate.registration = registration
    certificate.session = registration.session
    return certificate


@dataclasses.dataclass
class BulkIssue:
    certificates: list
    refused: list  # (registration, SESSION_NOT_OVER or NO_CHECK_IN)


def issue_certificates(registrations, *, by, now=None):
    """Staff issue the certificates of the selected registrations: those who checked in at a
    session now over get one (kept if they had it), the others are refused with the reason.
    Returns the certificates in the order of a printed list (session, delegation, name)."""
    _require_actor(registrations, by)
    registrations = list(
        Registration.objects.filter(pk__in=[registration.pk for registration in registrations])
        .select_related("person", "organization", "session__host_region", "check_in")
        .order_by(
            "session__number",
            "delegation",
            "person__family_name_latin",
            "person__given_name_latin",
            "pk",
        )
    )
    by_session, refused = {}, []
    for registration in registrations:
        reason = refusal_reason(registration, now)
        if reason is None:
            by_session.setdefault(registration.session, []).append(registration)
        else:
            refused.append((registration, reason))
    certificates = []
    with transaction.atomic():
        for session, accepted in by_session.items():
            issued = _issue(session, accepted, by)
            for registration in accepted:
                certificate = issued[registration.pk]
                certificate.registration = registration
                certificate.session = session
                certificates.append(certificate)
    return BulkIssue(certificates, refused)


# --- the document --------------------------------------------------------------------------


def certificate_code(certificate):
    return sign_code(KIND, str(certificate.pk))


def verification_url(certificate):
    """The public address of the certificate's verification page (in Italian and Russian
    alike: the page speaks the reader's language once opened)."""
    language = "ru" if certificate.registration.delegation == Country.RUSSIA else "it"
    with translation.override(language):
        path = reverse("venue:verify_certificate", kwargs={"code": certificate_code(certificate)})
    return absolute_url(path)


@dataclasses.dataclass(frozen=True)
class Signatory:
    """One signature block: the institution and who signs for it, in both languages."""

    institution: dict  # language -> name
    name: dict  # language -> the name in that reader's script, the other in brackets
    title: dict  # language -> title


def signatories(session):
    """The Italian and the Russian signature blocks: each side's institution of the session
    (as recorded, else the ministry of the session's time) and its signatory, else the
    side's co-chair, as the visa letters and the Protocol name them."""
    recorded = {}
    for institution in session.institutions.order_by("position", "pk"):
        recorded.setdefault(institution.country, institution)
    defaults = {values["country"]: values for values in default_institutions(session.start_date)}
    blocks = []
    for country in (Country.ITALY, Country.RUSSIA):
        institution = recorded.get(country)
        if institution is not None:
            names = {language: institution.localized("name", language) for language in LANGUAGES}
        else:
            names = {language: defaults[country][f"name_{language}"] for language in LANGUAGES}
        if institution is not None and institution.signatory_name:
            person = institution.signatory
            titles = {
                "it": institution.signatory_title_it or institution.signatory_title_ru,
                "ru": institution.signatory_title_ru or institution.signatory_title_it,
            }
        elif country == Country.ITALY:
            person, title_in = session.italian_cochair, session.italian_cochair_title_in
            titles = {language: title_in(language) for language in LANGUAGES}
        else:
            person, title_in = session.russian_cochair, session.russian_cochair_title_in
            titles = {language: title_in(language) for language in LANGUAGES}
        blocks.append(
            Signatory(
                institution=names,
                name={language: person.both(language) for language in LANGUAGES},
                title=titles,
            )
        )
    return blocks


def delegate_names(person):
    """The delegate's name in Latin letters and in Cyrillic (empty when unknown)."""
    latin = person.full_name_latin
    cyrillic = person.full_name_with_patronymic if person.has_other_script else person.name_cyrillic
    return {"latin": latin, "cyrillic": cyrillic if cyrillic != latin else ""}


def _texts(certificate, language):
    registration = certificate.registration
    session = certificate.session
    issued_on = timezone.localtime(certificate.issued_at, session.tzinfo).date()
    with translation.override(language):
        if certificate.first_day == certificate.last_day:
            days = long_date(certificate.first_day)
        else:
            days = date_range(certificate.first_day, certificate.last_day)
        day_count = (certificate.last_day - certificate.first_day).days + 1
        return {
            "session_title": session.title,
            "city": session.localized("city", language),
            "region": session.host_region.localized("name", language),
            "dates": session.dates_display,
            "days": days,
            "day_count": day_count,
            "issued_on": long_date(issued_on),
            "delegation": (
                gettext("of the Italian delegation")
                if registration.delegation == Country.ITALY
                else gettext("of the Russian delegation")
            ),
        }


LABELS = {"number": _("Certificate no.")}


def build_certificate(certificate, signature_blocks=None):
    """What one certificate shows, in Italian and in Russian."""
    url = verification_url(certificate)
    person = certificate.registration.person
    organization = certificate.registration.organization
    return {
        "certificate": certificate,
        "registration": certificate.registration,
        "names": delegate_names(person),
        "organization": {
            "latin": organization.name_latin,
            "cyrillic": organization.distinct_name_cyrillic,
        },
        "texts": {language: _texts(certificate, language) for language in LANGUAGES},
        "verification_url": url,
        "qr": qr_svg(url),
        "signatories": signature_blocks or signatories(certificate.session),
    }


def render_certificates(certificates):
    """One PDF with a page per certificate."""
    certificates = list(certificates)
    if not certificates:
        raise CertificateError(_("No certificate to print."))
    blocks = {}
    pages = []
    for certificate in certificates:
        if certificate.session_id not in blocks:
            blocks[certificate.session_id] = signatories(certificate.session)
        pages.append(build_certificate(certificate, blocks[certificate.session_id]))
    html = render_to_string(
        "pdf/attendance_certificate.html",
        {"pages": pages, "labels": bilingual_labels(LABELS, LANGUAGES)},
    )
    return render_pdf(html)


def certificate_filename(certificates):
    """ "certificate-25-0007.pdf" for one, "certificates-25.pdf" for a session's."""
    certificates = list(certificates)
    numbers = sorted({certificate.session.number for certificate in certificates})
    if len(certificates) == 1:
        return f"certificate-{numbers[0]}-{certificates[0].serial:04d}.pdf"
    return f"certificates-{'-'.join(str(number) for number in numbers)}.pdf"


# --- verification --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class VerifiedCertificate:
    number: str
    name: str
    native_name: str
    session: object
    days: str


def verify_certificate(code):
    """The certificate of `code` (VerifiedCertificate), or None for a code that is not one of
    the portal's (forged, altered, of another document) or names no issued certificate."""
    payload = read_code(KIND, code)
    if payload is None or not payload.isdigit():
        return None
    certificate = (
        Certificate.objects.filter(pk=int(payload), registration__anonymized_at__isnull=True)
        .select_related("registration__person", "session__host_region")
        .first()
    )
    if certificate is None:
        return None
    names = delegate_names(certificate.registration.person)
    if certificate.first_day == certificate.last_day:
        days = long_date(certificate.first_day)
    else:
        days = date_range(certificate.first_day, certificate.last_day)
    return VerifiedCertificate(
        number=certificate.number,
        name=names["latin"],
        native_name=names["cyrillic"],
        session=certificate.session,
        days=days,
    )
