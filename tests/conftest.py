import io

import pytest
from django.core.management import call_command

from tests.factories import PastSessionFactory, RussianSessionFactory, SessionFactory


def pytest_runtest_setup(item):
    """`@pytest.mark.postgresql`: the test needs PostgreSQL (real concurrent connections,
    pg_terminate_backend, pg_dump). Elsewhere it is skipped, except on CI (CI=1), where it
    fails: a CI that lost its PostgreSQL must not pass by skipping its race tests."""
    marker = item.get_closest_marker("postgresql")
    if marker is None:
        return
    from django.db import connection

    from tests.helpers import require_service

    reason = marker.kwargs.get("reason", "")
    require_service(
        connection.vendor == "postgresql", f"PostgreSQL ({reason})" if reason else "PostgreSQL"
    )


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


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_the_test_process():
    """Tests run background tasks in their own process, as they are queued (the tests of real
    workers start their own processes against a broker: tests/operations/test_workers.py)."""
    from django.test.utils import override_settings

    from taskforce.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    # Rendering a badge at each approval would slow every test that approves: the tests of
    # badge preparation turn it on (tests/venue/test_badges.py, test_tasks.py).
    with override_settings(BADGES_PREPARE_ON_APPROVAL=False):
        yield


@pytest.fixture(autouse=True)
def _no_queries_noted_to_read_together():
    """A page's compiled queries are read together from its second visit in a process
    (core.prepared.together): each test's first visit reads them one by one."""
    from core import prepared

    prepared.forget_noted()


@pytest.fixture(autouse=True)
def _documents_in_a_folder_of_the_test(settings, tmp_path):
    """Printed documents (core/documents.py) are stored in a folder of each test's own, and
    no versioned address of another test's is known."""
    from core import documents

    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    documents.forget_all()


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request to /ru/ or /en/ leaves its language active in the thread (LocaleMiddleware
    does not restore it): every test ends with the default language again, so that no test
    depends on the language the one before it left."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and public pages live in the caches: every test starts with none."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture
def client():
    """pytest-django's client, whose force_login() also passes the second factor of the
    accounts that need one (tests.helpers.VerifiedClient)."""
    from tests.helpers import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, logged in as after the two-factor login."""
    from tests.helpers import VerifiedClient, log_in

    client = VerifiedClient()
    log_in(client, admin_user)
    return client


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
