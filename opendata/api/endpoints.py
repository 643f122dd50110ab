"""Endpoints that apps above this one (projects) add to /api/v1/ when they are ready, with the
same conventions (opendata/api/http.py): `register("projects/", View.as_view(), "project_list",
topics=("projects", "sessions"))` from the app's `ready()`; the URLs are read after it."""

from django.urls import path

from opendata.api.http import conditional

_patterns = []


def register(route, view, name, *, topics):
    """Serve `view` at /api/v1/<route>, answering conditional requests from `topics`."""
    _patterns[:] = [pattern for pattern in _patterns if pattern.name != name]
    _patterns.append(path(route, conditional(*topics)(view), name=name))


def patterns():
    return list(_patterns)
