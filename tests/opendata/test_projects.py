"""The collaboration projects in the open data: their measure in the region statistics (the
matrix, the region pages and the statistics endpoint), the accepted ones in the search index
(never a proposed, declined or withdrawn one), the API's /projects/ endpoints and the CSV file,
with no personal data and at a constant number of queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils.html import escape
from drf_spectacular.generators import SchemaGenerator

from core.roman import to_roman
from opendata.models import SearchEntry, SearchKind
from opendata.services.regions import pair_table
from opendata.services.search import rebuild_index, search
from projects.models import ProjectStatus
from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
)
from tests.opendata.conftest import worked_together
from tests.opendata.test_api import PRIVATE_KEYS, keys_in
from tests.projects.conftest import make_project

MANY = 5
PUBLIC_FIELDS = {
    "id", "session", "status", "original_language", "title_it", "title_ru", "summary_it",
    "summary_ru", "sector", "kind", "partner_category", "thematic_table",
    "thematic_table_id", "thematic_table_it", "thematic_table_ru", "proposer_organization",
    "proposer_region", "partner_region",
}  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the API's throttle and the public pages' versions
    yield
    cache.clear()


def projects_between(count, sverdlovsk, lombardy):
    """At each of `count` past sessions: one project from Lombardia seeking a partner in
    Sverdlovsk accepted for the table, one from Sverdlovsk seeking Lombardia accepted for the
    catalogue, one still proposed and one declined (these two never public)."""
    accepted = []
    for _index in range(count):
        session = PastSessionFactory()
        table = ThematicTableFactory(session=session)
        italian = RegistrationFactory(session=session)
        russian = RussianRegistrationFactory(session=session)
        accepted.append(
            make_project(
                italian,
                table,
                status=ProjectStatus.ACCEPTED_FOR_TABLE,
                partner_region=sverdlovsk,
                title_ru="Линия обработки титана",
            )
        )
        accepted.append(
            make_project(
                russian,
                table,
                status=ProjectStatus.ACCEPTED_FOR_CATALOGUE,
                partner_region=lombardy,
                title_it="Fresatrici per gli Urali",
            )
        )
        make_project(
            italian,
            table,
            status=ProjectStatus.PROPOSED,
            partner_region=sverdlovsk,
            title_it="Progetto riservato in bozza",
            title_ru="Секретный черновик проекта",
        )
        make_project(
            russian, table, status=ProjectStatus.DECLINED, partner_region=lombardy,
            title_ru="Отклонённый проект",
        )  # fmt: skip
    return accepted


# --- the region statistics ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_accepted_projects_between_two_regions_are_a_measure_of_the_pair(lombardy, sverdlovsk):
    projects_between(2, sverdlovsk, lombardy)
    table = pair_table()
    keys = [measure.key for measure in table.measures]
    assert keys == ["delegates", "agreements", "meetings", "projects"]
    (pair,) = table.pairs
    assert (pair.italian, pair.russian) == (lombardy, sverdlovsk)
    # Two sessions, two accepted projects each (the proposed and declined ones not counted).
    assert pair.values[keys.index("projects")] == 4


@pytest.mark.django_db
def test_a_project_seeking_any_region_or_one_of_its_own_country_joins_no_pair(lombardy, sverdlovsk):
    session = PastSessionFactory()
    table = ThematicTableFactory(session=session)
    italian = RegistrationFactory(session=session)
    make_project(italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE, partner_region=None)
    make_project(italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE, partner_region=lombardy)
    assert pair_table().pairs == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_matrix_counts_the_projects(client, lombardy, sverdlovsk, language):
    projects_between(1, sverdlovsk, lombardy)
    response = client.get(f"/{language}/regions/", {"measure": "projects"})
    page = response.content.decode()
    label = {"it": "Progetti di collaborazione", "ru": "Проекты сотрудничества"}
    assert label.get(language, "Collaboration projects") in page
    # The pair's cell in the table of the chosen measure holds its two accepted projects.
    assert ">2<" in page.replace(" ", "").replace("\n", "")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_the_regions_page_with_projects_makes_a_constant_number_of_queries(
    client, lombardy, sverdlovsk, django_assert_max_num_queries, count
):
    worked_together(count)
    projects_between(count, sverdlovsk, lombardy)
    with django_assert_max_num_queries(8):
        response = client.get("/it/regions/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_a_region_page_counts_its_projects_at_a_constant_number_of_queries(
    client, lombardy, sverdlovsk, django_assert_max_num_queries, count
):
    projects_between(count, sverdlovsk, lombardy)
    with django_assert_max_num_queries(15):
        response = client.get("/en/regions/RU-SVE/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Collaboration projects" in page
    assert f">{2 * count}<" in page.replace(" ", "").replace("\n", "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru"])
def test_a_region_page_lists_its_accepted_projects_and_never_a_private_one(
    client, lombardy, sverdlovsk, language
):
    table_project, catalogue_project = projects_between(1, sverdlovsk, lombardy)
    page = client.get(f"/{language}/regions/IT-25/").content.decode()
    assert {"it": "Progetti di collaborazione", "ru": "Проекты сотрудничества"}[language] in page
    catalogue = f"/{language}/sessions/{table_project.session.number}/projects/"
    # Proposed from Lombardia, and seeking a partner in Lombardia: both listed, linked to
    # their cards in the catalogue.
    assert f'{catalogue}#project-{table_project.pk}"' in page
    assert f'{catalogue}#project-{catalogue_project.pk}"' in page
    assert escape(table_project.localized("title", language)) in page
    assert "Progetto riservato in bozza" not in page
    assert "Секретный черновик проекта" not in page
    assert "Отклонённый проект" not in page


@pytest.mark.django_db
def test_a_region_without_projects_says_so(client, lombardy):
    page = client.get("/en/regions/IT-25/").content.decode()
    assert "No accepted collaboration project from or seeking this region yet." in page


@pytest.mark.django_db
def test_the_statistics_endpoint_has_the_projects_measure(client, lombardy, sverdlovsk):
    projects_between(3, sverdlovsk, lombardy)
    body = client.get("/api/v1/statistics/").json()
    assert "projects" in body["measures"]
    (pair,) = body["pairs"]
    assert pair["values"]["projects"] == 6


# --- search ------------------------------------------------------------------------------


def found(query):
    return {
        result.entry.object_id
        for label, results in search(query)
        for result in results
        if result.entry.kind == SearchKind.PROJECT
    }


@pytest.mark.django_db
def test_the_accepted_projects_are_found_in_each_language(lombardy, sverdlovsk):
    table_project, catalogue_project = projects_between(1, sverdlovsk, lombardy)
    assert rebuild_index() >= 2
    # Russian titles (the Russian proposer's project is «Линия обработки» too).
    assert found("линия обработки") == {table_project.pk, catalogue_project.pk}
    assert found("титана") == {table_project.pk}
    assert found("Титан") == {table_project.pk}  # the Russian stem
    assert found("fresatrici") == {catalogue_project.pk}  # Italian title
    assert found("Urali") == {catalogue_project.pk}
    assert found("joint venture") == {table_project.pk, catalogue_project.pk}  # English kind
    assert found("Sverdlovsk") >= {table_project.pk}  # Latin finds «Свердловская»


@pytest.mark.django_db
def test_a_proposed_or_declined_project_is_never_found(lombardy, sverdlovsk):
    projects_between(1, sverdlovsk, lombardy)
    rebuild_index()
    assert found("черновик") == set()
    assert found("riservato") == set()
    assert found("Отклонённый") == set()
    public = set(
        SearchEntry.objects.filter(kind=SearchKind.PROJECT).values_list("object_id", flat=True)
    )
    assert len(public) == 2


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_project_accepted_edited_and_withdrawn(lombardy, sverdlovsk):
    session = PastSessionFactory()
    table = ThematicTableFactory(session=session)
    project = make_project(
        RussianRegistrationFactory(session=session), table, title_ru="Литейный цех"
    )
    assert found("литейный") == set()
    project.status = ProjectStatus.ACCEPTED_FOR_TABLE
    project.save()
    assert found("литейный") == {project.pk}
    project.title_it = "Fonderia di Ekaterinburg"
    project.save()
    assert found("fonderia") == {project.pk}
    project.status = ProjectStatus.WITHDRAWN
    project.save()
    assert found("fonderia") == set()
    assert not SearchEntry.objects.filter(kind=SearchKind.PROJECT).exists()


@pytest.mark.django_db
def test_the_search_page_shows_a_project_linked_to_its_catalogue(client, lombardy, sverdlovsk):
    table_project, _catalogue_project = projects_between(1, sverdlovsk, lombardy)
    rebuild_index()
    page = client.get("/ru/search/", {"q": "титан"}).content.decode()
    assert "Проекты сотрудничества" in page
    assert "Линия обработки титана" in page
    assert f"/ru/sessions/{table_project.session.number}/projects/" in page
    assert "Секретный черновик" not in client.get("/ru/search/", {"q": "черновик"}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "it"])
def test_one_title_at_two_sessions_shows_each_session_and_links_to_each_card(
    client, lombardy, sverdlovsk, language
):
    """The same project presented at two sessions: two results told apart by their session,
    each leading to its own card in its session's catalogue."""
    first, second = projects_between(2, sverdlovsk, lombardy)[::2]
    rebuild_index()
    page = client.get(f"/{language}/search/", {"q": "титан"}).content.decode()
    results = page[page.index('<ol class="list-unstyled">') :]
    for project in (first, second):
        number = project.session.number
        card = f"/{language}/sessions/{number}/projects/#project-{project.pk}"
        assert f'href="{card}"' in results
        session = {"ru": f"{to_roman(number)} заседание", "it": f"{to_roman(number)} sessione"}
        assert f"· {session[language]}</span>" in results
    # The link leads to a card that is there.
    catalogue = client.get(f"/{language}/sessions/{first.session.number}/projects/")
    assert f'id="project-{first.pk}"' in catalogue.content.decode()


