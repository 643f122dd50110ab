"""Rate limits for public forms: a fixed window per client address, kept in the cache.

Usage on a view: `@rate_limit("registration", limit=20, period=3600)`; only POST requests
count by default. A client over the limit gets the translated 429 page.
"""

import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    """The client's IP address, or None when it is missing or malformed (login throttling
    stores it in an IP column). Behind the reverse proxy, the first hop of X-Forwarded-For
    when RATE_LIMIT_TRUST_FORWARDED is set."""
    candidates = []
    if getattr(settings, "RATE_LIMIT_TRUST_FORWARDED", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.append(forwarded.split(",")[0].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def is_rate_limited(scope, key, limit, period):
    """Count one hit for `key` in `scope`; True when the window's hits exceed `limit`."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return False
    window = int(time.time() // period)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period + 5)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 5)
        hits = 1
    return hits > limit


def too_many_requests(request):
    response = render(request, "errors/429.html", status=429)
    response["Retry-After"] = "300"
    return response


def rate_limit(scope, limit, period, methods=("POST",)):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and is_rate_limited(
                scope, client_address(request), limit, period
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        # A mark that tests look for (it survives the decorators applied on top).
        wrapped.rate_limit_scope = scope
        return wrapped

    return decorator
