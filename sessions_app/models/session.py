import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import LocalizedFieldsMixin
from core.roman import to_roman
from core.scripts import (
    script_errors,
    validate_cyrillic_name,
    validate_latin_name,
    validate_latin_text,
    validate_russian_text,
)
from core.text import italian_elision
from sessions_app.dates import (  # noqa: F401 (LOWERCASE_MONTH_LANGUAGES, long_date: re-exported)
    LOWERCASE_MONTH_LANGUAGES,
    date_range,
    long_date,
    month_and_year,
    session_moment,
    year_alone,
    zone_label,
)
from sessions_app.dates import format_utc_offset as _format_utc_offset
from sessions_app.names import PersonName
from sessions_app.time_zones import country_zones, proposed_zone, region_zones, zone_choices


class Country(models.TextChoices):
    ITALY = "IT", _("Italy")
    RUSSIA = "RU", _("Russia")


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")
    REPUBLIC = "republic", _("Republic")
    KRAI = "krai", _("Krai")
    OBLAST = "oblast", _("Oblast")
    FEDERAL_CITY = "federal_city", _("Federal city")
    AUTONOMOUS_OBLAST = "autonomous_oblast", _("Autonomous oblast")
    AUTONOMOUS_OKRUG = "autonomous_okrug", _("Autonomous okrug")


class RegionQuerySet(models.QuerySet):
    def italian(self):
        return self.filter(country=Country.ITALY)

    def russian(self):
        return self.filter(country=Country.RUSSIA)

    def by_name(self, language=None):
        """By country, then by the name in `language` (the active one) as its readers sort
        it: «Алтайский край» before «Республика Адыгея», never by ISO code; accents and «ё»
        in their places (PostgreSQL's ICU collation of the language)."""
        language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        if language not in ("it", "ru", "en"):
            language = "en"
        name = f"name_{language}"
        if connections[self.db].vendor == "postgresql":
            name = Collate(name, f"{language}-x-icu")
        # SQLite (`make run`) has no ICU: its order of code points puts Cyrillic and
        # unaccented Latin names in their order already.
        return self.order_by("country", name, "pk")


