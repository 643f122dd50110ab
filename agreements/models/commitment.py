"""The commitments a Protocol's sections make: who does what by when, and where it stands.

A commitment belongs to a section of the Protocol (the text both sides signed), but its
status lives on after the Protocol is final: staff keep it up to date until the next session,
whose Protocol reports on it in its annex (agreements/services/protocols.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from agreements.models.protocol import ProtocolSection
from core.scripts import script_errors, validate_latin_text, validate_russian_text


class CommitmentSide(models.TextChoices):
    ITALIAN = "IT", _("Italian side")
    RUSSIAN = "RU", _("Russian side")
    BOTH = "both", _("Both sides")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    POSTPONED = "postponed", pgettext_lazy("status of a commitment", "Postponed")
    DROPPED = "dropped", _("Dropped")


# A commitment still to be carried out: its deadline can pass (fulfilled and dropped ones are
# closed; a postponed one keeps its signed deadline, so it is overdue once that has passed).
OPEN_STATUSES = (
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.POSTPONED,
)


def _today(today):
    # The portal's date (Rome, settings.TIME_ZONE), as for agreements' terms and the pages
    # (core/public_cache.py keeps a page per Rome day): a deadline is a day in the signed text.
    return today or timezone.localdate()


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Commitments still open whose deadline has passed."""
        return self.filter(deadline__lt=_today(today), status__in=OPEN_STATUSES)

    def of_protocol(self, protocol):
        return self.filter(section__protocol=protocol).order_by(
            "section__position", "section_id", "position", "pk"
        )


def _reads_russian():
    return (translation.get_language() or "")[:2] == "ru"


class Commitment(models.Model):
    section = models.ForeignKey(
        ProtocolSection,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("protocol section"),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )
    text_it = models.TextField(_("text (Italian)"))
    text_ru = models.TextField(_("text (Russian)"))
    side = models.CharField(_("side"), max_length=4, choices=CommitmentSide.choices)
    institution_it = models.CharField(_("institution (Italian)"), max_length=300, blank=True)
    institution_ru = models.CharField(_("institution (Russian)"), max_length=300, blank=True)
    deadline = models.DateField(pgettext_lazy("of a commitment", "deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
    )
    status_note_it = models.CharField(_("where it stands (Italian)"), max_length=500, blank=True)
    status_note_ru = models.CharField(_("where it stands (Russian)"), max_length=500, blank=True)
    # «aggiornato il»: impegno is masculine (the other models' "updated at" is feminine).
    updated_at = models.DateTimeField(pgettext_lazy("of a commitment", "updated at"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["section", "position", "pk"]

    def __str__(self):
        """Its text in the reader's language (Russian staff read the Russian text), else in the
        other one."""
        first, other = (
            (self.text_ru, self.text_it)
            if _reads_russian()
            else (
                self.text_it,
                self.text_ru,
            )
        )
        return (first or other)[:80]

    # The script of each language's texts (core.scripts).
    SCRIPT_RULES = {
        "text_it": validate_latin_text,
        "text_ru": validate_russian_text,
        "institution_it": validate_latin_text,
        "institution_ru": validate_russian_text,
        "status_note_it": validate_latin_text,
        "status_note_ru": validate_russian_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today=None):
        """Still open and its deadline passed (no query: the row's own fields)."""
        return (
            self.deadline is not None
            and self.status in OPEN_STATUSES
            and self.deadline < _today(today)
        )
