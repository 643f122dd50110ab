"""Public pages rendered once per process while what they show is the same.

The public page cache (core/public_cache.py) throws a page away as soon as one of its topics
changes, and the first visitor after the change pays the whole render. Often the change does
not touch what that page shows (a registration confirmed changes no session card), and when
it does, the render is the same for every process. So, behind the page cache, the views'
templates are rendered under a digest of their data: each model instance's field values and
annotations, the related rows fetched with it, every list, dict, dataclass and form the
template is given, plus the address, the language, the day and the next moment the page
changes by itself (`public_cache.valid_until`). Data that differ in any value give another
digest, hence a new render; the same data find the HTML already rendered, and only the
view's queries run.

Safety: a context holding anything this module cannot read whole (an object of unknown kind)
is rendered normally; a render that runs a database query (a template reaching for data
the digest did not see) is not kept; nor is a page holding a CSRF token. Entries are kept in
the memory of the process (no round trip; a new deployment starts empty, so changed templates
show at once) no longer than the page cache keeps a page.
"""

import dataclasses
import datetime
import decimal
import hashlib
import secrets
import time
import uuid

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.utils import timezone, translation
from django.utils.functional import Promise

from core.bounded import Bounded
from core.form_cache import signature as form_signature

_kept = Bounded(512)  # key -> (expires at, content)
_PLAIN = (
    str,
    int,
    float,
    bool,
    bytes,
    decimal.Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    datetime.tzinfo,
    uuid.UUID,
)
# Context entries the address and the language already decide (context processors, the view).
_SKIPPED = frozenset({"view", "request", "csrf_token", "messages", "DEFAULT_MESSAGE_LEVELS"})


class Derived:
    """A value of a page's context worked out from the rest of it (its digested data) only
    if the template shows it, i.e. when the page is rendered: left out of the digest, which
    the data it follows from already decide. The template shows `str()` of it, escaped."""

    __slots__ = ("_work_out", "_value")

    def __init__(self, work_out):
        self._work_out = work_out
        self._value = None

    def __str__(self):
        if self._value is None:
            self._value = self._work_out()
        return self._value


class NotDigestible(Exception):
    """The context holds something whose content this module cannot read."""


class _Parts(list):
    """What a digest is made of, and the instances already walked."""

    def __init__(self):
        super().__init__()
        self.seen = set()


# Values whose repr says all a template makes of them (most of what a page holds): taken as
# they are, the digest being of the repr of the whole list. Their subclasses (a safe string,
# which renders unescaped) are taken with the name of their type.
_EXACT = frozenset({type(None), *_PLAIN, datetime.datetime})


def _walk(value, out, depth=0):
    kind = type(value)
    if kind in _EXACT:
        out.append(value)
        return
    if depth > 30:
        raise NotDigestible("too deep")
    walk = _walkers.get(kind)
    if walk is None:
        walk = _walkers[kind] = _walker_for(kind)
    walk(value, out, depth)


def _walk_plain(value, out, depth):
    out.append((type(value).__name__, value))


def _walk_promise(value, out, depth):
    out.append(str(value))


def _walk_derived(value, out, depth):
    pass  # decided by the rest of the context


def _walk_queryset(value, out, depth):
    _walk_sequence(list(value), out, depth)  # fills the queryset's cache the template reads


def _walk_page(value, out, depth):
    out.append("page")
    _walk_sequence(list(value.object_list), out, depth)
    _walk((value.number, value.paginator.count, value.paginator.num_pages), out, depth + 1)


def _walk_paginator(value, out, depth):
    _walk((value.count, value.num_pages, value.per_page), out, depth + 1)


def _walk_form(value, out, depth):
    data = sorted(value.data.lists()) if value.is_bound else None
    out.append(("form", form_signature(value), data))
    if value.is_bound:
        _walk(dict(value.errors), out, depth + 1)


def _walk_dict(value, out, depth):
    out.append("{")
    for key, item in value.items():
        out.append(repr(key))
        _walk(item, out, depth + 1)
    out.append("}")


def _walk_set(value, out, depth):
    out.append(("set", sorted(repr(item) for item in value)))


def _dataclass_walker(kind):
    names = tuple(field.name for field in dataclasses.fields(kind))
    label = kind.__qualname__

    def walk(value, out, depth):
        out.append(label)
        for name in names:
            out.append(name)
            _walk(getattr(value, name), out, depth + 1)

    return walk


def _not_digestible(value, out, depth):
    raise NotDigestible(type(value).__qualname__)


def _walker_for(kind):
    """How to walk a value of this type (worked out once per type: `_walkers`)."""
    if issubclass(kind, _PLAIN):
        return _walk_plain
    for base, walk in (
        (Promise, _walk_promise),
        (Model, _walk_instance),
        (QuerySet, _walk_queryset),
        (Page, _walk_page),
        (Paginator, _walk_paginator),
        (BaseForm, _walk_form),
        (dict, _walk_dict),
        ((list, tuple), _walk_sequence),
        ((set, frozenset), _walk_set),
    ):
        if issubclass(kind, base):
            return walk
    if dataclasses.is_dataclass(kind):
        return _dataclass_walker(kind)
    return _not_digestible


