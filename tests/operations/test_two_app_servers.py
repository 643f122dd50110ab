"""Two app servers (real gunicorn processes) sharing PostgreSQL and Redis, as in production
behind the reverse proxy: a change made by a third process (the admin's server) shows at once
on both, although each keeps pages in Redis and renders in its own memory
(core/public_cache.py, core/rendered.py)."""

import html
import io
import os
import re
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from pypdf import PdfReader

from bench.server import get, gunicorn
from tests.factories import ProgrammeItemFactory, SessionFactory
from tests.helpers import redis_answers, require_service

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="the app servers share the test database"),
]


def database_url():
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def shared_redis():
    """This process and the servers on one Redis database, under a prefix of this test's own."""
    require_service(redis_answers(REDIS_URL), f"Redis at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    redis = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": redis, "public_pages": redis}):
        yield {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}


def page(port, path):
    status, body = get(port, path)
    assert status == 200
    return body.decode()


def pdf_link(page_html):
    """The address of the printed programme the programme page links to (with its version)."""
    return html.unescape(re.search(r'href="([^"]*/programme\.pdf[^"]*)"', page_html).group(1))


def pdf_text(port, path):
    status, body = get(port, path)
    assert status == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_a_change_shows_at_once_on_two_app_servers_sharing_redis(shared_redis, tmp_path):
    session = SessionFactory(city_it="Bergamo", venue="Centro congressi")
    item = ProgrammeItemFactory(session=session, title_it="Apertura dei lavori")
    environment = {
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "DOCUMENTS_ROOT": str(tmp_path / "documents"),
        **shared_redis,
    }
    detail = f"/it/sessions/{session.number}/"
    programme = f"/it/sessions/{session.number}/programme/"
    # The printed programme: stored, then served from storage before the session middleware
    # (core/documents.py) while its decision in Redis stands.
    printed = f"/it/sessions/{session.number}/programme.pdf"
    with gunicorn(environment, workers=1) as first, gunicorn(environment, workers=1) as second:
        for port in (first, second):
            for _ in range(2):  # rendered, then kept
                assert "Bergamo" in page(port, detail)
                assert "Apertura dei lavori" in page(port, programme)
                assert "Apertura dei lavori" in pdf_text(port, printed)
                # The version the page links to: answered from storage with no read at all.
                assert "Apertura dei lavori" in pdf_text(port, pdf_link(page(port, programme)))

        session.city_it = "Brescia"
        session.save()
        item.title_it = "Tavola rotonda"
        item.save()

        for port in (first, second):
            shown = page(port, detail)
            assert "Brescia" in shown and "Bergamo" not in shown
            shown = page(port, programme)
            assert "Tavola rotonda" in shown and "Apertura dei lavori" not in shown
            shown = pdf_text(port, printed)
            assert "Tavola rotonda" in shown and "Apertura dei lavori" not in shown
            shown = pdf_text(port, pdf_link(page(port, programme)))
            assert "Tavola rotonda" in shown and "Apertura dei lavori" not in shown
