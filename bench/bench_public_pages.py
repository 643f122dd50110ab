"""Throughput of every public page for an anonymous visitor, next to its ceiling: a bare
Django view (/bench/minimal) served by the same gunicorn (production settings, two sync
workers) in the same run. The load generator is a process of its own (bench/loadgen.py); the
pages are interleaved over BENCH_ROUNDS rounds (default 5) of BENCH_SECONDS seconds each
(default 3) with BENCH_CLIENTS connections (default 4); each figure is the median over the
rounds of the page's throughput divided by the bare view's in the same round. Measured twice:
warm (nothing changed since the last visit: the page comes from the cache), and as the first
visit after a change (every request first bumps every topic, bench/middleware.py, so every
page is rendered and stored anew; the bare view is not bumped). And the programme PDF
downloaded again (stored, served before the session middleware), at the versioned address
its page links to and at its plain address, against a static file of its size that
WhiteNoise serves from the same gunicorn, interleaved the same way.

The database is a scratch copy filled as `make demo-data` fills it. Throughput under
concurrency is measured only on PostgreSQL: on SQLite this benchmark refuses to run.
"""

import html
import os
import re
import statistics
import urllib.parse
import urllib.request

from bench.common import database_label, goal_row, rounds, seconds_per_round
from bench.site import (
    PROXY_HEADERS,
    WORKERS,
    demo_database,
    manage,
    production_environment,
    run_load,
    served,
)
from tests.helpers import redis_answers

