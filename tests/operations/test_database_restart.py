"""The portal recovers by itself when PostgreSQL drops its connections (a restart, a
failover): persistent connections are health-checked at the start of each request. While the
database cannot be reached, visitors get a translated 503 with Retry-After, never a 500."""

import http.client
import time

import psycopg2
import pytest
from django.db import connection

from bench.server import get, gunicorn

pytestmark = pytest.mark.postgresql(reason="pg_terminate_backend closes connections server-side")


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


def get_with_headers(port, path):
    """(status, headers, text) of one GET on the local server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


UNAVAILABLE = {
    "it": "Il portale è momentaneamente non disponibile",
    "ru": "Портал временно недоступен",
    "en": "The portal is briefly unavailable",
}


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_unreachable_visitors_get_a_translated_503_then_it_recovers(
    session,
):
    settings = connection.settings_dict
    database = settings["NAME"]
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{host}:{port}/{database}"
    # Another database of the server, to close and reopen the test database from outside.
    admin_connection = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=host,
        port=port,
    )
    admin_connection.autocommit = True
    connection.close()
    pages = [
        "/{language}/",
        f"/{{language}}/sessions/{session.number}/",
        f"/{{language}}/sessions/{session.number}/register/",
        "/{language}/agreements/",
    ]
    try:
        with gunicorn({"DATABASE_URL": url, "CONN_MAX_AGE": "600"}, workers=1) as server:
            # Not a public page seen before: that one would still be served from the cache.
            assert get(server, f"/it/sessions/{session.number}/register/")[0] == 200

            with admin_connection.cursor() as cursor:
                # As during a restart: no new connection, the open ones cut.
                cursor.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [database],
                )
            try:
                for language, text in UNAVAILABLE.items():
                    for page in pages:
                        path = page.format(language=language)
                        status, headers, body = get_with_headers(server, path)
                        assert status == 503, (path, status, body[:500])
                        assert headers["Retry-After"] == "5"
                        assert "no-store" in headers["Cache-Control"]
                        assert text in body, path
                        assert f'lang="{language}"' in body
                        assert "Content-Security-Policy" in headers
                assert get(server, "/healthz")[0] == 503
            finally:
                with admin_connection.cursor() as cursor:
                    cursor.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

            # Back by itself, with no restart of the server.
            statuses = [get(server, page.format(language="it"))[0] for page in pages]
            assert statuses == [200] * len(pages)
            assert get(server, "/healthz")[0] == 200
    finally:
        admin_connection.close()
