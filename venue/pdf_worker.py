"""HTML to PDF (WeasyPrint) and the assembly of many PDF pages into one (pikepdf): in this
process, or in worker processes for long documents (hundreds of badges).

A worker is a fresh interpreter running this module (no fork of the web process, hence no
inherited database connection or held lock): `render` turns the HTML document on
its standard input into a PDF on its standard output; `render-many` does the same for one
document after another, each preceded by its length (render_documents: a worker pays for
its interpreter and WeasyPrint once, not once per document); `assemble INDEX DATA OUTPUT` writes to
OUTPUT the pages of several PDFs laid end to end in DATA (venue/pdf_assembly.py). WeasyPrint's
laid-out pages and qpdf's objects, which take far more memory than the finished PDF, live and
die in the worker; the requesting process holds only PDFs. Two workers render at once on
this two-core machine.
"""

import gc
import os
import subprocess
import sys
import tempfile
import threading
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


# A document's length before it, on a render-many worker's standard input and output.
_LENGTH_BYTES = 8


class _DocumentWorker:
    """A `render-many` worker process: render() sends it one HTML document and returns its
    PDF; finish() lets it exit. Its standard error goes to a file (a pipe nobody reads while
    documents flow could fill up and stall it), read when it fails."""

    command = "render-many"

    def __init__(self):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish or kill)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "venue.pdf_worker", self.command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            cwd=PROJECT_ROOT,
        )
        self.timer = threading.Timer(TIMEOUT, self.process.kill)
        self.timer.start()

    def render(self, html):
        data = html.encode("utf-8")
        try:
            self.process.stdin.write(len(data).to_bytes(_LENGTH_BYTES, "big") + data)
            self.process.stdin.flush()
            length = int.from_bytes(self.process.stdout.read(_LENGTH_BYTES) or b"\0", "big")
            pdf = self.process.stdout.read(length)
        except BrokenPipeError:  # the worker died
            length, pdf = -1, b""
        if not pdf.startswith(b"%PDF") or len(pdf) != length:
            errors = self._errors()
            self.kill()
            raise RuntimeError(f"PDF worker failed: {errors}")
        return pdf

    def finish(self):
        self.process.stdin.close()
        returncode = self.process.wait()
        self.timer.cancel()
        errors = self._errors() if returncode != 0 else ""
        self.errors.close()
        if returncode != 0:
            raise RuntimeError(f"PDF worker failed: {errors}")

    def kill(self):
        self.timer.cancel()
        self.process.kill()
        self.process.wait()
        self.errors.close()

    def _errors(self):
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")


def render_documents(makers, workers=WORKERS):
    """The PDFs of HTML documents, in order: `makers` are functions that return the HTML.
    In this process when there is one document, else in `workers` worker processes started
    at once, each taking the next document to make and render when it is done with one, so
    that none idles while documents are left and none pays for WeasyPrint twice."""
    if len(makers) == 1:
        return [render_pdf(makers[0]())]
    pdfs = [None] * len(makers)
    waiting = iter(enumerate(makers))
    lock = threading.Lock()

    def next_document():
        with lock:
            return next(waiting, None)

    def serve():
        worker = _DocumentWorker()
        try:
            while (document := next_document()) is not None:
                number, make = document
                pdfs[number] = worker.render(make())
        except BaseException:
            worker.kill()
            raise
        worker.finish()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        running = [pool.submit(serve) for _ in range(min(workers, len(makers)))]
        for done in running:
            done.result()
    return pdfs


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


def _render_many(stdin, stdout):
    while length := stdin.read(_LENGTH_BYTES):
        pdf = render_pdf(stdin.read(int.from_bytes(length, "big")).decode("utf-8"))
        stdout.write(len(pdf).to_bytes(_LENGTH_BYTES, "big") + pdf)
        stdout.flush()
        del pdf
        # The last document's garbage goes before the next is laid out (core.pdf collects
        # little while WeasyPrint works), so that a worker's memory stays that of one document.
        gc.collect()


def main(arguments):
    command, rest = (arguments[0], arguments[1:]) if arguments else ("", [])
    if command == "render":
        sys.stdout.buffer.write(render_pdf(sys.stdin.buffer.read().decode("utf-8")))
    elif command == "render-many":
        _render_many(sys.stdin.buffer, sys.stdout.buffer)
    elif command == "assemble":
        from venue.pdf_assembly import assemble_files

        index_path, data_path, output_path = rest[:3]
        Path(output_path).write_bytes(assemble_files(index_path, data_path))
    else:
        raise SystemExit(f"unknown command {command!r}: use render, render-many or assemble")
    _report_peak_memory(command)


if __name__ == "__main__":
    main(sys.argv[1:])
