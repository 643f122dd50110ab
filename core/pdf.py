"""HTML to PDF with WeasyPrint, for every printed document of the portal.

Nothing here imports Django, so the PDF worker processes (delegates/pdf_worker.py) use it
without setting Django up; WeasyPrint itself is imported only when a PDF is made.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def render_pdf(html):
    """HTML to PDF bytes, with relative paths taken from the project's folder."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(PROJECT_ROOT)).write_pdf()
