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


@pytest.fixture
def organizer(db):
    """A member of the Organizers group (registrations, badges, programme, Meeting Point)."""
    from tests.roles import ORGANIZERS, role_member

    return role_member(ORGANIZERS)


@pytest.fixture
def viewer(db):
    """A member of the Viewers group (reads everything but personal documents)."""
    from tests.roles import VIEWERS, role_member

    return role_member(VIEWERS)


@pytest.fixture
def ministry_administrator(db):
    """A member of the Ministry administrators group (everything)."""
    from tests.roles import MINISTRY_ADMINISTRATORS, role_member

    return role_member(MINISTRY_ADMINISTRATORS)
