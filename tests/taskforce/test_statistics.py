"""The statistics page: the Task Force's figures computed from the data."""

import datetime
import re

import pytest
from django.utils import translation

from core.charts import Chart, Row, Series, bar_chart_layout
from sessions_app.models import Country, RegionKind, SessionStatus
from taskforce.statistics import public_statistics, staff_statistics
from tests.factories import (
    OrganizationFactory,
    PastSessionFactory,
    RegionFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    UserFactory,
)
from venue.models import CheckIn

URL = "/it/statistics/"


def chart(statistics, slug):
    charts = {c.slug: c for c in statistics.charts}
    return charts[slug]


def table(statistics, slug):
    return {row.label: row.values for row in chart(statistics, slug).rows}


def russian_region_number(n):
    return RegionFactory(
        code=f"RU-X{n:02d}",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it=f"Oblast {n}",
        name_ru=f"Область {n}",
        name_en=f"Oblast {n}",
    )


@pytest.fixture
def editions(db):
    """Three editions held: two in Lombardy, one in Sverdlovsk; one planned."""
    bergamo = PastSessionFactory(
        number=25,
        start_date=datetime.date(2016, 12, 1),
        end_date=datetime.date(2016, 12, 2),
        historical_registrations_italian=310,
        historical_registrations_russian=83,
    )
    milano = PastSessionFactory(
        number=20,
        city_it="Milano",
        city_ru="Милан",
        city_en="Milan",
        start_date=datetime.date(2011, 5, 1),
        end_date=datetime.date(2011, 5, 2),
    )
    ekaterinburg = RussianSessionFactory(
        number=26,
        status=SessionStatus.HELD,
        start_date=datetime.date(2017, 10, 12),
        end_date=datetime.date(2017, 10, 13),
        registration_opens=None,
        registration_closes=None,
    )
    upcoming = RussianSessionFactory(number=30)
    return bergamo, milano, ekaterinburg, upcoming


def test_editions_held_per_country_and_per_region(editions):
    with translation.override("en"):
        statistics = public_statistics()
    assert table(statistics, "editions-per-country") == {"Italy": [2], "Russia": [1]}
    assert table(statistics, "editions-per-region") == {
        "Lombardy (IT)": [2],
        "Sverdlovsk Oblast (RU)": [1],
    }
    figures = {figure.label: figure.value for figure in statistics.key_figures}
    assert figures["Sessions held"] == 3
    assert figures["Italian regions that hosted sessions"] == 1
    assert figures["Russian regions that hosted sessions"] == 1


def test_registrations_come_from_approved_rows_else_from_historical_counts(editions):
    bergamo, milano, ekaterinburg, upcoming = editions
    RegistrationFactory.create_batch(2, session=ekaterinburg)
    RussianRegistrationFactory.create_batch(3, session=ekaterinburg)
    RussianRegistrationFactory(session=ekaterinburg, status="submitted")
    RegistrationFactory(session=upcoming, status="rejected")
    with translation.override("en"):
        statistics = public_statistics()
    per_edition = chart(statistics, "registrations-per-edition")
    rows = {row.label: (row.values, row.note) for row in per_edition.rows}
    with translation.override("en"):
        bergamo_label = f"{bergamo.title} – Bergamo (2016)"
        ekaterinburg_label = f"{ekaterinburg.title} – Yekaterinburg (2017)"
    assert rows[bergamo_label] == ([310, 83], "historical records")
    assert rows[ekaterinburg_label][0] == [2, 3]
    # No figures at all for Milan (no rows, no historical counts) nor the upcoming session.
    assert len(rows) == 2
    assert table(statistics, "registrations-per-delegation") == {
        "Italian delegation": [312],
        "Russian delegation": [86],
    }


