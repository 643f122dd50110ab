"""Pages that anonymous visitors see, kept whole in the cache per language and invalidated
exactly when what they show changes.

Every cached page names the *topics* it shows (settings.PUBLIC_PAGE_TOPICS maps each topic to
the models it is made of, and to the domain signals that change it). A topic has a version in
the cache; a page is kept with the versions of the topics it was rendered under, read in the
same round trip as the page and served only while they are still current, so that bumping a
topic makes every page that shows it miss at once, on every app server sharing the cache
(Redis when REDIS_URL is set; otherwise files under VAR_DIR, shared by the processes of one
host). Saving or deleting a row of a topic's models bumps the topic
(post_save, post_delete, m2m_changed, after the transaction commits); the few services that
change rows with `QuerySet.update()` or `bulk_create()` call `bump()` themselves.

Only anonymous visitors without a session are served from the cache: a request carrying the
session or messages cookie (a delegate who just registered, staff) gets the page rendered for
it. A page that sets a cookie, or whose status is not 200, is never stored. A page shown with
something that changes at a known time (a registration window opening) is kept no longer than
that moment (`valid_until`).
"""

import functools
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

_VERSION_KEY = "public-page:topic:{}"
_PAGE_KEY = "public-page:v2:{}"
# What a stored page keeps of its response besides the body.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Robots-Tag")


def _cache():
    """The cache every app server and worker shares (settings.CACHES["public_pages"])."""
    return caches["public_pages"]


def _timeout():
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 600)


def _new_version():
    # Never a number a page was stored under before, even after the cache lost the counter.
    return time.time_ns()


def topic_version_key(topic):
    """The key of `topic`'s version in the public pages cache (settings.CACHES
    ["public_pages"]): a new value there changes every page showing the topic."""
    return _VERSION_KEY.format(topic)


def _invalidate(topics):
    # A new value rather than an increment: two servers bumping at once still both leave a
    # version no page was stored under.
    _cache().set_many({topic_version_key(topic): _new_version() for topic in topics}, None)


def _topics_bumped_on_commit(connection):
    """The topics the current transaction will bump when it commits: those of the bumps
    still waiting in its on-commit callbacks (a savepoint rolled back took its own away)."""
    pending = set()
    for _savepoints, callback, _robust in connection.run_on_commit:
        pending.update(getattr(callback, "public_page_topics", ()))
    return pending


def bump(*topics):
    """Invalidate every cached page that shows one of these topics, now (and once more when
    the current transaction commits, so that a page rendered meanwhile from the old rows is
    not kept). A transaction that saves many rows of a topic bumps it once on commit."""
    _invalidate(topics)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        pending = _topics_bumped_on_commit(connection)
        later = tuple(topic for topic in topics if topic not in pending)
        if later:

            def invalidate_on_commit():
                _invalidate(later)

            invalidate_on_commit.public_page_topics = later
            transaction.on_commit(invalidate_on_commit, robust=True)


def _versions(topics, found=None):
    """The current version of each topic (`found`: versions already read, by cache key)."""
    keys = [topic_version_key(topic) for topic in topics]
    if found is None:
        found = _cache().get_many(keys)
    versions = []
    for key in keys:
        if key not in found:
            _cache().add(key, _new_version(), None)
            found[key] = _cache().get(key)
        versions.append(str(found[key]))
    return versions


def read_with_versions(keys, topics):
    """({key: value} of the `keys` found in the public pages cache, [the current version of
    each of `topics`]), read in one round trip to the cache."""
    found = _cache().get_many([*keys, *(topic_version_key(topic) for topic in topics)])
    values = {key: found.pop(key) for key in keys if key in found}
    return values, _versions(topics, found)


def versions_key(*topics):
    """A string that changes whenever one of `topics` changes: for caching a fragment."""
    return ".".join(_versions(topics))


def is_anonymous_visitor(request):
    """A GET or HEAD without a session or messages: what the kept pages are for."""
    if request.method not in ("GET", "HEAD"):
        return False
    if not request.META.get("HTTP_COOKIE"):
        return True  # no cookie to read
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def valid_until(request, *moments):
    """Note that the page being rendered changes by itself at these moments (datetimes, None
    ignored): it is kept in the cache no longer than the first one still to come."""
    now = timezone.now()
    upcoming = [moment for moment in moments if moment is not None and moment > now]
    if upcoming:
        current = getattr(request, "_public_page_valid_until", None)
        first = min(upcoming)
        request._public_page_valid_until = first if current is None else min(current, first)


