"""The presentation of a project: a real PDF (opened by qpdf, not judged by its name), of
limited size (settings.PROJECT_PRESENTATION_MAX_BYTES)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
NOT_A_PDF = _("The presentation is not a PDF document. Please choose a PDF file.")


def max_presentation_bytes():
    return getattr(settings, "PROJECT_PRESENTATION_MAX_BYTES", 10 * 1024 * 1024)


def validate_presentation(upload):
    """Refuse a file that is not a readable PDF with pages, or that is too large."""
    if not upload or getattr(upload, "_committed", False):
        return
    limit = max_presentation_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The presentation is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if PDF_MAGIC not in upload.read(1024):
            raise ValidationError(NOT_A_PDF, code="not_a_pdf")
        upload.seek(0)
        _check_opens(upload)
    finally:
        upload.seek(position)


def _check_opens(upload):
    import pikepdf  # here: importing it logs a line, which every command would print

    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload
    try:
        with pikepdf.open(source) as document:
            pages = len(document.pages)
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("The PDF is protected by a password. Please choose a copy without one."),
            code="pdf_encrypted",
        ) from error
    except (pikepdf.PdfError, ValueError, OSError) as error:
        raise ValidationError(NOT_A_PDF, code="not_a_pdf") from error
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."), code="pdf_without_pages")
