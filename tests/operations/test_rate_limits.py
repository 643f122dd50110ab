"""Every public form is rate-limited: a flood from one address gets the translated 429."""

import pytest
from django.urls import resolve

from tests.operations.test_fuzz_public_forms import discovered_forms, portal  # noqa: F401


def test_every_public_form_is_rate_limited(client, portal):  # noqa: F811
    forms = discovered_forms(client, portal)
    assert forms
    unprotected = [
        form["action"]
        for form in forms
        if not hasattr(resolve(form["action"].split("?")[0]).func, "rate_limit_scope")
    ]
    assert not unprotected, f"public forms without @rate_limit: {unprotected}"


@pytest.mark.parametrize("language, text", [("ru", "Слишком много запросов"), ("it", "Troppe")])
def test_a_flood_of_resent_links_gets_the_429_page(client, portal, language, text):  # noqa: F811
    url = f"/{language}/registration/{portal['token']}/resend/"
    statuses = [client.post(url, REMOTE_ADDR="203.0.113.9").status_code for _ in range(11)]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429
    response = client.post(url, REMOTE_ADDR="203.0.113.9")
    assert text in response.content.decode()
    assert response["Retry-After"]
    # Another address is not affected.
    assert client.post(url, REMOTE_ADDR="203.0.113.10").status_code != 429
