"""Search across editions: sessions, agreements and organizations in Italian, Russian and
English; Latin and Cyrillic spellings find each other; drafts stay out; bad input is answered
with a translated message and the query kept."""

import pytest

from agreements.models import AgreementStatus, Party
from opendata.models import SearchEntry, SearchKind
from opendata.services.search import latin, rebuild_index, search
from sessions_app.models import Country
from tests.agreements.factories import AgreementFactory
from tests.factories import (
    OrganizationFactory,
    PastSessionFactory,
    RegionFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianSessionFactory,
)


@pytest.fixture
def indexed(db):
    kazan = RussianSessionFactory(
        number=30,
        host_region=RegionFactory(
            code="RU-TA",
            country=Country.RUSSIA,
            kind="republic",
            name_it="Repubblica del Tatarstan",
            name_ru="Республика Татарстан",
            name_en="Republic of Tatarstan",
        ),
        city_it="Kazan'",
        city_ru="Казань",
        city_en="Kazan",
    )
    bergamo = PastSessionFactory(number=25)
    agreement = AgreementFactory(
        session=bergamo,
        title_it="Memorandum sulla meccanica strumentale",
        title_ru="Меморандум о станкостроении",
        title_en="Memorandum on machine tools",
    )
    Party.objects.create(
        agreement=agreement,
        side=Country.RUSSIA,
        organization=RussianOrganizationFactory(
            name_latin="Uralmash", name_cyrillic="Уралмашзавод"
        ),
    )
    AgreementFactory(
        session=bergamo, status=AgreementStatus.DRAFT, signing_date=None,
        title_it="Bozza segreta sulla meccanica",
    )  # fmt: skip
    RegistrationFactory(
        organization=OrganizationFactory(
            name_latin="Только кириллица", name_cyrillic="Только кириллица"
        )
    )  # approved: the public pages may name its organization
    rebuild_index()
    return {"kazan": kazan, "bergamo": bergamo, "agreement": agreement}


def titles(groups):
    return {str(label): [result.title for result in results] for label, results in groups}


def kinds(groups):
    return [str(label) for label, _results in groups]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Kazan", "Kazan'", "kazan", "Казань", "казань"])
def test_latin_and_cyrillic_spellings_of_a_city_find_its_session(indexed, query, settings):
    groups = search(query)
    assert any(results[0].entry.object_id == indexed["kazan"].pk for _label, results in groups)


@pytest.mark.django_db
def test_a_cyrillic_only_name_is_found_in_latin_letters(indexed):
    groups = search("Tolko kirillitsa")
    assert [result.entry.kind for _label, results in groups for result in results] == [
        SearchKind.ORGANIZATION
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["meccanica strumentale", "станкостроении", "machine tools", "Uralmash", "Уралмаш"]
)
def test_an_agreement_is_found_in_each_language(indexed, query):
    found = [result.entry.object_id for _label, results in search(query) for result in results]
    assert indexed["agreement"].pk in found


@pytest.mark.django_db
def test_drafts_are_never_found(indexed):
    assert "Bozza segreta sulla meccanica" not in str(titles(search("segreta")))
    assert SearchEntry.objects.filter(title_it="Bozza segreta sulla meccanica").exists()


@pytest.mark.django_db
def test_results_are_grouped_by_kind_sessions_first(indexed):
    groups = search("Bergamo")
    assert kinds(groups)[0] == str(SearchKind.SESSION.label)
    assert len(kinds(groups)) == len(set(kinds(groups)))


@pytest.mark.django_db
def test_the_index_follows_a_change_once_it_is_committed(
    indexed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        RegistrationFactory(organization__name_latin="Fonderia Nuova Vicenza")
    assert titles(search("Vicenza"))
    assert titles(search("Виченца")) == {}  # an Italian name has no Cyrillic spelling to find


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("it", "Sessioni"), ("ru", "Заседания"), ("en", "Sessions")]
)
def test_the_search_page_in_each_language(client, indexed, language, heading):
    response = client.get(f"/{language}/search/", {"q": "Казань"})
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert f'href="/{language}/sessions/30/"' in page


@pytest.mark.django_db
def test_a_query_too_long_is_refused_with_a_translated_message_and_kept(client, indexed):
    query = "Bergamo " * 40
    response = client.get("/it/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "al massimo 200 caratteri" in page
    assert "Bergamo Bergamo" in page  # what was typed stays in the box


@pytest.mark.django_db
def test_nothing_found_says_so(client, indexed):
    response = client.get("/en/search/", {"q": "Vladivostok"})
    assert "Nothing found for «Vladivostok»." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_the_search_page_makes_a_constant_number_of_queries(
    client, db, django_assert_num_queries, count
):
    for index in range(count):
        PastSessionFactory(number=200 + index, city_it="Brescia", city_en="Brescia")
    rebuild_index()
    with django_assert_num_queries(1):
        response = client.get("/it/search/", {"q": "Brescia"})
    assert response.content.decode().count('href="/it/sessions/2') == count


def test_latin_writes_cyrillic_in_both_spellings():
    assert latin("Екатеринбург") == "yekaterinburg ekaterinburg"
    assert latin("Kazan'") == "kazan"
