"""Error pages that render without the database or the session: for requests refused before
any view runs (unreadable input) and for the moments when the database cannot be reached."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# A PostgreSQL restart or failover takes a few seconds.
RETRY_AFTER_SECONDS = 5


def _language(request):
    """The language of the URL prefix, else the one the request already chose."""
    return (
        translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )


def render_plain_error(request, template, status, context=None):
    """`template` rendered with no context processor (they may read the session or the
    database, which may be what failed) in the language of the URL."""
    with translation.override(_language(request)):
        content = render_to_string(template, context or {})
    response = HttpResponse(content, status=status)
    add_never_cache_headers(response)
    return response


def bad_request_page(request):
    return render_plain_error(request, "errors/400.html", 400)


def is_database_unavailable(error):
    """True for the errors of a database that cannot be reached or dropped the connection
    (a restart, a failover, too many clients): worth trying again in a moment."""
    return isinstance(error, (OperationalError, InterfaceError))


def database_unavailable_page(request, error=None):
    """503 with Retry-After and the translated "try again in a moment" page."""
    if error is not None:
        logger.warning("database unavailable for %s: %s", request.path, str(error).strip()[:200])
    response = render_plain_error(
        request,
        "errors/503.html",
        503,
        # Never "//host/…": that would be a link to another site.
        {"retry_url": "/" + request.path.lstrip("/")},
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
