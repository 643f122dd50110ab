"""Signed verification codes for printed documents (certificates of attendance, visa
letters…): the document carries a QR code of a public URL holding the code, and the page
behind it says whether the document is genuine.

A code is Django's signing (`Signer`, HMAC-SHA256 keyed by SECRET_KEY with a salt per kind
of document) of a short payload that names the document, never personal data: nobody can
make or alter one without the key, and a code of one kind is not valid as another.
Domain-free on purpose: each app names its kind, builds its payload and shows its page.
"""

from urllib.parse import urljoin

import segno
from django.conf import settings
from django.core import signing

SALT_PREFIX = "taskforce.verification."
MAX_CODE_LENGTH = 200


def _signer(kind):
    return signing.Signer(salt=SALT_PREFIX + kind, algorithm="sha256")


def sign_code(kind, payload):
    """The signed code of `payload` (a short text without "/") for documents of `kind`."""
    return _signer(kind).sign(str(payload))


def read_code(kind, code):
    """The payload of a genuine code of `kind`, or None for anything forged, altered,
    truncated or of another kind. Never raises: anything typed in a URL is a possible input."""
    if not isinstance(code, str) or not code or len(code) > MAX_CODE_LENGTH:
        return None
    try:
        return _signer(kind).unsign(code.strip())
    except signing.BadSignature:
        return None


def absolute_url(path):
    """`path` on the portal's public address (SITE_URL), as printed on paper."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def qr_svg(text):
    """The QR code of `text` as an inline SVG that scales to its box (for WeasyPrint)."""
    return segno.make(text, error="m").svg_inline(scale=1, border=2, omitsize=True, dark="#000")
