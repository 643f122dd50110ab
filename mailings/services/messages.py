"""Messages to delegates: checking what staff wrote, rendering it in each delegate's
language, the preview, the test to oneself, sending through the outbox in throttled batches,
and sending the failed ones again.

Staff write plain text with three placeholders: `{name}` (the delegate's name in their own
script), `{address}` (the form of address of the delegate's language: «Gentile Mario Rossi,»,
«Здравствуйте, Юлия Сергеевна!») and `{link}` (their private link). The text is never run as
a Django template: a `{{` typed by staff stays as typed."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from core.authorization import SYSTEM, require_permission
from core.background import enqueue
from delegates.services.mail import footer_context
from delegates.services.tokens import management_url
from mailings.models import LANGUAGE_CODES, LANGUAGES, Mailing, MailingState, Recipient
from mailings.services.exceptions import MailingError
from mailings.services.recipients import count_by_language, select_recipients
from sessions_app.services import outbox

SEND_PERMISSION = "mailings.send_mailing"
PLACEHOLDER = re.compile(r"\{([^{}\s]{0,40})\}")
PLACEHOLDERS = ("name", "address", "link")
# A sample delegate for the preview and the test when no real recipient reads a language.
SAMPLE_NAMES = {"it": "Mario Rossi", "ru": "Юлия Сергеевна Щербакова", "en": "John Smith"}
SAMPLE_ADDRESS_NAMES = {"it": "Mario Rossi", "ru": "Юлия Сергеевна", "en": "John Smith"}


def language_name(code):
    return dict(LANGUAGES).get(code, code)


def content_errors(mailing):
    """{field name or None: [translated messages]} for what staff wrote: a version needs both
    subject and text, at least one version is needed, the fallback language must have one,
    and placeholders must be known. Empty when the message can go."""
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    complete = []
    for code in LANGUAGE_CODES:
        subject, body = mailing.version(code)
        if subject and not body:
            add(f"body_{code}", _("Write the text of this version too, or clear its subject."))
        elif body and not subject:
            add(f"subject_{code}", _("Give this version a subject too, or clear its text."))
        elif subject and body:
            complete.append(code)
        for field, value in ((f"subject_{code}", subject), (f"body_{code}", body)):
            unknown = sorted(set(PLACEHOLDER.findall(value)) - set(PLACEHOLDERS))
            if unknown:
                add(
                    field,
                    _("Unknown placeholder %(placeholders)s: use {name}, {address} or {link}.")
                    % {"placeholders": ", ".join("{" + name + "}" for name in unknown)},
                )
    if not complete and not errors:
        add(
            None,
            _(
                "The message is empty in every language: write a subject and a text in at "
                "least one language."
            ),
        )
    elif complete and mailing.fallback_language not in complete:
        add(
            "fallback_language",
            _(
                "There is no %(language)s version to fall back on: write it, or choose a "
                "language the message is written in."
            )
            % {"language": language_name(mailing.fallback_language).lower()},
        )
    return errors


def check_content(mailing):
    """MailingError with the first problem of `content_errors`, if any."""
    for field, messages in content_errors(mailing).items():
        raise MailingError(messages[0], code="content", field=field)


def version_for(mailing, language):
    """The language of the version a delegate reading `language` receives: their own when
    written, else the mailing's fallback language."""
    return language if mailing.has_version(language) else mailing.fallback_language


@dataclass
class Rendered:
    language: str  # the language of the version used
    subject: str
    text: str
    html: str


def fill(text, values):
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def render(mailing, language, *, name, address_name, link, registration=None):
    """The message of the version for readers of `language`, with the placeholders filled,
    and the footer of every e-mail to a delegate: the private link of `registration` (the
    recipient), or `link` for a preview or a test."""
    used = version_for(mailing, language)
    subject, body = mailing.version(used)
    with translation.override(used):
        values = {
            "name": name,
            "address": gettext("Dear %(name)s,") % {"name": address_name},
            "link": link,
        }
        context = {
            "session_title": mailing.session.title_and_city,
            "language": used,
            "text": fill(body, values),
            "site_url": settings.SITE_URL,
            "management_url": link,
            "link_expires_at": None,
        }
        if registration is not None:
            context.update(footer_context(registration))
        text = render_to_string("emails/mailing.txt", context)
        html = render_to_string("emails/mailing.html", context)
    return Rendered(used, fill(subject, values), text, html)


def render_for(mailing, registration):
    person = registration.person
    return render(
        mailing,
        registration.language,
        name=person.full_name,
        address_name=person.address_name(version_for(mailing, registration.language)),
        link=management_url(registration),
        registration=registration,
    )


def _sample_link(language):
    return f"{settings.SITE_URL}/{language}/…"


def preview(mailing):
    """What each language's recipients will read: for it, ru and en, the number of matching
    delegates reading it, the version they get and the message as rendered for one of them
    (or a sample name), the private link shown as a sample."""
    counts = count_by_language(mailing)
    samples = {}
    for registration in select_recipients(mailing).filter(language__in=LANGUAGE_CODES):
        samples.setdefault(registration.language, registration)
        if len(samples) == len(LANGUAGE_CODES):
            break
    if content_errors(mailing):
        return {"counts": counts, "total": sum(counts.values()), "languages": []}
    languages = []
    for code in LANGUAGE_CODES:
        sample = samples.get(code)
        used = version_for(mailing, code)
        rendered = render(
            mailing,
            code,
            name=sample.person.full_name if sample else SAMPLE_NAMES[code],
            address_name=(
                sample.person.address_name(used) if sample else SAMPLE_ADDRESS_NAMES[code]
            ),
            link=_sample_link(code),
        )
        languages.append(
            {
                "code": code,
                "name": language_name(code),
                "used_name": language_name(used),
                "is_fallback": used != code,
                "count": counts.get(code, 0),
                "rendered": rendered,
            }
        )
    return {"counts": counts, "total": sum(counts.values()), "languages": languages}


