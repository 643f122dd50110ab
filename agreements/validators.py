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
        # Some producers put a few bytes (a BOM, whitespace) before the header; the PDF
        # specification tolerates the header anywhere in the first kilobyte.
        if PDF_MAGIC not in head:
            raise ValidationError(NOT_A_PDF, code="not_a_pdf")
        upload.seek(0)
        _check_opens_as_pdf(upload)
    finally:
        upload.seek(position)


NOT_A_PDF = _("The file is not a PDF document. Please upload the signed copy as a PDF.")


def _check_opens_as_pdf(upload):
    """Open the upload with qpdf (pikepdf): a header alone (an HTML page with "%PDF-" in a
    comment, say) is not a PDF; a readable document with at least one page is."""
    import pikepdf  # here: importing it logs a line, which every command would print

    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload
    try:
        with pikepdf.open(source) as document:
            page_count = len(document.pages)
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("The PDF is protected by a password. Please upload a copy without one."),
            code="pdf_encrypted",
        ) from error
    except (pikepdf.PdfError, ValueError, OSError) as error:
        raise ValidationError(NOT_A_PDF, code="not_a_pdf") from error
    if page_count == 0:
        raise ValidationError(
            _("The PDF has no pages. Please upload the scan of the signed document."),
            code="pdf_without_pages",
        )
