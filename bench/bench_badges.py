"""Badges: printing 400 and 800 badges (A6, and A4 sheets of four) with every badge prepared
and with none, against WeasyPrint's floor for as many trivial pages; and the check-in scan.

Every print runs in a forked process (its wall time, the growth of its peak resident memory,
the PDF workers' peak), interleaved with the floor over BENCH_ROUNDS rounds (the order rotates
between rounds); each ratio is the median of the per-round ratios.

Why the old table said 400 A4 badges took longer than 800: it measured each print once, in a
fixed order, on a shared machine, with the first print of each layout paying one-time costs
(fonts, templates, the first worker interpreters) and any other process's burst counting in
full. Rounds, a warm-up per layout and medians remove both; the ratios now grow with nothing.
"""

import importlib
import multiprocessing
import os
import statistics
import time

from bench.common import benchmark_database, database_label, goal_row, quick, rounds

COUNTS = (400, 800)
PREPARED_GOAL = 1.3
UNPREPARED_GOAL = 3.0
# Badges prepared per round when measuring preparation: two tasks' worth.
PREPARED_IN_ROUND = 50


def _badge_pages():
    """The badge service (venue/services/badge_pages.py), imported once Django is set up."""
    return importlib.import_module("venue.services.badge_pages")


def _registrations(number, total):
    from tests.factories import SessionFactory, bulk_registrations

    # Under way: the desk records check-ins only around the session's days (_scan_queries).
    return bulk_registrations(
        SessionFactory(number=number, under_way=True), total, status="approved"
    )


