"""The one door of the private links: every page a delegate reaches with the token of their
registration (the management page, the badge, the visa letter, the Meeting Point) goes through
`private_link`, and so answers alike:

- 404 for a token that names no registration, 410 (the "link expired" page) for one whose
  link has expired or whose registration was anonymized;
- never cached (`never_cache`), never indexed (`X-Robots-Tag: noindex, nofollow`);
- no referrer: the token is in the URL, and a link followed from the page must not carry it
  to another site. `Referrer-Policy: no-referrer` on pages without a form; pages with a POST
  form (`forms=True`) send `same-origin` instead, the narrowest policy that still lets the
  form post: under `no-referrer` a browser sends `Origin: null` with the POST, which Django's
  CSRF check (origin, then referer, over HTTPS) refuses. The token never leaves the site
  either way;
- rate-limited per client address (settings.PRIVATE_LINK_RATE_LIMIT: hits per hour, GET and
  POST alike), on top of the stricter limits of the forms themselves.
"""

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from core.ratelimit import client_address, is_rate_limited, too_many_requests
from delegates.models import Registration

SCOPE = "private_link"
PERIOD = 3600
NO_REFERRER = "no-referrer"
SAME_ORIGIN = "same-origin"


def link_days_after_session():
    return getattr(settings, "REGISTRATION_LINK_DAYS_AFTER_SESSION", 90)


def _limit():
    return getattr(settings, "PRIVATE_LINK_RATE_LIMIT", 600)


def private_link(view=None, *, forms=False, queryset=None, lookup=None):
    """Decorate a view of a URL holding `<str:token>`: the view is called as
    `view(request, registration, *args, **kwargs)` with the registration of the token, and
    every answer gets the headers of a private page (see the module docstring). `queryset`
    loads the registration with what the page needs (default: with its person, organization
    and session); `forms=True` for pages that hold a POST form.

    `lookup(token)`, for links with a token of their own (a follow-up question of the
    collaboration projects): returns the object of the token or None, and the view is called
    with that object; the page says itself whether the link still works."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, token, *args, **kwargs):
            if is_rate_limited(SCOPE, client_address(request), _limit(), PERIOD):
                response = too_many_requests(request)
            elif lookup is not None:
                found = lookup(token)
                if found is None:
                    response = render(request, "errors/404.html", status=404)
                else:
                    try:
                        response = view(request, found, *args, **kwargs)
                    except Http404:
                        response = render(request, "errors/404.html", status=404)
            else:
                source = queryset if queryset is not None else Registration.objects.with_people()
                registration = source.for_management_token(token).first()
                if registration is None:
                    response = render(request, "errors/404.html", status=404)
                elif not registration.is_management_link_valid():
                    context = {
                        "registration": registration,
                        "link_days": link_days_after_session(),
                    }
                    response = render(request, "delegates/link_expired.html", context, status=410)
                else:
                    try:
                        response = view(request, registration, *args, **kwargs)
                    except Http404:  # what the page itself does not find: the same 404
                        response = render(request, "errors/404.html", status=404)
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Referrer-Policy"] = SAME_ORIGIN if forms else NO_REFERRER
            return response

        wrapped.private_link = True  # a mark the tests look for
        return wrapped

    return decorator(view) if view is not None else decorator
