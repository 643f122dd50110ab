"""The portal recovers by itself when PostgreSQL drops its connections (a restart, a
failover): persistent connections are health-checked at the start of each request."""

import time

import psycopg2
import pytest
from django.db import connection

from bench.server import get, gunicorn

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="closing connections server-side needs PostgreSQL (pg_terminate_backend); "
    "run with DATABASE_URL=postgres://…",
)


def portal_backends(admin_connection, database):
    with admin_connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_requests_succeed_after_postgresql_closes_every_connection(session):
    settings = connection.settings_dict
    database = settings["NAME"]
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{host}:{port}/{database}"
    admin_connection = psycopg2.connect(
        dbname=database,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=host,
        port=port,
    )
    admin_connection.autocommit = True
    # Our own test connection would be killed too: let the server be the only other client.
    connection.close()
    try:
        with gunicorn({"DATABASE_URL": url, "CONN_MAX_AGE": "600"}, workers=1) as port:
            for _ in range(3):
                assert get(port, "/healthz")[0] == 200
                assert get(port, f"/it/sessions/{session.number}/")[0] == 200
            before = portal_backends(admin_connection, database)
            assert before, "the server keeps a persistent connection"

            with admin_connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [database],
                )
            time.sleep(0.2)
            assert not portal_backends(admin_connection, database) & before

            # No request fails: the dead connection is noticed and replaced.
            statuses = [get(port, f"/it/sessions/{session.number}/")[0] for _ in range(5)]
            statuses += [get(port, "/healthz")[0] for _ in range(3)]
            assert statuses == [200] * 8
            after = portal_backends(admin_connection, database)
            assert after and not after & before
    finally:
        admin_connection.close()
