"""Printed documents of sessions_app: the bilingual programme."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import render_pdf
from sessions_app.services.programme import programme_days, programme_for_display

PDF_CACHE_SECONDS = 24 * 3600


def render_programme_html(session):
    """The HTML of the printable programme, Italian and Russian side by side."""
    items, tables = programme_for_display(session)
    with translation.override("it"):
        return render_to_string(
            "pdf/programme.html",
            {"session": session, "days": programme_days(session, items), "tables": tables},
        )


def render_programme_pdf(session):
    """The printable programme as PDF bytes (WeasyPrint, fonts covering Cyrillic).

    The PDF of identical HTML is cached: rendering takes a second, and the programme is
    public, so repeated downloads must not cost one each.
    """
    html = render_programme_html(session)
    key = "programme-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
