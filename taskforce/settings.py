"""Settings of the Task Force portal, read from the environment (twelve-factor).

Development defaults are safe for `make run`; `taskforce.settings_production` tightens them.
"""

import datetime
import email.utils
import os
import secrets
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from taskforce.env import database_from_env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _development_secret_key():
    """A random key kept in var/ so that sessions survive restarts of `make run`."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address in e-mail links; for `make run` it follows the port served (PORT).
SITE_URL = os.environ.get(
    "SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    # Bootstrap Italia (Designers Italia's design-django-theme): its CSS, JavaScript, fonts and
    # icon sprites are served as static files; its base template is not used (inline script).
    "bootstrap_italia_template",
    "simple_history",
    "taskforce.apps.OutboxConfig",
    "taskforce.apps.BackgroundTasksConfig",
    "core",
    "sessions_app",
    "delegates",
    "venue",
    "travel",
    "agreements",
    "meetings",
    "mailings",
    "opendata",
    # The open-data API (opendata/api/): Django REST framework, its OpenAPI schema and the
    # Swagger UI / Redoc files served from the package, never from a CDN.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "projects",
    "taskforce.apps.LoginAttemptsConfig",
    # Two-factor login of staff (see staff/two_factor.py and the README).
    "django_otp",
    "taskforce.apps.AuthenticatorAppsConfig",
    "taskforce.apps.RecoveryCodesConfig",
    "two_factor",
    # Last: its post_migrate hook assigns the permissions of every app above to the roles.
    "staff",
]

MIDDLEWARE = [
    # Public documents (the programme PDF) stored and still current are served from here,
    # with the headers of their first whole answer (the security middleware's included):
    # only at an address known exactly, over the scheme of that answer, reading nothing else
    # of the request (core/documents.py).
    "core.documents.PublicDocumentMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session reads its cookie: NUL bytes and invalid UTF-8 never reach a view.
    "core.middleware.RejectMalformedInputMiddleware",
    # Pages kept for anonymous visitors are answered here, before the session and the rest
    # (core/public_cache.py).
    "core.public_cache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Accounts that must use a second factor are sent to verify it (or to set it up) first.
    "staff.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logging out wipes the check-in desk's offline list and queue from the device.
    "venue.middleware.ClearDeskDataOnLogoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # An unreachable database (a restart, a failover): 503 and Retry-After, never a 500.
    "core.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taskforce.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise. Persistent connections with
# health checks let the portal recover by itself when PostgreSQL restarts.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASES = {
    "default": database_from_env(f"sqlite:///{VAR_DIR / 'db.sqlite3'}", CONN_MAX_AGE),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite connections are cheap; a persistent one would hold locks across requests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
# The public pages' fixed queries become prepared statements of the PostgreSQL session, planned
# once (core/prepared.py). Off behind a pooler in transaction mode (PgBouncer's), which moves a
# database session from one client to another.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login throttling (django-axes) first: a client locked out after repeated failures cannot log
# in at all. See staff/authentication.py.
AUTHENTICATION_BACKENDS = [
    "staff.authentication.LoginThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The staff login is the two-factor login at /admin/login/ (staff/urls.py): the password step
# (throttled by django-axes), then a code from an authenticator app or a recovery code.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
# A page that needs a verified session sends an unverified one to the code step.
OTP_LOGIN_URL = "two_factor:verify"
# Each wrong code blocks the device for 1, 2, 4, 8, … seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The admin login is replaced by our URL, not by django-two-factor-auth's monkeypatch.
TWO_FACTOR_PATCH_ADMIN = False
# Seconds between the password step and the code step before the login starts again.
TWO_FACTOR_LOGIN_TIMEOUT = 600
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff.views.lockout"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
# Behind the reverse proxy every request comes from the proxy: trust the first address of
# X-Forwarded-For (which the proxy must set, not append to) for rate limits and lockouts.
RATE_LIMIT_TRUST_FORWARDED = env_bool("TRUST_X_FORWARDED_FOR", False)
# Requests per hour and client address to the pages of a private link (delegates/private_links.py).
PRIVATE_LINK_RATE_LIMIT = env_int("PRIVATE_LINK_RATE_LIMIT", 600)
# Requests to the open-data API per client address ("number/second|minute|hour|day").
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")

# Cache: Redis when REDIS_URL is set (needed as soon as more than one app server runs: rate
# limits and sessions are then shared), memory of the process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping one Redis client per connection pool (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Two portals sharing one Redis database keep apart by their prefixes.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "taskforce"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "taskforce",
        },
        # Pages for anonymous visitors and their topic versions must be seen alike by every
        # process (gunicorn workers, task workers that bump them): files under VAR_DIR.
        "public_pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "public-pages"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# With Redis, the pages are shared by every app server through it.
CACHES.setdefault("public_pages", CACHES["default"])

# Pages for anonymous visitors are kept whole per language (core/public_cache.py) until a
# topic they show changes: each topic lists the models it is made of and the domain events
# that change it. A page is kept at most PUBLIC_PAGE_CACHE_SECONDS.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)
PUBLIC_PAGE_TOPICS = {
    "sessions": {
        "models": [
            "sessions_app.Session",
            "sessions_app.Region",
            "sessions_app.ThematicTable",
            "sessions_app.SessionInstitution",
        ]
    },
    "programme": {
        "models": [
            "sessions_app.ProgrammeItem",
            "sessions_app.ThematicTable",
            # Each table's presentations (sessions_app/programme_notes.py).
            "projects.CollaborationProject",
        ]
    },
    "history": {
        "models": [
            "sessions_app.Edition",
            "sessions_app.EditionSource",
            "sessions_app.ReportedFigure",
            "sessions_app.Region",
        ]
    },
    "registrations": {
        "models": ["delegates.Registration", "delegates.Person"],
        "signals": ["delegates.signals.registration_state_changed"],
    },
    "organizations": {"models": ["delegates.Organization"]},
    "agreements": {
        "models": [
            "agreements.Agreement",
            "agreements.Party",
            "agreements.Signatory",
            "agreements.Protocol",
            "agreements.ProtocolSection",
            "agreements.Commitment",
        ]
    },
    "meetings": {"models": ["meetings.MeetingPoint", "meetings.MeetingBreak", "meetings.Meeting"]},
    "projects": {
        "models": [
            "projects.Call",
            "projects.CollaborationProject",
            "projects.FollowUp",
            "projects.ProjectMeetingRequest",
        ]
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization: Italian first, Russian and English complete.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as locale/GLOSSARY.md writes them (month in lower case in Italian, «2027 г.» joined
# by a no-break space in Russian, "15 February 2027, 18:00" in English), in the admin too.
FORMAT_MODULE_PATH = ["taskforce.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Rome"
LANGUAGE_COOKIE_NAME = "taskforce_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfiles.SystemFontFinder",
]
# The Cyrillic companion of Titillium Web, PT Sans (Debian's fonts-paratype), served from the
# files fontconfig gives WeasyPrint: (static folder, system file). See static/css/fonts.css.
PARATYPE_FONTS_DIR = Path(
    os.environ.get("PARATYPE_FONTS_DIR", "/usr/share/fonts/truetype/paratype")
)
SYSTEM_STATIC_FILES = [
    ("fonts/PT_Sans", str(PARATYPE_FONTS_DIR / name))
    for name in ("PTS55F.ttf", "PTS56F.ttf", "PTS75F.ttf", "PTS76F.ttf")
] + [
    # PT Serif: the Cyrillic of Bootstrap Italia's serif (Lora has none).
    ("fonts/PT_Serif", str(PARATYPE_FONTS_DIR / name))
    for name in ("PTF55F.ttf", "PTF56F.ttf")
]
# WhiteNoise serves the files where the finders find them, uncollected, with DEBUG and in
# `make run` (which keeps DEBUG off: scripts/run_dev.sh); in production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (signed agreements, …) are private: never under STATIC or a public MEDIA URL;
# they are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_URL = "/private-media/"
# Documents printed once and served until what they show changes (the programme PDF, draft
# Protocols; core/documents.py): private, outside the media, served by permission-checked views.
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", VAR_DIR / "documents"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: files under var/mail/ in development so a newcomer can follow the links.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Task Force <taskforce@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The accessibility statement's feedback address (AgID's model: answered within 30 days), shown
# in every page's footer; and the date the statement was last reviewed.
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get(
    "ACCESSIBILITY_FEEDBACK_EMAIL", email.utils.parseaddr(DEFAULT_FROM_EMAIL)[1]
)
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 4)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20

# Background work: Celery, on Redis by default (RabbitMQ works too: CELERY_BROKER_URL=
# amqp://user:password@host:5672/vhost). See README, "Background work".
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "redis://127.0.0.1:6379/0"
# A task is acknowledged only once done: a worker that dies (even SIGKILLed) leaves it to
# another worker. Redis hands an unacknowledged task again after the visibility timeout, which
# must exceed the longest task and the longest retry delay (CELERY_RETRY_BACKOFF_MAX).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request queues its tasks after its transaction commits; if the broker does not answer, it
# gives up within about a second (the periodic jobs catch up), rather than hang.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_RETRY_BACKOFF_MAX = env_int("CELERY_RETRY_BACKOFF_MAX", 300)
CELERY_TASK_MAX_RETRIES = env_int("CELERY_TASK_MAX_RETRIES", 8)
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Results (failed tasks with their arguments, for the admin's "run again") in the database.
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = datetime.timedelta(days=env_int("CELERY_RESULT_DAYS", 30))
# Without a worker (tests, a quick look): tasks run in the process that queues them.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Mails whose first delivery failed (SMTP down) or was never queued (broker down).
    "deliver-due-emails": {
        "task": "sessions_app.tasks.deliver_due_emails",
        "schedule": env_int("OUTBOX_SWEEP_SECONDS", 60),
    },
    # Approved badges whose preparation was lost or is out of date (a new template).
    "prepare-missing-badges": {
        "task": "delegates.tasks.prepare_missing_badges",
        "schedule": env_int("BADGES_SWEEP_SECONDS", 15 * 60),
    },
    # The follow-up of the collaboration projects, agreements and B2B meetings after each
    # session (projects/services/follow_up.py).
    "project-follow-ups": {
        "task": "projects.tasks.send_due_follow_ups_task",
        "schedule": env_int("PROJECT_FOLLOW_UP_SWEEP_SECONDS", 3600),
    },
    # Messages to delegates whose chain of batches was lost (mailings/services/messages.py).
    "continue-mailings": {
        "task": "mailings.tasks.continue_mailings",
        "schedule": env_int("OUTBOX_SWEEP_SECONDS", 60),
    },
    # The reminders of each session (mailings/reminders.py), each sent once.
    "send-due-reminders": {
        "task": "mailings.tasks.send_due_reminders",
        "schedule": env_int("REMINDERS_SWEEP_SECONDS", 15 * 60),
    },
    "anonymize-old-sessions": {
        "task": "delegates.tasks.anonymize_old_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    # Agreements whose term ended (not tacitly renewable): expired in the registry.
    "expire-ended-agreements": {
        "task": "agreements.tasks.expire_ended_agreements",
        "schedule": crontab(hour=3, minute=15),
    },
    # Passport data of the visa letters, once the retention period of its session is over.
    "erase-expired-passport-data": {
        "task": "travel.tasks.erase_expired_passport_data",
        "schedule": crontab(hour=3, minute=45),
    },
}
# Messages to delegates leave in batches: MAILING_BATCH_SIZE e-mails every
# MAILING_BATCH_SECONDS, so that a message to 400 delegates does not flood the mail server.
MAILING_BATCH_SIZE = env_int("MAILING_BATCH_SIZE", 50)
MAILING_BATCH_SECONDS = env_int("MAILING_BATCH_SECONDS", 60)
# Passport data of visa letter requests is erased this many days after the session ended
# (nightly; a session's visa settings may set another number).
VISA_PASSPORT_RETENTION_DAYS = env_int("VISA_PASSPORT_RETENTION_DAYS", 30)
# Registrations of sessions that ended more than this many years ago are anonymized (nightly).
REGISTRATION_ANONYMIZE_AFTER_YEARS = env_int("REGISTRATION_ANONYMIZE_AFTER_YEARS", 5)

# Collaboration projects (README, "Collaboration projects"): the largest PDF presentation; how
# long after its date a follow-up round is still sent; how long a follow-up link works.
PROJECT_PRESENTATION_MAX_BYTES = env_int("PROJECT_PRESENTATION_MAX_BYTES", 10 * 1024 * 1024)
PROJECT_FOLLOW_UP_GRACE_DAYS = env_int("PROJECT_FOLLOW_UP_GRACE_DAYS", 30)
PROJECT_FOLLOW_UP_LINK_DAYS = env_int("PROJECT_FOLLOW_UP_LINK_DAYS", 180)

# The e-mail outbox (django-post-office's tables and admin; delivery in sessions_app/outbox.py):
# a failed delivery is tried again after OUTBOX_RETRY_SECONDS, doubling each time up to an
# hour, OUTBOX_MAX_RETRIES times; then the mail is marked failed for staff to send again.
POST_OFFICE = {
    "CELERY_ENABLED": False,  # its own delivery loop is not used: see sessions_app/outbox.py
    "MAX_RETRIES": env_int("OUTBOX_MAX_RETRIES", 12),
    "RETRY_INTERVAL": datetime.timedelta(seconds=env_int("OUTBOX_RETRY_SECONDS", 60)),
    "LOG_LEVEL": 2,
    "MESSAGE_ID_ENABLED": True,
}

# Render each badge once, in a background task, when its registration is approved, so that
# printing every badge of a session only assembles prepared pages (delegates/services/
# badge_pages.py).
BADGES_PREPARE_ON_APPROVAL = env_bool("BADGES_PREPARE_ON_APPROVAL", True)

# Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # data: for the icon font Bootstrap Italia's own stylesheet embeds (video.js's), which
        # Chrome decodes as soon as the stylesheet is parsed; only our stylesheets can name one.
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        },
        "json": {"()": "taskforce.log_format.JsonFormatter"},
    },
    # LOG_FORMAT=json: one JSON object per line, for a log collector.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "structured",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# The open-data API (opendata/api/): read-only JSON, no session or login (nothing personal to
# protect behind one), paginated, rate-limited per address in the project's cache.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.http.ApiRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "opendata.api.http.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Italian-Russian Task Force – open data",
    "DESCRIPTION": (
        "Read-only open data of the Italian-Russian Task Force on industrial districts and "
        "SMEs: sessions, programme, thematic tables, public agreements, the historical record "
        "of every edition and the region statistics. Texts come in Italian, Russian and English "
        "(`_it`, `_ru`, `_en`). Lists are paginated (`page`, `page_size` up to 200); every "
        "answer carries an ETag and Last-Modified for conditional requests."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for the IT/RU choices, whether a field calls them country, side or delegation.
    "ENUM_NAME_OVERRIDES": {"CountryEnum": "sessions_app.models.session.Country"},
}
