"""Error pages that render without the database or the session: for requests refused before
any view runs (unreadable input) and for the moments when the database cannot be reached."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers


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
