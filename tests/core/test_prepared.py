"""Querysets compiled once (core/prepared.py): the same rows as the queryset itself, read
from the database every time, with one query and without building the queryset again."""

import threading

import pytest
from django.db import connections
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

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


def _statements():
    """The names of the statements prepared on this database session."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.postgresql("prepared statements")
def test_on_postgresql_a_query_is_planned_once_then_only_executed():
    session = SessionFactory()
    build = Built(lambda number: Session.objects.filter(number=number).values_list("pk"))
    with CaptureQueriesContext(connections["default"]) as first:
        assert prepared.rows(build, session.number) == [(session.pk,)]
    [sent] = [query["sql"] for query in first.captured_queries]
    # Prepared and executed in one round trip, its argument bound in the statement.
    assert sent.startswith("PREPARE tf_prepared_") and f"= {session.number}" in sent
    name = sent.split()[1]
    assert sent.endswith(f"; EXECUTE {name}") and name in _statements()
    for _attempt in range(2):
        with CaptureQueriesContext(connections["default"]) as later:
            assert prepared.rows(build, session.number) == [(session.pk,)]
        assert [query["sql"] for query in later.captured_queries] == [f"EXECUTE {name}"]
    # Another argument, another statement.
    other = SessionFactory()
    assert prepared.rows(build, other.number) == [(other.pk,)]
    assert len(_statements() - {name}) >= 1


@pytest.mark.postgresql("prepared statements")
def test_a_percent_sign_in_the_sql_stays_a_character():
    from django.db.models.expressions import RawSQL

    SessionFactory()
    build = Built(lambda: Session.objects.annotate(mark=RawSQL("'100%%'", ())).values_list("mark"))
    assert prepared.rows(build) == [("100%",)]
    assert prepared.rows(build) == [("100%",)]


@pytest.mark.postgresql("prepared statements")
def test_statements_outlive_a_rollback_and_a_new_session_prepares_again():
    from django.db import transaction

    session = SessionFactory()
    build = Built(lambda: Session.objects.values_list("number", flat=True))
    with transaction.atomic():
        assert prepared.rows(build) == [session.number]
        transaction.set_rollback(True)
    # Prepared inside a transaction rolled back: still there.
    assert prepared.rows(build) == [session.number]
    # A statement lost behind the module's back (DEALLOCATE ALL) costs one error, then the
    # query is prepared again under a new name.
    with connections["default"].cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(Exception, match="does not exist"), transaction.atomic():
        prepared.rows(build)
    assert prepared.rows(build) == [session.number]
    assert build.calls == 1


@pytest.mark.postgresql("prepared statements")
@pytest.mark.django_db(transaction=True)
def test_a_new_database_session_prepares_again():
    session = SessionFactory()
    build = Built(lambda: Session.objects.values_list("number", flat=True))
    assert prepared.rows(build) == [session.number]
    connections["default"].close()
    with CaptureQueriesContext(connections["default"]) as again:
        assert prepared.rows(build) == [session.number]
    assert again.captured_queries[-1]["sql"].startswith("PREPARE ")
    assert build.calls == 1  # compiled once: only prepared again


@pytest.mark.postgresql("prepared statements")
def test_a_forgotten_query_s_statement_is_deallocated(monkeypatch):
    monkeypatch.setattr(prepared, "LIMIT", 1)
    build = Built(lambda number: Session.objects.filter(number=number).values_list("pk"))
    before = _statements()
    prepared.rows(build, 1)
    [first] = _statements() - before
    prepared.rows(build, 2)  # 1 forgotten
    prepared.rows(build, 3)  # 2 forgotten; 1's statement deallocated with this preparation
    assert first not in _statements()


def test_prepared_statements_can_be_turned_off(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    session = SessionFactory()
    build = Built(lambda: Session.objects.values_list("number", flat=True))
    for _attempt in range(2):
        with CaptureQueriesContext(connections["default"]) as sent:
            assert prepared.rows(build) == [session.number]
        assert not any(
            "PREPARE" in q["sql"] or "EXECUTE" in q["sql"] for q in sent.captured_queries
        )


def test_attach_gives_each_instance_its_related_rows_without_a_query(django_assert_num_queries):
    from sessions_app.models import ThematicTable
    from tests.factories import ThematicTableFactory

    first, second, empty = SessionFactory(), SessionFactory(), SessionFactory()
    tables = {
        first.pk: [ThematicTableFactory(session=first), ThematicTableFactory(session=first)],
        second.pk: [ThematicTableFactory(session=second)],
        empty.pk: [],
    }
    build = Built(lambda pks: ThematicTable.objects.filter(session_id__in=pks).order_by("pk"))
    sessions = list(Session.objects.filter(pk__in=tables).order_by("pk"))
    with django_assert_num_queries(1):
        prepared.attach(sessions, "thematic_tables", build)
    with django_assert_num_queries(0):
        for session in sessions:
            seen = list(session.thematic_tables.all())
            assert [table.pk for table in seen] == [table.pk for table in tables[session.pk]]
            # Each row knows its session.
            assert all(table.session is session for table in seen)
    assert prepared.attach([], "thematic_tables", build) == []


def test_rows_by_runs_one_compiled_query_with_the_values_of_each_call(django_assert_num_queries):
    sessions = [SessionFactory(city_it=f"Città {n}") for n in range(3)]
    build = Built(lambda number, city: Session.objects.filter(number=number, city_it=city))
    for _attempt in range(2):
        for session in sessions:
            with django_assert_num_queries(1):
                [found] = prepared.rows_by(build, session.number, session.city_it)
            assert found.pk == session.pk
        assert prepared.rows_by(build, sessions[0].number, sessions[1].city_it) == []
    assert build.calls == 3  # compiled once, with two sets of stand-ins to find the values


def test_get_by_gives_the_row_or_does_not_exist():
    session = SessionFactory()
    build = Built(lambda pk: Session.objects.filter(pk=pk))
    assert prepared.get_by(build, session.pk) == session
    with pytest.raises(Session.DoesNotExist):
        prepared.get_by(build, session.pk + 1000)


def test_rows_by_refuses_what_it_cannot_run_safely():
    with pytest.raises(TypeError, match="int and str"):
        prepared.rows_by(lambda value: Session.objects.filter(number=value), 2.5)
    # A query whose SQL depends on the value (here, the column it compares with).
    with pytest.raises(ValueError, match="depends on its values"):
        prepared.rows_by(
            lambda text: Session.objects.filter(
                **{"city_it" if "-a-" in text else "city_ru": text}
            ),
            "Bergamo",
        )
    # A value the query does not use.
    with pytest.raises(ValueError, match="not a parameter"):
        prepared.rows_by(lambda number: Session.objects.filter(number=1), 5)


@pytest.mark.postgresql("prepared statements")
def test_on_postgresql_rows_by_executes_a_statement_with_parameters():
    from django.db.models.expressions import RawSQL

    session = SessionFactory(city_it="Bergamo 100%")
    build = Built(
        lambda pk: (
            Session.objects.filter(pk=pk)
            .annotate(mark=RawSQL("'50%%'", ()))
            .values_list("city_it", "mark")
        )
    )
    with CaptureQueriesContext(connections["default"]) as first:
        assert prepared.rows_by(build, session.pk) == [("Bergamo 100%", "50%")]
    [sent] = [query["sql"] for query in first.captured_queries]
    assert sent.startswith("PREPARE ") and "= $1" in sent
    name = sent.split()[1]
    other = SessionFactory(city_it="Brescia")
    with CaptureQueriesContext(connections["default"]) as later:
        assert prepared.rows_by(build, other.pk) == [("Brescia", "50%")]
    assert [query["sql"] for query in later.captured_queries] == [f"EXECUTE {name}({other.pk})"]


def _plain(rows):
    """What a page reads of rows: each instance's values (fields, annotations) and those of
    the related rows fetched with it; other rows (values(), values_list()) as they are."""

    def of(row):
        if not hasattr(row, "_state"):
            return row
        values = {k: v for k, v in row.__dict__.items() if not k.startswith("_")}
        related = {name: of(other) for name, other in row._state.fields_cache.items()}
        return (type(row).__name__, values, related)

    return [of(row) for row in rows]


def _page_queries():
    """Builders of queries of every kind a page reads: instances with related rows, values
    with counts, dates, aware datetimes, durations, decimals, booleans, JSON, nulls, text with
    quotes, percent signs and Cyrillic; a query that matches no row, one that can match none."""
    from decimal import Decimal

    from django.db.models import DecimalField, DurationField, ExpressionWrapper, F, Value

    from delegates.models import Registration
    from sessions_app.models import ProgrammeItem

    return [
        Built(lambda: Session.objects.with_region().order_by("number")),
        Built(
            lambda: (
                Session.objects.values("number", "start_date", "time_zone")
                .annotate(
                    delegates=Count("registrations"),
                    fee=Value(
                        Decimal("1234.50"),
                        output_field=DecimalField(max_digits=8, decimal_places=2),
                    ),
                )
                .order_by("-number")
            )
        ),
        Built(
            lambda: ProgrammeItem.objects.annotate(
                length=ExpressionWrapper(
                    F("ends_at") - F("starts_at"), output_field=DurationField()
                )
            ).order_by("starts_at", "pk")
        ),
        Built(lambda: Registration.objects.order_by("pk")),
        Built(
            lambda: Region.objects.filter(name_it__contains="%").values_list("name_it", "name_ru")
        ),
        Built(lambda: Session.objects.filter(number=-1)),
        Built(lambda: Session.objects.filter(pk__in=[])),
    ]


def _page_data():
    from tests.factories import ProgrammeItemFactory, RegistrationFactory

    first, second = SessionFactory(), PastSessionFactory()
    region = first.host_region
    region.name_it, region.name_ru = 'Emilia-Romagna 100% «d\'Italia» \\ "sud"', "Эмилия-Романья"
    region.save()
    ProgrammeItemFactory(session=first)
    ProgrammeItemFactory(session=second, description_it="")
    RegistrationFactory(session=first, pending_person_data={"given_name": "Лев", "n": [1, 2.5]})
    RegistrationFactory(session=first, cancelled_by_staff=True)


@pytest.mark.postgresql("prepared statements")
def test_a_block_s_queries_are_read_together_in_one_round_trip_from_its_next_run(
    django_assert_num_queries,
):
    _page_data()
    builds = _page_queries()
    expected = [_plain(build()) for build in builds]
    assert all(expected[:5]) and expected[5:] == [[], []]

    def page():
        return [_plain(prepared.rows(build)) for build in builds]

    with prepared.together("page"):
        assert page() == expected  # noted: one query each (but the one that matches none)
    with prepared.together("page"):
        assert page() == expected  # read together (prepared once)
    for _visit in range(2):
        with django_assert_num_queries(1), prepared.together("page"):
            assert page() == expected
    # Rows read ahead are those of the visit: a change shows at the next one.
    Session.objects.filter(number=builds[0]()[0].number).update(city_it="Bergamo")
    with django_assert_num_queries(1), prepared.together("page"):
        assert page()[0][0][1]["city_it"] == "Bergamo"


@pytest.mark.postgresql("prepared statements")
def test_a_query_asked_anew_is_run_on_its_own_then_read_with_the_others(
    django_assert_num_queries,
):
    session = SessionFactory()
    numbers = Built(lambda: Session.objects.values_list("number", flat=True))
    regions = Built(lambda: Region.objects.values_list("code", flat=True).order_by("code"))
    by_number = Built(lambda number: Session.objects.filter(number=number).values_list("pk"))
    for _visit in range(2):
        with prepared.together("page"):
            prepared.rows(numbers), prepared.rows(regions)
    with django_assert_num_queries(3), prepared.together("page"):
        # The two read together; the first asked again (on its own), a new one (on its own).
        assert prepared.rows(numbers) == [session.number]
        assert prepared.rows(numbers) == [session.number]
        assert prepared.rows(by_number, session.number) == [(session.pk,)]
    with prepared.together("page"):  # the two asked last noted: read together from now on
        prepared.rows(numbers), prepared.rows(by_number, session.number)
    with django_assert_num_queries(1), prepared.together("page"):
        assert prepared.rows(by_number, session.number) == [(session.pk,)]
        assert prepared.rows(numbers) == [session.number]
    # Outside a block, and in a block nested in another, rows are read as before.
    with django_assert_num_queries(1):
        assert prepared.rows(numbers) == [session.number]
    with prepared.together("outer"), prepared.together("page"):
        assert prepared.rows(regions) == sorted(Region.objects.values_list("code", flat=True))


@pytest.mark.postgresql("prepared statements")
def test_blocks_under_many_labels_never_push_compiled_queries_out(monkeypatch):
    """Labels can come from a request (a query string a crawler varies): the blocks noted
    are bounded apart from the compiled queries."""
    monkeypatch.setattr(prepared, "LIMIT", 4)
    monkeypatch.setattr(prepared, "BLOCKS_LIMIT", 3)
    SessionFactory()
    numbers = Built(lambda: Session.objects.values_list("number", flat=True))
    regions = Built(lambda: Region.objects.values_list("code", flat=True))
    for label in range(50):
        with prepared.together(("page", label)):
            prepared.rows(numbers), prepared.rows(regions)
    assert (numbers.calls, regions.calls) == (1, 1)
    kept = connections["default"].__dict__["_prepared_queries"]
    assert list(kept.blocks) == [("page", 47), ("page", 48), ("page", 49)]


def test_without_prepared_statements_a_block_reads_each_query_on_its_own(
    settings, django_assert_num_queries
):
    settings.DATABASE_PREPARED_STATEMENTS = False
    _page_data()
    builds = _page_queries()
    expected = [_plain(build()) for build in builds]
    for _visit in range(3):
        with django_assert_num_queries(5), prepared.together("page"):
            assert [_plain(prepared.rows(build)) for build in builds] == expected
