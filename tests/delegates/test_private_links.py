"""Every page reached by a delegate's private link answers alike (delegates/private_links.py):
404 for an unknown token, 410 for an expired link, never cached, never indexed, no referrer,
rate-limited; and no page with a token in its URL escapes the one door."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PastSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

UNKNOWN_TOKEN = "x" * 43

# (URL name, extra URL arguments, method, whether the page holds a POST form)
PRIVATE_PAGES = [
    ("travel:visa_outcome", {}, "post", True),
    ("delegates:manage", {}, "get", True),
    ("delegates:edit", {}, "get", True),
    ("delegates:cancel", {}, "get", True),
    ("delegates:resend", {}, "post", True),
    ("delegates:download_data", {}, "get", False),
    ("delegates:erase", {}, "get", True),
    ("venue:own_badge", {}, "get", False),
    ("venue:own_certificate", {}, "get", False),
    ("travel:visa_letter", {}, "get", True),
    ("travel:visa_letter_download", {}, "get", False),
    ("travel:travel", {}, "get", True),
    ("meetings:home", {}, "get", True),
    ("meetings:opt_in", {}, "post", True),
    ("meetings:profile", {}, "get", True),
    ("meetings:catalogue", {}, "get", True),
    ("meetings:send_request", {"profile_id": 1}, "get", True),
    ("meetings:requests", {}, "get", True),
    ("meetings:answer_request", {"request_id": 1, "action": "accept"}, "post", True),
    ("meetings:agenda", {}, "get", True),
    ("meetings:agenda_pdf", {}, "get", True),
    ("projects:own", {}, "get", True),
    ("projects:propose", {}, "get", True),
    ("projects:edit", {"project_id": 1}, "get", True),
    ("projects:withdraw", {"project_id": 1}, "get", True),
    ("projects:presentation", {"project_id": 1}, "get", False),
    ("projects:delegate_catalogue", {}, "get", True),
    ("projects:booklet", {"table_id": 1}, "get", False),
    ("projects:ask_meeting", {"project_id": 1}, "get", True),
]
IDS = [name for name, *_rest in PRIVATE_PAGES]

# URLs with a token that is not a registration's private link: the e-mail confirmation link
# carries a signed, short-lived token of its own.
NOT_PRIVATE_LINKS = {"delegates:confirm"}
# Private links with a token of their own, through the same door with their own lookup
# (tests/projects/test_follow_up.py tests their answers).
OWN_TOKEN_LINKS = {"projects:follow_up", "meetings:calendar"}


def url(name, token, extra):
    return reverse(name, kwargs={"token": token, **extra})


def fetch(client, method, address):
    return getattr(client, method)(address)


def assert_private(response, forms):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == ("same-origin" if forms else "no-referrer")


@pytest.mark.parametrize(("name", "extra", "method", "forms"), PRIVATE_PAGES, ids=IDS)
def test_an_unknown_token_gets_a_private_404(client, name, extra, method, forms):
    response = fetch(client, method, url(name, UNKNOWN_TOKEN, extra))
    assert response.status_code == 404
    assert_private(response, forms)


@pytest.mark.parametrize(("name", "extra", "method", "forms"), PRIVATE_PAGES, ids=IDS)
def test_an_expired_link_gets_a_private_410(client, name, extra, method, forms):
    registration = RegistrationFactory(session=PastSessionFactory())
    assert not registration.is_management_link_valid()
    response = fetch(client, method, url(name, registration.management_token, extra))
    assert response.status_code == 410
    assert_private(response, forms)


@pytest.mark.parametrize(("name", "extra", "method", "forms"), PRIVATE_PAGES, ids=IDS)
def test_a_valid_link_gets_its_page_with_the_private_headers(
    client, session, name, extra, method, forms
):
    registration = RegistrationFactory(session=session)
    response = fetch(client, method, url(name, registration.management_token, extra))
    # Whatever the page answers (its content, a redirect, a refusal of its own), it answers
    # privately, and never the 404/410 of the door.
    assert response.status_code not in (410, 500)
    assert_private(response, forms)


@pytest.mark.parametrize(("name", "extra", "method", "forms"), PRIVATE_PAGES, ids=IDS)
def test_private_links_are_rate_limited_per_address(
    client, settings, session, name, extra, method, forms
):
    settings.PRIVATE_LINK_RATE_LIMIT = 2
    registration = RegistrationFactory(session=session)
    address = url(name, registration.management_token, extra)
    for _attempt in range(2):
        assert fetch(client, method, address).status_code != 429
    response = fetch(client, method, address)
    assert response.status_code == 429
    assert_private(response, forms)
    # Guessing tokens counts too.
    assert fetch(client, method, url(name, UNKNOWN_TOKEN, extra)).status_code == 429


def _token_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _token_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and "token" in pattern.pattern.converters:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_page_with_a_token_in_its_url_goes_through_the_one_door():
    found = dict(_token_patterns())
    assert set(found) - NOT_PRIVATE_LINKS - OWN_TOKEN_LINKS == set(IDS)
    for name in [*IDS, *OWN_TOKEN_LINKS]:
        assert getattr(found[name], "private_link", False), name