class Region(LocalizedFieldsMixin, models.Model):
    """An Italian region or a Russian federal subject (ISO 3166-2)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=Country.values), name="region_country_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.localized("name")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
    HELD = "held", _("Held")
    # «Отменено» agrees with «заседание» (a cancelled registration or meeting is «Отменена»).
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days known")
    MONTH = "month", _("Only the month is known")
    YEAR = "year", _("Only the year is known")
    UNKNOWN = "unknown", _("Date unknown")


def _time_zone_choices():
    """The zones of Italy and Russia, labelled with their country and offset
    (sessions_app.time_zones)."""
    return zone_choices()


class SessionQuerySet(models.QuerySet):
    def with_region(self):
        return self.select_related("host_region")

    def for_listing(self):
        """What a table of sessions shows (number, city, region, dates, status as its
        registration window says it): the rows of the session list and of the home page's
        past editions, and no other column."""
        return self.with_region().titles_only(
            "host_country",
            "host_region",
            "start_date",
            "end_date",
            "date_precision",
            "status",
            # The status shown follows the registration window (public_status_display).
            "registration_opens",
            "registration_closes",
            "time_zone",
        )

    def titles_only(self, *fields):
        """Of each session, only what its title and city read ("XXV sessione – Bergamo"),
        and `fields`: for lists and figures that show no more (a narrower query, lighter
        rows)."""
        return self.only("number", "city_it", "city_ru", "city_en", *fields)

    def not_cancelled(self):
        return self.exclude(status=SessionStatus.CANCELLED)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.not_cancelled().filter(end_date__gte=today).order_by("start_date")

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.not_cancelled().filter(end_date__lt=today).order_by("-start_date")


class Session(LocalizedFieldsMixin, models.Model):
    """A numbered edition of the Task Force, held alternately in Italy and Russia."""

    # Shown in Roman numerals ("XXV sessione"), which stop at 3999.
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(3999)]
    )
    host_country = models.CharField(_("host country"), max_length=2, choices=Country.choices)
    host_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="hosted_sessions", verbose_name=_("region")
    )
    city_it = models.CharField(_("city (Italian)"), max_length=100)
    city_ru = models.CharField(_("city (Russian)"), max_length=100, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_(
            "As written on the spot (Italian or Latin letters); the other languages below."
        ),
    )
    venue_ru = models.CharField(_("venue (Russian)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Rome",
        choices=_time_zone_choices,
        help_text=_("The host city's time zone; programme times are shown in it."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=7,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "For past editions known only to the month or the year, record the month or the "
            "year, not a day."
        ),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    italian_cochair_name = models.CharField(_("Italian co-chair"), max_length=150, blank=True)
    italian_cochair_title = models.CharField(
        _("Italian co-chair's title"), max_length=250, blank=True
    )
    russian_cochair_name = models.CharField(_("Russian co-chair"), max_length=150, blank=True)
    russian_cochair_title = models.CharField(
        _("Russian co-chair's title"), max_length=250, blank=True
    )
    # The other delegation reads the co-chairs too: names in both scripts, titles in both
    # languages (sessions_app.names: ICAO Doc 9303 unless a passport spells it otherwise).
    italian_cochair_name_cyrillic = models.CharField(
        _("Italian co-chair in Cyrillic"), max_length=150, blank=True
    )
    italian_cochair_title_ru = models.CharField(
        _("Italian co-chair's title (Russian)"), max_length=250, blank=True
    )
    russian_cochair_name_latin = models.CharField(
        _("Russian co-chair in Latin letters"),
        max_length=150,
        blank=True,
        help_text=_("Only if the passport spells it otherwise than ICAO Doc 9303."),
    )
    russian_cochair_title_it = models.CharField(
        _("Russian co-chair's title (Italian)"), max_length=250, blank=True
    )
    # The English pages read the co-chairs too: their titles in English when staff give
    # them; else as the co-chair's own country writes it, marked with its language.
    italian_cochair_title_en = models.CharField(
        _("Italian co-chair's title (English)"), max_length=250, blank=True
    )
    russian_cochair_title_en = models.CharField(
        _("Russian co-chair's title (English)"), max_length=250, blank=True
    )
    capacity_italian = models.PositiveIntegerField(
        _("places for the Italian delegation"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    capacity_russian = models.PositiveIntegerField(
        _("places for the Russian delegation"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    historical_registrations_italian = models.PositiveIntegerField(
        _("Italian registrations (historical)"),
        null=True,
        blank=True,
        help_text=_("For past editions without registration records in the portal."),
    )
    historical_registrations_russian = models.PositiveIntegerField(
        _("Russian registrations (historical)"),
        null=True,
        blank=True,
        help_text=_("For past editions without registration records in the portal."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_it_starts",
                violation_error_message=_("The session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="session_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title_and_city

    def get_absolute_url(self):
        return reverse("sessions_app:session_detail", kwargs={"number": self.number})

    @property
    def title_and_city(self):
        """ "XXV sessione – Bergamo", "XXX заседание — Казань": the dash is typography of
        each language (spaced en dash in Italian and English, em dash in Russian)."""
        return gettext("%(title)s – %(city)s") % {"title": self.title, "city": self.city}

    @property
    def italian_cochair(self):
        return PersonName(self.italian_cochair_name, self.italian_cochair_name_cyrillic)

    @property
    def russian_cochair(self):
        return PersonName(self.russian_cochair_name, self.russian_cochair_name_latin)

    def _cochair_titles(self, role):
        """{language: title} of a co-chair, the co-chair's own language first."""
        if role == "italian_cochair":
            titles = {"it": self.italian_cochair_title, "ru": self.italian_cochair_title_ru}
        else:
            titles = {"ru": self.russian_cochair_title, "it": self.russian_cochair_title_it}
        titles["en"] = getattr(self, f"{role}_title_en")
        return titles

    def cochair_title_with_language(self, role, language):
        """(title, its language) of the "italian_cochair" or "russian_cochair": in `language`
        when recorded, else as the co-chair's own country writes it (the official title,
        never a translation into a third language), else in the remaining one; ("", "")
        when none is recorded."""
        language = (language or settings.LANGUAGE_CODE)[:2]
        titles = self._cochair_titles(role)
        for code in [language, *titles]:
            if titles.get(code):
                return titles[code], code
        return "", ""

    def italian_cochair_title_in(self, language):
        return self.cochair_title_with_language("italian_cochair", language)[0]

    def russian_cochair_title_in(self, language):
        return self.cochair_title_with_language("russian_cochair", language)[0]

    @property
    def roman_numeral(self):
        """The numeral ("XXV"); a number no Roman numeral writes (a row saved around the
        validators) is shown as it is rather than failing every page that names the session."""
        try:
            return to_roman(self.number)
        except ValueError:
            return str(self.number)

    @property
    def title(self):
        return gettext("%(numeral)s session") % {"numeral": self.roman_numeral}

    @property
    def city(self):
        return self.localized("city")

    @property
    def venue_name(self):
        """The venue in the active language: "Казань Экспо" on a Russian page, "Kazan Expo" on an
        Italian one; the venue as written when that language's name is missing."""
        return self.venue_in(translation.get_language())

    def venue_in(self, language):
        language = (language or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"venue_{language}", "") or self.venue

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def utc_offsets_display(self):
        """The UTC offsets the host city keeps during the session: "UTC+5", "UTC+2/UTC+1"."""
        offsets = []
        day = self.start_date
        while day <= self.end_date:
            noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=self.tzinfo)
            text = _format_utc_offset(noon.utcoffset())
            if text not in offsets:
                offsets.append(text)
            day += datetime.timedelta(days=1)
        return "/".join(offsets)

    @property
    def time_zone_display(self):
        """The zone named as delegates need it: "Asia/Yekaterinburg, UTC+5"."""
        return f"{self.time_zone}, {self.utc_offsets_display}"

    def local_start(self):
        """Midnight at the start of the first day, in the host city."""
        return datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=self.tzinfo)

    def local_end(self):
        """Midnight at the end of the last day, in the host city."""
        next_day = self.end_date + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=self.tzinfo)

    @property
    def is_month_only(self):
        return self.date_precision == DatePrecision.MONTH

    @property
    def is_year_only(self):
        return self.date_precision == DatePrecision.YEAR

    @property
    def dates_display(self):
        """Dates as people write them: "1–2 December 2016", "October 2007", or "2010"
        (Russian: «2010 г.»)."""
        if self.is_month_only:
            return month_and_year(self.start_date)
        if self.is_year_only:
            return year_alone(self.start_date.year)
        return date_range(self.start_date, self.end_date)

    def dates_display_in(self, language):
        """The dates in `language`, whatever the active one: the badge prints both."""
        with translation.override(language):
            return self.dates_display

    @property
    def zone_label(self):
        """ "ora di Kazan', UTC+3": said beside every time shown for this session."""
        return zone_label(self)

    def last_day_is_over(self, now=None):
        """Whether the session's last day is past in the host city (its dates alone)."""
        return (now or timezone.now()) >= self.local_end()

    def has_ended(self, now=None):
        """Whether the session is over: marked as held, or its last day is past in the host
        city."""
        return self.status == SessionStatus.HELD or self.last_day_is_over(now)

    @property
    def is_over(self):
        return self.has_ended()

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def took_place(self, now=None):
        """Whether the session was held: over and not cancelled. What was planned for it (a
        project to present at one of its tables) happened only then."""
        return not self.is_cancelled and self.has_ended(now)

    @property
    def was_held(self):
        return self.took_place()

    def has_started(self, now=None):
        """Whether the session's first day has come in the host city."""
        return timezone.localdate(now or timezone.now(), self.tzinfo) >= self.start_date

    def is_registration_open(self, now=None):
        """Open when staff have opened it and the current time lies in the window."""
        if self.status != SessionStatus.REGISTRATION_OPEN:
            return False
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now >= self.registration_closes)

    def public_status_display(self, now=None):
        """The status as the public pages say it: staff's status, except that a session
        marked open reads as its registration window says. Before the window opens:
        «Registrazioni dal 1º marzo 2027», «Регистрация с 1 марта 2027 г.», "Registration
        from 1 March 2027" (the day in the host city); after it closes: "Registration
        closed". The stored status (the API's machine value) stays as staff set it; pages
        that show this are kept in the cache no longer than the window's next edge
        (core.public_cache.valid_until)."""
        if self.status == SessionStatus.REGISTRATION_OPEN:
            now = now or timezone.now()
            if self.registration_opens and now < self.registration_opens:
                day = timezone.localtime(self.registration_opens, self.tzinfo).date()
                label = pgettext("public status of a session", "Registration from %(date)s")
                return italian_elision(label % {"date": long_date(day)})
            if self.registration_closes and now >= self.registration_closes:
                return SessionStatus.REGISTRATION_CLOSED.label
        return self.get_status_display()

    @property
    def public_status(self):
        return self.public_status_display()

    def status_window_warnings(self, now=None):
        """What staff should hear when they save a session marked open whose window says
        otherwise (the public pages follow the window: `public_status_display`)."""
        if self.status != SessionStatus.REGISTRATION_OPEN:
            return []
        now = now or timezone.now()
        warnings = []
        if self.registration_opens and now < self.registration_opens:
            warnings.append(
                gettext(
                    "The status is “Registration open”, but registration opens only on "
                    "%(moment)s: until then the public pages say “%(label)s” and the form "
                    "does not accept registrations."
                )
                % {
                    "moment": session_moment(self.registration_opens, self),
                    "label": self.public_status_display(now),
                }
            )
        if self.registration_closes and now >= self.registration_closes:
            warnings.append(
                gettext(
                    "The status is “Registration open”, but registration closed on "
                    "%(moment)s: the public pages say “%(label)s” and the form does not "
                    "accept registrations. Set the status to “Registration closed”, or move "
                    "the closing date."
                )
                % {
                    "moment": session_moment(self.registration_closes, self),
                    "label": SessionStatus.REGISTRATION_CLOSED.label,
                }
            )
        return [italian_elision(warning) for warning in warnings]

    def capacity_for(self, delegation):
        return {
            Country.ITALY: self.capacity_italian,
            Country.RUSSIA: self.capacity_russian,
        }.get(delegation)

    # The script each text field is written in (core.scripts): what Russian readers read is in
    # Cyrillic, what the others read in Latin letters; names of people and places in one
    # script, texts with the other script's names and abbreviations inside.
    SCRIPT_RULES = {
        "city_it": validate_latin_name,
        "city_ru": validate_cyrillic_name,
        "city_en": validate_latin_name,
        "venue": validate_latin_text,
        "venue_ru": validate_russian_text,
        "venue_en": validate_latin_text,
        "italian_cochair_name": validate_latin_name,
        "italian_cochair_name_cyrillic": validate_cyrillic_name,
        "italian_cochair_title": validate_latin_text,
        "italian_cochair_title_ru": validate_russian_text,
        "russian_cochair_name": validate_cyrillic_name,
        "russian_cochair_name_latin": validate_latin_name,
        "russian_cochair_title": validate_russian_text,
        "russian_cochair_title_it": validate_latin_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        zone_error = self.time_zone_error()
        if zone_error:
            errors["time_zone"] = zone_error
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The session cannot end before it starts.")
        if self.host_region_id and self.host_country:
            if self.host_region.country != self.host_country:
                errors["host_region"] = _("The host region must lie in the host country.")
        if self.registration_opens and self.registration_closes:
            if self.registration_closes <= self.registration_opens:
                errors["registration_closes"] = _("Registration must close after it opens.")
        if self.registration_closes and self.start_date:
            session_start = datetime.datetime.combine(
                self.start_date, datetime.time.min, tzinfo=self.tzinfo
            )
            if self.registration_closes > session_start:
                errors["registration_closes"] = _(
                    "Registration must close before the session starts."
                )
        if self.is_month_only and self.start_date and self.end_date:
            if (self.start_date.year, self.start_date.month) != (
                self.end_date.year,
                self.end_date.month,
            ):
                errors["end_date"] = _(
                    "When only the month is known, start and end lie in the same month."
                )
        if self.date_precision == DatePrecision.UNKNOWN:
            errors["date_precision"] = _(
                "A session in the portal has a date, at least its year; an edition whose date "
                "is unknown belongs to the historical record only."
            )
        if errors:
            raise ValidationError(errors)

    def time_zone_error(self):
        """Why the session's zone cannot be the host city's, or None: a zone of another
        country (Europe/Rome for Novosibirsk), or a Russian zone whose time differs from the
        host region's on the session's days (Europe/Moscow for Novosibirsk)."""
        if not (self.time_zone and self.host_country):
            return None
        region = self.host_region if self.host_region_id else None
        if region is not None and region.country != self.host_country:
            region = None  # the region's own error says so
        params = {
            "zone": self.time_zone,
            "country": self.get_host_country_display(),
            "region": region,
            "proposed": proposed_zone(region) if region else "",
        }
        if self.time_zone not in country_zones(self.host_country):
            if region is None:
                message = _("%(zone)s is not a time zone of the host country (%(country)s).")
            else:
                message = _(
                    "%(zone)s is not a time zone of the host country (%(country)s): the host "
                    "region (%(region)s) keeps %(proposed)s."
                )
            return ValidationError(message, code="zone_of_another_country", params=params)
        zones = region_zones(region)
        if not zones or self.time_zone in zones:
            return None
        day = self.start_date or timezone.localdate()
        noon = datetime.datetime.combine(day, datetime.time(12))
        offset = zoneinfo.ZoneInfo(self.time_zone).utcoffset(noon)
        if any(zoneinfo.ZoneInfo(zone).utcoffset(noon) == offset for zone in zones):
            return None
        return ValidationError(
            _(
                "The host region (%(region)s) keeps %(region_offset)s (%(proposed)s), not "
                "%(offset)s (%(zone)s): choose the host region's time zone."
            ),
            code="zone_of_another_region",
            params={
                **params,
                "region_offset": _format_utc_offset(zoneinfo.ZoneInfo(zones[0]).utcoffset(noon)),
                "offset": _format_utc_offset(offset),
            },
        )
