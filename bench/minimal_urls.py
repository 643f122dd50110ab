"""The portal's URLs and /bench/minimal (see bench/minimal_wsgi.py)."""

from django.http import HttpResponse
from django.urls import path

from taskforce.urls import (  # noqa: F401
    handler400,
    handler403,
    handler404,
    handler500,
)
from taskforce.urls import (
    urlpatterns as portal_urlpatterns,
)


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal), *portal_urlpatterns]
