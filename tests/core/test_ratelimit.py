import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimit import rate_limit


@rate_limit("test-form", limit=3, period=60)
def form_view(request):
    return HttpResponse("ok")


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_a_flood_of_posts_gets_a_translated_429():
    factory = RequestFactory()
    for _ in range(3):
        assert form_view(factory.post("/", REMOTE_ADDR="10.0.0.1")).status_code == 200
    from django.utils import translation

    with translation.override("ru"):
        response = form_view(factory.post("/", REMOTE_ADDR="10.0.0.1"))
    assert response.status_code == 429
    assert "Слишком много запросов" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db
def test_limits_are_per_address_and_only_for_posts():
    factory = RequestFactory()
    for _ in range(4):
        form_view(factory.post("/", REMOTE_ADDR="10.0.0.1"))
    assert form_view(factory.post("/", REMOTE_ADDR="10.0.0.2")).status_code == 200
    assert form_view(factory.get("/", REMOTE_ADDR="10.0.0.1")).status_code == 200
