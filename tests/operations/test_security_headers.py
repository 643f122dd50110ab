"""Every public page, error pages included, carries the security headers."""

import pytest
from django.urls import URLResolver, get_resolver

from tests.factories import RegistrationFactory
from tests.operations.pages import public_urls


def assert_security_headers(response, url):
    assert response.get("X-Content-Type-Options") == "nosniff", url
    # same-origin everywhere; the private-link pages without a form send the stricter
    # no-referrer (delegates/private_links.py).
    assert response.get("Referrer-Policy") in ("same-origin", "no-referrer"), url
    if 300 <= response.status_code < 400:
        # A redirect has no body to protect (the language redirect of "/" is made after
        # the CSP and frame middlewares have run).
        return
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, url
    assert "script-src 'self'" in policy, url
    assert "unsafe-inline" not in policy, url
    assert "frame-ancestors 'none'" in policy, url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", url


@pytest.fixture
def values(db, session):
    registration = RegistrationFactory(session=session)
    return {
        "number": session.number,
        "token": registration.management_token,
        "pk": 1,
    }


def test_every_public_page_sets_the_security_headers(client, values):
    client.raise_request_exception = False
    urls = public_urls(values)
    assert "/it/statistics/" in urls
    assert f"/it/sessions/{values['number']}/" in urls
    for language in ("it", "ru", "en"):
        for url in urls:
            url = url.replace("/it/", f"/{language}/", 1)
            response = client.get(url)
            assert response.status_code < 500, url
            assert_security_headers(response, url)


@pytest.mark.parametrize(
    "url", ["/it/no-such-page/", "/healthz", "/", "/admin/login/", "/it/sessions/99999/"]
)
def test_error_pages_redirects_and_the_admin_set_them_too(client, db, url):
    response = client.get(url)
    assert_security_headers(response, url)
    if url == "/":
        assert_security_headers(client.get(response["Location"]), url)


def test_posting_without_a_csrf_token_is_refused_with_the_headers(db, session):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/it/sessions/{session.number}/register/", {})
    assert response.status_code == 403
    assert_security_headers(response, "register")


def test_private_media_is_never_served_by_url(client, db, settings):
    from django.views.static import serve

    def callbacks(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern.url_patterns)
            else:
                yield pattern.callback

    assert serve not in set(callbacks(get_resolver().url_patterns))
    assert client.get(f"{settings.MEDIA_URL}agreements/signed/x.pdf").status_code == 404
