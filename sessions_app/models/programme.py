"""A session's programme: thematic tables and the timed items of the programme."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import LocalizedFieldsMixin
from core.scripts import (
    script_errors,
    validate_cyrillic_name,
    validate_latin_name,
    validate_latin_text,
    validate_russian_text,
)
from sessions_app.models.sector import Sector
from sessions_app.models.session import Session
from sessions_app.names import PersonName


class ThematicTable(LocalizedFieldsMixin, models.Model):
    """A working table of one sector at a session, moderated by one person from each side."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="thematic_tables",
        verbose_name=_("session"),
    )
    name_it = models.CharField(_("name (Italian)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    italian_moderator_name = models.CharField(_("Italian moderator"), max_length=150, blank=True)
    italian_moderator_title = models.CharField(
        _("Italian moderator's title"), max_length=250, blank=True
    )
    russian_moderator_name = models.CharField(_("Russian moderator"), max_length=150, blank=True)
    russian_moderator_title = models.CharField(
        _("Russian moderator's title"), max_length=250, blank=True
    )
    # Both delegations read the moderators: names in both scripts, titles in both languages.
    italian_moderator_name_cyrillic = models.CharField(
        _("Italian moderator in Cyrillic"), max_length=150, blank=True
    )
    italian_moderator_title_ru = models.CharField(
        _("Italian moderator's title (Russian)"), max_length=250, blank=True
    )
    russian_moderator_name_latin = models.CharField(
        _("Russian moderator in Latin letters"),
        max_length=150,
        blank=True,
        help_text=_("Only if the passport spells it otherwise than ICAO Doc 9303."),
    )
    russian_moderator_title_it = models.CharField(
        _("Russian moderator's title (Italian)"), max_length=250, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thematic table")
        verbose_name_plural = _("thematic tables")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name_it"],
                name="thematic_table_name_unique_per_session",
                violation_error_message=_("This session already has a table with this name."),
            ),
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="thematic_table_sector_valid"
            ),
        ]

    def __str__(self):
        return self.name

    # The script of each text field (core.scripts), as the session's co-chairs.
    SCRIPT_RULES = {
        "name_it": validate_latin_text,
        "name_ru": validate_russian_text,
        "name_en": validate_latin_text,
        "description_it": validate_latin_text,
        "description_ru": validate_russian_text,
        "description_en": validate_latin_text,
        "italian_moderator_name": validate_latin_name,
        "italian_moderator_name_cyrillic": validate_cyrillic_name,
        "italian_moderator_title": validate_latin_text,
        "italian_moderator_title_ru": validate_russian_text,
        "russian_moderator_name": validate_cyrillic_name,
        "russian_moderator_name_latin": validate_latin_name,
        "russian_moderator_title": validate_russian_text,
        "russian_moderator_title_it": validate_latin_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        if errors:
            raise ValidationError(errors)

    @property
    def name(self):
        return self.localized("name")

    @property
    def description(self):
        return self.localized("description")

    @property
    def anchor(self):
        """The id of the table's card on the programme page."""
        return f"table-{self.pk}"

    @property
    def has_moderators(self):
        return bool(self.italian_moderator_name or self.russian_moderator_name)

    @property
    def italian_moderator(self):
        return PersonName(self.italian_moderator_name, self.italian_moderator_name_cyrillic)

    @property
    def russian_moderator(self):
        return PersonName(self.russian_moderator_name, self.russian_moderator_name_latin)

    @property
    def russian_moderator_latin(self):
        """The Russian moderator's name in Latin letters (ICAO Doc 9303, as on badges)."""
        return self.russian_moderator.latin

    def italian_moderator_title_in(self, language):
        if language == "ru":
            return self.italian_moderator_title_ru or self.italian_moderator_title
        return self.italian_moderator_title or self.italian_moderator_title_ru

    def russian_moderator_title_in(self, language):
        if language == "ru":
            return self.russian_moderator_title or self.russian_moderator_title_it
        return self.russian_moderator_title_it or self.russian_moderator_title


class ProgrammeItemKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    THEMATIC_TABLE = "thematic_table", _("Thematic table")
    BILATERAL_MEETINGS = "bilateral_meetings", _("Bilateral meetings")
    COMPANY_VISIT = "company_visit", _("Company visit")
    OTHER = "other", _("Other")


class ProgrammeItemQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session)

    def in_order(self):
        return self.order_by("starts_at", "ends_at", "pk")

    def with_table(self):
        return self.select_related("table")

    def company_visits(self):
        return self.filter(kind=ProgrammeItemKind.COMPANY_VISIT)

    def overlapping(self, starts_at, ends_at):
        """Items that share at least a moment with [starts_at, ends_at)."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


PLACE_FIELDS = ("place_it", "place_ru", "place_en")


def _same_place_field(first, second):
    """The first place field in which two items name the same place, or None."""
    for field in PLACE_FIELDS:
        mine = " ".join(getattr(first, field).split()).casefold()
        theirs = " ".join(getattr(second, field).split()).casefold()
        if mine and mine == theirs:
            return field
    return None


class ProgrammeItem(LocalizedFieldsMixin, models.Model):
    """One timed moment of a session's programme, from the plenary to a company visit."""

    Kind = ProgrammeItemKind

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="programme_items",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeItemKind.choices)
    title_it = models.CharField(_("title (Italian)"), max_length=250)
    title_ru = models.CharField(_("title (Russian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_it = models.CharField(_("place (Italian)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    table = models.ForeignKey(
        ThematicTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("thematic table"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places for company visits; leave empty for no limit."),
    )

    objects = ProgrammeItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["session", "starts_at", "ends_at", "pk"]
        indexes = [models.Index(fields=["session", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="programme_item_ends_after_it_starts",
                violation_error_message=_("An item must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProgrammeItemKind.values), name="programme_item_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.localized("title")

    @property
    def place(self):
        return self.localized("place")

    @property
    def description(self):
        return self.localized("description")

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.session.tzinfo)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.session.tzinfo)

    @property
    def local_day(self):
        return self.local_starts_at.date()

    @property
    def css_kind(self):
        """A class name for the kind's colour: "kind-company-visit"."""
        return "kind-" + self.kind.replace("_", "-")

    # Set by forms that check overlaps among several unsaved items at once (the admin inline),
    # where the rows in the database may be about to change in the same submission.
    overlaps_checked_elsewhere = False

    # The script of each text field (core.scripts).
    SCRIPT_RULES = {
        "title_it": validate_latin_text,
        "title_ru": validate_russian_text,
        "title_en": validate_latin_text,
        "place_it": validate_latin_text,
        "place_ru": validate_russian_text,
        "place_en": validate_latin_text,
        "description_it": validate_latin_text,
        "description_ru": validate_russian_text,
        "description_en": validate_latin_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An item must end after it starts.")
        session = self._session_or_none()
        if session is not None and session.start_date and session.end_date:
            errors.update(self._errors_outside_session(session))
        if self.table_id and session is not None:
            if self.table.session_id != session.pk:
                errors["table"] = _("This table belongs to another session.")
        if (
            not errors
            and session is not None
            and session.pk
            and not self.overlaps_checked_elsewhere
        ):
            others = ProgrammeItem.objects.filter(session=session).exclude(pk=self.pk)
            errors.update(self.overlap_errors(others))
        if errors:
            raise ValidationError(errors)

    def _session_or_none(self):
        try:
            return self.session
        except ProgrammeItem.session.RelatedObjectDoesNotExist:
            return None

    def _errors_outside_session(self, session):
        errors = {}
        first, last = session.local_start(), session.local_end()
        message = _("The session runs %(dates)s: the item must lie within these days.")
        params = {"dates": session.dates_display}
        if self.starts_at and not first <= self.starts_at < last:
            errors["starts_at"] = ValidationError(message, code="outside_session", params=params)
        if self.ends_at and not first < self.ends_at <= last:
            errors["ends_at"] = ValidationError(message, code="outside_session", params=params)
        return errors

    def overlap_errors(self, others):
        """Field errors for items among `others` in the same place at an overlapping time."""
        if not (self.starts_at and self.ends_at):
            return {}
        for other in others:
            if not (other.starts_at < self.ends_at and other.ends_at > self.starts_at):
                continue
            field = _same_place_field(self, other)
            if field is None:
                continue
            session = self._session_or_none()
            tz = session.tzinfo if session is not None else None
            return {
                field: ValidationError(
                    _("%(place)s is already taken from %(start)s to %(end)s by “%(title)s”."),
                    code="overlap",
                    params={
                        "place": getattr(other, field),
                        "start": time_format(timezone.localtime(other.starts_at, tz), "H:i"),
                        "end": time_format(timezone.localtime(other.ends_at, tz), "H:i"),
                        "title": other.title,
                    },
                )
            }
        return {}
