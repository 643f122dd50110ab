"""Sending the reminders (the kinds are in mailings/reminders.py): from the scheduler, each
due reminder once, in the delegate's language, unless staff switched its kind off for the
session. "Once" is the database's: a SentReminder row, unique per kind, registration and
key, is written in the transaction that queues the e-mail."""

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from core.authorization import require_permission
from mailings import reminders
from mailings.models import ReminderSetting, SentReminder
from sessions_app.models import Session
from sessions_app.services import outbox

# Sessions that ended longer ago than this get no more reminders (follow-ups come earlier).
AFTER_SESSION = datetime.timedelta(days=120)
SETTINGS_PERMISSION = "mailings.change_remindersetting"


def not_yet_reminded(registrations, code, key=""):
    """`registrations` without those who already received the reminder `code` (`key`)."""
    sent = SentReminder.objects.filter(registration_id=OuterRef("pk"), kind=code, key=key)
    return registrations.filter(~Exists(sent))


def enabled_kinds(session):
    """The kinds of reminder on for `session`."""
    off = set(
        ReminderSetting.objects.filter(session=session, is_enabled=False).values_list(
            "kind", flat=True
        )
    )
    return [kind for kind in reminders.kinds() if kind.code not in off]


def set_enabled(session, code, is_enabled, *, by):
    """Switch the reminder `code` on or off for `session`."""
    require_permission(by, SETTINGS_PERMISSION)
    if reminders.get(code) is None:
        raise ValueError(f"unknown reminder {code!r}")
    setting, _created = ReminderSetting.objects.update_or_create(
        session=session, kind=code, defaults={"is_enabled": is_enabled}
    )
    return setting


def send_one(kind, registration, key=""):
    """Queue the reminder `kind` for `registration` unless it was sent already. Returns 1 if
    sent now, else 0."""
    try:
        with transaction.atomic():
            record = SentReminder.objects.create(
                session_id=registration.session_id,
                kind=kind.code,
                key=key,
                registration=registration,
                language=registration.language,
            )
            with translation.override(registration.language):
                subject, text, html = kind.build(registration, key)
            message = EmailMultiAlternatives(
                subject, text, outbox.sender(registration.language), [registration.person.email]
            )
            message.attach_alternative(html, "text/html")
            record.email = outbox.queue_email(message)
            record.save(update_fields=["email"])
    except IntegrityError:
        return 0  # sent a moment ago by another run
    return 1


def send_due_reminders(now=None):
    """Send every reminder due at `now` (default: now). Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sessions = Session.objects.not_cancelled().filter(end_date__gte=today - AFTER_SESSION)
    sent = 0
    for session in sessions.select_related("host_region"):
        for kind in enabled_kinds(session):
            for registration, key in kind.due(session, now):
                sent += send_one(kind, registration, key)
    return sent
