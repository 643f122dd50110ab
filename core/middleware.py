"""Middleware that keeps malformed input and database outages from ever becoming a 500."""

from urllib.parse import unquote_to_bytes

from django.conf import settings

from core.errors import bad_request_page, database_unavailable_page, is_database_unavailable


def is_readable(raw, encoding):
    """True when `raw` (bytes) decodes in `encoding` and holds no NUL byte."""
    try:
        return "\x00" not in raw.decode(encoding)
    except UnicodeDecodeError:
        return False


def _wsgi_bytes(value):
    # WSGI hands over the raw bytes as a latin-1 string; under ASGI it is already text.
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _encoded_pairs_are_readable(raw, encoding):
    """A query string or a urlencoded body: every percent-escape decoded, then read."""
    return is_readable(unquote_to_bytes(raw.replace(b"+", b" ")), encoding)


class RejectMalformedInputMiddleware:
    """NUL bytes anywhere, and invalid UTF-8 in the query string or a form, answer the
    translated 400 page before any view (or the database, which refuses NUL) sees them.

    Placed before the session middleware, it drops cookies holding NUL bytes (a broken cookie
    must not lock its owner out until it expires) and marks a malformed request; the 400 page
    is returned from process_view, so that it passes through every other middleware (security
    headers, CSP) like any page. A path that matches no URL stays a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if "\x00" not in name and "\x00" not in value
        }
        request.has_malformed_input = not self.is_well_formed(request)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if getattr(request, "has_malformed_input", False):
            return bad_request_page(request)
        return None

    @staticmethod
    def is_well_formed(request):
        # Django decodes the query string and the form in this encoding (UTF-8 unless the
        # client names another, valid, charset).
        encoding = request.encoding or settings.DEFAULT_CHARSET
        meta = request.META
        # Django already turned invalid UTF-8 in the path into percent-escapes (RFC 3987):
        # such a path finds no token or id and is a 404. NUL remains.
        if "\x00" in request.path_info:
            return False
        if not _encoded_pairs_are_readable(_wsgi_bytes(meta.get("QUERY_STRING", "")), encoding):
            return False
        # Cookies are not refused but dropped, above.
        headers = (
            value for key, value in meta.items() if key.startswith("HTTP_") and key != "HTTP_COOKIE"
        )
        if any(isinstance(value, str) and "\x00" in value for value in headers):
            return False
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            # Read once here, kept by Django for request.POST (bounded by
            # DATA_UPLOAD_MAX_MEMORY_SIZE).
            return _encoded_pairs_are_readable(request.body, encoding)
        if content_type == "multipart/form-data":
            # Django reads the parts leniently (undecodable bytes become U+FFFD); NUL stays.
            fields = []
            for name, values in request.POST.lists():
                fields += [name, *values]
            # (Django strips what cannot be in a file name from the names of uploads.)
            fields += request.FILES.keys()
            return not any("\x00" in field for field in fields)
        return True


class DatabaseUnavailableMiddleware:
    """A view that meets an unreachable database (PostgreSQL restarting, a failover) answers
    503 with Retry-After and the translated "try again in a moment" page, never a 500. What
    fails outside a view (saving the session) reaches the same page through handler500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # With DEBUG the developer sees the error itself (SQLite also reports a missing table
        # as an OperationalError).
        if not settings.DEBUG and is_database_unavailable(exception):
            return database_unavailable_page(request, exception)
        return None
