"""Documents rendered once and served from storage until what decides them changes.

A document (the programme PDF, a draft Protocol, …) is stored under the SHA-256 of the HTML it
is printed from, in settings.DOCUMENTS_ROOT: a private folder outside the media and static
files, served only through the views that check who may see it. So that a download does not
even render the HTML, the digest is remembered in the cache under a *decision key*: what the
document's HTML follows from (the versions of the public page topics it shows,
core/public_cache.py). A change of those data gives a new decision key, hence a new HTML
render; an HTML identical to one already printed (a change that does not show) finds its PDF
stored, and WeasyPrint does not run again.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse

from core.pdf import render_pdf
from core.public_cache import versions_key

# The decision key is kept at most this long: a new template, deployed with unchanged data,
# shows within this time.
DECISION_SECONDS = 600


def _root():
    return Path(settings.DOCUMENTS_ROOT)


def _path(kind, digest):
    return _root() / kind / f"{digest}.pdf"


def _write_atomically(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)  # readers see the whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _decision_key(kind, decided_by, topics):
    return f"document:{kind}:{decided_by}:{versions_key(*topics)}"


def _decided(kind, decision):
    digest = caches["public_pages"].get(decision)
    if digest is not None:
        path = _path(kind, digest)
        if path.exists():
            return path
    return None


def decided_pdf(kind, decided_by, topics):
    """The path of the PDF that stored_pdf() gave for the same `kind`, `decided_by` and
    `topics` while none of the topics changed since, else None: a repeated download found
    with no query and no HTML (only cache reads), as a static file is."""
    return _decided(kind, _decision_key(kind, decided_by, topics))


def stored_pdf(kind, decided_by, topics, render_html, render_printed=None):
    """The path of the PDF printed from `render_html()`, rendering it only if no PDF of the
    same HTML is stored. `decided_by` names the document (e.g. the session's number) and
    `topics` are the public page topics its content follows from. A document that shows the
    moment it is printed gives `render_html` without it (a fixed moment) and
    `render_printed()`, the HTML with it, which is printed when no PDF of the same content
    is stored."""
    decision = _decision_key(kind, decided_by, topics)
    path = _decided(kind, decision)
    if path is not None:
        return path
    cache = caches["public_pages"]
    html = render_html()
    digest = hashlib.sha256(html.encode()).hexdigest()
    path = _path(kind, digest)
    if not path.exists():
        _write_atomically(path, render_pdf(render_printed() if render_printed else html))
    cache.set(decision, digest, DECISION_SECONDS)
    return path


def stored_file_response(path, filename, *, inline=True, private=True):
    """A streamed response of a stored document, as a static file is served."""
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type="application/pdf",
        as_attachment=not inline,
        filename=filename,
    )
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
