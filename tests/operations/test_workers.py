"""Real Celery workers (processes) against the test database and a Redis broker: a worker
killed (SIGKILL, the whole process group) in the middle of a task loses nothing; another
worker does the task, and its effect happens once.

The broker is TEST_CELERY_BROKER_URL (default redis://127.0.0.1:6379/15), a Redis database
kept for the tests: they empty it. On CI a missing Redis or PostgreSQL fails these tests."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection
from django_celery_results.models import TaskResult

from delegates.models import RegistrationStatus
from tests.factories import RegistrationFactory
from tests.helpers import redis_answers, require_service
from venue.models import PreparedBadge
from venue.services import badge_pages

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
# A task whose worker died is handed again after this many seconds (production: minutes).
VISIBILITY_TIMEOUT = 3

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker():
    require_service(connection.vendor == "postgresql", "PostgreSQL (a worker shares the database)")
    require_service(redis_answers(BROKER_URL), f"Redis at {BROKER_URL}")
    redis.Redis.from_url(BROKER_URL).flushdb()
    sender = Celery("tests", broker=BROKER_URL, set_as_current=False)
    sender.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    yield sender
    sender.close()
    redis.Redis.from_url(BROKER_URL).flushdb()


def database_url():
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


class Worker:
    """`celery -A taskforce worker` with one process, in its own process group."""

    def __init__(self, name, log_dir, **environment):
        self.log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DJANGO_SETTINGS_MODULE": "taskforce.settings",
            **environment,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "taskforce",
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "--hostname",
                f"{name}@%h",
                "--include",
                "tests.operations.worker_hooks",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL to the worker and its pool process: no goodbye to the broker."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(name, **environment):
        worker = Worker(name, tmp_path, **environment)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_a_task_whose_worker_is_killed_midway_is_done_once_by_another_worker(
    broker, workers, session
):
    batch = badge_pages.BADGES_PER_BATCH
    registrations = RegistrationFactory.create_batch(
        2 * batch, session=session, status=RegistrationStatus.APPROVED
    )
    first = workers("first", TEST_SLOW_BADGE_SECONDS="2")
    task_id = broker.send_task(
        "delegates.tasks.prepare_badges_task", args=[[r.pk for r in registrations]]
    ).id
    # Midway: the first batch of badges is kept, the second is being rendered.
    wait_for(lambda: PreparedBadge.objects.count() == batch, 60, "the first batch")
    first.kill()
    kept = PreparedBadge.objects.order_by("pk").first()
    assert TaskResult.objects.get(task_id=task_id).status == "STARTED"

    workers("second")
    wait_for(
        lambda: TaskResult.objects.filter(task_id=task_id, status="SUCCESS").exists(),
        60,
        "the task to be done by the second worker",
    )
    result = TaskResult.objects.get(task_id=task_id)
    assert result.result == str(batch)  # only the missing badges were rendered
    assert PreparedBadge.objects.count() == 2 * batch
    again = PreparedBadge.objects.get(pk=kept.pk)
    assert again.rendered_at == kept.rendered_at  # the first badge was not rendered twice
    done = {badge.pk: badge.rendered_at for badge in PreparedBadge.objects.all()}
    # Long past the visibility timeout, nothing runs it again.
    time.sleep(VISIBILITY_TIMEOUT * 3)
    assert {badge.pk: badge.rendered_at for badge in PreparedBadge.objects.all()} == done
    assert TaskResult.objects.get(task_id=task_id).status == "SUCCESS"
