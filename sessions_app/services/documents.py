"""Printed documents of sessions_app: the bilingual programme."""

from django.template.loader import render_to_string
from django.utils import translation

from core.documents import decided_pdf, document_version, stored_pdf
from sessions_app.services.programme import programme_days, programme_for_display


def render_programme_html(session, shown=None):
    """The HTML of the printable programme, Italian and Russian side by side; `shown`: its
    (items, tables) when already read (programme_for_display)."""
    items, tables = shown or programme_for_display(session)
    with translation.override("it"):
        return render_to_string(
            "pdf/programme.html",
            {"session": session, "days": programme_days(session, items), "tables": tables},
        )


# What the printed programme shows (core/public_cache.py).
PROGRAMME_TOPICS = ("sessions", "programme")


def programme_pdf_path(session, shown=None):
    """The stored printable programme (core/documents.py): rendered once, and again only
    when the session or its programme changed (`shown`: as for render_programme_html)."""
    return stored_pdf(
        "programme",
        session.number,
        PROGRAMME_TOPICS,
        lambda: render_programme_html(session, shown),
    )


def programme_pdf_version(session, items, tables):
    """The version of the printed programme of `session` with these items and tables, as
    the programme page shows them, notes included (core.documents.document_version): its
    address on the programme page carries it. The notes being translated, each language has
    its own version, as it has its own address (/it/, /ru/): a new note gives a new address
    of the same stored document."""
    return document_version({"session": session, "items": items, "tables": tables})


def decided_programme_pdf(number):
    """The stored programme of session `number` if nothing it shows changed since it was
    last given (programme_pdf_path), else None; found without a query."""
    return decided_pdf("programme", number, PROGRAMME_TOPICS)


def render_programme_pdf(session):
    """The printable programme as PDF bytes (WeasyPrint, fonts covering Cyrillic), from
    storage while nothing it shows changed."""
    return programme_pdf_path(session).read_bytes()
