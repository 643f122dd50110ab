"""The open-data API: a valid OpenAPI schema, each endpoint at a constant number of queries
for 1 and many rows, nothing but the public fields, conditional requests (ETag,
Last-Modified), the rate limit, and the documentation served from the package."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from sessions_app.models import Edition, EditionSource, ReportedFigure
from tests.agreements.factories import SignatoryFactory
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    ThematicTableFactory,
)
from tests.opendata.conftest import worked_together

MANY = 6


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the throttle's counters live in the default cache
    yield
    cache.clear()


def sessions(count):
    PastSessionFactory.create_batch(count, italian_cochair_name="Mario Rossi")


def thematic_tables(count):
    for _index in range(count):
        ThematicTableFactory(session=PastSessionFactory(), italian_moderator_name="Anna Bianchi")


def programme_items(count):
    for _index in range(count):
        ProgrammeItemFactory(session=PastSessionFactory())


def agreements(count):
    for session in worked_together(count):
        SignatoryFactory(agreement=session.agreements.get())


def editions(count):
    for index in range(count):
        edition = Edition.objects.create(number=index + 1, session=PastSessionFactory())
        source = EditionSource.objects.create(edition=edition, url=f"https://example.org/{index}")
        ReportedFigure.objects.create(edition=edition, kind="participants", value=10, source=source)


def regions(count):
    worked_together(1)
    from tests.factories import RegionFactory

    for index in range(count):
        RegionFactory(code=f"IT-Q{index}")


# Endpoint: (rows for a count, queries, the exact fields of one result).
ENDPOINTS = {
    "/api/v1/sessions/": (
        sessions,
        2,
        {
            "number", "roman_numeral", "status", "host_country", "host_region", "city_it",
            "city_ru", "city_en", "venue", "start_date", "end_date", "date_precision",
            "time_zone", "italian_cochair", "russian_cochair",
        },
    ),
    "/api/v1/thematic-tables/": (
        thematic_tables,
        2,
        {
            "id", "session", "name_it", "name_ru", "name_en", "sector", "description_it",
            "description_ru", "description_en", "italian_moderator", "russian_moderator",
        },
    ),
    "/api/v1/programme-items/": (
        programme_items,
        2,
        {
            "id", "session", "kind", "title_it", "title_ru", "title_en", "starts_at", "ends_at",
            "place_it", "place_ru", "place_en", "description_it", "description_ru",
            "description_en", "table",
        },
    ),
    "/api/v1/agreements/": (
        agreements,
        4,
        {
            "id", "kind", "title_it", "title_ru", "title_en", "summary_it", "summary_ru",
            "summary_en", "sector", "session", "signing_date", "signing_place", "status",
            "duration_months", "parties", "signatories",
        },
    ),
    "/api/v1/editions/": (
        editions,
        4,
        {
            "number", "roman_numeral", "sequence", "status", "is_online", "confidence",
            "has_public_record", "date_precision", "year", "start_date", "end_date",
            "host_country", "host_region", "city_it", "city_ru", "city_en", "venue", "session",
            "sources", "reported_figures",
        },
    ),
    "/api/v1/regions/": (
        regions,
        2,
        {"code", "country", "kind", "name_it", "name_ru", "name_en"},
    ),
}  # fmt: skip

# Words that must never appear as a key anywhere in an answer: personal data of delegates and
# what staff keep for themselves.
PRIVATE_KEYS = {
    "email", "e_mail", "passport", "passport_number", "person", "registration", "registrations",
    "notes", "token", "phone", "birth_date", "signed_copy", "search_text", "capacity",
    "capacity_italian", "capacity_russian", "historical_registrations_italian",
}  # fmt: skip


def keys_in(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_in(inner)


@pytest.mark.django_db
def test_the_schema_is_a_valid_openapi_document():
    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    validate_schema(schema)
    assert {"/api/v1/sessions/", "/api/v1/agreements/", "/api/v1/statistics/"} <= set(
        schema["paths"]
    )
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
@pytest.mark.parametrize("url", sorted(ENDPOINTS))
def test_each_endpoint_makes_a_constant_number_of_queries(
    client, django_assert_num_queries, url, count
):
    make_rows, queries, _fields = ENDPOINTS[url]
    make_rows(count)
    with django_assert_num_queries(queries):
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] >= count


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(ENDPOINTS))
def test_each_endpoint_shows_only_its_public_fields(client, url):
    make_rows, _queries, fields = ENDPOINTS[url]
    make_rows(1)
    body = client.get(url).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert set(body["results"][0]) == fields
    assert not set(keys_in(body)) & PRIVATE_KEYS


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, MANY])
def test_the_statistics_make_a_constant_number_of_queries(client, django_assert_num_queries, count):
    worked_together(count)
    # One query per measure of the region pairs (projects' included).
    with django_assert_num_queries(9):
        body = client.get("/api/v1/statistics/").json()
    (pair,) = body["pairs"]
    assert (pair["italian_region"], pair["russian_region"]) == ("IT-25", "RU-SVE")
    assert pair["values"]["agreements"] == count
    assert not set(keys_in(body)) & PRIVATE_KEYS


@pytest.mark.django_db
def test_drafts_never_reach_the_api(client):
    from agreements.models import AgreementStatus
    from tests.agreements.factories import AgreementFactory

    draft = AgreementFactory(status=AgreementStatus.DRAFT, signing_date=None)
    assert client.get(f"/api/v1/agreements/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/agreements/").json()["count"] == 0


@pytest.mark.django_db
def test_a_bad_filter_is_a_clear_error(client):
    response = client.get("/api/v1/programme-items/", {"session": "abc"}, HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 400
    assert "session" in response.json()


@pytest.mark.django_db
def test_answers_carry_an_etag_and_last_modified_and_a_change_replaces_them(client):
    session = PastSessionFactory()
    first = client.get("/api/v1/sessions/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/api/v1/sessions/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    from core.public_cache import bump

    session.venue = "Fiera di Bergamo, padiglione B"
    session.save()
    bump("sessions")  # what the save does once its transaction commits
    changed = client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "padiglione B" in changed.content.decode()


@pytest.mark.django_db
def test_the_api_is_rate_limited_per_address(client, settings):
    settings.API_RATE_LIMIT = "3/minute"
    for _index in range(3):
        assert client.get("/api/v1/regions/").status_code == 200
    refused = client.get("/api/v1/regions/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    other = client.get("/api/v1/regions/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@pytest.mark.django_db
def test_the_documentation_is_served_from_the_package_without_a_cdn(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url).content.decode()
        assert "drf_spectacular_sidecar" in page
        assert "https://" not in page
        assert "<script>" not in page and "<style>" not in page  # nothing the CSP would refuse
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.mark.django_db
def test_the_agreements_registry_downloads_as_csv(client):
    import csv
    import io

    from agreements.models import AgreementStatus
    from tests.agreements.factories import AgreementFactory

    (session,) = worked_together(1)
    agreement = session.agreements.get()
    agreement.title_it = "=HYPERLINK(1)"
    agreement.signing_place = ""
    agreement.save()
    AgreementFactory(status=AgreementStatus.DRAFT, signing_date=None, title_it="Bozza")
    response = client.get("/ru/agreements.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the draft is not public
    assert rows[0]["title_it"] == "'=HYPERLINK(1)"  # a formula stays text
    assert rows[0]["russian_parties"] == "Regione di Sverdlovsk"
    # As the registry's page says them: the session's city when no place was recorded, a
    # party's own name before its region.
    assert rows[0]["signing_place"] == session.city_it != ""
    from agreements.models import Party

    Party.objects.filter(agreement=agreement, side="RU").update(name="Союз машиностроителей")
    rows = list(
        csv.DictReader(io.StringIO(client.get("/ru/agreements.csv").content.decode("utf-8-sig")))
    )
    assert rows[0]["russian_parties"] == "Союз машиностроителей (Regione di Sverdlovsk)"
