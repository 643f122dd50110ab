"""HTML to PDF for documents of many pages (400 badges): chunks rendered in parallel worker
processes, then joined.

WeasyPrint keeps every laid-out page of a render in memory, so a long document is cut into
chunks. Each chunk is rendered by a fresh interpreter running this module (no fork of the web
process, hence no inherited database connection or held lock), two at a time on this
two-core machine, and the PDFs are joined in order. Memory stays that of one chunk per worker
plus the PDF itself, however many chunks there are.
"""

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def html_to_pdf(html, base_url=None):
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def html_to_pdf_in_worker(html, base_url=None):
    completed = subprocess.run(
        [sys.executable, "-m", "delegates.pdf_worker", base_url or ""],
        input=html.encode("utf-8"),
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout.startswith(b"%PDF"):
        raise RuntimeError(f"PDF worker failed: {completed.stderr.decode(errors='replace')}")
    return completed.stdout


def join_pdfs(pdfs):
    """One PDF with the pages of `pdfs`, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_chunks(htmls, base_url=None, workers=WORKERS):
    """One PDF from several HTML documents: in this process when there is one, else in
    parallel worker processes."""
    if len(htmls) == 1:
        return html_to_pdf(htmls[0], base_url)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pdfs = list(pool.map(html_to_pdf_in_worker, htmls, [base_url] * len(htmls)))
    return join_pdfs(pdfs)


if __name__ == "__main__":
    sys.stdout.buffer.write(
        html_to_pdf(
            sys.stdin.buffer.read().decode("utf-8"), sys.argv[1] if len(sys.argv) > 1 else None
        )
    )