def _message(rendered, to):
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=outbox.sender(rendered.language),
        to=[to],
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def send_test(mailing, *, by):
    """Send the acting staff member the message as the recipients of each language will
    read it (one e-mail per language, the subject marked as a test). Returns how many."""
    require_permission(by, SEND_PERMISSION)
    if not getattr(by, "email", ""):
        raise MailingError(
            _("Your account has no e-mail address: add one to receive the test."),
            code="no_address",
        )
    check_content(mailing)
    name = by.get_full_name() or by.get_username()
    with transaction.atomic():
        for code in LANGUAGE_CODES:
            rendered = render(mailing, code, name=name, address_name=name, link=_sample_link(code))
            with translation.override(code):
                rendered.subject = gettext("[Test, %(language)s] %(subject)s") % {
                    "language": language_name(code),
                    "subject": rendered.subject,
                }
            outbox.queue_email(_message(rendered, by.email))
    return len(LANGUAGE_CODES)


def send(mailing, *, by, now=None):
    """Send the mailing: every matching delegate becomes a recipient with the language they
    will read, and the task engine writes their e-mails into the outbox batch after batch
    (MAILING_BATCH_SIZE every MAILING_BATCH_SECONDS). Once sent, the mailing no longer
    changes. Returns the number of recipients."""
    require_permission(by, SEND_PERMISSION)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().select_related("session").get(pk=mailing.pk)
        if not locked.is_draft:
            raise MailingError(_("This message has already been sent."), code="sent")
        check_content(locked)
        registrations = list(select_recipients(locked))
        if not registrations:
            raise MailingError(
                _("No delegate matches the chosen recipients: change the filters."),
                code="no_recipients",
            )
        Recipient.objects.bulk_create(
            Recipient(
                mailing=locked,
                registration=registration,
                language=version_for(locked, registration.language),
            )
            for registration in registrations
        )
        locked.state = MailingState.SENDING
        locked.sent_by = by if getattr(by, "pk", None) else None
        locked.sent_at = now
        locked._change_reason = "sent"
        locked.save(update_fields=["state", "sent_by", "sent_at"])
        transaction.on_commit(lambda: _queue_batch(locked.pk), robust=True)
    mailing.refresh_from_db()
    return len(registrations)


def _queue_batch(mailing_id, countdown=None):
    enqueue("mailings.tasks.write_mailing_batch", mailing_id, countdown=countdown)


def write_batch(mailing_id):
    """Render the next batch of a mailing's e-mails and keep them in the outbox (the
    throttle: one batch per task, the next task queued MAILING_BATCH_SECONDS later). A
    recipient whose e-mail is written is never written again, however often this runs.
    Returns how many recipients are still waiting."""
    size = settings.MAILING_BATCH_SIZE
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update()
            .select_related("session")
            .filter(pk=mailing_id, state=MailingState.SENDING)
            .first()
        )
        if mailing is None:
            return 0
        batch = list(
            Recipient.objects.filter(mailing=mailing, email__isnull=True)
            .select_related("registration__person", "registration__session")
            .order_by("pk")[:size]
        )
        for recipient in batch:
            rendered = render_for(mailing, recipient.registration)
            recipient.email = outbox.queue_email(
                _message(rendered, recipient.registration.person.email)
            )
            recipient.save(update_fields=["email"])
        waiting = Recipient.objects.filter(mailing=mailing, email__isnull=True).count()
        mailing.last_batch_at = timezone.now()
        fields = ["last_batch_at"]
        if not waiting:
            mailing.state = MailingState.SENT
            fields.append("state")
        Mailing.objects.filter(pk=mailing.pk).update(**{f: getattr(mailing, f) for f in fields})
        if waiting:
            transaction.on_commit(
                lambda: _queue_batch(mailing_id, countdown=settings.MAILING_BATCH_SECONDS),
                robust=True,
            )
    return waiting


def continue_sending(now=None):
    """The periodic sweep: write the next batch of every mailing being sent whose chain of
    tasks was lost (no batch for twice the throttle's interval). Returns how many mailings."""
    now = now or timezone.now()
    stalled = now - datetime.timedelta(seconds=2 * settings.MAILING_BATCH_SECONDS)
    ids = list(
        Mailing.objects.filter(state=MailingState.SENDING)
        .exclude(last_batch_at__gt=stalled)
        .values_list("pk", flat=True)
    )
    for mailing_id in ids:
        write_batch(mailing_id)
    return len(ids)


def send_failed_again(mailing, *, by):
    """Put the e-mails of the mailing the outbox gave up on back in the queue. Returns how
    many."""
    require_permission(by, SEND_PERMISSION)
    failed = Email.objects.filter(mailing_recipients__mailing=mailing, status=STATUS.failed)
    return outbox.send_again(failed, by=SYSTEM)
