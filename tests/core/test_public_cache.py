"""Public pages kept whole in the cache for anonymous visitors (core/public_cache.py): served
without a query while nothing changed, shown new at once after a change, also when the
change is made by another app server sharing Redis."""

import datetime
import os
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from core import public_cache
from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from tests.agreements.factories import signed_agreement
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in, redis_answers, require_service

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def italian_url(name, args=()):
    """The Italian address of a page, whatever language an earlier test left active."""
    with translation.override("it"):
        return reverse(name, args=args)


def get(url):
    """A GET by an anonymous visitor: a fresh client without cookies."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_page_seen_again_is_served_without_a_query(django_assert_num_queries):
    session = SessionFactory(city_it="Bergamo", venue="Centro congressi")
    url = italian_url("sessions_app:session_detail", args=[session.number])
    first = get(url)
    with django_assert_num_queries(0):
        assert get(url) == first


@pytest.mark.django_db
def test_a_changed_session_shows_at_once():
    session = SessionFactory(city_it="Bergamo", venue="Centro congressi")
    detail = italian_url("sessions_app:session_detail", args=[session.number])
    listing = italian_url("sessions_app:session_list")
    assert "Bergamo" in get(detail) and "Bergamo" in get(listing)
    session.city_it = "Brescia"
    session.save()
    assert "Brescia" in get(detail) and "Bergamo" not in get(detail)
    assert "Brescia" in get(listing)


@pytest.mark.django_db
def test_a_changed_programme_item_shows_at_once():
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    url = italian_url("sessions_app:programme", args=[session.number])
    assert "Sessione plenaria di apertura" in get(url)
    item.title_it = "Tavola rotonda sulla meccanica"
    item.save()
    page = get(url)
    assert "Tavola rotonda sulla meccanica" in page
    assert "Sessione plenaria di apertura" not in page
    item.delete()
    assert "Tavola rotonda sulla meccanica" not in get(url)


@pytest.mark.django_db
def test_a_changed_agreement_shows_at_once_in_the_registry():
    agreement = signed_agreement(PastSessionFactory(number=25), title_it="Memorandum sui distretti")
    url = italian_url("agreements:agreement_list")
    assert "Memorandum sui distretti" in get(url)
    agreement.title_it = "Memorandum sulla meccanica"
    agreement.save()
    page = get(url)
    assert "Memorandum sulla meccanica" in page and "Memorandum sui distretti" not in page


@pytest.mark.django_db
def test_a_new_registration_count_shows_at_once_in_the_statistics():
    """The page after the change is the page a cold cache renders, and not the old one."""
    from delegates.services.workflow import approve

    session = PastSessionFactory(number=25, historical_registrations_italian=None)
    registration = RegistrationFactory(session=session, status=RegistrationStatus.SUBMITTED)
    url = italian_url("statistics")
    before = get(url)
    approve(registration, by=SYSTEM)
    after = get(url)
    caches["public_pages"].clear()
    assert after == get(url)
    assert after != before


@pytest.mark.django_db
def test_an_update_that_bypasses_the_signals_bumps_by_hand():
    """QuerySet.update() sends no signal: the services that use it bump the topic."""
    session = SessionFactory(city_it="Bergamo", venue="Centro congressi")
    url = italian_url("sessions_app:session_detail", args=[session.number])
    assert "Bergamo" in get(url)
    type(session).objects.filter(pk=session.pk).update(city_it="Brescia")
    assert "Bergamo" in get(url)  # what `bump` is for: the cache cannot know
    public_cache.bump("sessions")
    assert "Brescia" in get(url)


@pytest.mark.django_db
def test_each_language_has_its_own_page():
    session = SessionFactory(city_it="Bergamo", city_ru="Бергамо")
    assert "Бергамо" in get(f"/ru/sessions/{session.number}/")
    assert "Бергамо" not in get(f"/it/sessions/{session.number}/")


@pytest.mark.django_db
def test_visitors_with_a_session_get_their_own_page(client):
    """Staff (and a delegate who just registered) are never served the anonymous page."""
    SessionFactory()
    url = italian_url("statistics")
    get(url)
    log_in(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert "staff_statistics" in response.context  # rendered for this visitor


LOCAL_MEMORY = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "public_pages")
}


@pytest.mark.django_db
@override_settings(CACHES=LOCAL_MEMORY)
def test_a_page_is_kept_no_longer_than_its_registration_window_stays_as_it_is():
    """The registration call appears when the window opens, without any change of data."""
    opens = timezone.now() + datetime.timedelta(seconds=30)
    session = SessionFactory(
        status="registration_open",
        registration_opens=opens,
        registration_closes=opens + datetime.timedelta(days=10),
    )
    url = italian_url("sessions_app:session_detail", args=[session.number])
    get(url)
    pages = caches["public_pages"]
    stored = [key for key in pages._cache if "public-page:" in key and ":topic:" not in key]
    assert stored
    assert max(pages._expire_info[key] for key in stored) - time.time() <= 31


@pytest.fixture
def shared_redis():
    """The default cache on a Redis database, under a prefix of this test's own."""
    require_service(redis_answers(REDIS_URL), f"Redis at {REDIS_URL}")
    redis = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": redis, "public_pages": redis}):
        yield


