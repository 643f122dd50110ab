"""Querysets compiled once (core/prepared.py): the same rows as the queryset itself, read
from the database every time, with one query and without building the queryset again."""

import threading

import pytest
from django.db import connections
from django.db.models import Count

from core import prepared
from sessions_app.models import Region, Session
from tests.factories import PastSessionFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    prepared.forget_all()
    yield
    prepared.forget_all()


class Built:
    """A queryset builder that counts how often it is called."""

    def __init__(self, make):
        self.make = make
        self.calls = 0

    def __call__(self, *arguments):
        self.calls += 1
        return self.make(*arguments)

    # Kept under the builder: equal builders would share their SQL.
    __hash__ = object.__hash__


def test_rows_with_their_related_rows_are_those_of_the_queryset(django_assert_num_queries):
    sessions = [SessionFactory(), PastSessionFactory(), SessionFactory()]
    build = Built(lambda: Session.objects.with_region().order_by("number"))
    expected = [(s.number, s.host_region.name_it, s.city_it) for s in build()]
    for _attempt in range(3):
        with django_assert_num_queries(1):
            rows = prepared.rows(build)
            # The region came with its session, as select_related gives it.
            seen = [(s.number, s.host_region.name_it, s.city_it) for s in rows]
        assert seen == expected
        assert all(isinstance(row, Session) and row.pk for row in rows)
    assert len(expected) == len(sessions)
    assert build.calls == 2  # once for `expected`, once compiled


def test_every_call_reads_the_database_again():
    build = Built(lambda: Session.objects.order_by("number").values_list("number", flat=True))
    assert prepared.rows(build) == []
    first = SessionFactory()
    assert prepared.rows(build) == [first.number]
    second = SessionFactory()
    first.delete()
    assert prepared.rows(build) == [second.number]
    assert build.calls == 1


def test_each_set_of_arguments_has_its_own_sql():
    italian, russian = SessionFactory(), SessionFactory(host_country="RU")
    build = Built(lambda country: Session.objects.filter(host_country=country))
    for _attempt in range(2):
        assert [s.pk for s in prepared.rows(build, "IT")] == [italian.pk]
        assert [s.pk for s in prepared.rows(build, "RU")] == [russian.pk]
    assert build.calls == 2


def test_annotations_and_values_are_read_as_the_queryset_reads_them():
    SessionFactory.create_batch(2, host_country="IT")
    SessionFactory(host_country="RU")
    build = Built(
        lambda: (
            Session.objects.values("host_country")
            .annotate(held=Count("pk"))
            .order_by("host_country")
        )
    )
    expected = [{"host_country": "IT", "held": 2}, {"host_country": "RU", "held": 1}]
    assert prepared.rows(build) == expected
    assert prepared.rows(build) == expected

    def hosts():
        return Region.objects.annotate(hosted=Count("hosted_sessions")).filter(hosted__gt=0)

    annotated = prepared.rows(hosts)
    assert [(r.pk, r.hosted) for r in annotated] == [(r.pk, r.hosted) for r in hosts()]
    assert sum(region.hosted for region in annotated) == 3


def test_a_query_that_can_match_nothing_sends_nothing(django_assert_num_queries):
    SessionFactory()
    with django_assert_num_queries(0):
        assert prepared.rows(lambda: Session.objects.filter(pk__in=[])) == []


def test_a_query_that_prefetches_is_refused():
    with pytest.raises(ValueError, match="prefetch"):
        prepared.rows(lambda: Session.objects.prefetch_related("programme_items"))


def test_the_least_recently_used_are_forgotten_beyond_the_limit(monkeypatch):
    monkeypatch.setattr(prepared, "LIMIT", 2)
    build = Built(lambda number: Session.objects.filter(number=number))
    for number in (1, 2, 1, 3, 1, 2):
        prepared.rows(build, number)
    # 1, 2 compiled; 1 kept; 3 compiled (2 forgotten); 1 kept; 2 compiled again.
    assert build.calls == 4


@pytest.mark.django_db(transaction=True)
def test_each_thread_reads_through_its_own_connection():
    session = SessionFactory()
    build = Built(lambda: Session.objects.values_list("number", flat=True))
    assert prepared.rows(build) == [session.number]
    seen = {}
    main = connections["default"]

    def read():
        try:
            seen["rows"] = prepared.rows(build)
            seen["own connection"] = connections["default"] is not main
        finally:
            connections["default"].close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert seen == {"rows": [session.number], "own connection": True}
    assert build.calls == 2  # compiled again for the other thread's connection
