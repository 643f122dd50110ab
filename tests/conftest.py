import io

import pytest
from django.core.management import call_command

from tests.factories import PastSessionFactory, RussianSessionFactory, SessionFactory


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture
def session(db):
    return SessionFactory()


@pytest.fixture
def russian_session(db):
    return RussianSessionFactory()


@pytest.fixture
def past_session(db):
    return PastSessionFactory()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
