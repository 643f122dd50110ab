"""E-mails to delegates, rendered in their language from templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.text import as_written
from delegates.services import tokens
from sessions_app.services.outbox import queue_email, sender


class EmailKind:
    CONFIRMATION = "confirmation"
    APPROVAL = "approval"
    WAITLIST = "waitlist"
    REJECTION = "rejection"
    CANCELLATION = "cancellation"
    PROMOTION = "promotion"
    ACCESS_LINK = "access_link"


SUBJECTS = {
    EmailKind.CONFIRMATION: _("Please confirm your registration for the %(session)s"),
    EmailKind.APPROVAL: _("Your registration for the %(session)s is approved"),
    EmailKind.WAITLIST: _("You are on the waiting list for the %(session)s"),
    EmailKind.REJECTION: _("Your registration for the %(session)s"),
    EmailKind.CANCELLATION: _("Your registration for the %(session)s is cancelled"),
    EmailKind.PROMOTION: _("A place is free for you at the %(session)s"),
    EmailKind.ACCESS_LINK: _("Your link to manage your registration for the %(session)s"),
}


def footer_context(registration, now=None):
    """What the shared footer of every e-mail to a delegate needs (emails/_footer.txt and
    _footer.html, the latter in emails/_base.html): the registration (its status words the
    footer), the delegate's own private link and until when it works, and the site's address
    for the signature. Once the link no longer works (some days after the session, or the
    registration anonymized) there is no link to give: the footer is then the signature."""
    context = {
        "registration": registration,
        "person": registration.person,
        "session_title": registration.session.title_and_city,
        "management_url": "",
        "link_expires_at": None,
        "site_url": settings.SITE_URL,
    }
    if registration.is_management_link_valid(now):
        context["management_url"] = tokens.management_url(registration)
        context["link_expires_at"] = registration.management_link_expires_at
    return context


def build_registration_email(registration, kind, given_up=()):
    """The message of `kind` for `registration`, in the delegate's language; `given_up`: for
    a cancellation, the phrases (delegates/services/given_up.py) for what was released with
    the registration."""
    if kind not in SUBJECTS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    with translation.override(registration.language):
        session = registration.session
        context = {
            **footer_context(registration),
            "session": session,
            "given_up": list(given_up),
        }
        if kind == EmailKind.CONFIRMATION:
            context["confirmation_url"] = tokens.confirmation_url(registration)
        subject = str(SUBJECTS[kind]) % {"session": session.title}
        text = as_written(render_to_string(f"emails/{kind}.txt", context))
        html = as_written(render_to_string(f"emails/{kind}.html", context))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender(registration.language),
        to=[registration.person.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def queue_registration_email(registration, kind, given_up=()):
    """Render the e-mail of `kind` in the delegate's language and keep it in the outbox, in
    the current transaction: a rolled-back change mails nobody, a committed one always has
    its mail queued, and a worker delivers it (the request never waits on the mail server)."""
    return queue_email(build_registration_email(registration, kind, given_up))


def render_templated_email(template, context, registration):
    """`emails/<template>_subject.txt`, `.txt` and `.html` rendered in the registration's
    language: (subject, text, html). The templates get `recipient` (the registration),
    `session`, `language` and what the shared footer needs (`footer_context`: the
    recipient's own private link, whatever `context` says, and the signature)."""
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            **footer_context(registration),
            "recipient": registration,
            "session": registration.session,
            "language": language,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = as_written(render_to_string(f"emails/{template}.txt", context))
        html = as_written(render_to_string(f"emails/{template}.html", context))
    return " ".join(subject.split()), text, html


def queue_templated_email(template, context, registration):
    """That e-mail, kept in the outbox for the registration's person in the current
    transaction (a rolled-back change mails nobody)."""
    subject, text, html = render_templated_email(template, context, registration)
    message = EmailMultiAlternatives(
        subject, text, sender(registration.language), [registration.person.email]
    )
    message.attach_alternative(html, "text/html")
    return queue_email(message)
