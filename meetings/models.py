"""The Meeting Point: B2B profiles, meeting requests and scheduled bilateral meetings."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.scripts import script_errors, validate_latin_text, validate_russian_text
from core.text import two_parts
from delegates.models import Registration, RegistrationStatus, Sector
from sessions_app.models import Session


class SpokenLanguage(models.TextChoices):
    """Languages a delegate can hold a meeting in."""

    ITALIAN = "it", _("Italian")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")


@dataclass(frozen=True)
class Slot:
    """One time slot of a Meeting Point; `index` is what meetings store."""

    index: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class MeetingPointQuerySet(models.QuerySet):
    def with_statistics(self):
        """Each Meeting Point with the counts of its admin line, in the same query: requests
        `requests_sent` and `requests_accepted`, meetings `meetings_scheduled` and
        `meetings_held` (as `meetings.reading.statistics` counts them for one)."""

        def count(model, **filters):
            rows = (
                model.objects.filter(meeting_point=OuterRef("pk"), **filters)
                .order_by()
                .values("meeting_point")
                .annotate(count=Count("pk"))
                .values("count")
            )
            return Coalesce(Subquery(rows), 0)

        return self.annotate(
            requests_sent=count(MeetingRequest),
            requests_accepted=count(MeetingRequest, status=MeetingRequestStatus.ACCEPTED),
            meetings_scheduled=count(Meeting, slot__isnull=False),
            meetings_held=count(Meeting, is_held=True),
        )


class MeetingPoint(models.Model):
    """The bilateral meetings of one session: when, how long each meeting, how many tables."""

    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        related_name="meeting_point",
        verbose_name=_("session"),
    )
    starts_at = models.DateTimeField(_("first meeting starts at"))
    ends_at = models.DateTimeField(_("last meeting ends by"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a meeting (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    tables = models.PositiveSmallIntegerField(
        _("number of tables"), default=20, validators=[MinValueValidator(1)]
    )
    interpreters_per_slot = models.PositiveSmallIntegerField(
        _("interpreters available per slot"),
        null=True,
        blank=True,
        help_text=_(
            "How many meetings needing an interpreter can run at the same time. "
            "Leave empty for no limit."
        ),
    )
    place = models.CharField(_("place (Italian)"), max_length=200, blank=True)
    place_ru = models.CharField(
        _("place (Russian)"),
        max_length=200,
        blank=True,
        help_text=_("As Russian delegates read it; empty: the Italian one."),
    )
    requires_profile_approval = models.BooleanField(
        _("profiles need approval"),
        default=False,
        help_text=_("Profiles appear in the catalogue only after staff approve them."),
    )
    cross_delegation_only = models.BooleanField(
        _("only meetings between the two delegations"),
        default=True,
        help_text=_("Italian delegates meet Russian delegates and vice versa."),
    )
    closes_at = models.DateTimeField(
        _("requests close at"),
        null=True,
        blank=True,
        help_text=_("After this moment no request can be sent or accepted."),
    )
    last_scheduled_at = models.DateTimeField(_("last scheduled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    objects = MeetingPointQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("name of the model", "Meeting Point")
        verbose_name_plural = pgettext_lazy("name of the model", "Meeting Points")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_point_ends_after_it_starts",
                violation_error_message=_("The Meeting Point must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5), name="meeting_point_slot_at_least_5_minutes"
            ),
            models.CheckConstraint(condition=Q(tables__gte=1), name="meeting_point_has_tables"),
        ]

    def __str__(self):
        return _("Meeting Point of the %(session)s") % {"session": self.session.title}

    def clean(self):
        # The place in each language's script (core.scripts).
        errors = script_errors(
            self, {"place": validate_latin_text, "place_ru": validate_russian_text}
        )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The Meeting Point must end after it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def place_for_reader(self):
        """Where it is held, in Russian for a Russian reader when given, else as written."""
        if (translation.get_language() or "")[:2] == "ru" and self.place_ru:
            return self.place_ru
        return self.place

    def slots(self):
        """The meeting slots in order, skipping breaks: a slot that would overlap a break
        starts again when the break ends. Cached on the instance."""
        cached = getattr(self, "_slots_cache", None)
        if cached is not None:
            return cached
        length = datetime.timedelta(minutes=self.slot_minutes)
        breaks = sorted((b.starts_at, b.ends_at) for b in self.breaks.all())
        slots = []
        moment = self.starts_at
        while moment + length <= self.ends_at:
            overlapping = [end for start, end in breaks if start < moment + length and end > moment]
            if overlapping:
                moment = max(overlapping)
                continue
            slots.append(Slot(len(slots), moment, moment + length))
            moment += length
        self._slots_cache = slots
        return slots

    def slot(self, index):
        slots = self.slots()
        if index is None or not 0 <= index < len(slots):
            return None
        return slots[index]

    @property
    def slot_count(self):
        return len(self.slots())

    @property
    def capacity(self):
        """How many meetings fit at most: tables times slots."""
        return self.tables * self.slot_count

    def local(self, moment):
        return timezone.localtime(moment, self.session.tzinfo)

    def is_open_for_requests(self, now=None):
        now = now or timezone.now()
        if self.closes_at and now >= self.closes_at:
            return False
        return now < self.ends_at


class MeetingBreak(models.Model):
    """A pause of the Meeting Point (coffee, lunch) during which no meeting is placed."""

    meeting_point = models.ForeignKey(MeetingPoint, on_delete=models.CASCADE, related_name="breaks")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_break_ends_after_it_starts",
                violation_error_message=_("A break must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.label or str(_("Break"))


class B2BProfileQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(registration__session=session)

    def usable(self):
        """Profiles whose registration is approved and opted in to bilateral meetings."""
        return self.filter(
            registration__status=RegistrationStatus.APPROVED,
            registration__wants_bilateral_meetings=True,
        )

    def visible_in(self, meeting_point):
        """Profiles shown in the catalogue of `meeting_point`."""
        queryset = self.for_session(meeting_point.session_id).usable()
        if meeting_point.requires_profile_approval:
            queryset = queryset.filter(is_approved=True)
        return queryset

    def with_sector(self, sector):
        # The list is stored as JSON; codes come from fixed choices, so searching the quoted
        # code in its text is exact and works on SQLite and PostgreSQL alike.
        return self.filter(sectors__icontains=f'"{sector}"')

    def with_language(self, language):
        return self.filter(languages__icontains=f'"{language}"')

    def with_people(self):
        return self.select_related(
            "registration__person",
            "registration__organization__region",
        )


class B2BProfile(models.Model):
    """What a delegate's organization offers and looks for, shown to the other delegation."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="b2b_profile",
        verbose_name=_("registration"),
    )
    offers = models.TextField(_("what we offer"), max_length=2000)
    looks_for = models.TextField(_("what we are looking for"), max_length=2000)
    # The registration keeps the position as the delegate wrote it (one language): this is
    # the same position for the other delegation's readers (meetings.presentation).
    position_other_language = models.CharField(
        _("position in the other delegation's language"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: your position as the delegates of the other country should read it "
            "(in Russian if you are Italian, in Italian if you are Russian)."
        ),
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    max_accepted_requests = models.PositiveSmallIntegerField(
        _("accept at most this many requests"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    unavailable_slots = models.JSONField(_("unavailable slots"), default=list, blank=True)
    is_approved = models.BooleanField(_("approved"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = B2BProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("B2B profile")
        verbose_name_plural = _("B2B profiles")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.registration.person)

    def clean(self):
        unknown = set(self.sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector.")})
        unknown = set(self.languages or []) - set(SpokenLanguage.values)
        if unknown:
            raise ValidationError({"languages": _("Unknown language.")})

    def sector_labels(self):
        labels = dict(Sector.choices)
        return [labels[code] for code in self.sectors if code in labels]

    def language_labels(self):
        labels = dict(SpokenLanguage.choices)
        return [labels[code] for code in self.languages if code in labels]


class MeetingRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRequestQuerySet(models.QuerySet):
    def involving(self, registration):
        return self.filter(Q(sender=registration) | Q(recipient=registration))

    def with_people(self):
        return self.select_related(
            "sender__person",
            "sender__organization",
            "recipient__person",
            "recipient__organization",
        )


class MeetingRequest(models.Model):
    """One delegate asking another for a bilateral meeting. One per pair of delegates."""

    meeting_point = models.ForeignKey(
        MeetingPoint,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("Meeting Point"),
    )
    sender = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="sent_meeting_requests",
        verbose_name=_("from"),
    )
    recipient = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="received_meeting_requests",
        verbose_name=_("to"),
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingRequestStatus.choices,
        default=MeetingRequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = MeetingRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")),
                name="meeting_request_not_to_oneself",
                violation_error_message=_("You cannot ask yourself for a meeting."),
            ),
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                name="meeting_request_one_per_pair",
                violation_error_message=_("There is already a request between these delegates."),
            ),
        ]

    def __str__(self):
        return f"{self.sender.person} → {self.recipient.person}"

    def counterpart_of(self, registration):
        return self.recipient if registration.pk == self.sender_id else self.sender


class MeetingStatus(models.TextChoices):
    """A meeting's state: the fields of its place say which one, except a cancellation,
    which keeps the row (and its history) out of every agenda, grid and count."""

    UNPLACED = "unplaced", _("not placed yet")
    PLACED = "placed", _("placed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class MeetingQuerySet(models.QuerySet):
    def involving(self, registration):
        return self.filter(Q(registration_a=registration) | Q(registration_b=registration))

    def placed(self):
        return self.filter(slot__isnull=False)

    def unplaced(self):
        return self.filter(slot__isnull=True)

    def with_people(self):
        return self.select_related(
            "registration_a__person",
            "registration_a__organization",
            "registration_b__person",
            "registration_b__organization",
        )


class ActiveMeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    """The default manager: meetings not cancelled (a cancelled meeting is kept for the record
    only). `Meeting.all_objects` sees them all."""

    def get_queryset(self):
        return super().get_queryset().exclude(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    """A bilateral meeting agreed between two delegates (or arranged by staff), with its slot
    and table once scheduled. `is_manual` pins a placement made by staff."""

    meeting_point = models.ForeignKey(
        MeetingPoint,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("Meeting Point"),
    )
    request = models.OneToOneField(
        MeetingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("request"),
    )
    registration_a = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meetings_as_first",
        verbose_name=_("first delegate"),
    )
    registration_b = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meetings_as_second",
        verbose_name=_("second delegate"),
    )
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    table_number = models.PositiveSmallIntegerField(
        _("table"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_manual = models.BooleanField(
        _("placed by hand"),
        default=False,
        help_text=_("The scheduler keeps meetings placed by hand where they are."),
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    is_held = models.BooleanField(_("held"), default=False)
    held_at = models.DateTimeField(_("marked as held at"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.UNPLACED,
        db_index=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActiveMeetingManager()
    all_objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot", "table_number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(registration_a=F("registration_b")),
                name="meeting_between_two_delegates",
                violation_error_message=_("A meeting needs two different delegates."),
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table_number__isnull=True)
                | Q(slot__isnull=False, table_number__isnull=False),
                name="meeting_slot_and_table_together",
                violation_error_message=_("Give both a slot and a table, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(is_manual=False) | Q(slot__isnull=False),
                name="meeting_manual_means_placed",
                violation_error_message=_("A meeting placed by hand needs a slot and a table."),
            ),
            models.UniqueConstraint(
                Least("registration_a", "registration_b"),
                Greatest("registration_a", "registration_b"),
                "meeting_point",
                condition=~Q(status="cancelled"),
                name="meeting_one_per_pair",
                violation_error_message=_("These delegates already have a meeting."),
            ),
            # The status says what the place says; a cancelled meeting holds no place.
            models.CheckConstraint(
                condition=(
                    Q(status="unplaced", slot__isnull=True, is_held=False)
                    | Q(status="placed", slot__isnull=False, is_held=False)
                    | Q(status="held", slot__isnull=False, is_held=True)
                    | Q(status="cancelled", slot__isnull=True, is_held=False, is_manual=False)
                ),
                name="meeting_status_matches_its_place",
                violation_error_message=_("The status of the meeting does not match its place."),
            ),
            models.UniqueConstraint(
                fields=["meeting_point", "slot", "table_number"],
                name="meeting_table_not_double_booked",
                violation_error_message=_("This table is already taken in this slot."),
            ),
            models.UniqueConstraint(
                fields=["meeting_point", "slot", "registration_a"],
                name="meeting_first_delegate_not_double_booked",
                violation_error_message=_("This delegate already has a meeting in this slot."),
            ),
            models.UniqueConstraint(
                fields=["meeting_point", "slot", "registration_b"],
                name="meeting_second_delegate_not_double_booked",
                violation_error_message=_("This delegate already has a meeting in this slot."),
            ),
        ]
        indexes = [models.Index(fields=["meeting_point", "slot"])]

    def __str__(self):
        return two_parts(self.registration_a.person, self.registration_b.person)

    def save(self, *args, **kwargs):
        # The status follows the place, except a cancellation (meetings.services sets it).
        if self.status != MeetingStatus.CANCELLED:
            self.status = self.place_status()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "status" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "status"]
        super().save(*args, **kwargs)

    def place_status(self):
        """The status the place gives (not placed, placed, held)."""
        if self.is_held:
            return MeetingStatus.HELD
        return MeetingStatus.PLACED if self.slot is not None else MeetingStatus.UNPLACED

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_placed(self):
        return self.slot is not None

    def counterpart_of(self, registration):
        if registration.pk == self.registration_a_id:
            return self.registration_b
        return self.registration_a

    def slot_info(self):
        return self.meeting_point.slot(self.slot)