def on_another_server(function):
    """Run `function` in another thread: it gets its own cache client (Django's cache
    connections are per thread) and its own database connection, as another app server."""
    outcome = {}

    def run():
        from django.db import connection

        try:
            outcome["value"] = function()
        except BaseException as error:  # re-raised in the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.mark.django_db(transaction=True)
def test_a_change_on_one_server_shows_at_once_on_another_sharing_redis(shared_redis):
    session = SessionFactory(city_it="Bergamo", venue="Centro congressi")
    url = italian_url("sessions_app:session_detail", args=[session.number])
    assert "Bergamo" in get(url)  # cached by this server

    def change():
        assert "Bergamo" in get(url)  # served from the shared cache
        session.city_it = "Brescia"
        session.save()

    on_another_server(change)
    assert "Brescia" in get(url)


@pytest.mark.parametrize("app_label", ["sessions_app", "agreements"])
def test_every_model_of_the_public_apps_belongs_to_a_topic(settings, app_label):
    """Everything these apps hold is shown on public pages: a model left out of
    PUBLIC_PAGE_TOPICS would leave its pages stale after a change."""
    from django.apps import apps

    in_topics = {
        label for topic in settings.PUBLIC_PAGE_TOPICS.values() for label in topic["models"]
    }
    models = apps.get_app_config(app_label).get_models()
    missing = [
        model._meta.label
        for model in models
        if not model._meta.label.startswith(f"{app_label}.Historical")
        and model._meta.label not in in_topics
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_page_from_the_cache_keeps_every_header_of_the_first_answer():
    """The middleware answers before the session and CSP middleware run: the stored page
    carries the headers they added the first time."""
    session = SessionFactory()
    url = italian_url("sessions_app:session_detail", args=[session.number])
    first = Client().get(url)
    again = Client().get(url)
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert again[header] == first[header]
    assert not again.cookies


class CountingCache:
    """The public pages' cache, counting its round trips."""

    def __init__(self, cache):
        self.cache, self.round_trips = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.round_trips.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.mark.django_db
def test_a_kept_page_costs_one_round_trip_to_the_cache_and_a_change_is_seen(monkeypatch):
    """The page and its topics' versions are read together: one round trip, and a page kept
    under older versions is not served."""
    session = SessionFactory(city_it="Bergamo")
    url = italian_url("sessions_app:session_detail", args=[session.number])
    get(url)
    counting = CountingCache(public_cache._cache())
    monkeypatch.setattr(public_cache, "_cache", lambda: counting)
    assert "Bergamo" in get(url)
    assert counting.round_trips == ["get_many"]
    session.city_it = "Brescia"
    session.save()
    counting.round_trips.clear()
    assert "Brescia" in get(url)
    # Read once by the middleware (a miss), its lookup reused by the view; then stored.
    assert counting.round_trips.count("get_many") == 1
    assert counting.round_trips.count("set") == 1


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_each_topic_once_on_commit_and_a_rolled_back_savepoint_loses_none(
    monkeypatch,
):
    """Many saves of a topic in one transaction bump it once when it commits; a bump left
    in a savepoint that rolled back does not stand for a later one."""
    from django.db import transaction

    counting = CountingCache(public_cache._cache())
    monkeypatch.setattr(public_cache, "_cache", lambda: counting)
    with transaction.atomic():
        for _ in range(3):
            public_cache.bump("sessions")
        immediate = counting.round_trips.count("set_many")
    assert immediate == 3  # pages read inside the transaction see its changes
    assert counting.round_trips.count("set_many") == 4  # and one bump on commit

    counting.round_trips.clear()
    before = public_cache.versions_key("programme")
    with transaction.atomic():
        try:
            with transaction.atomic():
                public_cache.bump("programme")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        public_cache.bump("programme")
        during = public_cache.versions_key("programme")
    assert public_cache.versions_key("programme") not in (before, during)
