"""The documented backup (pg_dump) can be restored (pg_restore) with every row intact."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.helpers import require_service

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(reason="backups are taken with pg_dump")
def test_a_dump_restores_into_a_scratch_database_with_the_same_rows(session, tmp_path):
    require_service(shutil.which("pg_dump"), "pg_dump (Debian's postgresql-client)")
    RegistrationFactory.create_batch(3, session=session)
    RussianRegistrationFactory.create_batch(2, session=session)
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
        f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    dump = tmp_path / "taskforce.dump"
    result = subprocess.run(
        ["sh", "scripts/backup_restore_check.sh", url, str(dump)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backup_restore_check: OK" in result.stdout
    assert dump.stat().st_size > 0
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public delegates_registration" in listing


def test_the_check_refuses_a_database_that_is_not_postgresql():
    result = subprocess.run(
        ["sh", "scripts/backup_restore_check.sh", "sqlite:///var/db.sqlite3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "postgres://" in result.stderr
