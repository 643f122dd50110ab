"""Background work: from approving 400 registrations to every approval e-mail having left
(to a local SMTP server, aiosmtpd) and every badge being prepared, with ONE Celery worker
process, as staff would see it after the bulk "approve" action.

Figures: the approvals themselves (the request: 400 state changes, 400 mails rendered and
queued in the outbox); the time until the last e-mail left; until the last badge was
prepared (a task's badges laid out as one document: the worker's real work); medians of
BENCH_BACKGROUND_ROUNDS rounds (default 3).

The worker shares the benchmark's database: PostgreSQL when DATABASE_URL names one, else a
SQLite file. The broker is BENCH_CELERY_BROKER_URL (else TEST_CELERY_BROKER_URL, else
redis://127.0.0.1:6379/15): a Redis database of its own, emptied.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import benchmark_database, database_label

ROOT = Path(__file__).resolve().parent.parent
COUNT = 400
BROKER_URL = os.environ.get("BENCH_CELERY_BROKER_URL") or os.environ.get(
    "TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15"
)


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _database_url():
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def _start_worker(smtp_port, log):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DJANGO_SETTINGS_MODULE": "taskforce.settings",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "taskforce", "worker", "--concurrency=1"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError("the worker did not finish in time")


def _round(session, sink):
    from django.db import connection
    from post_office.models import STATUS, Email

    from core.authorization import SYSTEM
    from delegates.models import Registration
    from delegates.services import approve
    from venue.models import PreparedBadge

    registrations = list(
        Registration.objects.filter(session=session).select_related("person", "session")
    )
    started = time.perf_counter()
    for registration in registrations:
        approve(registration, by=SYSTEM)
    approved = time.perf_counter()
    mails_left = _wait(lambda: sink.count >= COUNT, 900)
    badges_done = _wait(lambda: PreparedBadge.objects.count() >= COUNT, 1800)
    assert Email.objects.filter(status=STATUS.sent).count() == COUNT
    connection.close()
    return approved - started, mails_left - started, badges_done - started


def _reset(session, sink):
    from post_office.models import Email

    from delegates.models import Registration
    from venue.models import PreparedBadge

    Email.objects.all().delete()
    PreparedBadge.objects.all().delete()
    Registration.objects.filter(session=session).update(status="submitted", decided_at=None)
    sink.count = 0


def run():
    import logging

    import redis
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from taskforce.celery import app
    from tests.factories import SessionFactory, bulk_registrations

    try:
        redis.Redis.from_url(BROKER_URL).flushdb()
    except redis.RedisError:
        return [_row("ERROR", "", "", f"no Redis at {BROKER_URL}")]
    rounds = int(os.environ.get("BENCH_BACKGROUND_ROUNDS", "3"))
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    if database_label() == "SQLite":
        # A file, so that the worker process shares it.
        folder = tempfile.mkdtemp(prefix="taskforce-bench-")
        settings.DATABASES["default"]["TEST"] = {"NAME": str(Path(folder) / "bench.sqlite3")}
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER_URL
    settings.BADGES_PREPARE_ON_APPROVAL = True
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    results = []
    with benchmark_database(), tempfile.TemporaryFile() as log:
        session = SessionFactory(number=3000, capacity_italian=2000, capacity_russian=2000)
        bulk_registrations(session, COUNT, status="submitted")
        worker = _start_worker(smtp_port, log)
        try:
            for number in range(rounds):
                if number:
                    _reset(session, sink)
                results.append(_round(session, sink))
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(60)
            controller.stop()
            redis.Redis.from_url(BROKER_URL).flushdb()
    approve_s, mails_s, badges_s = (
        statistics.median(column) for column in zip(*results, strict=True)
    )
    note = f"{database_label()}, 1 worker process, median of {rounds}"
    return [
        _row(f"approve {COUNT} (request)", f"{approve_s:.2f}", "s", note),
        _row(f"approval → last e-mail left ({COUNT})", f"{mails_s:.2f}", "s", note),
        _row(f"approval → last badge prepared ({COUNT})", f"{badges_s:.2f}", "s", note),
        _row("badges prepared per second", f"{COUNT / badges_s:.1f}", "/s", note),
    ]


def _row(figure, value, unit, note=""):
    return {
        "benchmark": "background",
        "figure": figure,
        "value": value,
        "unit": unit,
        "note": note,
    }
