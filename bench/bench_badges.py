"""Badges: one PDF of 400 and of 800 badges, A6 and A4 layouts (seconds and peak memory);
the cost of preparing a badge; and the queries of one check-in scan.

"Print all" is measured twice: with every badge prepared (rendered at approval by the
background task, venue/services/badge_pages.py), which is what staff meet the day before
a session, and with none prepared (every badge laid out while staff wait, in two worker
processes). Each print runs in a forked process: its wall time, the growth of its peak
resident memory over what it held before, the peak resident memory of the largest worker, and
the size of the PDF.
"""

import multiprocessing
import time

from bench.common import benchmark_database, database_label

COUNTS = (400, 800)


def _registrations(total):
    from tests.factories import SessionFactory, bulk_registrations

    return bulk_registrations(SessionFactory(number=1000 + total), total, status="approved")


def _status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _render_in_child(registrations, layout, pipe):
    """Render in a forked process, so that its peak resident memory (WeasyPrint's and qpdf's
    C libraries included, which tracemalloc cannot see) belongs to this render alone. The PDF
    workers report their own peak in a file (PDF_WORKER_PEAK_FILE)."""
    import os
    import tempfile

    from venue.services.badge_pages import badges_pdf

    with tempfile.NamedTemporaryFile(mode="r") as peaks:
        os.environ["PDF_WORKER_PEAK_FILE"] = peaks.name
        baseline = _status_kib("VmRSS")
        started = time.perf_counter()
        pdf = badges_pdf(registrations, layout)
        seconds = time.perf_counter() - started
        reported = [int(line.split()[1]) for line in peaks.read().splitlines() if line]
    workers_mib = max(reported, default=0) / 1024
    pipe.send((seconds, len(pdf), (_status_kib("VmHWM") - baseline) / 1024, workers_mib))
    pipe.close()


def _render(registrations, layout):
    """(seconds, PDF bytes, peak memory growth of the requesting process in MiB, peak
    resident memory of the largest chunk worker in MiB) of one render of these badges."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_render_in_child, args=(registrations, layout, sender))
    process.start()
    result = receiver.recv()
    process.join()
    return result


def _scan_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from delegates.models import Registration
    from venue.services.badges import badge_token
    from venue.services.checkin import arrival_counts, scan

    registration = Registration.objects.select_related("session").first()
    token = badge_token(registration)
    with CaptureQueriesContext(connection) as first:
        scan(registration.session, token, None)
        arrival_counts(registration.session)
    with CaptureQueriesContext(connection) as second:
        scan(registration.session, token, None)
        arrival_counts(registration.session)
    return len(first), len(second)


def _prepare(registrations):
    """Prepare every badge as the background task does; seconds per badge."""
    from delegates.models import Registration
    from venue.services.badge_pages import prepare_badges

    started = time.perf_counter()
    prepare_badges(Registration.objects.filter(pk__in=[r.pk for r in registrations]))
    return (time.perf_counter() - started) / len(registrations)


def _print_rows(total, layout, state, result, database):
    seconds, size, peak_mib, worker_mib = result
    name = f"{total} badges {layout.upper()}"
    workers = f"; largest worker {worker_mib:.0f} MiB resident" if worker_mib else ""
    return [
        {
            "benchmark": "badges",
            "figure": f"{name}, {state}: print",
            "value": f"{seconds:.1f}",
            "unit": "s",
            "note": f"{seconds / total * 1000:.1f} ms per badge; {database}",
        },
        {
            "benchmark": "badges",
            "figure": f"{name}, {state}: peak memory growth",
            "value": f"{peak_mib:.0f}",
            "unit": "MiB",
            "note": f"requesting process; PDF {size / 2**20:.1f} MiB{workers}",
        },
    ]


def run():
    from venue.services.badges import badge_queryset

    rows = []
    database = database_label()
    with benchmark_database():
        warm_up = list(badge_queryset(_registrations(12)))
        _render(warm_up, "a6")
        registrations = {total: list(badge_queryset(_registrations(total))) for total in COUNTS}
        for layout in ("a6", "a4"):
            for total in COUNTS:
                result = _render(registrations[total], layout)
                rows.extend(_print_rows(total, layout, "none prepared", result, database))
        seconds_per_badge = {total: _prepare(registrations[total]) for total in COUNTS}
        rows.append(
            {
                "benchmark": "badges",
                "figure": "prepare one badge (background task at approval)",
                "value": f"{seconds_per_badge[COUNTS[0]] * 1000:.0f}",
                "unit": "ms",
                "note": f"one A6 page rendered alone and stored; {database}",
            }
        )
        for layout in ("a6", "a4"):
            for total in COUNTS:
                result = _render(registrations[total], layout)
                rows.extend(_print_rows(total, layout, "all prepared", result, database))
        ok_queries, again_queries = _scan_queries()
        rows.append(
            {
                "benchmark": "badges",
                "figure": "check-in scan + counts: queries (OK / already)",
                "value": f"{ok_queries} / {again_queries}",
                "unit": "queries",
                "note": "constant whatever the number of registrations",
            }
        )
    return rows
