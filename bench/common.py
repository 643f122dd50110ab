"""Helpers shared by benchmarks: a throwaway database and measurements."""

import contextlib
import os
import resource
import time
import tracemalloc


@contextlib.contextmanager
def benchmark_database():
    """Run the benchmark in a fresh test database (SQLite in memory by default, or
    PostgreSQL when DATABASE_URL points to it), migrated and destroyed afterwards."""
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old_config)
        teardown_test_environment()


@contextlib.contextmanager
def measure():
    """Yields a dict filled with wall seconds and peak Python memory (MiB) of the block."""
    result = {}
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - started
        result["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        result["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_label():
    url = os.environ.get("DATABASE_URL", "")
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def lombardy():
    """The host region of the benchmarks' sessions (the benchmark database has no reference
    data loaded)."""
    from sessions_app.models import Region

    return Region.objects.get_or_create(
        code="IT-25",
        defaults={
            "country": "IT",
            "kind": "region",
            "name_it": "Lombardia",
            "name_ru": "Ломбардия",
            "name_en": "Lombardy",
        },
    )[0]
