"""Documents rendered once and served from storage until what decides them changes.

A document (the programme PDF, a draft Protocol, …) is stored under the SHA-256 of the HTML it
is printed from, in settings.DOCUMENTS_ROOT: a private folder outside the media and static
files, served only through the views that check who may see it. So that a download does not
even render the HTML, the digest is remembered in the cache as the document's *decision*,
with what its HTML follows from (the versions of the public page topics it shows,
core/public_cache.py), and read together with their current versions in one round trip. A
change of those data leaves no decision current, hence a new HTML render; an HTML identical
to one already printed (a change that does not show) finds its PDF stored, and WeasyPrint
does not run again.

A public document (the programme) is marked in its URLconf with `public_document()`: once its
view gave an anonymous visitor the stored file, PublicDocumentMiddleware answers the next
anonymous visits of that address from storage, before the session, authentication and the
rest of the middleware, with the headers of the first answer, while the document is still
decided (the same cache read the view makes first).

A page that links to a public document gives its address with the *version* of its content
(`?v=`, document_version(): a digest of the data it is printed from), as static files carry
the digest of theirs in their names. The view confirms once that the version asked for is the
current one (else it redirects to the current one) and the middleware then answers that
address from storage with no read at all, as WhiteNoise answers a static file: the same
version always means the same data, hence the same document, so there is nothing to check
again. A change of the data gives the page a new version, hence a new address.
"""

import functools
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse

from core.bounded import Bounded
from core.pdf import render_pdf
from core.public_cache import is_anonymous_visitor, read_with_versions
from core.rendered import NotDigestible, digest

# The decision key is kept at most this long: a new template, deployed with unchanged data,
# shows within this time.
DECISION_SECONDS = 600


def _stored_at(kind, digest):
    """Where the PDF of this digest is stored, as a string (os.path: this runs for every
    repeated download)."""
    return os.path.join(settings.DOCUMENTS_ROOT, kind, f"{digest}.pdf")


def _path(kind, digest):
    return Path(_stored_at(kind, digest))


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


def _decision_key(kind, decided_by):
    return f"document:v2:{kind}:{decided_by}"


def _decided(kind, decided_by, topics):
    """(decision key, current versions of `topics`, path of the PDF decided under them or
    None): the decision (versions, digest) and the versions read in one round trip."""
    decision = _decision_key(kind, decided_by)
    values, versions = read_with_versions([decision], topics)
    decided = values.get(decision)
    if decided is not None and decided[0] == versions:
        path = _stored_at(kind, decided[1])
        if os.path.exists(path):
            return decision, versions, path
    return decision, versions, None


def decided_pdf(kind, decided_by, topics):
    """The path of the PDF that stored_pdf() gave for the same `kind`, `decided_by` and
    `topics` while none of the topics changed since, else None: a repeated download found
    with no query and no HTML (one cache read), as a static file is."""
    return _decided(kind, decided_by, topics)[2]


def stored_pdf(kind, decided_by, topics, render_html, render_printed=None):
    """The path of the PDF printed from `render_html()`, rendering it only if no PDF of the
    same HTML is stored. `decided_by` names the document (e.g. the session's number) and
    `topics` are the public page topics its content follows from. A document that shows the
    moment it is printed gives `render_html` without it (a fixed moment) and
    `render_printed()`, the HTML with it, which is printed when no PDF of the same content
    is stored."""
    decision, versions, path = _decided(kind, decided_by, topics)
    if path is not None:
        return Path(path)
    # Kept under the versions read before the HTML's rows: a change committed meanwhile
    # bumps them again (core.public_cache.bump), so a stale HTML is never decided current.
    html = render_html()
    digest = hashlib.sha256(html.encode()).hexdigest()
    path = _path(kind, digest)
    if not path.exists():
        _write_atomically(path, render_pdf(render_printed() if render_printed else html))
    caches["public_pages"].set(decision, (versions, digest), DECISION_SECONDS)
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


# Characters of a document's version (hexadecimal digits of a SHA-256).
VERSION_LENGTH = 16
# How long a browser may keep a versioned document without asking again.
VERSIONED_MAX_AGE = 86_400


def document_version(data):
    """The version of a document printed from `data` (a dict of what its HTML is made of):
    a short digest of their content (core.rendered.digest), the same in every process for
    the same data; None when they cannot be read whole (the address then has no version)."""
    try:
        return digest(data)[:VERSION_LENGTH]
    except NotDigestible:
        return None


def versioned_url(url, version):
    """The address of the document at `url` in `version` (none: the plain address)."""
    return f"{url}?v={version}" if version else url


def keep_version(request, response, version, path):
    """Note that `response` gives the document of `version` (the current one, checked by the
    view), stored at `path`: PublicDocumentMiddleware answers this address with it from now
    on, and a browser may keep it (VERSIONED_MAX_AGE)."""
    response["Cache-Control"] = f"public, max-age={VERSIONED_MAX_AGE}"
    request._public_document_version = (version, os.fspath(path))


