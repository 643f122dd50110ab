"""HTML to PDF (WeasyPrint) and the assembly of many PDF pages into one (pikepdf): in this
process, or in worker processes for long documents (hundreds of badges).

A worker is a fresh interpreter running this module (no fork of the web process, hence no
inherited database connection or held lock): `render` turns the HTML document on
its standard input into a PDF on its standard output; `assemble INDEX DATA OUTPUT` writes to
OUTPUT the pages of several PDFs laid end to end in DATA (delegates/pdf_assembly.py). WeasyPrint's
laid-out pages and qpdf's objects, which take far more memory than the finished PDF, live and
die in the worker; the requesting process holds only PDFs. Two workers render at once on
this two-core machine.
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core.pdf import PROJECT_ROOT, render_pdf

WORKERS = 2
TIMEOUT = 900


def _run_worker(arguments, stdin=b"", pdf_on_stdout=True):
    completed = subprocess.run(
        [sys.executable, "-m", "delegates.pdf_worker", *arguments],
        input=stdin,
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    if completed.returncode != 0 or (pdf_on_stdout and not completed.stdout.startswith(b"%PDF")):
        raise RuntimeError(f"PDF worker failed: {completed.stderr.decode(errors='replace')}")
    return completed.stdout


def render_pdf_in_worker(html):
    return _run_worker(["render"], html.encode("utf-8"))


def render_documents(makers, workers=WORKERS):
    """The PDFs of HTML documents, in order: `makers` are functions that return the HTML,
    called in parallel threads so that a worker starts on the first document while the next
    is being written. In this process when there is one document, else in worker processes."""
    if len(makers) == 1:
        return [render_pdf(makers[0]())]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda make: render_pdf_in_worker(make()), makers))


def assemble_in_worker(index_path, data_path, output_path):
    """pdf_assembly.assemble_files() in a worker process, which writes the PDF to
    `output_path` (read once here: piping it would hold it twice)."""
    arguments = ["assemble", str(index_path), str(data_path), str(output_path)]
    _run_worker(arguments, pdf_on_stdout=False)
    return Path(output_path).read_bytes()


def _report_peak_memory(command):
    """For the benchmarks: append this worker's peak resident memory (KiB) to the file that
    PDF_WORKER_PEAK_FILE names, if set."""
    path = os.environ.get("PDF_WORKER_PEAK_FILE")
    if not path:
        return
    with open("/proc/self/status") as status:
        peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
    with open(path, "a") as report:
        report.write(f"{command} {peak}\n")


def main(arguments):
    command, rest = (arguments[0], arguments[1:]) if arguments else ("", [])
    if command == "render":
        sys.stdout.buffer.write(render_pdf(sys.stdin.buffer.read().decode("utf-8")))
    elif command == "assemble":
        from delegates.pdf_assembly import assemble_files

        index_path, data_path, output_path = rest[:3]
        Path(output_path).write_bytes(assemble_files(index_path, data_path))
    else:
        raise SystemExit(f"unknown command {command!r}: use render or assemble")
    _report_peak_memory(command)


if __name__ == "__main__":
    main(sys.argv[1:])
