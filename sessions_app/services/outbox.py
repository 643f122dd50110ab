"""The e-mail outbox: every e-mail the portal writes is kept in the database (django-post-
office's Email table) in the transaction of the change that causes it, then delivered by a
background task.

So a rolled-back change mails nobody; a committed one always has its mail durably queued; a
request never waits on SMTP; a mail that meets a mail server that is down stays queued and is
tried again with growing delays (the periodic sweep `deliver_due` picks it up) until the
server is back.

post_office's own delivery loop is not used: it re-renders every subject and body as a Django
template (a delegate's `{{` or `{%` would be changed or break the mail), holds a lock file of
one host rather than a lock in the database (two hosts could send the same mail), and marks a
whole batch sent only after the whole batch is out. Here each mail is claimed by one
conditional UPDATE before it is sent and marked sent at once, so a mail delivered by two
workers, or by a task and the sweep, leaves once.
"""

import datetime
import logging
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import pgettext
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.settings import get_max_retries, get_retry_timedelta

from core.authorization import require_permission
from core.background import enqueue

logger = logging.getLogger(__name__)

SEND_AGAIN_PERMISSION = "post_office.change_email"

WAITING = (STATUS.queued, STATUS.requeued)
# While one worker sends a mail, the mail is out of reach of the others for this long; if
# that worker dies meanwhile, the sweep sends the mail once the claim has lapsed.
CLAIM_SECONDS = 300
# The delay between tries doubles up to this.
LONGEST_RETRY_DELAY = datetime.timedelta(hours=1)
# Mails delivered by one run of the sweep; the next run takes the rest.
SWEEP_BATCH = 200


def sender(language):
    """The From of the portal's e-mails, its name in the reader's language («Рабочая группа
    по промышленным округам и МСП <taskforce@…>»), at the configured address
    (DEFAULT_FROM_EMAIL)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    with translation.override(language or settings.LANGUAGE_CODE):
        name = pgettext("the sender of the portal's e-mails", "Italian-Russian Task Force")
    return formataddr((name, address))


def queue_email(message):
    """Keep `message` (a Django EmailMessage or EmailMultiAlternatives, already rendered in
    its recipient's language) in the outbox, in the current transaction; once that commits,
    a worker delivers it. Returns the outbox row."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    email = Email(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=dict(message.extra_headers) or None,
        message_id=make_msgid(domain=DNS_NAME),
        status=STATUS.queued,
        priority=PRIORITY.medium,
    )
    email.save()
    # robust: if the broker is down, the change stands and the sweep delivers the mail.
    # (A lambda: Django names the callback in its log, which a partial cannot give.)
    transaction.on_commit(lambda: _queue_delivery(email.pk), robust=True)
    return email


def _queue_delivery(email_id):
    enqueue("sessions_app.tasks.deliver_email", email_id)


def _due(now):
    return Q(status__in=WAITING) & (Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))


def _claim(email_id):
    """Take the mail for this worker, if it is waiting and due. One UPDATE decides between
    workers: on PostgreSQL the second waits for the first's row lock, then finds the mail no
    longer due."""
    now = timezone.now()
    claimed = Email.objects.filter(_due(now), pk=email_id).update(
        scheduled_time=now + datetime.timedelta(seconds=CLAIM_SECONDS), last_updated=now
    )
    return claimed == 1


def retry_delay(number_of_retries):
    """How long a mail waits after its `number_of_retries`-th failed try (1, 2, …)."""
    delay = get_retry_timedelta() * (2 ** max(number_of_retries - 1, 0))
    return min(delay, LONGEST_RETRY_DELAY)


def deliver(email_id):
    """Send one waiting mail through the configured mail backend (settings.EMAIL_BACKEND).
    Returns the mail's new status, or None if it was not waiting (sent already, failed for
    good, being sent by another worker, or not due yet)."""
    if not _claim(email_id):
        return None
    email = Email.objects.get(pk=email_id)
    try:
        connection = get_connection(fail_silently=False)
        connection.send_messages([email.prepare_email_message()])
    except Exception as error:  # any failure of the mail server or the network
        logger.warning("e-mail %s not delivered: %s", email_id, error)
        return _failed(email, error)
    Email.objects.filter(pk=email_id).update(
        status=STATUS.sent, scheduled_time=None, last_updated=timezone.now()
    )
    Log.objects.create(email_id=email_id, status=STATUS.sent, message="")
    return STATUS.sent


def _failed(email, error):
    retries = (email.number_of_retries or 0) + 1
    if retries <= get_max_retries():
        status, scheduled_time = STATUS.requeued, timezone.now() + retry_delay(retries)
    else:
        status, scheduled_time = STATUS.failed, None
    Email.objects.filter(pk=email.pk).update(
        status=status,
        scheduled_time=scheduled_time,
        number_of_retries=retries,
        last_updated=timezone.now(),
    )
    Log.objects.create(
        email_id=email.pk,
        status=STATUS.failed,
        message=str(error)[:1000],
        exception_type=type(error).__name__,
    )
    return status


def _being_sent():
    """Mails a worker has claimed and is sending: their claim ends CLAIM_SECONDS after it
    was taken (see _claim), which a retry's delay never does exactly."""
    return Q(status__in=WAITING) & Q(
        scheduled_time=F("last_updated") + datetime.timedelta(seconds=CLAIM_SECONDS)
    )


def deliver_due():
    """Deliver the waiting mails that are due (the periodic sweep). Returns how many left."""
    ids = list(
        Email.objects.filter(_due(timezone.now()))
        .order_by("scheduled_time", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(deliver(pk) == STATUS.sent for pk in ids)


def send_again(emails, *, by):
    """Put these mails (failed, or waiting for their next try) back in the queue at once and
    have them delivered; a mail already sent is not sent twice. Returns how many were
    queued again. `by` (core/authorization.py): staff who may change e-mails, or
    SYSTEM."""
    require_permission(by, SEND_AGAIN_PERMISSION)
    ids = list(
        emails.exclude(status=STATUS.sent).exclude(_being_sent()).values_list("pk", flat=True)
    )
    with transaction.atomic():
        Email.objects.filter(pk__in=ids).update(
            status=STATUS.queued, scheduled_time=None, last_updated=timezone.now()
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _queue_delivery(pk), robust=True)
    logger.info("%s e-mails queued again by %s", len(ids), by)
    return len(ids)
