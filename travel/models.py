"""Visa invitation letters, and the delegates' hotels, arrivals and departures.

The model came from `delegates` and keeps its database tables (`db_table`), so that the move
(migration 0001 of travel) changed no row."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from core.i18n import LocalizedFieldsMixin
from core.text import two_parts
from delegates.models import Registration
from sessions_app.models import Country, Region, Session
from sessions_app.names import is_cyrillic, place_for_reader


class VisaLetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RELEASED = "released", _("Released to the delegate")
    SENT = "sent", pgettext_lazy("state of a visa letter", "Sent")
    REVOKED = "revoked", _("Revoked")
    ERASED = "erased", _("Passport data erased")


class VisaOutcome(models.TextChoices):
    """What became of the visa application, as the delegate (or staff) reports it."""

    NOT_REPORTED = "", _("Not reported")
    APPLIED = "applied", _("Applied for the visa")
    GRANTED = "granted", _("Visa granted")
    REFUSED = "refused", _("Visa refused")
    NOT_NEEDED = "not_needed", _("Visa not needed")


# Passport data never enters the history tables: erasing it must erase it everywhere.
PASSPORT_FIELDS = (
    "name_in_passport",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "passport_number",
    "passport_issued_on",
    "passport_expires_on",
    "passport_blank_pages",
)


class VisaLetterRequest(models.Model):
    """A delegate's request for a visa invitation letter, with the passport data it needs.

    The passport data is visible only with the `travel.view_passport_data` permission and is
    erased by `travel.services.letters.erase_passport_data` when old sessions are anonymized."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="visa_letter_request",
        verbose_name=_("registration"),
    )
    name_in_passport = models.CharField(
        _("full name as in the passport"),
        max_length=200,
        blank=True,
        help_text=_("Exactly as printed in the passport, in Latin letters."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=150, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=100, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_issued_on = models.DateField(_("passport issued on"), null=True, blank=True)
    passport_expires_on = models.DateField(_("passport valid until"), null=True, blank=True)
    passport_blank_pages = models.PositiveSmallIntegerField(
        _("blank pages left in the passport"), null=True, blank=True
    )
    consulate_office = models.ForeignKey(
        "travel.Consulate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_requests",
        verbose_name=_("consulate or visa centre"),
        help_text=_("Where the visa will be requested: the letter is addressed to it."),
    )
    consulate = models.CharField(
        _("consulate"),
        max_length=200,
        blank=True,
        help_text=_("The consulate or embassy where the visa will be requested."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VisaLetterStatus.choices,
        default=VisaLetterStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    passport_data_erased_at = models.DateTimeField(
        _("passport data erased at"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    visa_outcome = models.CharField(
        _("visa outcome"),
        max_length=10,
        choices=VisaOutcome.choices,
        default=VisaOutcome.NOT_REPORTED,
        blank=True,
        db_index=True,
    )
    visa_outcome_at = models.DateTimeField(_("visa outcome reported at"), null=True, blank=True)
    letter_version = models.PositiveSmallIntegerField(
        _("version of the letter"),
        default=0,
        editable=False,
        help_text=_("Raised at each release: the QR code of an earlier version is not valid."),
    )
    revoked_at = models.DateTimeField(_("letter revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for the revocation"), max_length=300, blank=True)

    history = HistoricalRecords(
        excluded_fields=list(PASSPORT_FIELDS), table_name="delegates_historicalvisaletterrequest"
    )

    class Meta:
        db_table = "delegates_visaletterrequest"  # kept when the model moved from delegates
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        ordering = ["-requested_at"]
        permissions = [("view_passport_data", _("Can view passport data"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VisaLetterStatus.values),
                name="visa_letter_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(visa_outcome__in=VisaOutcome.values),
                name="visa_letter_request_outcome_valid",
            ),
        ]

    def __str__(self):
        return str(self.registration.person)

    @property
    def is_released(self):
        """The delegate may download the letter (released, or sent since)."""
        return self.status in (VisaLetterStatus.RELEASED, VisaLetterStatus.SENT)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def letter_number(self):
        """The number printed on the letter and checked by the verification page."""
        number = f"TF-{self.registration.session.number}/{self.pk:04d}"
        return number if self.letter_version <= 1 else f"{number}-{self.letter_version}"


# --- the visa workflow: settings per session, exceptions, passport rules, consulates --------


class VisaSettings(models.Model):
    """How a session handles visa letters (sessions without a row use the defaults)."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="visa_settings", verbose_name=_("session")
    )
    letters_for_submitted = models.BooleanField(
        _("letters also for submitted registrations"),
        default=False,
        help_text=_(
            "Normally only approved delegates may ask for a visa letter; tick to let delegates "
            "whose registration is submitted ask too (visas take time)."
        ),
    )
    passport_retention_days = models.PositiveSmallIntegerField(
        _("days passport data is kept after the session"),
        null=True,
        blank=True,
        help_text=_("Empty: the portal's default (setting VISA_PASSPORT_RETENTION_DAYS)."),
    )
    letter_deadline = models.DateField(
        _("deadline for visa letter requests"),
        null=True,
        blank=True,
        help_text=_("Delegates who may need a letter are reminded before this date."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visa settings of a session")
        verbose_name_plural = _("visa settings of sessions")

    def __str__(self):
        return str(self.session)


class VisaEntitlementException(models.Model):
    """Staff let a delegate ask for a visa letter the rules would not offer (a member of the
    host delegation with a foreign passport, a registration still on the waiting list)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="visa_entitlement_exception",
        verbose_name=_("registration"),
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visa letter exception")
        verbose_name_plural = _("visa letter exceptions")

    def __str__(self):
        return str(self.registration.person)


class PassportRuleKind(models.TextChoices):
    MIN_VALIDITY_DAYS = "min_validity_days", _("Minimum validity after the session ends (days)")
    MAX_AGE_YEARS = "max_age_years", _("Maximum age of the passport (years)")
    MIN_BLANK_PAGES = "min_blank_pages", _("Minimum number of blank pages")


class PassportRule(models.Model):
    """One requirement a passport must meet for a visa of `destination_country`, with where
    it comes from; the request form checks it and explains it in the delegate's language."""

    destination_country = models.CharField(
        _("destination country"), max_length=2, choices=Country.choices
    )
    kind = models.CharField(_("rule"), max_length=20, choices=PassportRuleKind.choices)
    value = models.PositiveSmallIntegerField(_("value"))
    source = models.CharField(
        _("source"), max_length=300, help_text=_("The regulation or page that sets the rule.")
    )
    source_url = models.URLField(_("address of the source"), blank=True)
    is_active = models.BooleanField(_("checked"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("passport rule")
        verbose_name_plural = _("passport rules")
        ordering = ["destination_country", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["destination_country", "kind"], name="passport_rule_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PassportRuleKind.values), name="passport_rule_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_destination_country_display()}: {self.get_kind_display()} = {self.value}"


class ConsulateKind(models.TextChoices):
    EMBASSY = "embassy", _("Consular section of the embassy")
    CONSULATE = "consulate", _("Consulate general")
    VISA_CENTRE = "visa_centre", _("Visa application centre")


class Consulate(LocalizedFieldsMixin, models.Model):
    """A consulate or visa centre of `country` (the country that issues the visa) and the
    regions of the other country it serves (its jurisdiction)."""

    key = models.SlugField(
        _("key"), max_length=60, unique=True, help_text=_("A short identifier, never changed.")
    )
    country = models.CharField(_("country issuing the visa"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=ConsulateKind.choices)
    name_it = models.CharField(_("name (Italian)"), max_length=250)
    name_ru = models.CharField(_("name (Russian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    address_it = models.CharField(_("address (Italian)"), max_length=300)
    address_ru = models.CharField(_("address (Russian)"), max_length=300)
    regions = models.ManyToManyField(
        Region,
        related_name="consulates",
        blank=True,
        verbose_name=_("regions served"),
        help_text=_("The jurisdiction: the delegates of these regions apply here."),
    )
    website = models.URLField(_("website"), blank=True)
    is_reference_data = models.BooleanField(
        _("from the reference data"),
        default=False,
        help_text=_(
            "Loaded by load_reference_data from public sources; staff may correct it, and "
            "loading again never overwrites their changes."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consulate or visa centre")
        verbose_name_plural = _("consulates and visa centres")
        ordering = ["country", "kind", "name_it"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsulateKind.values), name="consulate_kind_valid"
            ),
        ]

    def __str__(self):
        return self.localized("name")

    def addressed(self, language):
        """The consulate's name and address in `language` ("it" or "ru")."""
        return self.localized("name", language), self.localized("address", language)


# --- hotels, room blocks, the delegates' rooms and their arrivals and departures -------------


class TravelLogistics(models.Model):
    """What a session collects from its delegates about their stay: switched on by the
    standard logistics block of the registration questions (sessions without a row collect
    nothing)."""

    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        related_name="travel_logistics",
        verbose_name=_("session"),
    )
    arrivals_open = models.BooleanField(
        _("delegates give their arrival and departure"),
        default=True,
        help_text=_("Date and time, flight or train, airport or station, transfer wanted."),
    )
    hotels_open = models.BooleanField(
        _("delegates choose their hotel room"),
        default=True,
        help_text=_("Among the room blocks of the session's hotels, within their capacity."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hotels and transfers of a session")
        verbose_name_plural = _("hotels and transfers of sessions")

    def __str__(self):
        return str(self.session)


class Hotel(LocalizedFieldsMixin, models.Model):
    """A hotel where the session's delegates stay."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="hotels", verbose_name=_("session")
    )
    name_it = models.CharField(_("name (Italian)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300)
    stars = models.PositiveSmallIntegerField(
        _("stars"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    distance_m = models.PositiveIntegerField(
        _("distance from the venue (metres)"),
        null=True,
        blank=True,
        help_text=_("Delegates read it in their language: “800 m”, «1,2 км»."),
    )
    notes = models.TextField(_("notes for the delegates"), blank=True)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Telephone or e-mail of the hotel.")
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        ordering = ["session", "position", "name_it"]

    def __str__(self):
        return self.localized("name")

    @property
    def distance_display(self):
        """ "400 m", «1,2 км», "1.2 km": the distance from the venue in the reader's language."""
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return pgettext("a distance", "%(metres)s m") % {"metres": self.distance_m}
        kilometres = number_format(self.distance_m / 1000, decimal_pos=1, use_l10n=True)
        return pgettext("a distance", "%(kilometres)s km") % {"kilometres": kilometres}

    @property
    def address_for_reader(self):
        """The address as written; for a reader of a language other than Russian, a Cyrillic
        address in Latin letters as the portal spells Russian places in that language
        ("ul. Baumana, 1, Kazan’"), the original after it for the taxi driver."""
        if translation.get_language() == "ru" or not is_cyrillic(self.address):
            return self.address
        return f"{place_for_reader(self.address)} ({self.address})"

    def both_names(self):
        """ "Hotel Kazan' / Отель «Казань»": the Italian and the Russian name, once if equal."""
        if self.name_it == self.name_ru:
            return self.name_it
        return f"{self.name_it} / {self.name_ru}"


class RoomType(models.TextChoices):
    SINGLE = "single", _("Single room")
    DOUBLE = "double", _("Double room")
    DOUBLE_SINGLE_USE = "double_single", _("Double room for single use")
    TWIN = "twin", _("Twin room")
    SUITE = "suite", _("Suite")


class RoomBlock(models.Model):
    """Rooms of one type the organizers hold at a hotel for the session's nights: `rooms`
    delegates may choose it (each booking takes one room)."""

    hotel = models.ForeignKey(
        Hotel, on_delete=models.CASCADE, related_name="room_blocks", verbose_name=_("hotel")
    )
    room_type = models.CharField(_("room type"), max_length=16, choices=RoomType.choices)
    rooms = models.PositiveSmallIntegerField(_("number of rooms"))
    first_night = models.DateField(_("first night"))
    last_night = models.DateField(
        _("last night"),
        help_text=_(
            "The last night the rooms are held, not the day of departure: delegates check out "
            "by the next day."
        ),
    )
    price = models.DecimalField(
        _("price per night"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        ordering = ["hotel", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(room_type__in=RoomType.values), name="room_block_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(last_night__gte=models.F("first_night")),
                name="room_block_nights_in_order",
            ),
        ]

    def __str__(self):
        return two_parts(self.hotel, self.get_room_type_display(), lower_second=True)

    @property
    def check_out_day(self):
        """The last day a delegate may check out: the morning after the last night."""
        return self.last_night + datetime.timedelta(days=1)


class HotelBooking(models.Model):
    """The room a delegate chose: one per registration, in one room block."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="hotel_booking",
        verbose_name=_("registration"),
    )
    room_block = models.ForeignKey(
        RoomBlock, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room block")
    )
    check_in = models.DateField(pgettext_lazy("hotel", "check-in"))
    check_out = models.DateField(pgettext_lazy("hotel", "check-out"))
    sharing_note = models.CharField(
        _("sharing the room with"),
        max_length=200,
        blank=True,
        help_text=_("For a double or twin room: whom you share it with, or any other wish."),
    )
    created_at = models.DateTimeField(_("chosen at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hotel room of a delegate")
        verbose_name_plural = _("hotel rooms of the delegates")
        ordering = ["room_block", "check_in", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__gt=models.F("check_in")),
                name="hotel_booking_check_out_after_check_in",
            ),
        ]

    def __str__(self):
        return str(self.registration.person)

    @property
    def nights(self):
        return (self.check_out - self.check_in).days


class TravelMeans(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    TRAIN = "train", _("Train")
    CAR = "car", _("Car")
    OTHER = "other", pgettext_lazy("means of travel", "Other")


class TravelPlan(models.Model):
    """When and how a delegate arrives and leaves (times in the host city's zone)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="travel_plan",
        verbose_name=_("registration"),
    )
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    arrival_means = models.CharField(
        _("arriving by"), max_length=8, choices=TravelMeans.choices, blank=True
    )
    arrival_number = models.CharField(
        _("arrival flight or train number"), max_length=20, blank=True
    )
    arrival_place = models.CharField(_("arrival airport or station"), max_length=120, blank=True)
    arrival_transfer = models.BooleanField(_("transfer wanted on arrival"), default=False)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    departure_means = models.CharField(
        _("leaving by"), max_length=8, choices=TravelMeans.choices, blank=True
    )
    departure_number = models.CharField(
        _("departure flight or train number"), max_length=20, blank=True
    )
    departure_place = models.CharField(
        _("departure airport or station"), max_length=120, blank=True
    )
    departure_transfer = models.BooleanField(_("transfer wanted on departure"), default=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arrival and departure of a delegate")
        verbose_name_plural = _("arrivals and departures of the delegates")
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_at__isnull=True)
                | Q(departure_at__isnull=True)
                | Q(departure_at__gt=models.F("arrival_at")),
                name="travel_plan_departure_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(arrival_means__in=TravelMeans.values) | Q(arrival_means=""),
                name="travel_plan_arrival_means_valid",
            ),
            models.CheckConstraint(
                condition=Q(departure_means__in=TravelMeans.values) | Q(departure_means=""),
                name="travel_plan_departure_means_valid",
            ),
        ]

    def __str__(self):
        return str(self.registration.person)
