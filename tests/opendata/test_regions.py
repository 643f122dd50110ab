"""Region statistics: the hosting regions, the matrix of Italian regions × Russian federal
subjects and its top pairs, each region's page; in three languages, at a constant number of
queries with 1 and many sessions."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from core import region_pairs
from opendata.services.regions import hosting_regions, pair_table
from sessions_app.models import Country
from sessions_app.services.history import load_history
from tests.factories import PastSessionFactory, RegistrationFactory, RussianRegistrationFactory
from tests.opendata.conftest import worked_together

MANY = 5


@pytest.mark.django_db
def test_each_pair_counts_its_delegates_agreements_and_meetings(lombardy, sverdlovsk):
    worked_together(2)
    table = pair_table()
    assert [measure.key for measure in table.measures][:3] == [
        "delegates",
        "agreements",
        "meetings",
    ]
    (pair,) = table.pairs
    assert (pair.italian, pair.russian) == (lombardy, sverdlovsk)
    # Two sessions, each with one delegate of each region, one agreement and one meeting.
    assert pair.values[:3] == [4, 2, 2]
    assert table.for_region(lombardy) == [pair]


@pytest.mark.django_db
def test_a_delegate_whose_partner_region_was_absent_joins_no_pair(lombardy):
    RegistrationFactory(session=PastSessionFactory())
    assert pair_table().pairs == []


@pytest.mark.django_db
def test_a_measure_registered_by_another_app_adds_its_column(lombardy, sverdlovsk):
    from collections import Counter

    @region_pairs.register("example", label="Example", description="An example", order=99)
    def examples_per_pair():
        return Counter({("IT-25", "RU-SVE"): 3})

    try:
        table = pair_table()
        assert table.measures[-1].key == "example"
        assert table.pairs[0].values[-1] == 3
    finally:
        region_pairs.unregister("example")


@pytest.mark.django_db
def test_the_hosting_regions_come_from_the_historical_record(reference_data):
    load_history()
    hosting = hosting_regions()
    italian = {row.region.code: row.count for row in hosting[Country.ITALY]}
    russian = {row.region.code: row.count for row in hosting[Country.RUSSIA]}
    assert italian["IT-57"] == 2  # Ancona (VIII) and San Benedetto del Tronto (XXI)
    assert italian["IT-62"] == 1  # Rome (IV), its year unknown
    assert russian == {"RU-KLU": 1, "RU-ULY": 1, "RU-NIZ": 1, "RU-SVE": 1}
    # Kaliningrad's session was postponed, then held online: it hosted nothing.
    assert "RU-KGD" not in russian


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_regions_page_shows_the_matrix_and_the_top_pairs(
    client, lombardy, sverdlovsk, language
):
    worked_together(1)
    response = client.get(f"/{language}/regions/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="img"' in page and "<table" in page
    name_of = {"it": "Lombardia", "ru": "Свердловская область", "en": "Sverdlovsk Oblast"}
    assert name_of[language] in page
    assert reverse("opendata:region_detail", args=["RU-SVE"]) in page


@pytest.mark.django_db
def test_the_matrix_shows_one_measure_and_ignores_an_unknown_one(client, lombardy, sverdlovsk):
    worked_together(1)
    assert client.get("/en/regions/?measure=agreements").status_code == 200
    assert client.get("/en/regions/?measure=<script>").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru"])
def test_a_region_page_lists_its_sessions_delegates_agreements_and_partners(
    client, reference_data, language
):
    load_history()
    from sessions_app.models import Region

    lombardy = Region.objects.get(code="IT-25")
    sessions = worked_together(1)
    response = client.get(f"/{language}/regions/IT-25/")
    assert response.status_code == 200
    page = response.content.decode()
    assert lombardy.localized("name", language) in page
    assert reverse("sessions_app:session_detail", args=[25]) in page  # Bergamo hosted XXV
    assert reverse("sessions_app:session_detail", args=[sessions[0].number]) in page
    assert escape(sessions[0].agreements.get().localized("title", language)) in page
    assert {"it": "Regione di Sverdlovsk", "ru": "Свердловская область"}[language] in page


@pytest.mark.django_db
def test_an_unknown_region_is_not_found(client, reference_data):
    assert client.get("/it/regions/XX-99/").status_code == 404
    assert client.get("/it/regions/" + "A" * 40 + "/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_the_regions_page_makes_a_constant_number_of_queries(
    client, lombardy, sverdlovsk, django_assert_num_queries, count
):
    worked_together(count)
    with django_assert_num_queries(8):  # one per measure, the projects' included
        response = client.get("/it/regions/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_a_region_page_makes_a_constant_number_of_queries(
    client, lombardy, sverdlovsk, django_assert_num_queries, count
):
    sessions = worked_together(count)
    # The projects' measure and section included, and the people among the delegates.
    with django_assert_num_queries(15):
        response = client.get("/ru/regions/RU-SVE/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/ru/sessions/') >= count
    assert all(
        f"/ru/sessions/{session.number}/" in response.content.decode() for session in sessions
    )


@pytest.mark.django_db
def test_a_region_page_counts_people_as_the_statistics_page_does_and_registrations_apart(
    client, lombardy, sverdlovsk
):
    """One person at two sessions is one person and two registrations: the region page says
    both, and its people are the statistics page's."""
    first, second = PastSessionFactory(), PastSessionFactory()
    returning = RegistrationFactory(session=first)
    RegistrationFactory(
        session=second, person=returning.person, organization=returning.organization
    )
    RegistrationFactory(session=second)
    RegistrationFactory(session=second, status="rejected")
    page = client.get("/ru/regions/IT-25/").content.decode()
    assert "2 человека от организаций этого региона были одобрены как делегаты" in page
    assert "всего 3 одобренные регистрации (одна на человека и заседание)" in page
    assert "Одобренные регистрации" in page  # the per-session table's column
    statistics = client.get("/ru/statistics/").content.decode()
    lombardy_row = statistics[statistics.index('id="delegates-per-region-it"') :]
    assert "Число человек" in lombardy_row
    assert re.search(r"<th[^>]*>Ломбардия</th>\s*<td[^>]*>2</td>", lombardy_row)
    italian = client.get("/it/regions/IT-25/").content.decode()
    assert "2 persone delle organizzazioni di questa regione sono state approvate" in italian
    assert "3 registrazioni approvate in tutto" in italian


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "city"), [("ru", "Казань"), ("it", "Kazan’"), ("en", "Kazan")]
)
def test_a_region_page_writes_an_organizations_city_in_the_readers_script(
    client, reference_data, language, city
):
    from delegates.models import Organization
    from sessions_app.models import Region

    tatarstan = Region.objects.get(code="RU-TA")
    RussianRegistrationFactory(
        organization=Organization.objects.create(
            name_latin="Chamber of Commerce and Industry of the Republic of Tatarstan",
            name_cyrillic="Торгово-промышленная палата Республики Татарстан",
            country=Country.RUSSIA,
            region=tatarstan,
            category="chamber_of_commerce",
            city="Казань",
        )
    )
    page = client.get(f"/{language}/regions/RU-TA/").content.decode()
    organization_line = page[page.index('id="organizations-heading"') :]
    assert f", {escape(city)} · " in organization_line
    if language != "ru":
        assert "Казань" not in organization_line
