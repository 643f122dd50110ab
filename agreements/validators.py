"""Checks on uploaded files: signed copies must be real PDFs of a reasonable size."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SIGNED_COPY_SIZE = 15 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(upload):
    """Refuse anything that is not a PDF (by its first bytes, not its name) or is too large."""
    if not upload or getattr(upload, "_committed", False):
        # Nothing uploaded, or a file already stored (checked when it was uploaded).
        return
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_SIGNED_COPY_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(MAX_SIGNED_COPY_SIZE),
            },
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
    finally:
        upload.seek(position)
    # Some producers put a few bytes (a BOM, whitespace) before the header; the PDF
    # specification tolerates the header anywhere in the first kilobyte.
    if PDF_MAGIC not in head:
        raise ValidationError(
            _("The file is not a PDF document. Please upload the signed copy as a PDF."),
            code="not_a_pdf",
        )
