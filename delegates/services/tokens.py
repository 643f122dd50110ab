"""The links delegates receive: a signed, expiring confirmation link and a private
management link."""

import datetime
import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import prepared
from delegates.models import Registration
from delegates.services.exceptions import RegistrationError

CONFIRMATION_SALT = "delegates.registration.confirmation"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)


def make_confirmation_token(registration):
    """A TimestampSigner-signed token naming the registration. It carries a digest of the
    management token, so a token issued before the management token changed stops working."""
    return signing.dumps([registration.pk, _fingerprint(registration)], salt=CONFIRMATION_SALT)


def _fingerprint(registration):
    """A short digest of the management token: it changes with the token, reveals nothing."""
    return hashlib.sha256(registration.management_token.encode()).hexdigest()[:12]


def _not_anonymized(pk):
    # Read at every confirmation (compiled once: core/prepared.py).
    return Registration.objects.with_people().filter(pk=pk, anonymized_at__isnull=True)


def registration_from_confirmation_token(token, max_age=CONFIRMATION_MAX_AGE):
    """The registration a confirmation token names; RegistrationError if it is expired,
    tampered with or no longer matches."""
    try:
        pk, fragment = signing.loads(token, salt=CONFIRMATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise RegistrationError(
            _(
                "This confirmation link has expired: links are valid for 7 days. Open the link "
                "to manage your registration, from the same e-mail, to receive a new one, or "
                "register again."
            ),
            code="expired",
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise RegistrationError(
            _("This confirmation link is not valid. Copy the whole link from the e-mail."),
            code="invalid_token",
        ) from error
    registration = None
    if type(pk) is int:
        found = prepared.rows_by(_not_anonymized, pk)
        registration = found[0] if found else None
    if registration is None or _fingerprint(registration) != fragment:
        raise RegistrationError(
            _("This confirmation link is no longer valid."), code="invalid_token"
        )
    return registration


def absolute_url(path):
    return settings.SITE_URL + path


def confirmation_url(registration):
    with translation.override(registration.language):
        return absolute_url(
            reverse(
                "delegates:confirm",
                kwargs={"token": make_confirmation_token(registration)},
            )
        )


def site_url(name, language, **kwargs):
    """The full address of the page `name` (its arguments `kwargs`) in `language` (the
    portal's default language when empty), for an e-mail."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, kwargs=kwargs))


def private_url(name, registration):
    """The full address of one of the delegate's private pages (`name`, whose only argument
    is the private-link token), in the delegate's language."""
    return site_url(name, registration.language, token=registration.management_token)


def management_url(registration):
    return private_url("delegates:manage", registration)
