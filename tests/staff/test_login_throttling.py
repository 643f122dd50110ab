"""django-axes locks out repeated failed logins with a translated 429 page.

The admin login is the two-factor login (staff/views.py): its password step is what axes
throttles; its code step is throttled by django-otp (tests/staff/test_two_factor.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

LOGIN = "/admin/login/"


@pytest.fixture
def staff_member(db):
    return get_user_model().objects.create_user(
        "funzionario", password="correct horse battery", is_staff=True
    )


def attempt(client, password, address="198.51.100.4", language="it"):
    return client.post(
        f"{LOGIN}?next=/admin/",
        {"login-current_step": "auth", "username": "funzionario", "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_a_correct_password_logs_in(client, staff_member):
    response = attempt(client, "correct horse battery")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_failures_lock_the_login_even_with_the_right_password(
    client, staff_member, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong", language="ru")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Слишком много неудачных попыток входа" in page
    assert locked["Retry-After"]
    # Locked: the right password no longer opens the door from that address.
    assert attempt(client, "correct horse battery").status_code == 429
    # Another address is not locked out for this user.
    assert attempt(client, "correct horse battery", address="198.51.100.99").status_code == 302


def test_lockout_page_follows_the_language(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    page = attempt(client, "wrong", language="it").content.decode()
    assert "Troppi tentativi di accesso falliti" in page


def test_the_test_client_login_still_works(client, staff_member):
    assert client.login(username="funzionario", password="correct horse battery")
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_client_still_works(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200
