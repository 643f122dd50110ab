"""A NUL byte or invalid UTF-8, in a path, a query string, a form, a header or a cookie, is
a 400 (or a 404) with the translated error page, never a 500: PostgreSQL refuses NUL in a
query, so whatever reaches a lookup must not hold one."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from delegates.models import Registration
from tests.factories import RegistrationFactory, UserFactory
from tests.helpers import log_in
from tests.operations.test_security_headers import assert_security_headers

pytestmark = pytest.mark.django_db

TITLES = {"en": "Bad request", "it": "Richiesta non valida", "ru": "Неверный запрос"}

# The private links and the organization search, reached without logging in.
NUL_URLS = [
    "/{language}/registration/%00/",
    "/{language}/registration/%00/edit/",
    "/{language}/registration/%00/cancel/",
    "/{language}/registration/%00/data.json",
    "/{language}/registration/confirm/%00/",
    "/{language}/badge/%00/",
    "/{language}/visa-letter/%00/",
    "/{language}/visa-letter/%00/letter.pdf",
    "/{language}/meeting-point/%00/",
    "/{language}/meeting-point/%00/agenda.pdf",
    "/{language}/organizations/search/?q=x%00y",
    "/{language}/transliterate/?text=x%00y",
    "/{language}/sessions/?page=%00",
]


@pytest.fixture
def anyone(client):
    client.raise_request_exception = False
    return client


def assert_translated_refusal(response, language, url):
    assert response.status_code in (400, 404), url
    if response.status_code == 400:
        page = response.content.decode()
        assert TITLES[language] in page, url
        assert f'lang="{language}"' in page, url
    assert_security_headers(response, url)


@pytest.mark.parametrize("language", ["en", "it", "ru"])
@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_a_private_link_or_a_search_is_refused_with_a_translated_page(
    anyone, session, url, language
):
    url = url.format(language=language)
    assert_translated_refusal(anyone.get(url), language, url)


@pytest.mark.parametrize(
    "query", ["q=%FF", "q=%C0%AF", "text=%ED%A0%80", "%FF=1", "country=%F4%90%80%80"]
)
def test_invalid_utf8_in_a_query_string_is_a_bad_request(anyone, session, query):
    url = f"/en/organizations/search/?{query}"
    assert_translated_refusal(anyone.get(url), "en", url)


def test_invalid_utf8_in_a_path_finds_nothing(anyone, session):
    for url in ("/en/registration/%C0%AF/", "/en/meeting-point/%FF/", "/en/badge/%ED%A0%80/"):
        assert anyone.get(url).status_code == 404, url


@pytest.mark.parametrize("body", [b"given_name=a%00b", b"given_name=%FF%FE", b"a%00=1"])
def test_a_form_with_nul_or_invalid_utf8_is_a_bad_request(anyone, session, body):
    url = f"/it/sessions/{session.number}/register/"
    response = anyone.post(url, body, content_type="application/x-www-form-urlencoded")
    assert_translated_refusal(response, "it", url)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "data",
    [
        {"given_name": "Анна\x00", "email": "a@example.org"},
        {"thematic_tables": ["1", "2\x00"]},
        {"signed_copy\x00": SimpleUploadedFile("scan.pdf", b"%PDF-1.4")},
    ],
)
def test_a_multipart_form_with_nul_is_a_bad_request(anyone, session, data):
    url = f"/ru/sessions/{session.number}/register/"
    response = anyone.post(url, data)
    assert_translated_refusal(response, "ru", url)
    assert response.status_code == 400


def test_a_header_with_nul_is_a_bad_request(anyone, session):
    response = anyone.get("/en/sessions/", headers={"User-Agent": "robot\x00"})
    assert_translated_refusal(response, "en", "/en/sessions/")
    assert response.status_code == 400


def test_a_cookie_with_nul_is_ignored_not_a_500(anyone, session):
    # The quoted form of a cookie value may carry NUL as an octal escape.
    cookie = f'{settings.SESSION_COOKIE_NAME}="{chr(92)}000{chr(92)}000abcdefgh"'
    # This page reads the session (it asks whether the visitor is staff).
    url = "/en/statistics/"
    response = anyone.get(url, headers={"Cookie": cookie})
    assert response.status_code == 200


def test_staff_pages_refuse_nul_the_same_way(anyone, session):
    log_in(anyone, UserFactory(is_superuser=True))
    for url in (
        "/admin/delegates/registration/?q=a%00b",
        "/admin/delegates/registration/a%00b/change/",
        f"/it/desk/{session.number}/search/?q=a%00b",
    ):
        response = anyone.get(url)
        assert response.status_code == 400, url
        assert "Richiesta non valida" in response.content.decode()


def test_ordinary_input_in_every_script_passes(anyone, session):
    response = anyone.get("/en/organizations/search/?q=%D0%A3%D1%80%D0%B0%D0%BB+Ölwerk+%E2%80%94")
    assert response.status_code == 200


def test_the_private_link_lookup_finds_nothing_for_what_cannot_be_a_token(
    db, django_assert_num_queries
):
    registration = RegistrationFactory()
    with django_assert_num_queries(0):
        for token in ("\x00", "a\x00b", "%C0%AF", "../x", "x" * 65, "", "anonymized 1"):
            assert Registration.objects.for_management_token(token).first() is None
    found = Registration.objects.for_management_token(registration.management_token).get()
    assert found == registration
