"""The settings `make bench` serves the portal with: production's (DEBUG off, compressed
manifest static files, secure cookies, HSTS, HTTPS redirect; the load generator says
`X-Forwarded-Proto: https` as the reverse proxy does), plus the bare view at /bench/minimal
(bench/minimal_urls.py), the ceiling every public page is measured against."""

import os

from taskforce.settings_production import *  # noqa: F403

ROOT_URLCONF = "bench.minimal_urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
MIDDLEWARE = ["bench.middleware.ChangeBeforeRequestMiddleware", *MIDDLEWARE]  # noqa: F405
