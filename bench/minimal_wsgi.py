"""The portal's WSGI application plus one trivial view at /bench/minimal, for the throughput
benchmark: the same settings and middleware, so that the ratio of a page's throughput to this
view's measures what the page itself costs."""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "bench.minimal_urls"

application = get_wsgi_application()
