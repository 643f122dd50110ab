"""The list of login attempts (django-axes) in the admin: its one action, permission and all."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.helpers import log_in
from tests.roles import ORGANIZERS, role_member

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:axes_accessattempt_changelist"


def attempt(days_ago):
    created = AccessAttempt.objects.create(
        username=f"someone-{days_ago}", ip_address="192.0.2.1", failures_since_start=1
    )
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    AccessAttempt.objects.filter(pk=created.pk).update(attempt_time=moment)
    return created


def test_a_ministry_administrator_cleans_up_expired_attempts_without_an_error(
    client, ministry_administrator
):
    expired, recent = attempt(days_ago=30), attempt(days_ago=0)
    log_in(client, ministry_administrator)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "cleanup_expired_attempts", "index": 0, "_selected_action": [expired.pk]},
    )
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]


def test_nobody_else_may(client):
    expired = attempt(days_ago=30)
    log_in(client, role_member(ORGANIZERS))
    response = client.post(
        reverse(CHANGELIST),
        {"action": "cleanup_expired_attempts", "index": 0, "_selected_action": [expired.pk]},
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=expired.pk).exists()
