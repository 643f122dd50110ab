"""HTTP conventions of the open-data API: conditional requests (ETag, Last-Modified) from the
versions of the public-page topics (core/public_cache.py: a topic's version changes whenever a
row it is made of changes), the rate limit, the pagination."""

import datetime
import hashlib

from django.conf import settings
from django.views.decorators.http import condition
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from core.public_cache import versions_key
from core.ratelimit import client_address


def conditional(*topics):
    """ETag and Last-Modified of an API answer, and 304 to a client that holds it already,
    without running the view: the ETag changes with the address (page, filters) and with the
    version of every topic the answer shows; Last-Modified is the latest of those versions."""

    def etag(request, *args, **kwargs):
        versions = versions_key(*topics)
        digest = hashlib.sha256(f"{request.get_full_path()}\x00{versions}".encode()).hexdigest()
        return digest[:32]

    def last_modified(request, *args, **kwargs):
        latest = max(int(version) for version in versions_key(*topics).split("."))
        # Whole seconds: HTTP dates have no fraction, and a client sends back what it got.
        return datetime.datetime.fromtimestamp(latest // 10**9, tz=datetime.UTC)

    return condition(etag_func=etag, last_modified_func=last_modified)


class ApiRateThrottle(SimpleRateThrottle):
    """Requests per client address (the proxy's X-Forwarded-For when trusted, as every rate
    limit of the portal), counted in the project's cache; `API_RATE_LIMIT` ("120/minute")."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