def test_distinct_regions_represented_among_delegates(editions):
    _, _, ekaterinburg, upcoming = editions
    for n in range(5):
        region = russian_region_number(n)
        RussianRegistrationFactory(
            session=ekaterinburg, organization=RussianOrganizationFactory(region=region)
        )
    # The same person twice (two editions) counts once; unapproved rows do not count.
    person_registration = RussianRegistrationFactory(session=ekaterinburg)
    RussianRegistrationFactory(
        session=upcoming,
        person=person_registration.person,
        organization=person_registration.organization,
    )
    RussianRegistrationFactory(
        session=ekaterinburg,
        status="rejected",
        organization=RussianOrganizationFactory(region=russian_region_number(9)),
    )
    RegistrationFactory(session=ekaterinburg)
    RegistrationFactory(session=ekaterinburg, organization=OrganizationFactory(region=None))
    with translation.override("ru"):
        statistics = public_statistics()
    figures = [figure.value for figure in statistics.key_figures]
    assert figures[4:6] == [1, 6]  # Italian and Russian regions represented
    russian = table(statistics, "delegates-per-region-ru")
    assert len(russian) == 6
    assert russian["Свердловская область"] == [1]
    assert "Область 9" not in russian
    assert table(statistics, "delegates-per-region-it") == {"Ломбардия": [1]}


def test_agreements_per_sector_and_kind(editions):
    from agreements.models import Agreement

    _, _, ekaterinburg, _ = editions
    for kind, sector, status in [
        ("memorandum", "mechanics", "signed"),
        ("memorandum", "building", "in_force"),
        ("private_understanding", "mechanics", "signed"),
        ("intergovernmental", "energy", "draft"),
    ]:
        Agreement.objects.create(
            kind=kind,
            sector=sector,
            status=status,
            title_en=f"{kind} {sector}",
            session=ekaterinburg,
            signing_date=None if status == "draft" else datetime.date(2017, 10, 12),
        )
    with translation.override("en"):
        statistics = public_statistics()
    assert table(statistics, "agreements-per-sector") == {
        "Mechanics and machinery": [2],
        "Building and construction": [1],
    }
    assert table(statistics, "agreements-per-kind") == {
        "Memorandum of understanding": [2],
        "Private understanding": [1],
    }


def test_bilateral_meetings_per_edition(editions):
    from meetings.models import Meeting, MeetingPoint

    _, _, ekaterinburg, _ = editions
    meeting_point = MeetingPoint.objects.create(
        session=ekaterinburg,
        starts_at=datetime.datetime(2017, 10, 12, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2017, 10, 12, 13, tzinfo=datetime.UTC),
    )
    # A meeting is held at its place (the database refuses one held nowhere).
    for slot, held in enumerate((True, True, False)):
        Meeting.objects.create(
            meeting_point=meeting_point,
            registration_a=RegistrationFactory(session=ekaterinburg),
            registration_b=RussianRegistrationFactory(session=ekaterinburg),
            slot=slot,
            table_number=1,
            is_held=held,
        )
    # A cancelled meeting is not counted.
    cancelled = Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=RegistrationFactory(session=ekaterinburg),
        registration_b=RussianRegistrationFactory(session=ekaterinburg),
    )
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    with translation.override("en"):
        statistics = public_statistics()
    with translation.override("en"):
        label = f"{ekaterinburg.title} – Yekaterinburg"
    assert table(statistics, "meetings-per-edition") == {label: [3, 2]}


def test_staff_figures_count_statuses_and_check_ins(editions):
    _, _, ekaterinburg, _ = editions
    approved = RegistrationFactory.create_batch(4, session=ekaterinburg)
    RegistrationFactory(session=ekaterinburg, status="waitlisted")
    for registration in approved[:3]:
        CheckIn.objects.create(registration=registration, session=ekaterinburg)
    with translation.override("en"):
        statistics = staff_statistics()
    statuses = chart(statistics, "registrations-per-status")
    assert [s.label for s in statuses.series][:3] == [
        "Submitted",
        "Approved",
        "On the waiting list",
    ]
    with translation.override("en"):
        label = f"{ekaterinburg.title} – Yekaterinburg"
    assert table(statistics, "registrations-per-status") == {label: [0, 4, 1, 0, 0]}
    check_ins = chart(statistics, "check-in-rates").rows[0]
    assert check_ins.values == [4, 3]
    assert check_ins.note == "75 %"


