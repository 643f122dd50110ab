"""Tests marked `postgresql` skip on another database, but fail there on CI: a CI that lost
its PostgreSQL must not go green by skipping its race tests."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Two tests marked `postgresql` (the whole module), cheap to collect.
MARKED = "tests/operations/test_database_restart.py"


def run_marked_tests_on_sqlite(**environment):
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update(DATABASE_URL="sqlite:///var/db.sqlite3", **environment)
    return subprocess.run(
        [sys.executable, "-m", "pytest", MARKED, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_on_ci_a_test_needing_postgresql_fails_without_it():
    result = run_marked_tests_on_sqlite(CI="1")
    assert result.returncode != 0
    assert "2 errors" in result.stdout
    assert "PostgreSQL (pg_terminate_backend" in result.stdout
    assert "CI must provide it" in result.stdout


def test_outside_ci_a_test_needing_postgresql_is_skipped_without_it():
    result = run_marked_tests_on_sqlite()
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout
