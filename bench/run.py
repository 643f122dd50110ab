#!/usr/bin/env python
"""`make bench`: run every benchmark module `bench/bench_*.py` and print one table.

Each module defines `run()` returning a list of rows: dicts with `benchmark`, `figure`,
`value`, `unit`, and optionally `goal`, `met` (bench.common.goal_row) and `note`.
Benchmarks measure; they never fail the build. `python bench/run.py pages badges` runs only
the modules whose names contain one of the words; BENCH_QUICK=1 runs fewer, shorter rounds.
"""

import datetime
import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
# Without DATABASE_URL, the PostgreSQL of this machine when it answers (the concurrency
# figures need it; the scratch databases are made beside this one and dropped).
LOCAL_POSTGRESQL = "postgres://postgres@127.0.0.1:5432/taskforce_bench"


def _local_postgresql_answers():
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _load():
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _database():
    from django.db import connection

    if connection.vendor == "postgresql":
        # The maintenance database: the one DATABASE_URL names need not exist yet.
        with connection._nodb_cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version} (scratch databases on {connection.settings_dict['HOST']})"
    return (
        "SQLite: single-process figures only; the concurrency benchmarks refuse to run "
        "(set DATABASE_URL=postgres://… to measure them)"
    )


def header():
    from bench.common import quick, rounds, seconds_per_round

    return [
        f"date      {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine   {os.cpu_count()} cores, {_cpu_model()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        f"database  {_database()}",
        f"rounds    {rounds()} interleaved × {seconds_per_round():g} s"
        + (" (BENCH_QUICK: rough figures)" if quick() else ""),
        f"load      {_load()} (1, 5, 15 min) at the start",
    ]


def main(selected):
    import django

    if not os.environ.get("DATABASE_URL") and _local_postgresql_answers():
        os.environ["DATABASE_URL"] = LOCAL_POSTGRESQL

    django.setup()
    lines = header()
    print("\n".join(lines), file=sys.stderr, flush=True)
    rows = []
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    for name in modules:
        if selected and not any(word in name for word in selected):
            continue
        print(f"running {name} … (load {_load()})", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            found = module.run()
        except Exception:
            traceback.print_exc()
            found = [{"benchmark": name, "figure": "ERROR", "value": "", "unit": ""}]
        rows.extend(found)
        print_table(found, file=sys.stderr)  # kept even if a later module fails
        print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
    lines.append(f"load      {_load()} (1, 5, 15 min) at the end")
    print("\n".join(lines))
    print()
    print_table(rows)
    goals = [row for row in rows if row.get("met")]
    met = sum(row["met"] == "met" for row in goals)
    print(f"\ngoals met: {met} of {len(goals)}")


def print_table(rows, file=None):
    headers = ("benchmark", "figure", "value", "unit", "goal", "met", "note")
    table = [[str(row.get(h, "")) for h in headers] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in table]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line, file=file)
    print("-" * len(line), file=file)
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=file)


if __name__ == "__main__":
    main(sys.argv[1:])
