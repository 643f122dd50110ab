"""Small helpers shared by tests and benchmarks."""

from django.test import override_settings


def log_in(client, user):
    """client.force_login(), with django-axes off: axes logs the login with the request's
    client address, and force_login()'s bare request has none, which PostgreSQL's inet
    column refuses. These tests are not about login throttling."""
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)


def require_service(available, what):
    """Skip a test whose service (PostgreSQL, Redis) is missing; on CI (CI=1 or true), fail:
    there every service must run."""
    import os

    import pytest

    if available:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} is needed by this test and CI must provide it.")
    pytest.skip(f"{what} is not available")


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