_PUBLIC_DOCUMENTS_LIMIT = 2_000
# What this process remembers of the documents it answered (versions accumulate; a
# forgotten address goes the whole way again). Addresses of public documents answered by
# this process's views, with how to find the document decided now and the headers of the
# first answer (one per session and language in practice).
_public_documents = Bounded(_PUBLIC_DOCUMENTS_LIMIT)
# Versioned addresses (path, version) answered by this process's views, with the stored file
# and the headers of the first answer.
_versioned_documents = Bounded(_PUBLIC_DOCUMENTS_LIMIT)
# Set by the response's length, from the file served each time.
_UNKEPT_HEADERS = {"content-length"}


def forget_all():
    """Forget every document this process answered (tests, benchmarks): each address goes
    through its view again."""
    _public_documents.clear()
    _versioned_documents.clear()


def public_document(decided, argument):
    """Mark a public document's view (in the URLconf) whose anonymous visitors all get the
    same stored file: `decided(kwargs[argument])` gives its path while it is current (with
    no query: core.documents.decided_pdf), else None, and the view then serves that very
    path. A document that not everybody may see (a draft, an agenda) is never marked."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and isinstance(response, FileResponse):
                request._public_document = (decided, kwargs[argument])
            return response

        return wrapped

    return decorator


class PublicDocumentMiddleware:
    """Answers an anonymous visitor's GET of a public document (`public_document()`) from
    storage, before every other middleware, with every header of the first whole answer at
    this address (the security middleware's included): at a versioned address (`?v=`,
    `keep_version()`) with no read at all, at the plain address while the document is
    decided (one cache read). Place it first: it answers only an address it knows exactly,
    with no query string but a version, over the same scheme as that first answer, and reads
    nothing else of the request than its host (checked against ALLOWED_HOSTS), whether it came
    over HTTPS (a plain HTTP request goes on to the security middleware's redirect when
    SECURE_SSL_REDIRECT is on) and whether it has a session; anything else, a malformed request
    included, goes the whole way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if is_anonymous_visitor(request):
            if not query:
                answer = self._decided(request)
            elif query.startswith("v=") and len(query) == 2 + VERSION_LENGTH:
                answer = self._versioned(request, query[2:])
            else:
                answer = None
            if answer is not None:
                return answer
        response = self.get_response(request)
        if (
            response.status_code == 200
            and isinstance(response, FileResponse)
            and (
                hasattr(request, "_public_document") or hasattr(request, "_public_document_version")
            )
            and is_anonymous_visitor(request)
            and not response.cookies
        ):
            self._remember(request, response, query)
        return response

    @staticmethod
    def _decided(request):
        known = _public_documents.use(request.path)
        if known is None or not _allowed_over_same_scheme(request, known[3]):
            return None
        decided, argument, headers, _secure = known
        path = decided(argument)
        return None if path is None else _opened(path, headers)

    @staticmethod
    def _versioned(request, version):
        known = _versioned_documents.use((request.path, version))
        if known is None or not _allowed_over_same_scheme(request, known[2]):
            return None
        return _opened(known[0], known[1])

    @staticmethod
    def _remember(request, response, query):
        # As a response keeps them (lower-cased name: (name, value)), checked once.
        headers = {
            key: header
            for key, header in response.headers._store.items()
            if key not in _UNKEPT_HEADERS
        }
        secure = request.is_secure()
        found = getattr(request, "_public_document", None)
        if found is not None and not query:
            _public_documents.keep(request.path, (*found, headers, secure))
        version = getattr(request, "_public_document_version", None)
        if version is not None and query == f"v={version[0]}":
            _versioned_documents.keep((request.path, version[0]), (version[1], headers, secure))


def _allowed_over_same_scheme(request, secure):
    """Whether `request` may have the answer first given over HTTPS (`secure`) or not: its
    host allowed (else DisallowedHost, a 400 as below: `_check_host`), over the same scheme
    (the security middleware's headers differ), and not a plain HTTP request that the
    security middleware sends to HTTPS."""
    _check_host(request)
    if request.is_secure() != secure:
        return False
    return secure or not settings.SECURE_SSL_REDIRECT


def _opened(path, headers):
    """The stored file at `path` with `headers`, or None if it is gone (deleted meanwhile:
    the view prints it again)."""
    try:
        file = open(path, "rb")  # noqa: SIM115 - the response closes it
    except FileNotFoundError:
        return None
    return _StoredFileResponse(file, headers)


# The Host headers (with what else decides request.get_host()) this process found allowed:
# the check of a repeated download is then a set lookup (ALLOWED_HOSTS does not change while
# the process runs). Bounded: a header not seen before is checked in full.
_allowed_hosts = set()
_ALLOWED_HOSTS_LIMIT = 64


def _check_host(request):
    """request.get_host()'s check (a Host not in ALLOWED_HOSTS is refused, as below)."""
    meta = request.META
    seen = (
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
    )
    if seen not in _allowed_hosts:
        request.get_host()  # raises DisallowedHost
        if len(_allowed_hosts) < _ALLOWED_HOSTS_LIMIT:
            _allowed_hosts.add(seen)


class _StoredFileResponse(FileResponse):
    """A stored document with the headers of the view's first answer, as that response kept
    them (already checked: copied, not set one by one), only its length being the file's own
    (no name or type guessed from the stored file's name, its digest)."""

    def __init__(self, file, headers):
        self._kept_headers = headers
        super().__init__(file)

    def set_headers(self, filelike):
        store = self.headers._store
        store.update(self._kept_headers)
        store["content-length"] = ("Content-Length", str(os.fstat(filelike.fileno()).st_size))