def _status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _cpu_seconds():
    """CPU seconds (user and system) of this process and of its finished children: the PDF
    workers a print starts."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _render_in_child(registrations, layout, pipe):
    """Render in a forked process, so that its peak resident memory belongs to this render
    alone. The PDF workers report their own peak in a file (PDF_WORKER_PEAK_FILE)."""
    import os
    import tempfile

    from django.conf import settings

    # The pages rendered here would be queued for preparation: not in a benchmark, whose
    # database no task worker sees (publishing the tasks costs milliseconds).
    settings.BADGES_PREPARE_ON_APPROVAL = False
    with tempfile.NamedTemporaryFile(mode="r") as peaks:
        os.environ["PDF_WORKER_PEAK_FILE"] = peaks.name
        baseline = _status_kib("VmRSS")
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        if layout == "floor":
            from bench.common import trivial_pages_floor

            trivial_pages_floor(len(registrations), runs=1)
            size = 0
        else:
            size = len(_badge_pages().badges_pdf(registrations, layout))
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        reported = [int(line.split()[1]) for line in peaks.read().splitlines() if line]
    workers_mib = max(reported, default=0) / 1024
    pipe.send((seconds, size, (_status_kib("VmHWM") - baseline) / 1024, workers_mib, cpu))
    pipe.close()


def _render(registrations, layout):
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

    badges = importlib.import_module(_badge_pages().__name__.replace("badge_pages", "badges"))
    checkin = importlib.import_module(_badge_pages().__name__.replace("badge_pages", "checkin"))
    from core.authorization import SYSTEM

    registration = Registration.objects.select_related("session").first()
    token = badges.badge_token(registration)
    with CaptureQueriesContext(connection) as first:
        checkin.scan(registration.session, token, SYSTEM)
        checkin.arrival_counts(registration.session)
    with CaptureQueriesContext(connection) as second:
        checkin.scan(registration.session, token, SYSTEM)
        checkin.arrival_counts(registration.session)
    return len(first), len(second)


def run():
    from delegates.models import Registration

    service = _badge_pages()
    rows = []
    database = database_label()
    counts = COUNTS[:1] if quick() else COUNTS
    with benchmark_database():
        sets = {}
        for offset, total in enumerate(counts):
            for state in ("none prepared", "all prepared"):
                registrations = _registrations(1000 + 10 * offset + len(sets), total)
                if state == "all prepared":
                    service.prepare_badges(registrations)
                sets[total, state] = list(service.badge_queryset(registrations))
        # Warm-up: one print of each kind, so that no round pays first-time costs.
        warm = list(service.badge_queryset(_registrations(999, 12)))
        for layout in ("a6", "a4", "floor"):
            _render(warm, layout)
        cases = [
            (total, state, layout)
            for total in counts
            for state in ("none prepared", "all prepared")
            for layout in ("a6", "a4")
        ]
        cases += [(total, "floor", "floor") for total in counts]
        results = {case: [] for case in cases}
        for number in range(rounds()):
            shift = number % len(cases)
            for case in cases[shift:] + cases[:shift]:
                total, state, layout = case
                registrations = sets[total, "none prepared" if state == "floor" else state]
                results[case].append(_render(registrations, layout))
        prepare, prepare_cpu = [], []
        for _ in range(min(3, rounds())):
            fresh = _registrations(2000 + len(prepare), PREPARED_IN_ROUND)
            started, cpu_started = time.perf_counter(), time.process_time()
            service.prepare_badges(fresh)
            prepare.append((time.perf_counter() - started) / PREPARED_IN_ROUND)
            prepare_cpu.append((time.process_time() - cpu_started) / PREPARED_IN_ROUND)
        scan = _scan_queries()
        assert Registration.objects.exists()

    for total in counts:
        floors = [seconds for seconds, *_ in results[total, "floor", "floor"]]
        rows.append(
            {
                "benchmark": "badges",
                "figure": f"floor: {total} trivial A6 pages (WeasyPrint)",
                "value": f"{statistics.median(floors):.2f}",
                "unit": "s",
                "note": f"one document, one process; {database}",
            }
        )
        for state in ("all prepared", "none prepared"):
            for layout in ("a6", "a4"):
                outcomes = results[total, state, layout]
                ratios = [o[0] / f for o, f in zip(outcomes, floors, strict=True)]
                seconds = statistics.median(o[0] for o in outcomes)
                growth = statistics.median(o[2] for o in outcomes)
                workers = max(o[3] for o in outcomes)
                note = (
                    f"{seconds:.2f} s; memory +{growth:.0f} MiB (requester)"
                    + (f", worker peak {workers:.0f} MiB" if workers else "")
                    + f"; PDF {outcomes[0][1] / 2**20:.1f} MiB; rounds "
                    + " ".join(f"{r:.2f}" for r in ratios)
                )
                goal = PREPARED_GOAL if state == "all prepared" else UNPREPARED_GOAL
                rows.append(
                    goal_row(
                        "badges",
                        f"{total} badges {layout.upper()}, {state}",
                        statistics.median(ratios),
                        "× floor",
                        goal,
                        note,
                        higher_is_better=False,
                    )
                )
    per_badge = statistics.median(prepare)
    per_badge_cpu = statistics.median(prepare_cpu)
    rows.append(
        {
            "benchmark": "badges",
            "figure": "prepare one badge (background, at approval)",
            "value": f"{per_badge * 1000:.1f}",
            "unit": "ms",
            "note": f"{PREPARED_IN_ROUND} badges prepared in one process, per badge "
            f"(CPU {per_badge_cpu * 1000:.1f} ms); batches of "
            f"{service.BADGES_PER_BATCH}; {database}",
        }
    )
    floor_per_page = statistics.median(s for s, *_ in results[counts[0], "floor", "floor"])
    unprepared = results[counts[0], "none prepared", "a6"]
    print_seconds = statistics.median(o[0] for o in unprepared)
    print_cpu = statistics.median(o[4] for o in unprepared)
    # Cost as CPU time: a print of many badges renders in two worker processes at once (two
    # cores), and preparation runs in the task workers, as many processes as cores; CPU
    # seconds compare the work, whatever the number of processes doing it.
    rows.append(
        goal_row(
            "badges",
            f"prepare {counts[0]} badges / print {counts[0]} unprepared (CPU)",
            per_badge_cpu * counts[0] / print_cpu,
            "ratio",
            1.0,
            f"CPU: preparation {per_badge_cpu * counts[0]:.2f} s (one process), print "
            f"{print_cpu:.2f} s (requester and its PDF workers); wall: "
            f"{per_badge * counts[0]:.2f} s against {print_seconds:.2f} s on two cores; floor "
            f"{floor_per_page / counts[0] * 1000:.1f} ms per page",
            higher_is_better=False,
        )
    )
    rows.append(
        {
            "benchmark": "badges",
            "figure": "check-in scan + counts: queries (OK / already)",
            "value": f"{scan[0]} / {scan[1]}",
            "unit": "queries",
            "note": "constant whatever the number of registrations",
        }
    )
    return rows
