"""The portal's URLs and /bench/static-file/<name>: a file of the benchmark's folder served by
a view as core/documents.py's views serve a stored document (a FileResponse, no query, through
the whole middleware), shown beside the static file served by WhiteNoise that a repeated
download of a stored document is measured against (bench/bench_programme.py)."""

from pathlib import Path

from django.http import FileResponse, Http404
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

# Set by the benchmark before its first request: the folder of the files served here.
FOLDER = None


def static_file(request, name):
    file = Path(FOLDER or "/nonexistent") / Path(name).name
    if not file.is_file():
        raise Http404
    return FileResponse(open(file, "rb"), content_type="application/pdf", filename=name)  # noqa: SIM115


urlpatterns = [path("bench/static-file/<str:name>", static_file), *portal_urlpatterns]
