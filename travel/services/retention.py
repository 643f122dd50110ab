"""Passport data does not outlive its purpose: it is erased a set number of days after the
session ends (the session's visa settings, else VISA_PASSPORT_RETENTION_DAYS), by the
periodic task `travel.tasks.erase_expired_passport_data`, with a trace: the history entry of
each request names the retention period, and one audit event per session says how many were
erased. The letter itself stays verifiable (its number, name and dates), and its PDF is made
again without the passport data (`travel.services.letters.render_visa_letter`)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.authorization import SYSTEM
from sessions_app.models import Session
from staff.models import AuditAction
from staff.services import record_event
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.entitlement import settings_of
from travel.services.letters import erase_passport_data

logger = logging.getLogger(__name__)


def retention_days(session):
    """How many days after its end the session's passport data is kept."""
    days = settings_of(session).passport_retention_days
    return settings.VISA_PASSPORT_RETENTION_DAYS if days is None else days


def erasure_date(session):
    """The first day on which the session's passport data is erased."""
    return session.end_date + datetime.timedelta(days=retention_days(session) + 1)


def erase_expired_passport_data(today=None):
    """Erase the passport data of every session whose retention period is over. Idempotent
    (what is erased is not erased again). Returns {session number: requests erased}."""
    today = today or timezone.localdate()
    holding = VisaLetterRequest.objects.filter(passport_data_erased_at__isnull=True).exclude(
        status=VisaLetterStatus.ERASED
    )
    sessions = Session.objects.filter(
        pk__in=holding.values("registration__session"), end_date__lt=today
    ).select_related("visa_settings")
    erased = {}
    for session in sessions:
        if erasure_date(session) > today:
            continue
        days = retention_days(session)
        with transaction.atomic():
            count = erase_passport_data(
                holding.filter(registration__session=session),
                by=SYSTEM,
                reason=f"retention: {days} days after the session ended",
            )
            record_event(
                None,
                AuditAction.OTHER,
                session,
                detail=(
                    f"passport data of {count} visa letter requests erased, "
                    f"{days} days after the session ended"
                ),
            )
        logger.info("session %s: passport data of %s visa letter requests erased", session, count)
        erased[session.number] = count
    return erased