def _page_key(request):
    """Where the page of this address is kept: one entry per address, language and day,
    holding the versions of the topics it was rendered from."""
    parts = [
        request.get_host(),
        request.get_full_path(),
        # The language is the address's prefix: known before LocaleMiddleware runs.
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE,
        # Pages sort sessions into upcoming and past by the date.
        timezone.localdate().isoformat(),
    ]
    return _PAGE_KEY.format(hashlib.sha256("\x00".join(parts).encode()).hexdigest())


def _lookup(request, topics):
    """(key, versions, stored): the page's key, its topics' versions now, and the page kept
    under them or None. One round trip to the cache: the page and the versions are read
    together, and a page kept under other versions (a topic changed since) is not served."""
    key = _page_key(request)
    values, versions = read_with_versions([key], topics)
    stored = values.get(key)
    if stored is not None and stored[0] != versions:
        stored = None
    return key, versions, stored


def cached_public_page(*topics):
    """Serve the view's page from the cache to anonymous visitors while none of `topics`
    changed (see the module docstring)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_anonymous_visitor(request):
                return view(request, *args, **kwargs)
            # Which topics an address shows is code, the same in every process: the
            # middleware looks them up to answer the next visit before any other work.
            if len(_topics_by_path) < _TOPICS_BY_PATH_LIMIT:
                _topics_by_path[request.path] = topics
            looked_up = getattr(request, "_public_page_lookup", None)
            if looked_up is None or looked_up[0] != topics:
                key, versions, stored = _lookup(request, topics)
                if stored is not None:
                    return _stored_response(stored)
            else:  # the middleware found no page under these versions a moment ago
                key, versions = looked_up[1:]
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = _renderer(request, response)
            if getattr(request, "_public_page_middleware", False):
                # Stored whole, with every header, on the way out.
                request._public_page_store = (key, versions)
            else:
                _store(request, key, versions, response, _KEPT_HEADERS)
            return response

        return wrapped

    return decorator


def _render(request, response):
    return response.render()


_renderer = _render


def set_renderer(renderer):
    """Have `renderer(request, template_response)` render the pages of anonymous visitors
    that are not in the cache (core/rendered.py renders each only once while its data are
    the same)."""
    global _renderer
    _renderer = renderer


def _stored_response(stored):
    _versions_then, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


# Addresses seen by this process and the topics their page shows (bounded: query strings
# make addresses many).
_topics_by_path = {}
_TOPICS_BY_PATH_LIMIT = 20_000


class PublicPageMiddleware:
    """Answers an anonymous visitor's GET of a page kept in the cache before the session,
    authentication and the other middleware below it run; on a miss, stores the page as
    those middleware finished it (security and CSP headers included). Place it right after
    the security, static-file and input-checking middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_anonymous_visitor(request):
            topics = _topics_by_path.get(request.path)
            if topics is not None:
                key, versions, stored = _lookup(request, topics)
                if stored is not None:
                    return _stored_response(stored)
                request._public_page_lookup = (topics, key, versions)
        request._public_page_middleware = True
        response = self.get_response(request)
        store = getattr(request, "_public_page_store", None)
        if store is not None:
            _store(request, *store, response)
        return response


def _store(request, key, versions, response, kept_headers=None):
    if response.status_code != 200 or response.cookies or response.streaming:
        return
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return  # the page holds a CSRF token of this visitor's own
    timeout = _timeout()
    until = getattr(request, "_public_page_valid_until", None)
    if until is not None:
        timeout = min(timeout, max(1, int((until - timezone.now()).total_seconds())))
    if kept_headers is None:
        headers = dict(response.items())
    else:
        headers = {name: response[name] for name in kept_headers if response.has_header(name)}
    _cache().set(key, (versions, response.content, headers), timeout)


def connect_topics():
    """Connect the bumps of settings.PUBLIC_PAGE_TOPICS: each topic's models (app labels,
    "app.Model") on save, delete and many-to-many change, and its signals (dotted paths)."""
    for topic, sources in getattr(settings, "PUBLIC_PAGE_TOPICS", {}).items():
        receiver = functools.partial(_on_change, topic)
        for model_label in sources.get("models", ()):
            model = apps.get_model(model_label)
            uid = f"public-page:{topic}:{model_label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    receiver,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"{uid}:{field.name}",
                )
        for signal_path in sources.get("signals", ()):
            import_string(signal_path).connect(
                receiver, weak=False, dispatch_uid=f"public-page:{topic}:{signal_path}"
            )


def _on_change(topic, sender=None, **kwargs):
    bump(topic)
