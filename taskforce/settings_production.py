"""Production settings: DEBUG off, secrets from the environment, HTTPS everywhere.

Use with DJANGO_SETTINGS_MODULE=taskforce.settings_production.
"""

import os

from taskforce.env import env_bool, env_int, fail

if not os.environ.get("SECRET_KEY"):
    fail(
        "SECRET_KEY must be set in production (e.g. python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )
if len(os.environ["SECRET_KEY"]) < 50:
    fail("SECRET_KEY must be at least 50 characters long.")
os.environ["DEBUG"] = "0"

from taskforce.settings import *  # noqa: E402,F403
from taskforce.settings import STORAGES  # noqa: E402

DEBUG = False
# Static files from STATIC_ROOT (collectstatic), never looked up per request.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
