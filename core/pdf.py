"""HTML to PDF with WeasyPrint, for every printed document of the portal.

Nothing here imports Django, so the PDF worker processes (venue/pdf_worker.py) use it
without setting Django up; WeasyPrint itself is imported only when a PDF is made.
"""

import functools
from pathlib import Path

from core.text import single_final_stop

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Russian text of every document is set in PT Sans, the Cyrillic companion of the pages'
# Titillium Web (Debian's fonts-paratype, found through fontconfig; README, "Design and
# accessibility"): a user stylesheet, so that a document's own rule for an element (the serif
# columns of the Protocol, in PT Serif) still wins, while text that inherits its face gets it.
CYRILLIC_STYLESHEET = ':lang(ru) { font-family: "PT Sans", "DejaVu Sans", sans-serif; }'


@functools.cache
def _stylesheets():
    from weasyprint import CSS

    return [CSS(string=CYRILLIC_STYLESHEET)]


def render_pdf(html):
    """HTML to PDF bytes, with relative paths taken from the project's folder. A sentence
    ending on an abbreviation («…2027 г.») keeps one full stop, whatever the template wrote."""
    from weasyprint import HTML

    html = single_final_stop(html)
    return HTML(string=html, base_url=str(PROJECT_ROOT)).write_pdf(stylesheets=_stylesheets())


def render_pdf_pages(html):
    """HTML to one PDF per page, the document laid out once: cheaper than laying out each
    page on its own (WeasyPrint's cost per document), e.g. for badges prepared in batches.
    Each page is then written on its own, its fonts subset to its glyphs (about 10 KiB a
    badge). Writing the document once and splitting it with pikepdf is no faster (measured on
    25 badges: 16.5 against 16.0 ms a badge) and gives pages of 25 to 80 KiB: WeasyPrint
    gives every page the same resources (each font subset to the whole document, each
    image), which every split page would carry."""
    from weasyprint import HTML

    html = single_final_stop(html)
    document = HTML(string=html, base_url=str(PROJECT_ROOT)).render(stylesheets=_stylesheets())
    return [document.copy([page]).write_pdf() for page in document.pages]