# --- the API and the CSV file ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_the_projects_endpoint_makes_a_constant_number_of_queries(
    client, lombardy, sverdlovsk, django_assert_max_num_queries, count
):
    projects_between(count, sverdlovsk, lombardy)
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/projects/", {"page_size": 200}).json()
    assert body["count"] == 2 * count


@pytest.mark.django_db
def test_the_projects_endpoint_shows_only_public_fields_of_accepted_projects(
    client, lombardy, sverdlovsk
):
    table_project, catalogue_project = projects_between(1, sverdlovsk, lombardy)
    body = client.get("/api/v1/projects/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert {row["id"] for row in body["results"]} == {table_project.pk, catalogue_project.pk}
    row = next(row for row in body["results"] if row["id"] == table_project.pk)
    assert set(row) == PUBLIC_FIELDS
    assert row["proposer_region"] == "IT-25"
    assert row["partner_region"] == "RU-SVE"
    assert row["proposer_organization"]["name_latin"] == (
        table_project.proposer.organization.name_latin
    )
    assert not set(keys_in(body)) & (PRIVATE_KEYS | {"proposer", "decision_reason", "presentation"})
    text = str(body)
    assert table_project.proposer.person.email not in text
    assert table_project.proposer.person.family_name not in text


@pytest.mark.django_db
def test_a_project_in_detail_and_never_a_private_one(client, lombardy, sverdlovsk):
    table_project, _catalogue_project = projects_between(1, sverdlovsk, lombardy)
    from projects.models import CollaborationProject

    detail = client.get(f"/api/v1/projects/{table_project.pk}/")
    assert detail.status_code == 200
    assert set(detail.json()) == PUBLIC_FIELDS
    assert detail.json()["title_ru"] == "Линия обработки титана"
    for private in CollaborationProject.objects.exclude(status__startswith="accepted"):
        assert client.get(f"/api/v1/projects/{private.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_projects_endpoint_filters(client, lombardy, sverdlovsk):
    projects = projects_between(2, sverdlovsk, lombardy)
    number = projects[0].session.number
    assert client.get("/api/v1/projects/", {"session": number}).json()["count"] == 2
    by_region = client.get("/api/v1/projects/", {"region": "ru-sve"}).json()
    assert by_region["count"] == 4
    assert client.get("/api/v1/projects/", {"sector": "mechanics"}).json()["count"] == 4
    assert client.get("/api/v1/projects/", {"kind": "research"}).json()["count"] == 0
    bad = client.get("/api/v1/projects/", {"kind": "<x>"}, HTTP_ACCEPT_LANGUAGE="it")
    assert bad.status_code == 400
    assert "kind" in bad.json()
    assert client.get("/api/v1/projects/", {"session": "x"}).status_code == 400


@pytest.mark.django_db
def test_the_projects_endpoint_answers_conditional_requests(client, lombardy, sverdlovsk):
    projects_between(1, sverdlovsk, lombardy)
    first = client.get("/api/v1/projects/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_schema_lists_the_projects_endpoints():
    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    assert {"/api/v1/projects/", "/api/v1/projects/{id}/"} <= set(schema["paths"])
    parameters = {
        parameter["name"] for parameter in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]
    }
    assert {"session", "sector", "kind", "region", "page"} <= parameters


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_the_projects_csv_holds_the_accepted_projects(
    client, lombardy, sverdlovsk, django_assert_max_num_queries, count
):
    accepted = projects_between(count, sverdlovsk, lombardy)
    with django_assert_max_num_queries(1):
        response = client.get("/it/projects.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {int(row["id"]) for row in rows} == {project.pk for project in accepted}
    assert "Секретный черновик проекта" not in response.content.decode("utf-8-sig")
    assert "email" not in rows[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_csv_and_the_api_give_the_table_alike_in_both_languages(
    client, lombardy, sverdlovsk, language
):
    """The thematic table: its id and its name in each language, as the titles, in the
    Italian and the Russian download alike and in the API, whatever the reader's language."""
    table_project, _catalogue_project = projects_between(1, sverdlovsk, lombardy)
    table = table_project.thematic_table
    table.name_it, table.name_ru = "Edilizia", "Строительство"
    table.save()
    response = client.get(f"/{language}/projects.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "thematic_table" not in rows[0]
    row = next(row for row in rows if int(row["id"]) == table_project.pk)
    api = client.get(f"/api/v1/projects/{table_project.pk}/").json()
    assert row["thematic_table_id"] == str(table.pk) and api["thematic_table_id"] == table.pk
    assert row["thematic_table_it"] == api["thematic_table_it"] == "Edilizia"
    assert row["thematic_table_ru"] == api["thematic_table_ru"] == "Строительство"
    # v1's clients that read the table's id before the names were given still find it.
    assert api["thematic_table"] == table.pk
    # The two formats name the same fields (the organization is one object in the API).
    header = set(rows[0]) - {"proposer_organization"}
    assert header <= set(api), header - set(api)
    # The id is the one /api/v1/thematic-tables/ lists.
    tables = client.get("/api/v1/thematic-tables/", {"session": table.session.number}).json()
    assert {"id": table.pk, "name_ru": "Строительство"}.items() <= tables["results"][0].items()


@pytest.mark.django_db
def test_rebuild_search_index_writes_the_accepted_projects(lombardy, sverdlovsk):
    from django.core.management import call_command

    accepted = projects_between(1, sverdlovsk, lombardy)
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    indexed = set(
        SearchEntry.objects.filter(kind=SearchKind.PROJECT).values_list("object_id", flat=True)
    )
    assert indexed == {project.pk for project in accepted}


@pytest.mark.django_db(transaction=True)
def test_a_renamed_organization_finds_its_projects_under_the_new_name(lombardy, sverdlovsk):
    table_project, _catalogue_project = projects_between(1, sverdlovsk, lombardy)
    organization = table_project.proposer.organization
    organization.name_latin = "Officine Orobiche"
    organization.save()
    assert found("Orobiche") == {table_project.pk}


@pytest.mark.django_db
def test_the_catalogue_offers_the_csv_and_the_api(client, lombardy, sverdlovsk):
    table_project, _catalogue_project = projects_between(1, sverdlovsk, lombardy)
    page = client.get(f"/it/sessions/{table_project.session.number}/projects/").content.decode()
    assert 'href="/it/projects.csv"' in page
    assert 'href="/api/v1/projects/"' in page
