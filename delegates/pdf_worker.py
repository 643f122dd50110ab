"""HTML to PDF for documents of many pages (400 badges): chunks rendered in parallel worker
processes, then joined by another worker.

WeasyPrint keeps every laid-out page of a render in memory, so a long document is cut into
chunks. Each chunk is rendered by a fresh interpreter running this module (no fork of the web
process, hence no inherited database connection or held lock), two at a time on this
two-core machine, into temporary files; a last worker joins them in order and writes the PDF
to its standard output. The requesting process holds only the finished PDF, and each worker
the pages of one chunk, however many chunks there are.
"""

import io
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
TIMEOUT = 900


def html_to_pdf(html, base_url=None):
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def _run_worker(arguments, stdin=b""):
    completed = subprocess.run(
        [sys.executable, "-m", "delegates.pdf_worker", *arguments],
        input=stdin,
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout.startswith(b"%PDF"):
        raise RuntimeError(f"PDF worker failed: {completed.stderr.decode(errors='replace')}")
    return completed.stdout


def html_to_pdf_in_worker(html, base_url=None):
    return _run_worker(["render", base_url or ""], html.encode("utf-8"))


def join_pdfs(pdfs):
    """One PDF with the pages of `pdfs` (bytes or file paths), in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_chunks(htmls, base_url=None, workers=WORKERS):
    """One PDF from several HTML documents: in this process when there is one, else in
    parallel worker processes, joined by a worker process."""
    if len(htmls) == 1:
        return html_to_pdf(htmls[0], base_url)
    with tempfile.TemporaryDirectory(prefix="taskforce-pdf-") as folder:
        paths = [Path(folder) / f"chunk-{index:04d}.pdf" for index in range(len(htmls))]

        def render(index):
            paths[index].write_bytes(html_to_pdf_in_worker(htmls[index], base_url))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(render, range(len(htmls))))
        return _run_worker(["join", *map(str, paths)])


def main(arguments):
    command, rest = arguments[0], arguments[1:]
    if command == "render":
        html = sys.stdin.buffer.read().decode("utf-8")
        sys.stdout.buffer.write(html_to_pdf(html, rest[0] if rest and rest[0] else None))
    elif command == "join":
        sys.stdout.buffer.write(join_pdfs([Path(path) for path in rest]))
    else:
        raise SystemExit(f"unknown command {command!r}: use render or join")


if __name__ == "__main__":
    main(sys.argv[1:])
