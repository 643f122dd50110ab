"""Agreements whose term ended expire in the registry, unless tacitly renewable."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from agreements.models import Agreement, AgreementStatus, Renewal
from agreements.services import expire_ended_terms
from agreements.tasks import expire_ended_agreements
from tests.agreements.factories import signed_agreement
from tests.factories import PastSessionFactory

pytestmark = pytest.mark.django_db


def test_an_ended_term_expires_the_agreement_but_not_a_tacit_renewal(client):
    ended = signed_agreement(
        PastSessionFactory(number=12), duration_months=24, status=AgreementStatus.SIGNED
    )
    tacit = signed_agreement(
        PastSessionFactory(number=13),
        duration_months=24,
        status=AgreementStatus.IN_FORCE,
        renewal=Renewal.TACIT,
    )
    running = signed_agreement(
        PastSessionFactory(number=14), duration_months=24, status=AgreementStatus.IN_FORCE
    )
    running.signing_date = timezone.localdate() - datetime.timedelta(days=30)
    running.save()
    terminated = signed_agreement(
        PastSessionFactory(number=15), duration_months=12, status=AgreementStatus.TERMINATED
    )

    assert [agreement.pk for agreement in expire_ended_terms()] == [ended.pk]

    statuses = dict(Agreement.objects.values_list("pk", "status"))
    assert statuses == {
        ended.pk: AgreementStatus.EXPIRED,
        tacit.pk: AgreementStatus.IN_FORCE,
        running.pk: AgreementStatus.IN_FORCE,
        terminated.pk: AgreementStatus.TERMINATED,
    }
    # Kept in its history, and the public page says it at once (its cache follows).
    assert ended.history.first().status == AgreementStatus.EXPIRED
    with translation.override("ru"):
        page = client.get(ended.get_absolute_url()).content.decode()
    assert "Срок истёк" in page and "Подписано" not in page
    # A second run finds nothing more to do.
    assert expire_ended_terms() == []


def test_the_nightly_job_runs_it():
    ended = signed_agreement(PastSessionFactory(number=12), duration_months=24)
    assert settings.CELERY_BEAT_SCHEDULE["expire-ended-agreements"]["task"] == (
        "agreements.tasks.expire_ended_agreements"
    )
    assert expire_ended_agreements() == [ended.pk]
