"""Badges: the signed token in the QR code and what a badge shows (the pages are rendered
and assembled in badge_pages.py, printing is printing.py).

A badge token names only the session number and the registration id, followed by an HMAC of
both (keyed by SECRET_KEY, with a salt of its own): `TF25-1234:K7Q…`. It carries no personal
data, and nobody can make a valid one without the key. The signature is written in base32
(capital letters and digits) rather than Django's default base64: a handheld scanner types
the code like a keyboard, and a mixed-case code breaks with Caps Lock on; capital letters,
digits, "-" and ":" also fit the QR code's compact alphanumeric mode.
"""

import base64
import dataclasses
import re

from django.core import signing
from django.utils import translation
from django.utils.crypto import salted_hmac

from core.pdf import qr_spec, qr_url
from delegates.models import (
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from sessions_app.models import Country

# Kept from the days badges lived in delegates: the badges already printed are signed with it.
BADGE_SALT = "delegates.badge"
_TOKEN_VALUE = re.compile(r"^TF(?P<session>\d{1,5})-(?P<registration>\d{1,12})$")

# What a scanner types when the desk computer's keyboard is set to the Russian layout: the
# keys of the QWERTY layout come out as the Cyrillic letters printed on them.
_QWERTY_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM:"
_RUSSIAN_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬЖ"
_RUSSIAN_LAYOUT = str.maketrans(_RUSSIAN_KEYS + _RUSSIAN_KEYS.lower(), _QWERTY_KEYS + _QWERTY_KEYS)


class BadgeSigner(signing.Signer):
    """django.core.signing's Signer with an upper-case base32 signature (see module doc)."""

    def __init__(self):
        super().__init__(salt=BADGE_SALT, algorithm="sha256")

    def signature(self, value, key=None):
        digest = salted_hmac(
            self.salt + "signer", value, key or self.key, algorithm=self.algorithm
        ).digest()
        # 130 bits of the HMAC: far beyond guessing, short enough for a small QR code.
        return base64.b32encode(digest).decode()[:26]


def badge_token(registration):
    """The signed text of the registration's QR code."""
    return BadgeSigner().sign(f"TF{registration.session.number}-{registration.pk}")


@dataclasses.dataclass(frozen=True)
class BadgeCode:
    session_number: int
    registration_id: int


def normalize_scanned_code(text):
    """Undo what scanners and keyboards do to a code: spaces, lower case, Russian layout."""
    text = "".join((text or "").split())
    return text.translate(_RUSSIAN_LAYOUT).upper()


def read_badge_token(text):
    """The session number and registration id of a scanned code, or None when the code is
    damaged or forged. Never raises: anything a scanner may type is a possible input."""
    if not text or len(text) > 200:
        return None
    try:
        value = BadgeSigner().unsign(normalize_scanned_code(text))
    except signing.BadSignature:
        return None
    match = _TOKEN_VALUE.match(value)
    if match is None:
        return None
    return BadgeCode(int(match["session"]), int(match["registration"]))


# What else, besides the token, decides the drawing of the QR code (see badge_pages.py).
QR_SPEC = qr_spec()


def qr_image(text):
    """The QR code as an <img> drawn by the process that renders the PDF (core/pdf.py, a
    qr: URL): a black-and-white PNG that fills its box. Not an inline SVG: WeasyPrint parses
    and draws an SVG path in Python, about 5 ms for a badge's code (a third of writing its
    page); an image is embedded as it is, and looks the same: square modules, nothing
    smoothed."""
    return f'<img alt="" src="{qr_url(text)}">'


# A distinct mark per role: a shape as well as a colour, so that nobody depends on colour.
ROLE_MARKS = {
    RegistrationRole.HEAD_OF_DELEGATION: "★",
    RegistrationRole.OFFICIAL: "◆",
    RegistrationRole.COMPANY_REPRESENTATIVE: "●",
    RegistrationRole.PRESS: "▲",
    RegistrationRole.INTERPRETER: "◐",
    RegistrationRole.STAFF: "■",
}


def size_class(length, limits):
    """The CSS class that lets a text of `length` characters fit its box: `limits` are the
    longest lengths that fit at each size, largest first; beyond the last, the smallest size
    (which wraps)."""
    for index, limit in enumerate(limits):
        if length <= limit:
            return f"size-{index}"
    return f"size-{len(limits)}"


def name_width(parts):
    """How many characters the widest line of a name needs: names wrap at spaces and after
    hyphens, so a long name spread over two lines may stay large; a single long word may not."""
    widest = 0
    for part in parts:
        segments = [segment for segment in re.split(r"\s+|(?<=-)", part) if segment]
        widest = max([widest, (len(part) + 1) // 2, *map(len, segments)])
    return widest


# The longest line (in characters) that fits the badge at each font size.
NAME_LIMITS = (13, 17, 21, 28)
ORGANIZATION_LIMITS = (30, 45, 70)


@dataclasses.dataclass
class Badge:
    """Everything one badge shows, computed once in Python so the template stays dumb."""

    registration: Registration
    token: str
    name_latin: str
    name_native: str
    family_name_latin: str
    given_name_latin: str
    name_class: str
    organization_latin: str
    organization_cyrillic: str
    organization_class: str
    delegation: str
    role: str
    role_mark: str
    role_it: str
    role_ru: str


def _in_both_languages(function):
    with translation.override("it"):
        italian = str(function())
    with translation.override("ru"):
        russian = str(function())
    return italian, russian


def build_badge(registration):
    """The content of one badge (no query: the registration comes with its relations)."""
    person = registration.person
    organization = registration.organization
    token = badge_token(registration)
    name_latin = person.full_name_latin
    name_native = person.name_other_script
    name_measure = name_width(
        [person.given_name_latin, person.family_name_latin, person.given_name, person.family_name]
    )
    role_label = RegistrationRole(registration.role).label
    role_it, role_ru = _in_both_languages(lambda: role_label)
    # One line when the organization has one name only (given in Cyrillic, kept in both fields).
    organization_cyrillic = organization.distinct_name_cyrillic
    organization_text = max([organization.name_latin, organization_cyrillic], key=len)
    return Badge(
        registration=registration,
        token=token,
        name_latin=name_latin,
        name_native=name_native,
        family_name_latin=person.family_name_latin,
        given_name_latin=person.given_name_latin,
        name_class=size_class(name_measure, NAME_LIMITS),
        organization_latin=organization.name_latin,
        organization_cyrillic=organization_cyrillic,
        organization_class=size_class(len(organization_text), ORGANIZATION_LIMITS),
        delegation=registration.delegation.lower(),
        role=registration.role,
        role_mark=ROLE_MARKS.get(registration.role, "●"),
        role_it=role_it,
        role_ru=role_ru,
    )


def _session_heading(session):
    """The session's title, city and dates in Italian and in Russian."""
    headings = {}
    for language in ("it", "ru"):
        with translation.override(language):
            headings[language] = {
                "title": session.title,
                "city": session.localized("city", language),
                "dates": session.dates_display,
            }
    return headings


def _delegation_names():
    names = {}
    for country in Country:
        italian, russian = _in_both_languages(lambda country=country: country.label)
        names[country.value.lower()] = {"it": italian, "ru": russian}
    return names


def badge_queryset(registrations):
    """Approved registrations in print order, with everything a badge shows (one query)."""
    return (
        registrations.filter(status=RegistrationStatus.APPROVED)
        .select_related("person", "organization", "session", "session__host_region")
        .order_by("delegation", "person__family_name_latin", "person__given_name_latin", "pk")
    )


def build_badges(registrations):
    """The badges of these registrations (with their relations), in the same order."""
    sessions = {}
    for registration in registrations:
        sessions.setdefault(registration.session_id, _session_heading(registration.session))
    delegations = _delegation_names()
    badges = [build_badge(registration) for registration in registrations]
    for badge in badges:
        badge.session = sessions[badge.registration.session_id]
        badge.delegation_names = delegations[badge.delegation]
    return badges