def test_the_public_does_not_see_the_staff_figures(client, editions):
    RegistrationFactory(session=editions[2])
    public = client.get(URL).content.decode()
    assert 'id="registrations-per-status"' not in public
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(URL).content.decode()
    assert 'id="registrations-per-status"' in staff
    assert 'id="check-in-rates"' in staff


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_page_reads_in_three_languages(client, editions, language):
    RussianRegistrationFactory(session=editions[2])
    response = client.get(f"/{language}/statistics/")
    assert response.status_code == 200
    page = response.content.decode()
    heading = {
        "it": "La Task Force in cifre",
        "ru": "Рабочая группа в цифрах",
        "en": "The Task Force in figures",
    }[language]
    assert heading in page
    assert f'<html lang="{language}">' in page


RUSSIAN_TILES = [
    "Проведено заседаний",
    "Итальянских регионов, принимавших заседания",
    "Российских регионов, принимавших заседания",
    "Зарегистрировано делегатов",
    "Представлено итальянских регионов",
    "Представлено российских регионов",
    "Подписано соглашений",
]


def tiles(page):
    """[(label, value)] of the key figures, in the order of the page."""
    return [
        (label, int(value))
        for label, value in re.findall(
            r'stat-key-label d-block">([^<]*)</span>\s*<span class="stat-key-value d-block">'
            r"(\d+)<",
            page,
        )
    ]


def test_every_russian_tile_reads_the_same_way_whatever_its_number(client, editions):
    """One pattern for all («Подписано соглашений: 3»): the label above its number, never
    agreeing with it, so that «представлено» never stands beside «представлены»."""
    from agreements.models import Agreement

    _, _, ekaterinburg, _ = editions
    for n in range(3):
        RussianRegistrationFactory(
            session=ekaterinburg,
            organization=RussianOrganizationFactory(region=russian_region_number(n)),
        )
        Agreement.objects.create(
            kind="memorandum",
            sector="mechanics",
            status="signed",
            title_en=f"A{n}",
            signing_date=datetime.date(2017, 1, 1),
        )
    page = client.get("/ru/statistics/").content.decode()
    assert [label for label, _value in tiles(page)] == RUSSIAN_TILES
    assert dict(tiles(page))["Подписано соглашений"] == 3
    assert dict(tiles(page))["Представлено российских регионов"] == 3
    for agreeing in ("представлены", "подписаны", "проведены", "принимали"):
        assert agreeing not in page.split("stat-key-figures")[1].split("</ul>")[0]
    italian = client.get("/it/statistics/").content.decode()
    assert [label for label, _value in tiles(italian)][:2] == [
        "Sessioni svolte",
        "Regioni italiane che hanno ospitato sessioni",
    ]


def test_charts_are_accessible_svg_with_their_numbers_in_a_table(client, editions):
    page = client.get(URL).content.decode()
    # The charts; the kit's icons (menu button) are decorative, hidden from assistive technology.
    svgs = [
        svg
        for svg in re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
        if 'aria-hidden="true"' not in svg.split(">", 1)[0]
    ]
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg
        assert "aria-labelledby=" in svg
        assert "<title" in svg and "<desc" in svg
        # Numbers in SVG geometry are never localized ("12,5" would break the drawing).
        assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
    assert 2 * page.count("<table") >= len(svgs)  # a wide and a narrow drawing per table
    assert "style=" not in page
    assert "<style" not in page
    assert "<script>" not in page


