"""Messages to groups of delegates and the reminders the scheduler sends.

A `Mailing` is written by staff in up to three languages and addressed with the filters of
the registration list; each delegate it reaches is a `Recipient` whose e-mail is a row of
the outbox (sessions_app/services/outbox.py), so that its state (queued, sent, failed) is the
outbox's. A `ReminderSetting` switches one kind of reminder off for a session; a
`SentReminder` records each reminder sent, once (a unique constraint)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from post_office.models import STATUS
from simple_history.models import HistoricalRecords

from core.text import two_parts
from delegates.models import Registration, RegistrationRole, RegistrationStatus
from sessions_app.models import Country, ProgrammeItem, Region, Session, ThematicTable

LANGUAGES = (("it", _("Italian")), ("ru", _("Russian")), ("en", _("English")))
LANGUAGE_CODES = tuple(code for code, _label in LANGUAGES)


class MailingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Being sent")
    SENT = "sent", pgettext_lazy("state of a message to delegates", "Sent")


class YesNoAny(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class MailingQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session)

    def with_counts(self):
        """Each mailing with its recipients counted by state, in the same query."""
        return self.annotate(
            recipient_count=models.Count("recipients"),
            sent_count=models.Count(
                "recipients", filter=models.Q(recipients__email__status=STATUS.sent)
            ),
            failed_count=models.Count(
                "recipients", filter=models.Q(recipients__email__status=STATUS.failed)
            ),
        )


class Mailing(models.Model):
    """A message to the delegates of one session chosen by filters, in their languages."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="mailings", verbose_name=_("session")
    )
    subject_it = models.CharField(_("subject (Italian)"), max_length=200, blank=True)
    body_it = models.TextField(_("text (Italian)"), blank=True)
    subject_ru = models.CharField(_("subject (Russian)"), max_length=200, blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    fallback_language = models.CharField(
        _("fallback language"),
        max_length=2,
        choices=LANGUAGES,
        default="en",
        help_text=_("Delegates whose language has no version of the message receive this version."),
    )
    # The recipients: the filters of the registration list (empty: no restriction).
    delegation = models.CharField(
        _("delegation"), max_length=2, choices=Country.choices, blank=True
    )
    status = models.CharField(
        _("status of the registration"),
        max_length=24,
        choices=RegistrationStatus.choices,
        blank=True,
        default=RegistrationStatus.APPROVED,
    )
    thematic_table = models.ForeignKey(
        ThematicTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thematic table"),
    )
    company_visit = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "company_visit"},
        verbose_name=_("company visit"),
    )
    role = models.CharField(_("role"), max_length=30, choices=RegistrationRole.choices, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region of the organization"),
    )
    checked_in = models.CharField(_("checked in"), max_length=3, choices=YesNoAny, blank=True)
    has_meetings = models.CharField(
        _("has bilateral (B2B) meetings"), max_length=3, choices=YesNoAny, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MailingState, default=MailingState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When the last batch of e-mails was written (the sweep resumes a stalled sending).
    last_batch_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MailingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message to delegates")
        verbose_name_plural = _("messages to delegates")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_mailing", _("Can send messages to delegates"))]

    def __str__(self):
        subject = next(
            (getattr(self, f"subject_{code}") for code in LANGUAGE_CODES if self.version(code)),
            "",
        )
        return subject or str(_("Message without subject"))

    def version(self, language):
        """(subject, text) written in `language`, stripped; empty strings when missing."""
        return (
            (getattr(self, f"subject_{language}", "") or "").strip(),
            (getattr(self, f"body_{language}", "") or "").strip(),
        )

    def has_version(self, language):
        subject, body = self.version(language)
        return bool(subject and body)

    @property
    def is_draft(self):
        return self.state == MailingState.DRAFT


class RecipientState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", pgettext_lazy("state of the e-mail to one recipient", "Sent")
    FAILED = "failed", _("Failed")


def email_state(status):
    """The state staff read for an outbox status: sent, failed (the outbox gave up), or
    queued (waiting, being tried again, or not written yet: None)."""
    if status == STATUS.sent:
        return RecipientState.SENT
    if status == STATUS.failed:
        return RecipientState.FAILED
    return RecipientState.QUEUED


class Recipient(models.Model):
    """One delegate a mailing reaches, with the language they get it in and its e-mail in the
    outbox (none yet while the mailing is being written out, batch after batch)."""

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="mailing_recipients",
        verbose_name=_("registration"),
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    email = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailing_recipients",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "registration"], name="mailing_recipient_once"
            ),
        ]

    def __str__(self):
        return f"{self.registration.person} ({self.language})"

    @property
    def state(self):
        """Queued until the outbox has sent the e-mail (its tries included); then sent, or
        failed once the outbox gave up."""
        return email_state(self.email.status if self.email_id else None)


class ReminderSetting(models.Model):
    """A kind of reminder switched off (or on again) for one session. Without a row, a
    reminder is on."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("reminder"), max_length=40)
    is_enabled = models.BooleanField(_("sent"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder of a session")
        verbose_name_plural = _("reminders of the sessions")
        ordering = ["session", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="reminder_setting_once"),
        ]

    def __str__(self):
        from mailings.reminders import kind_label

        return f"{self.session.title}: {kind_label(self.kind)}"


class SentReminder(models.Model):
    """One reminder sent to one delegate. `key` tells occurrences apart where a kind may
    recur (the agenda of each day); the constraint makes sure none is sent twice."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="sent_reminders", verbose_name=_("session")
    )
    kind = models.CharField(_("reminder"), max_length=40)
    key = models.CharField(max_length=40, blank=True, default="")
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("registration"),
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    email = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "registration", "key"], name="reminder_sent_once"
            ),
        ]

    def __str__(self):
        from mailings.reminders import kind_label

        return two_parts(kind_label(self.kind), self.registration.person)
