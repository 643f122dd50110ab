"""The verification of a visa letter by a consulate: the letter prints a QR code of a public
page (`travel:verify_letter`) holding a signed code of the request and the letter's version
(core.verification); the page says whether the letter is genuine and valid, or revoked.

A new release raises the version, so the code of an earlier letter reads as replaced; a
revocation (staff, or a cancelled registration) makes it revoked; new passport data from the
delegate withdraws it (until the new letter is released, then it reads as replaced); the
erasure of the passport data changes nothing here: the letter stays what it was when issued.
"""

import dataclasses

from django.urls import reverse
from django.utils import translation

from core.verification import absolute_url, read_code, sign_code
from sessions_app.models import Country
from travel.models import VisaLetterRequest

KIND = "visa_letter"
VALID, REVOKED, REPLACED, WITHDRAWN = "valid", "revoked", "replaced", "withdrawn"

# The revocation reason kept when the delegate's new passport data withdraws the letter
# already released (travel.services.letters; shown translated in the admin).
WITHDRAWN_BY_DELEGATE = "withdrawn: the delegate changed the passport data"


def letter_code(letter_request):
    return sign_code(KIND, f"{letter_request.pk}-{letter_request.letter_version}")


def verification_url(letter_request):
    """The public address of the letter's verification page, in the language of the
    consulate that reads it (the host country's)."""
    session = letter_request.registration.session
    language = "ru" if session.host_country == Country.RUSSIA else "it"
    with translation.override(language):
        path = reverse("travel:verify_letter", kwargs={"code": letter_code(letter_request)})
    return absolute_url(path)


@dataclasses.dataclass(frozen=True)
class VerifiedLetter:
    number: str
    name: str
    native_name: str
    session: object
    state: str  # VALID, REVOKED, WITHDRAWN or REPLACED

    @property
    def is_valid(self):
        return self.state == VALID


def verify_letter(code):
    """What the letter of `code` is (VerifiedLetter), or None for a code that is not one of
    the portal's or names no issued letter."""
    payload = read_code(KIND, code)
    if payload is None:
        return None
    try:
        pk, version = (int(part) for part in payload.split("-"))
    except ValueError:
        return None
    letter_request = (
        VisaLetterRequest.objects.filter(pk=pk, letter_version__gte=1)
        .select_related("registration__person", "registration__session__host_region")
        .first()
    )
    if letter_request is None or version > letter_request.letter_version:
        return None
    issued = letter_request
    if version < letter_request.letter_version:
        state = REPLACED
    elif letter_request.revoked_at is not None:
        # Withdrawn when the delegate corrected their passport data (a new letter to come).
        withdrawn = letter_request.revocation_reason == WITHDRAWN_BY_DELEGATE
        state = WITHDRAWN if withdrawn else REVOKED
    else:
        state = VALID
    number = f"TF-{issued.registration.session.number}/{issued.pk:04d}"
    if version > 1:
        number = f"{number}-{version}"
    return VerifiedLetter(
        number=number,
        name=issued.registration.person.full_name_latin,
        # The other script: a Russian's own name in Cyrillic, or the Cyrillic form an Italian
        # gave (as on the badge); empty if the portal has none.
        native_name=issued.registration.person.name_other_script,
        session=issued.registration.session,
        state=state,
    )
