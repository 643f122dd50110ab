"""The historical record: every edition of the Task Force known from public sources.

An edition is what public sources say of one numbered meeting, kept apart from the portal's
own `Session` (what the portal organized and counted). An edition held in a known region at a
known date has its session in the portal; the others (no public record found, a date not even
known to the year, a postponed or online meeting) live here only, so that the numbering
I–XXVIII stays whole. The sessions organized through the portal (XXIX on) are in the portal
only; sessions_app/services/record.py puts both together. Figures reported by sources are
`ReportedFigure` rows, each with its source: two sources that disagree give two rows, and both
are shown.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import LocalizedFieldsMixin
from core.roman import to_roman
from core.scripts import script_errors, validate_latin_text, validate_russian_text
from sessions_app.dates import date_range, month_and_year, year_alone
from sessions_app.models.session import Country, DatePrecision, Region, Session, SessionStatus


class EditionStatus(models.TextChoices):
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")


class Confidence(models.TextChoices):
    SOURCED = "sourced", _("Stated by a source")
    INFERRED = "inferred", _("Inferred")


class EditionQuerySet(models.QuerySet):
    def for_display(self, with_session=True):
        """With what the history page and the session page show, in a constant number of
        queries (the session page, which has the session, leaves it out)."""
        related = ("host_region", "session") if with_session else ("host_region",)
        return self.select_related(*related).prefetch_related(*shown_with_edition())


def shown_with_edition():
    """What an edition is shown with (prefetch lookups): its sources, and its figures with
    the source of each."""
    return ("sources", models.Prefetch("figures", ReportedFigure.objects.select_related("source")))


class Edition(LocalizedFieldsMixin, models.Model):
    """One numbered edition as public sources record it."""

    number = models.PositiveSmallIntegerField(_("number"))
    sequence = models.PositiveSmallIntegerField(
        _("attempt"),
        default=1,
        help_text=_(
            "1 for an edition's first date; 2 when a postponed edition was held later, etc."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.HELD
    )
    is_online = models.BooleanField(_("held online"), default=False)
    confidence = models.CharField(
        _("confidence"),
        max_length=10,
        choices=Confidence.choices,
        default=Confidence.SOURCED,
        help_text=_(
            "Inferred: the value comes from the numbering, the alternation or the timing, "
            "not from a source that states it."
        ),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=7,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    host_country = models.CharField(
        _("host country"), max_length=2, choices=Country.choices, blank=True
    )
    host_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("region"),
    )
    city_it = models.CharField(_("city (Italian)"), max_length=100, blank=True)
    city_ru = models.CharField(_("city (Russian)"), max_length=100, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("session in the portal"),
    )
    tables_note = models.TextField(_("thematic tables (as the sources give them)"), blank=True)
    figures_note = models.TextField(_("figures (as the sources give them)"), blank=True)

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("edition (historical record)")
        verbose_name_plural = _("editions (historical record)")
        ordering = ["number", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["number", "sequence"], name="edition_number_sequence"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="edition_ends_after_it_starts",
                violation_error_message=_("The edition cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title_and_place

    @property
    def roman_numeral(self):
        return to_roman(self.number)

    @property
    def title(self):
        return gettext("%(numeral)s session") % {"numeral": self.roman_numeral}

    @property
    def city(self):
        return self.localized("city")

    @property
    def title_and_place(self):
        return gettext("%(title)s – %(city)s") % {"title": self.title, "city": self.place_display}

    @property
    def has_public_record(self):
        """False when only the edition's number is known: no source, no place, no date, not
        even a year or a country inferred from the alternation (editions I–III, V–VII)."""
        return self.confidence == Confidence.SOURCED or bool(
            self.city_it
            or self.city_en
            or self.is_online
            or self.year
            or self.start_date
            or self.host_country
            or self.host_region_id
        )

    @property
    def is_from_portal(self):
        """Whether this is a session of the portal not (yet) in the historical record, shown
        beside the record's editions (`Edition.from_session`), never saved."""
        return self.pk is None and self.session is not None

    @property
    def is_to_come(self):
        """A portal session not held yet (planned, registration open or closed)."""
        return self.is_from_portal and self.session.status != SessionStatus.HELD

    @property
    def is_held(self):
        return self.status == EditionStatus.HELD and not self.is_to_come

    @classmethod
    def from_session(cls, session):
        """The edition that a portal session without a record of its own stands for on the
        history page: its number, dates and place as the portal has them (not saved)."""
        return cls(
            number=session.number,
            status=EditionStatus.HELD,
            confidence=Confidence.SOURCED,
            date_precision=session.date_precision,
            year=session.start_date.year,
            start_date=session.start_date,
            end_date=session.end_date,
            host_country=session.host_country,
            host_region=session.host_region,
            city_it=session.city_it,
            city_ru=session.city_ru,
            city_en=session.city_en,
            venue=session.venue_name,
            session=session,
        )

    @property
    def is_postponed(self):
        return self.status == EditionStatus.POSTPONED

    @property
    def place_display(self):
        if self.is_online:
            return gettext("online")
        return self.city or gettext("place unknown")

    @property
    def dates_display(self):
        """As far as the sources tell: days, a month, a year, or "date unknown"."""
        if self.date_precision == DatePrecision.DAY and self.start_date:
            return date_range(self.start_date, self.end_date or self.start_date)
        if self.date_precision == DatePrecision.MONTH and self.start_date:
            return month_and_year(self.start_date)
        if self.year:
            return year_alone(self.year)
        return gettext("date unknown")

    def figures_by_kind(self):
        """[(kind label, [figures], whether the sources disagree)…] in the order of the
        kinds. Several figures of one kind come from several sources (or a forecast and an
        outcome); they disagree when their values differ."""
        groups = {}
        for figure in self.figures.all():
            groups.setdefault(figure.kind, []).append(figure)
        order = list(FigureKind.values)
        return [
            (
                FigureKind(kind).label,
                figures,
                len({figure.value for figure in figures}) > 1,
            )
            for kind, figures in sorted(groups.items(), key=lambda item: order.index(item[0]))
        ]

    # The city in each language's script (core.scripts), as a session's.
    SCRIPT_RULES = {
        "city_it": validate_latin_text,
        "city_ru": validate_russian_text,
        "city_en": validate_latin_text,
        "venue": validate_latin_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        if self.host_region_id and self.host_country:
            if self.host_region.country != self.host_country:
                errors["host_region"] = _("The host region must lie in the host country.")
        if self.date_precision in (DatePrecision.DAY, DatePrecision.MONTH):
            if not self.start_date:
                errors["start_date"] = _("With days or a month known, give the start date.")
        if self.date_precision == DatePrecision.YEAR and not self.year:
            errors["year"] = _("With only the year known, give the year.")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["year"] = _("The year must be the start date's year.")
        if errors:
            raise ValidationError(errors)


class EditionSource(models.Model):
    """A public page that tells of an edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sources", verbose_name=_("edition")
    )
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "url"], name="edition_source_unique_url"),
        ]

    def __str__(self):
        return self.site

    @property
    def address_display(self):
        """The address without its scheme, shortened: two addresses of one site stay apart."""
        address = self.url.split("://", 1)[-1]
        return address if len(address) <= 72 else address[:71] + "…"

    @property
    def site(self):
        """The site's name without "www.": what a reader recognizes."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")


class FigureKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    ITALIAN_PARTICIPANTS = "italian_participants", _("Italian participants")
    RUSSIAN_PARTICIPANTS = "russian_participants", _("Russian participants")
    REGISTRATIONS = "registrations", _("Registrations")
    ORGANIZATIONS = "organizations", _("Organizations taking part")
    ITALIAN_ORGANIZATIONS = "italian_organizations", _("Italian organizations")
    ITALIAN_COMPANIES = "italian_companies", _("Italian companies")
    ITALIAN_REGIONS = "italian_regions", _("Italian regions represented")
    RUSSIAN_REGIONS = "russian_regions", _("Russian regions represented")
    PROJECTS = "projects", _("Collaboration projects presented")
    AGREEMENTS = "agreements", _("Agreements signed")
    B2B_MEETINGS = "b2b_meetings", _("B2B meetings")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    OVER = "over", _("over")


class ReportedFigure(models.Model):
    """A figure a source reported for an edition, apart from what the portal counts."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="figures", verbose_name=_("edition")
    )
    kind = models.CharField(_("what"), max_length=30, choices=FigureKind.choices)
    value = models.PositiveIntegerField(_("value"))
    qualifier = models.CharField(
        _("qualifier"), max_length=5, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    is_forecast = models.BooleanField(
        _("announced before the session"),
        default=False,
        help_text=_("An expected figure, announced before the session took place."),
    )
    # A figure stands only with its source: removing the source removes its figures.
    source = models.ForeignKey(
        EditionSource,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("source"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["edition", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "source"], name="reported_figure_one_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value_display}"

    @property
    def value_display(self):
        if self.qualifier == Qualifier.ABOUT:
            return gettext("about %(value)s") % {"value": self.value}
        if self.qualifier == Qualifier.OVER:
            return gettext("over %(value)s") % {"value": self.value}
        return str(self.value)

    def clean(self):
        if self.source_id and self.edition_id and self.source.edition_id != self.edition_id:
            raise ValidationError({"source": _("The source must be one of this edition's.")})
