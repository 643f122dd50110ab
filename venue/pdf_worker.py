"""HTML to PDF (WeasyPrint) and the assembly of many PDF pages into one (pikepdf): in this
process, or in worker processes for long documents (hundreds of badges).

A worker is a fresh interpreter running this module (no fork of the web process, hence no
inherited database connection or held lock): `render` turns the HTML document on
its standard input into a PDF on its standard output; `assemble INDEX DATA OUTPUT` writes to
OUTPUT the pages of several PDFs laid end to end in DATA (venue/pdf_assembly.py). WeasyPrint's
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


def _start_worker(arguments):
    return subprocess.Popen(
        [sys.executable, "-m", "venue.pdf_worker", *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )


def _finish_worker(process, stdin=b"", pdf_on_stdout=True):
    try:
        stdout, stderr = process.communicate(stdin, timeout=TIMEOUT)
    except BaseException:
        process.kill()
        process.wait()
        raise
    if process.returncode != 0 or (pdf_on_stdout and not stdout.startswith(b"%PDF")):
        raise RuntimeError(f"PDF worker failed: {stderr.decode(errors='replace')}")
    return stdout


def _run_worker(arguments, stdin=b"", pdf_on_stdout=True):
    return _finish_worker(_start_worker(arguments), stdin, pdf_on_stdout)


def render_pdf_in_worker(html):
    return _run_worker(["render"], html.encode("utf-8"))


def _render_in_worker(make):
    """The worker is started before its HTML is made: its interpreter and WeasyPrint load
    (about half a second) while this process writes the document."""
    process = _start_worker(["render"])
    try:
        html = make()
    except BaseException:
        process.kill()
        process.wait()
        raise
    return _finish_worker(process, html.encode("utf-8"))


def render_documents(makers, workers=WORKERS):
    """The PDFs of HTML documents, in order: `makers` are functions that return the HTML,
    called in parallel threads so that a worker starts on the first document while the next
    is being written. In this process when there is one document, else in worker processes."""
    if len(makers) == 1:
        return [render_pdf(makers[0]())]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_render_in_worker, makers))


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
        from venue.pdf_assembly import assemble_files

        index_path, data_path, output_path = rest[:3]
        Path(output_path).write_bytes(assemble_files(index_path, data_path))
    else:
        raise SystemExit(f"unknown command {command!r}: use render or assemble")
    _report_peak_memory(command)


if __name__ == "__main__":
    main(sys.argv[1:])