def test_an_empty_portal_shows_the_page_without_charts(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "<svg" not in response.content.decode().split("</header>")[1]


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_makes_a_constant_number_of_queries(client, db, django_assert_num_queries, count):
    from agreements.models import Agreement

    for n in range(count):
        session = PastSessionFactory(number=200 + n, historical_registrations_italian=n)
        RegistrationFactory(
            session=session,
            organization=OrganizationFactory(region=RegionFactory(code=f"IT-{n + 10}")),
        )
        RussianRegistrationFactory(
            session=session,
            organization=RussianOrganizationFactory(region=russian_region_number(n)),
        )
        Agreement.objects.create(
            kind="memorandum",
            sector="mechanics",
            status="signed",
            title_en=f"A{n}",
            signing_date=datetime.date(2017, 1, 1),
        )
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    # 13 for the page (2 of them the collaboration projects', 2 the sessions held over the
    # whole record), 2 for the account's permissions, which the two-factor wall reads
    # (staff.middleware): this page does not load them otherwise.
    with django_assert_num_queries(15):
        response = client.get(URL)
    assert response.status_code == 200


def test_bar_chart_geometry_stacks_series_and_scales_to_the_largest_total():
    layout = bar_chart_layout(
        Chart(
            slug="x",
            title="t",
            description="d",
            series=[Series("A", "#000"), Series("B", "#111")],
            rows=[Row("first", [30, 10]), Row("second", [10, 0])],
        )
    )
    first, second = layout["rows"]
    a, b = first["bars"]
    assert b["x"] == pytest.approx(a["x"] + a["width"], abs=0.2)
    assert a["width"] == pytest.approx(3 * second["bars"][0]["width"], abs=0.5)
    assert first["value"] == 40
    assert len(second["bars"]) == 1  # a zero is not drawn
    assert len(layout["legend"]) == 2


def test_grouped_bars_leave_room_for_their_values_and_the_legend_for_its_labels():
    """Five series side by side: each bar high enough for the value beside it, rows apart;
    legend entries («Предложено», «Принято»…) never running into the next swatch."""
    from core.charts import GROUPED_BAR_MIN_HEIGHT, LEGEND_CHARACTER_WIDTH

    names = ["Предложено", "Принято", "Представлено", "Прошли мониторинг", "Реализовано"]
    layout = bar_chart_layout(
        Chart(
            slug="x",
            title="t",
            description="d",
            stacked=False,
            series=[Series(name, "#000") for name in names],
            rows=[Row("XXIX заседание — Болонья", [8, 8, 6, 6, 1]), Row("XXX", [16, 1, 1, 1, 1])],
        )
    )
    first, second = layout["rows"]
    ys = [bar["y"] for bar in first["bars"]]
    assert all(b - a >= GROUPED_BAR_MIN_HEIGHT - 0.1 for a, b in zip(ys, ys[1:], strict=False))
    assert second["bars"][0]["y"] >= ys[-1] + GROUPED_BAR_MIN_HEIGHT
    for entry, following in zip(layout["legend"], layout["legend"][1:], strict=False):
        if following["y"] == entry["y"]:
            assert following["x"] >= entry["text_x"] + len(entry["label"]) * LEGEND_CHARACTER_WIDTH


def test_long_labels_are_shortened_in_the_chart_but_whole_in_the_table():
    label = "Ханты-Мансийский автономный округ — Югра (очень длинное название)"
    test_chart = Chart(
        slug="x", title="t", description="d", series=[Series("A", "#000")], rows=[Row(label, [1])]
    )
    row = bar_chart_layout(test_chart)["rows"][0]
    assert row["label"].endswith("…")
    assert row["full_label"] == label


def test_the_public_figures_are_computed_once_per_language_then_cached(
    client, editions, django_assert_num_queries
):
    assert client.get(URL).status_code == 200
    with django_assert_num_queries(0):
        cached = client.get(URL)
    assert "La Task Force in cifre" in cached.content.decode()
    russian = client.get("/ru/statistics/").content.decode()
    assert "Рабочая группа в цифрах" in russian


@pytest.mark.postgresql("prepared statements")
def test_from_their_second_computation_the_figures_are_read_in_one_round_trip(
    editions, django_assert_num_queries
):
    """The apps' queries are read together (core.prepared.together): the same figures."""
    first = public_statistics()
    assert first.key_figures and first.charts
    public_statistics()  # the queries noted the first time: read together from now on
    for _computation in range(2):
        with django_assert_num_queries(1):
            assert public_statistics() == first
    RegistrationFactory(session=editions[0], status="approved")  # a change shows at once
    with django_assert_num_queries(1):
        assert public_statistics() != first
