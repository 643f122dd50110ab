"""The cache: Redis when REDIS_URL is set (with sessions in cache and database), memory of the
process otherwise."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.server import free_port

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.core.cache import cache
from core.ratelimit import is_rate_limited
result = {"backend": settings.CACHES["default"]["BACKEND"], "sessions": settings.SESSION_ENGINE}
if "--use" in __import__("sys").argv:
    cache.set("probe", "Ciao, мир", 30)
    result["value"] = cache.get("probe")
    result["limited"] = [is_rate_limited("probe", "10.0.0.1", 2, 60) for _ in range(3)]
print(json.dumps(result))
"""


def probe(*arguments, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    environment.update(env, DJANGO_SETTINGS_MODULE="taskforce.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_the_cache_is_in_memory():
    result = probe()
    assert result["backend"].endswith("LocMemCache")
    assert result["sessions"] == "django.contrib.sessions.backends.db"


def test_redis_url_selects_redis_and_sessions_in_cache_and_database():
    result = probe(REDIS_URL="redis://127.0.0.1:1/0")
    assert result["backend"] == "core.cache.RedisCache"
    assert result["sessions"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_rate_limit_counters_work_on_a_real_redis(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        result = probe("--use", REDIS_URL=f"redis://127.0.0.1:{port}/0")
        assert result["value"] == "Ciao, мир"
        assert result["limited"] == [False, False, True]
    finally:
        server.terminate()
        server.wait(timeout=10)
