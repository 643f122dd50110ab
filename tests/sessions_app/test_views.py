import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PastSessionFactory, SessionFactory

LANGUAGES = ["it", "ru", "en"]


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "Prossima sessione"), ("ru", "Следующее заседание"), ("en", "Next session")],
)
def test_home_shows_the_next_session_in_each_language(client, session, language, expected):
    PastSessionFactory(number=25)
    response = client.get(url("sessions_app:home", language))
    assert response.status_code == 200
    content = response.content.decode()
    assert expected in content
    assert session.get_absolute_url().replace("/it/", f"/{language}/") in content
    assert f'lang="{language}"' in content


@pytest.mark.django_db
def test_root_redirects_to_italian_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/it/"


@pytest.mark.django_db
def test_root_follows_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response["Location"] == "/ru/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_language_switcher(client, session, language):
    response = client.get(url("sessions_app:session_detail", language, number=session.number))
    content = response.content.decode()
    for code, label in (("it", "Italiano"), ("ru", "Русский"), ("en", "English")):
        assert f'hreflang="{code}"' in content
        assert label in content
    assert f"/{language}/sessions/{session.number}/" in content


@pytest.mark.django_db
def test_the_switcher_of_a_page_not_found_changes_its_language(client):
    """No URL matches the address, so Django's translate_url gives it back unchanged: the
    switcher swaps the language prefix, and the 404 page is read in the language chosen."""
    response = client.get("/it/no-such-page/?q=1")
    assert response.status_code == 404
    content = response.content.decode()
    assert 'href="/ru/no-such-page/?q=1" hreflang="ru"' in content
    assert 'href="/en/no-such-page/?q=1" hreflang="en"' in content
    russian = client.get("/ru/no-such-page/?q=1")
    assert russian.status_code == 404
    assert "Страница не найдена" in russian.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("it", "Sessioni della Task Force"),
        ("ru", "Заседания Рабочей группы"),
        ("en", "Sessions of the Task Force"),
    ],
)
def test_session_list_in_each_language(client, language, heading):
    PastSessionFactory(number=25)
    response = client.get(url("sessions_app:session_list", language))
    assert response.status_code == 200
    assert heading in response.content.decode()
    assert "XXV" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_session_list_makes_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        PastSessionFactory()
    with django_assert_num_queries(2):
        response = client.get(url("sessions_app:session_list", "it"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_home_makes_a_constant_number_of_queries(client, django_assert_num_queries, count):
    SessionFactory()
    for _ in range(count):
        PastSessionFactory()
    with django_assert_num_queries(2):
        response = client.get(url("sessions_app:home", "en"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("it", ["Regione", "Copresidenti", "Lombardia", "Mario Rossi"]),
        ("ru", ["Регион", "Сопредседатели", "Ломбардия", "Иван Петров"]),
        ("en", ["Region", "Co-chairs", "Lombardy", "Fiera di Bergamo"]),
    ],
)
def test_session_detail_in_each_language(client, session, language, words):
    response = client.get(url("sessions_app:session_detail", language, number=session.number))
    assert response.status_code == 200
    content = response.content.decode()
    for word in words:
        assert word in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("it", "Pagina non trovata"), ("ru", "Страница не найдена"), ("en", "Page not found")],
)
def test_unknown_session_is_a_translated_404(client, language, message):
    response = client.get(f"/{language}/sessions/999/")
    assert response.status_code == 404
    assert message in response.content.decode()


@pytest.mark.django_db
def test_unknown_language_prefix_is_a_404_in_the_users_language(client):
    response = client.get("/de/sessions/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client, session):
    response = client.get(url("sessions_app:home", "it"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client, session):
    for name, kwargs in (
        ("sessions_app:home", {}),
        ("sessions_app:session_list", {}),
        ("sessions_app:session_detail", {"number": session.number}),
    ):
        content = client.get(url(name, "it", **kwargs)).content.decode()
        assert "<script>" not in content and "style=" not in content and "<style" not in content


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
