"""Throughput of the public pages under gunicorn (2 workers), next to a minimal Django view
served by the same server in the same run: the ratio is the figure that matters (the machine
sets the absolute numbers).

The database is built from scratch in a temporary folder (SQLite), or in a scratch PostgreSQL
database when DATABASE_URL points to PostgreSQL: migrate, reference data, history, demo data.
BENCH_SECONDS sets the measuring time per page (default 4), BENCH_CLIENTS the concurrent
clients (default 4).
"""

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from bench.common import database_label
from bench.server import ROOT, get, gunicorn

WORKERS = 2


@contextlib.contextmanager
def populated_database():
    """Environment variables pointing at a fresh, populated database."""
    var_dir = tempfile.mkdtemp(prefix="taskforce-bench-")
    env = {"VAR_DIR": var_dir, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    url = os.environ.get("DATABASE_URL", "")
    scratch = None
    if url.startswith("postgres"):
        import psycopg2

        parsed = urllib.parse.urlparse(url)
        scratch = f"taskforce_bench_{os.getpid()}"
        maintenance = psycopg2.connect(
            dbname="postgres",
            user=parsed.username,
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
        )
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{scratch}"')
        env["DATABASE_URL"] = urllib.parse.urlunparse(parsed._replace(path=f"/{scratch}"))
    else:
        env["DATABASE_URL"] = f"sqlite:///{var_dir}/db.sqlite3"
    try:
        environment = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "taskforce.settings"}
        for command in ("migrate", "load_reference_data", "load_history", "load_demo_data"):
            subprocess.run(
                [sys.executable, "manage.py", command, "--verbosity=0"]
                if command == "migrate"
                else [sys.executable, "manage.py", command],
                cwd=ROOT,
                env=environment,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        yield env
    finally:
        if scratch:
            with maintenance.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            maintenance.close()


def demo_session_number(env):
    code = (
        "import django; django.setup(); from sessions_app.models import Session; "
        "print(Session.objects.order_by('-start_date').values_list('number', flat=True)[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "taskforce.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def load(port, path, seconds, clients):
    """Requests per second and latencies of `clients` threads requesting `path` for
    `seconds` (each request on a new connection, as gunicorn's sync workers close them)."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        mine, failed = [], 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                status, _ = get(port, path)
            except OSError:
                status = 0
            if status != 200:
                failed += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": sum(errors),
    }


def run():
    seconds = float(os.environ.get("BENCH_SECONDS", "4"))
    clients = int(os.environ.get("BENCH_CLIENTS", "4"))
    rows = []
    with populated_database() as env:
        number = demo_session_number(env)
        pages = [
            ("minimal Django view", "/bench/minimal"),
            ("home page", "/it/"),
            ("sessions list", "/it/sessions/"),
            ("session page", f"/it/sessions/{number}/"),
            ("statistics page", "/it/statistics/"),
        ]
        with gunicorn(env, workers=WORKERS, application="bench.minimal_wsgi:application") as port:
            for _label, path in pages:  # warm up every worker and template cache
                for _ in range(2 * WORKERS):
                    assert get(port, path)[0] == 200, path
            results = {label: load(port, path, seconds, clients) for label, path in pages}
    baseline = results["minimal Django view"]["rate"]
    setting = f"gunicorn {WORKERS} workers, {clients} clients, {database_label()}"
    for label, result in results.items():
        note = f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms"
        if result["errors"]:
            note += f", {result['errors']} errors"
        rows.append(
            {
                "benchmark": "public_pages",
                "figure": f"{label} throughput",
                "value": f"{result['rate']:.0f}",
                "unit": "req/s",
                "note": note if label != "minimal Django view" else f"{note}; {setting}",
            }
        )
        if label != "minimal Django view":
            rows.append(
                {
                    "benchmark": "public_pages",
                    "figure": f"{label} / minimal view",
                    "value": f"{result['rate'] / baseline:.2f}",
                    "unit": "ratio",
                    "note": "1.00 = as fast as a view that does nothing",
                }
            )
    return rows
