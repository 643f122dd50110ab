"""The registry through which each app contributes its figures to the statistics page."""

import pytest

from core import statistics as registry
from core.charts import NEUTRAL_COLOUR, Chart, KeyFigure, Row, Series

URL = "/en/statistics/"


def a_chart(slug, title):
    return Chart(
        slug=slug,
        title=title,
        description="A figure contributed by a test.",
        series=[Series("Things", NEUTRAL_COLOUR)],
        rows=[Row("Some row", [7])],
    )


@pytest.fixture
def contributed():
    """Registers the functions a test defines with `contributed(order=…, audience=…)` and
    forgets them afterwards, so that the registry is the real one in every other test."""
    functions = []

    def contribute(function=None, **options):
        def decorator(function):
            functions.append(function)
            return registry.register(**options)(function)

        return decorator(function) if function else decorator

    yield contribute
    for function in functions:
        registry.unregister(function)


def key_figures(audience):
    return [f for f in registry.collect(audience) if isinstance(f, KeyFigure)]


def names(audience):
    return [contributor.name for contributor in registry.contributors(audience)]


def test_every_app_contributes_its_figures_through_its_statistics_module():
    assert names(registry.PUBLIC) == [
        "sessions_app.statistics.edition_figures",
        "delegates.statistics.registration_figures",
        "agreements.statistics.agreement_figures",
        "meetings.statistics.meeting_figures",
        "projects.statistics.project_figures",
    ]
    assert [name.rsplit(".", 1)[1] for name in names(registry.STAFF)] == [
        "registration_status_figures",
        "check_in_figures",
    ]


def test_figures_come_in_the_order_registered_not_in_the_order_imported(db, contributed):
    @contributed(order=2)
    def second():
        return KeyFigure(2, "second")

    @contributed(order=1)
    def first():
        return [KeyFigure(1, "first"), KeyFigure(11, "first again")]

    @contributed(order=3)
    def nothing():
        return None

    ours = [f for f in key_figures(registry.PUBLIC) if f.label.startswith(("first", "sec"))]
    assert [figure.value for figure in ours] == [1, 11, 2]


def test_each_audience_gets_only_its_own_figures(db, contributed):
    @contributed(order=1, audience=registry.STAFF)
    def for_staff():
        return KeyFigure(5, "for staff only")

    assert all(figure.label != "for staff only" for figure in key_figures(registry.PUBLIC))
    assert any(figure.label == "for staff only" for figure in key_figures(registry.STAFF))


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="audience"):
        registry.register(order=1, audience="everyone")


def test_registering_the_same_function_twice_counts_it_once(db, contributed):
    def twice():
        return KeyFigure(2, "twice")

    contributed(twice, order=1)
    contributed(twice, order=1)
    assert [f.label for f in key_figures(registry.PUBLIC)].count("twice") == 1


def test_a_chart_an_app_contributes_is_laid_out_on_the_page(client, db, contributed):
    @contributed(order=15)
    def contributed_chart():
        return a_chart("contributed-chart", "A contributed chart")

    page = client.get(URL).content.decode()
    assert 'id="contributed-chart"' in page
    # In the order given: after the editions (10), before the registrations (20).
    assert (
        page.index('id="editions-per-region"')
        < page.index('id="contributed-chart"')
        < page.index('id="registrations-per-edition"')
    )


def test_a_staff_figure_is_shown_to_staff_only(client, db, contributed):
    from tests.factories import UserFactory

    @contributed(order=30, audience=registry.STAFF)
    def staff_figures():
        return [KeyFigure(42, "Forty-two staff things"), a_chart("staff-chart", "Staff chart")]

    public = client.get(URL).content.decode()
    assert "staff-chart" not in public and "Forty-two staff things" not in public
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(URL).content.decode()
    assert 'id="staff-chart"' in staff
    assert "Forty-two staff things" in staff


@pytest.mark.django_db
def test_an_agreement_signed_on_a_day_to_come_is_counted_from_that_day():
    """The figures' compiled queries take the day (core/prepared.py keeps their SQL): an
    agreement recorded as signed at a session still to be held counts from its signing day,
    in the same process and on the same connection."""
    import datetime

    import time_machine
    from django.utils import timezone

    from agreements.models import Agreement, AgreementKind, AgreementStatus
    from agreements.statistics import agreement_figures

    today = timezone.localdate()
    Agreement.objects.create(
        kind=AgreementKind.MEMORANDUM,
        sector="mechanics",
        title_it="Memorandum futuro",
        title_ru="Будущий меморандум",
        title_en="Future memorandum",
        signing_date=today + datetime.timedelta(days=2),
        status=AgreementStatus.SIGNED,
    )

    def signed():
        return next(f for f in agreement_figures() if isinstance(f, KeyFigure)).value

    assert signed() == 0
    with time_machine.travel(today + datetime.timedelta(days=2, hours=12), tick=False):
        assert signed() == 1