# The walk of each type met, by type (types are few: a page's data are of a dozen kinds).
_walkers = {type(None): _walk_plain, Derived: _walk_derived}


def _walk_sequence(values, out, depth):
    out.append("[")
    for item in values:
        _walk(item, out, depth + 1)
    out.append("]")


def _walk_instance(instance, out, depth):
    """Every value the instance holds: its fields, annotations and cached properties, the
    related rows fetched with it and its prefetched rows (an instance met again, as the
    agreement of its own party, is named, not walked again)."""
    if id(instance) in out.seen:
        out.append(("again", instance._meta.label, instance.pk))
        return
    out.seen.add(id(instance))
    out.append(instance._meta.label)
    for name, item in instance.__dict__.items():
        if type(item) in _EXACT:
            out.append(name)
            out.append(item)
        elif name[0] != "_":
            out.append(name)
            _walk(item, out, depth + 1)
    for name, related in sorted(instance._state.fields_cache.items()):
        out.append(name)
        _walk(related, out, depth + 1)
    for name, rows in sorted(getattr(instance, "_prefetched_objects_cache", {}).items()):
        out.append(name)
        _walk_sequence(list(rows), out, depth)


def digest(context):
    """A digest of what `context` (a dict) holds; NotDigestible when it cannot be read whole."""
    out = _Parts()
    for key, value in context.items():
        if key not in _SKIPPED:
            out.append(key)
            _walk(value, out)
    return hashlib.sha256(repr(list(out)).encode()).hexdigest()


def _page_key(request, templates, context):
    until = getattr(request, "_public_page_valid_until", None)
    parts = (
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
        timezone.localdate().isoformat(),
        until.isoformat() if until else "",
        repr(templates),
        digest(context),
    )
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _get(key):
    found = _kept.use(key)
    if found is None:
        return None
    expires, content = found
    if expires < time.monotonic():
        _kept.discard(key)
        return None
    return content


def _keep(request, key, content):
    seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 600)
    until = getattr(request, "_public_page_valid_until", None)
    if until is not None:
        seconds = min(seconds, (until - timezone.now()).total_seconds())
    if seconds <= 0:
        return
    _kept.keep(key, (time.monotonic() + seconds, content))


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _render_counting_queries(render):
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        result = render()
    return result, counter.count


def _once(request, key, render, keepable=lambda: True):
    """What was kept under `key`, else what `render()` gives, kept if the render ran no
    database query (and `keepable()` says so, asked once the render is done)."""
    content = _get(key)
    if content is None:
        content, queries = _render_counting_queries(render)
        if not queries and keepable():
            _keep(request, key, content)
    return content


def render_response_once(request, response):
    """Render the TemplateResponse `response` of an anonymous visitor's page, or give it the
    HTML rendered before from the same data (see the module docstring)."""
    context = response.context_data or {}
    try:
        key = _page_key(request, response.template_name, context)
    except NotDigestible:
        return response.render()

    def render():
        return response.render().content

    # Not a page that handed this visitor a CSRF token of their own.
    content = _once(request, key, render, lambda: not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    if not response.is_rendered:
        response.content = content
    return response


def render_to_string_once(template_name, context, request=None):
    """`render_to_string`, kept under the digest of `context` (a part of a page, the same for
    every visitor: no request-dependent data may be in it)."""
    from django.template.loader import render_to_string

    try:
        key = hashlib.sha256(
            "\x00".join((template_name, translation.get_language(), digest(context))).encode()
        ).hexdigest()
    except NotDigestible:
        return render_to_string(template_name, context, request=request)
    return _once(request, key, lambda: render_to_string(template_name, context, request=request))


def forget_all():
    """Drop every kept render (tests)."""
    _kept.clear()


# Stands for the visitor's CSRF token while a form page is rendered for every visitor: random
# in each process, so that no text a visitor could send carries it.
_CSRF_STAND_IN = "csrf" + secrets.token_hex(16)


def render_form_page_once(request, template_name, context):
    """`render(request, template_name, context)` for a page whose form, before it is filled
    in, looks the same to every anonymous visitor but for the CSRF token (the registration
    form in a last-day rush): the page is rendered once under the digest of its data with a
    stand-in for the token, and each response gets the visitor's own token (and cookie) in
    its place. A visitor with a session or messages, a bound form, a context this module
    cannot read whole, or a render that queries the database get the page rendered for them."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.shortcuts import render
    from django.template.loader import render_to_string

    from core.public_cache import is_anonymous_visitor

    bound = any(isinstance(value, BaseForm) and value.is_bound for value in context.values())
    if bound or not is_anonymous_visitor(request):
        return render(request, template_name, context)
    try:
        key = _page_key(request, ("form page", template_name), context)
    except NotDigestible:
        return render(request, template_name, context)
    content = _once(
        request,
        key,
        lambda: render_to_string(
            template_name, {**context, "csrf_token": _CSRF_STAND_IN}, request=request
        ),
    )
    return HttpResponse(content.replace(_CSRF_STAND_IN, get_token(request)))
