"""The official Protocol of a session: ordered bilingual sections, draft until finalized."""

import itertools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scripts import script_errors, validate_latin_text, validate_russian_text
from sessions_app.models import Session


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ProtocolIsFinal(ValidationError):
    """Raised on any attempt to change a finalized protocol or its sections."""

    def __init__(self, protocol=None):
        super().__init__(
            _("The protocol is final: it and its sections can no longer be changed."),
            code="protocol_is_final",
        )
        self.protocol = protocol


class SectionKind(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    PARTICIPANTS = "participants", _("Participants")
    THEMATIC_TABLE = "thematic_table", _("Work of a thematic table")
    CONCLUSIONS = "conclusions", _("Conclusions")
    NEXT_SESSION = "next_session", _("Next session")
    OTHER = "other", _("Other")


class ProtocolQuerySet(models.QuerySet):
    def final(self):
        return self.filter(status=ProtocolStatus.FINAL)


def final_pdf_path(protocol, filename):
    return f"protocols/protocol-{protocol.session.number:03d}-{protocol.final_pdf_sha256[:12]}.pdf"


class Protocol(models.Model):
    """The Protocol signed by the two co-chairs at the end of a session."""

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="protocol", verbose_name=_("session")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProtocolStatus.choices,
        default=ProtocolStatus.DRAFT,
        editable=False,
    )
    signing_date = models.DateField(
        _("signing date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the last day of the session."),
    )
    place_it = models.CharField(
        _("place of signing (Italian)"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty for the session's city."),
    )
    place_ru = models.CharField(
        _("place of signing (Russian)"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty for the session's city."),
    )
    final_pdf = models.FileField(
        _("final PDF"), upload_to=final_pdf_path, blank=True, editable=False
    )
    final_pdf_sha256 = models.CharField(
        _("SHA-256 of the final PDF"), max_length=64, blank=True, editable=False
    )
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True, editable=False)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProtocolQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["-session__number"]
        permissions = [("finalize_protocol", _("Can finalize protocols"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ProtocolStatus.DRAFT)
                | (~Q(final_pdf="") & ~Q(final_pdf_sha256="") & Q(finalized_at__isnull=False)),
                name="final_protocol_has_its_pdf_and_checksum",
            ),
        ]

    def __str__(self):
        return gettext("Protocol of the %(numeral)s session") % {
            "numeral": self.session.roman_numeral
        }

    def save(self, *args, **kwargs):
        if self.is_stored_as_final():
            raise ProtocolIsFinal(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_stored_as_final():
            raise ProtocolIsFinal(self)
        return super().delete(*args, **kwargs)

    def get_pdf_url(self):
        return reverse("agreements:protocol_pdf", kwargs={"number": self.session.number})

    @property
    def is_final(self):
        return self.status == ProtocolStatus.FINAL

    def is_stored_as_final(self):
        """Read from the database, so an object changed in memory cannot slip through."""
        return (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk, status=ProtocolStatus.FINAL).exists()
        )

    @property
    def date(self):
        return self.signing_date or self.session.end_date

    def place(self, language):
        """The place of signing in `language` ("it" or "ru"), by default the session's city."""
        return getattr(self, f"place_{language}") or self.session.localized("city", language)

    def title(self, language):
        with translation.override(language):
            return gettext(
                "Protocol of the %(numeral)s session of the Italian-Russian Task Force "
                "on industrial districts and SMEs"
            ) % {"numeral": self.session.roman_numeral}

    # The script of the place of signing in each column (core.scripts).
    SCRIPT_RULES = {"place_it": validate_latin_text, "place_ru": validate_russian_text}

    def clean(self):
        if self.is_stored_as_final():
            raise ProtocolIsFinal(self)
        errors = script_errors(self, self.SCRIPT_RULES)
        if self.signing_date and self.session_id:
            from agreements.models.agreement import signed_during

            if not signed_during(self.session, self.signing_date):
                errors["signing_date"] = gettext(
                    "The signing date lies outside the session (%(dates)s)."
                ) % {"dates": self.session.dates_display}
        if errors:
            raise ValidationError(errors)


class ProtocolSectionQuerySet(models.QuerySet):
    def _refuse_if_final(self):
        if self.filter(protocol__status=ProtocolStatus.FINAL).exists():
            raise ProtocolIsFinal()

    def update(self, **kwargs):
        self._refuse_if_final()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_final()
        return super().delete()


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text):
    return [part.strip() for part in PARAGRAPH_BREAK.split(text or "") if part.strip()]


class ProtocolSection(models.Model):
    """A section of the Protocol, with its heading and text in Italian and in Russian."""

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="sections", verbose_name=_("protocol")
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.OTHER
    )
    heading_it = models.CharField(_("heading (Italian)"), max_length=300)
    heading_ru = models.CharField(_("heading (Russian)"), max_length=300)
    body_it = models.TextField(
        _("text (Italian)"), blank=True, help_text=_("Separate paragraphs with an empty line.")
    )
    body_ru = models.TextField(
        _("text (Russian)"), blank=True, help_text=_("Separate paragraphs with an empty line.")
    )

    objects = ProtocolSectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protocol section")
        verbose_name_plural = _("protocol sections")
        ordering = ["protocol", "position", "pk"]

    def __str__(self):
        return f"{self.heading_it} / {self.heading_ru}"

    def save(self, *args, **kwargs):
        if self._touches_a_final_protocol():
            raise ProtocolIsFinal(self.protocol)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._touches_a_final_protocol():
            raise ProtocolIsFinal(self.protocol)
        return super().delete(*args, **kwargs)

    def _touches_a_final_protocol(self):
        protocol_ids = {self.protocol_id}
        if self.pk is not None:
            protocol_ids.update(
                type(self)._base_manager.filter(pk=self.pk).values_list("protocol_id", flat=True)
            )
        return Protocol.objects.filter(pk__in=protocol_ids, status=ProtocolStatus.FINAL).exists()

    # The script of each column (core.scripts): the Russian one in Cyrillic.
    SCRIPT_RULES = {
        "heading_it": validate_latin_text,
        "heading_ru": validate_russian_text,
        "body_it": validate_latin_text,
        "body_ru": validate_russian_text,
    }

    def clean(self):
        if self.protocol_id and self._touches_a_final_protocol():
            raise ProtocolIsFinal(self.protocol)
        errors = script_errors(self, self.SCRIPT_RULES)
        if errors:
            raise ValidationError(errors)

    @property
    def paragraph_pairs(self):
        """The Italian and Russian paragraphs side by side, so that the PDF aligns them."""
        return list(
            itertools.zip_longest(paragraphs(self.body_it), paragraphs(self.body_ru), fillvalue="")
        )
