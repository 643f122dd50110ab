"""The e-mail outbox: a mail is kept in the transaction of the change that causes it, leaves
once, and survives a mail server or a broker that is down."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from post_office.models import STATUS, Email, Log

from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from delegates.services import approve
from sessions_app.services import outbox
from sessions_app.tasks import deliver_due_emails
from taskforce.celery import app
from tests.factories import RegistrationFactory, SessionFactory


def free_port():
    """A port with nothing listening on it (closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server's handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """The mailer points at SMTP on 127.0.0.1, at a port where nothing listens yet; `start()`
    opens a working SMTP server (aiosmtpd) there."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = False
    # Tries come at once rather than after a minute, so that the test need not wait.
    settings.POST_OFFICE = {**settings.POST_OFFICE, "RETRY_INTERVAL": datetime.timedelta(0)}
    sink = Sink()
    controllers = []

    def start():
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return sink

    yield start
    for controller in controllers:
        controller.stop()


@pytest.mark.django_db(transaction=True)
def test_mail_to_a_closed_smtp_port_waits_and_leaves_once_when_smtp_is_back(smtp):
    session = SessionFactory()
    registrations = RegistrationFactory.create_batch(3, session=session, status="submitted")
    for registration in registrations:
        approve(registration, by=SYSTEM)  # commits: its mail is tried at once, and fails
    assert all(r.status == RegistrationStatus.APPROVED for r in registrations)
    emails = Email.objects.order_by("pk")
    assert [email.status for email in emails] == [STATUS.requeued] * 3
    assert Log.objects.filter(status=STATUS.failed).count() == 3
    # The sweep tries again while SMTP is still down: nothing lost, nothing sent.
    assert deliver_due_emails() == 0
    assert set(emails.values_list("status", "number_of_retries")) == {(STATUS.requeued, 2)}

    sink = smtp()
    assert deliver_due_emails() == 3
    assert deliver_due_emails() == 0
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    assert len(sink.messages) == 3
    recipients = sorted(r.person.email for r in registrations)
    assert sorted(m.split("To: ")[1].split("\n")[0].strip() for m in sink.messages) == recipients
    # A task handed twice sends nothing more.
    for email in emails:
        assert outbox.deliver(email.pk) is None
    assert len(sink.messages) == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_mails_nobody(mailoutbox):
    registration = RegistrationFactory(session=SessionFactory(), status="submitted")
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(registration, by=SYSTEM)
        assert Email.objects.count() == 1
        raise RuntimeError("something later in the same change failed")
    assert not Email.objects.exists()
    assert mailoutbox == []
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_change_succeeds_and_its_mail_waits_in_the_outbox(
    mailoutbox,
):
    registration = RegistrationFactory(session=SessionFactory(), status="submitted")
    broker_url = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    try:
        approve(registration, by=SYSTEM)
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = broker_url
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED
    assert Email.objects.get().status == STATUS.queued
    assert mailoutbox == []
    # The periodic sweep delivers it.
    assert deliver_due_emails() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_mail_body_is_kept_as_written_not_read_as_a_template(
    mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        "Meeting {{ soon }}", "Let us meet {% at ten %}", to=["anna@example.ru"]
    )
    message.attach_alternative("<p>{{ x }}</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_email(message)
    sent = mailoutbox[0]
    assert (sent.subject, sent.body) == ("Meeting {{ soon }}", "Let us meet {% at ten %}")
    assert sent.alternatives[0][0] == "<p>{{ x }}</p>"
