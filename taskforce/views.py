"""Pages that sit on top of the apps: health check and error pages."""

import sys

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from core.errors import database_unavailable_page, is_database_unavailable
from core.public_cache import cached_public_page, is_anonymous_visitor, versions_key
from core.rendered import render_to_string_once

# Everything the public statistics count: the sessions held come from the portal and the
# historical record (sessions_app/services/record.py); the projects app has figures too.
STATISTICS_TOPICS = (
    "sessions",
    "history",
    "registrations",
    "organizations",
    "agreements",
    "meetings",
    "projects",
)


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error_page(template, status):
    def view(request, exception=None):
        return render(request, template, status=status)

    return view


bad_request = _error_page("errors/400.html", 400)
permission_denied = _error_page("errors/403.html", 403)
page_not_found = _error_page("errors/404.html", 404)


def server_error(request):
    # The database may have failed outside a view (saving the session): try again soon.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_page(request)
    # A plain render: the failure may lie in whatever a richer page would need.
    return render(request, "errors/500.html", status=500)


@cached_public_page(*STATISTICS_TOPICS)
def statistics(request):
    """The Task Force's figures across editions. The public part is rendered once per language
    and kept in the cache until what it counts changes (core/public_cache.py); anonymous
    visitors get the whole page from the cache; staff also see registrations by status and
    check-in rates, live."""
    from taskforce.statistics import public_statistics, staff_statistics

    is_staff = request.user.is_authenticated and request.user.is_staff
    if is_anonymous_visitor(request):
        # Kept whole (core/public_cache.py), and rendered only if the figures changed
        # (core/rendered.py: the page's digest is of the figures themselves).
        context = {"statistics": public_statistics(), "public_section": None}
    else:
        # Staff see the public part beside their live figures: kept for them until its
        # topics change.
        versions = versions_key(*STATISTICS_TOPICS)
        key = f"statistics:public:{translation.get_language()}:{versions}"
        public_section = cache.get(key)
        if public_section is None:
            # The figures are counted again; the HTML is rendered again only if they changed.
            public_section = render_to_string_once(
                "statistics/_public.html", {"statistics": public_statistics()}, request=request
            )
            cache.set(key, public_section, getattr(settings, "STATISTICS_CACHE_SECONDS", 300))
        context = {"public_section": mark_safe(public_section)}  # our own template's output
    context["staff_statistics"] = staff_statistics() if is_staff else None
    return TemplateResponse(request, "statistics/statistics.html", context)


@cached_public_page()
def accessibility_statement(request):
    """The accessibility statement (AgID's model, Legge 4/2004), with the feedback address."""
    return render(
        request,
        "legal/accessibility.html",
        {
            "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
            "site_url": settings.SITE_URL,
        },
    )


@cached_public_page()
def legal_notes(request):
    """Legal notes: who runs the portal, copyright and reuse, external links."""
    return render(request, "legal/legal_notes.html")
