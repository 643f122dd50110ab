"""Small helpers shared by tests and benchmarks."""

from django.test import override_settings


def log_in(client, user):
    """client.force_login(), with django-axes off: axes logs the login with the request's
    client address, and force_login()'s bare request has none, which PostgreSQL's inet
    column refuses. These tests are not about login throttling."""
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