CLIENTS = 4
PAGE_GOAL = 0.8
CHANGED_GOAL = 0.25
# A repeated download of a stored document costs no more than a static file: its rate at
# least the file's.
DOWNLOAD_GOAL = 1.0
# The shared cache of the two app server processes, a Redis database of the benchmark's own
# (its keys carry the benchmark's prefix, and expire).
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def _session_number(env):
    """The number of the demo's latest session (the one with a programme)."""
    code = (
        "from sessions_app.models import Session; "
        "print(Session.objects.order_by('-start_date').values_list('number', flat=True)[0])"
    )
    return int(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def _paths(env):
    number = _session_number(env)
    return [
        ("home page", "/it/"),
        ("sessions list", "/it/sessions/"),
        ("session page", f"/it/sessions/{number}/"),
        ("programme", f"/it/sessions/{number}/programme/"),
        ("statistics", "/it/statistics/"),
        ("agreements registry", "/it/agreements/"),
        ("session page (Russian)", f"/ru/sessions/{number}/"),
    ]


def _change(env):
    """How the load generator changes every topic: the Redis keys of their versions."""
    code = (
        "from django.conf import settings; from django.core.cache import caches; "
        "from core.public_cache import topic_version_key; "
        "print(*(caches['public_pages'].make_and_validate_key(topic_version_key(t)) "
        "for t in settings.PUBLIC_PAGE_TOPICS))"
    )
    # The last line: `shell` first lists the models it imports, on the same output.
    output = manage(production_environment(env), "shell", "-c", code, capture=True)
    keys = output.strip().splitlines()[-1].split()
    url = urllib.parse.urlparse(env["REDIS_URL"])
    return {"port": url.port or 6379, "db": int(url.path.strip("/") or 0), "keys": keys}


def measure(env, pages, clients, extra_headers=None, change=None):
    """{label: [round results]} for the bare view and `pages`, interleaved."""
    targets = [{"label": "bare view", "path": "/bench/minimal", "headers": PROXY_HEADERS}]
    targets += [
        {
            "label": label,
            "path": path,
            "headers": {**PROXY_HEADERS, **(extra_headers or {})},
            "change": change,
        }
        for label, path in pages
    ]
    with served(env) as port:
        return _interleaved(port, targets, clients)


def _interleaved(port, targets, clients):
    """{label: [round results]} of `targets` on the server at `port`, interleaved, after a
    short warm-up of every worker's templates and connections."""
    run_load(
        {
            "mode": "pages",
            "port": port,
            "targets": targets,
            "rounds": 1,
            "seconds": 0.5,
            "clients": 2,
        }
    )
    return run_load(
        {
            "mode": "pages",
            "port": port,
            "targets": targets,
            "rounds": rounds(),
            "seconds": seconds_per_round(),
            "clients": clients,
        }
    )


def _pdf_link(port, number):
    """The printed programme's address on the programme page (with its version)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/it/sessions/{number}/programme/", headers=PROXY_HEADERS
    )
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
    return html.unescape(re.search(r'href="([^"]*/programme\.pdf[^"]*)"', page).group(1))


def measure_download(env, number):
    """The programme PDF downloaded again, at the versioned address its page links to and at
    its plain address, against a static file of its size served by WhiteNoise from the same
    gunicorn: {label: [round results]}, interleaved."""
    plain = f"/it/sessions/{number}/programme.pdf"
    with served(env) as port:  # the first download prints and stores it
        link = _pdf_link(port, number)
        request = urllib.request.Request(f"http://127.0.0.1:{port}{link}", headers=PROXY_HEADERS)
        with urllib.request.urlopen(request) as response:
            size = len(response.read())
    assert link.startswith(plain + "?v="), link
    # Files are indexed when WhiteNoise starts: the file is there before the next start.
    environment = production_environment(env)
    name = f"bench-download-{size}.pdf"
    with open(os.path.join(environment["BENCH_STATIC_ROOT"], name), "wb") as static_file:
        static_file.write(b"%PDF-1.7\n" + b"0" * (size - 9))
    targets = [
        {"label": "static file", "path": f"/static/{name}", "headers": PROXY_HEADERS},
        {"label": "programme PDF", "path": link, "headers": PROXY_HEADERS},
        {"label": "programme PDF, plain address", "path": plain, "headers": PROXY_HEADERS},
    ]
    # Each worker answers a version from storage once its view checked it (the warm-up).
    with served(env) as port:
        results = _interleaved(port, targets, CLIENTS)
    return results, size


def download_rows(results, size, setting):
    static = results["static file"]
    rows = []
    for label, figure, goal in (
        (
            "programme PDF",
            "programme PDF downloaded again (the page's versioned link), rate / a static file's",
            DOWNLOAD_GOAL,
        ),
        (
            "programme PDF, plain address",
            "programme PDF downloaded again at its plain address (one cache read), "
            "rate / a static file's",
            None,
        ),
    ):
        document = results[label]
        ratios = [d["rate"] / s["rate"] for d, s in zip(document, static, strict=True)]
        errors = sum(o["errors"] for o in document + static)
        note = (
            f"{statistics.median(o['rate'] for o in document):.0f} req/s against "
            f"{statistics.median(o['rate'] for o in static):.0f} for a static file of "
            f"{size // 1024} KiB (WhiteNoise); rounds " + " ".join(f"{r:.2f}" for r in ratios)
        )
        if errors:
            note += f"; {errors} ERRORS"
        note += f"; {setting}"
        if goal is None:
            rows.append(
                {
                    "benchmark": "public_pages",
                    "figure": figure,
                    "value": f"{statistics.median(ratios):.2f}",
                    "unit": "× static",
                    "note": note,
                }
            )
        else:
            rows.append(
                goal_row(
                    "public_pages",
                    figure,
                    statistics.median(ratios),
                    "× static",
                    goal,
                    note,
                    failed=bool(errors),
                )
            )
    return rows


def ratio_rows(benchmark, results, goal, condition, setting):
    """One row per page: the median of the per-round ratios to the bare view."""
    bare = results["bare view"]
    rows = [
        {
            "benchmark": benchmark,
            "figure": "bare view (ceiling)",
            "value": f"{statistics.median(r['rate'] for r in bare):.0f}",
            "unit": "req/s",
            "note": setting,
        }
    ]
    for label, outcomes in results.items():
        if label == "bare view":
            continue
        ratios = [
            page["rate"] / ceiling["rate"] for page, ceiling in zip(outcomes, bare, strict=True)
        ]
        errors = sum(o["errors"] for o in outcomes)
        note = (
            f"{statistics.median(o['rate'] for o in outcomes):.0f} req/s, p95 "
            f"{statistics.median(o['p95_ms'] for o in outcomes):.0f} ms; rounds "
            + " ".join(f"{r:.2f}" for r in ratios)
        )
        if errors:
            note += f"; {errors} ERRORS"
        rows.append(
            goal_row(
                benchmark,
                f"{label}, {condition}",
                statistics.median(ratios),
                "× bare",
                goal,
                note,
                failed=bool(errors),
            )
        )
    return rows


def run():
    if database_label() != "PostgreSQL":
        return [
            {
                "benchmark": "public_pages",
                "figure": "not measured",
                "value": "",
                "unit": "",
                "note": "throughput under concurrency needs PostgreSQL: set DATABASE_URL",
            }
        ]
    with demo_database() as env:
        cache = "files under VAR_DIR"
        if redis_answers(BENCH_REDIS_URL):
            env["REDIS_URL"] = BENCH_REDIS_URL
            cache = "Redis"
        pages = _paths(env)
        warm = measure(env, pages, CLIENTS)
        downloads, size = measure_download(env, _session_number(env))
        if "REDIS_URL" in env:
            changed = measure(env, pages, CLIENTS, change=_change(env))
            how = "topics changed in Redis by the load generator before each request"
        else:
            changed = measure(env, pages, CLIENTS, {"X-Bench-Change": "1"})
            how = "every topic bumped by the request itself (the page pays the change)"
    setting = (
        f"gunicorn {WORKERS} sync workers, production settings, cache in {cache}, "
        f"{CLIENTS} connections, {rounds()} rounds × {seconds_per_round():g} s, PostgreSQL"
    )
    rows = ratio_rows("public_pages", warm, PAGE_GOAL, "anonymous, warm", setting)
    changed_rows = ratio_rows(
        "public_pages", changed, CHANGED_GOAL, "first visit after a change", setting
    )
    changed_rows[0]["figure"] = "bare view (ceiling), first-visit rounds"
    changed_rows[0]["note"] = how
    rows += changed_rows
    rows += download_rows(downloads, size, setting)
    return rows
