import datetime
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.scripts import script_errors, validate_latin_text, validate_russian_text
from core.text import two_parts
from sessions_app.models import Country, Region, Sector, Session, ThematicTable
from sessions_app.names import place_for_reader


class OrganizationCategory(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    COMPANY = "company", _("Company")
    TRADE_ASSOCIATION = "trade_association", _("Trade association or federation")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of commerce")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    UNIVERSITY = "university", _("University")
    TECHNOLOGY_PARK = "technology_park", _("Technology park")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    BANK = "bank", _("Bank")
    OTHER = "other", _("Other")


_LEGAL_FORMS = re.compile(
    r"\b(s\.?\s?r\.?\s?l|s\.?\s?p\.?\s?a|s\.?\s?n\.?\s?c|s\.?\s?a\.?\s?s|soc\.?\s?coop|"
    r"ooo|oao|zao|pao|ao|llc|ltd|inc|gmbh|jsc|ооо|оао|зао|пао|ао|ип)\b\.?",
    re.IGNORECASE,
)


def normalize_organization_name(name):
    """A key under which spelling variants of one organization coincide: case, accents,
    quotes, punctuation and legal forms (S.r.l., S.p.A., ООО, АО, LLC…) are ignored."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _same_name(one, other):
    """Two spellings that are one name but for spacing and case."""
    return " ".join((one or "").split()).casefold() == " ".join((other or "").split()).casefold()


def validate_organization_name(value):
    """A name names something: at least one letter or digit, in any script, beyond a legal
    form. `{}`, an emoji or a bare "S.r.l." would all share one empty normalized name."""
    if not any(character.isalnum() for character in value):
        raise ValidationError(
            _("The name of an organization must contain at least one letter or digit."),
            code="organization_name_without_letters",
        )
    if not any(character.isalnum() for character in normalize_organization_name(value)):
        raise ValidationError(
            _("Please write the name of the organization, not only its legal form."),
            code="organization_name_only_legal_form",
        )


# What else, besides an approved registration, lets the public pages name an organization:
# functions returning a Q on Organization, registered by the apps above that already show it on
# their public pages (agreements: a party to a public agreement; projects: the proposer of an
# accepted project).
_public_reasons = {}


def register_public_organization_reason(reason):
    """Let the public pages name the organizations that `reason()` (a Q on Organization,
    built at each query) selects."""
    _public_reasons[f"{reason.__module__}.{reason.__qualname__}"] = reason
    return reason


class OrganizationQuerySet(models.QuerySet):
    def public(self):
        """The organizations the public pages may name and count (region pages, search, the
        registration form's suggestions): those staff vouched for, by approving one of their
        registrations (a delegate checked in was approved first) or for a reason registered
        by an app above. A name typed into a registration never confirmed, still submitted,
        waitlisted, rejected or cancelled stays unpublished: anyone can type one."""
        approved = Registration.objects.approved().filter(organization=OuterRef("pk"))
        vouched = Q(Exists(approved.values("pk")))
        for reason in _public_reasons.values():
            vouched |= reason()
        return self.filter(vouched)


class Organization(models.Model):
    """A company, institution or association that sends delegates or signs agreements."""

    name_latin = models.CharField(
        _("name (Latin script)"), max_length=250, validators=[validate_organization_name]
    )
    name_cyrillic = models.CharField(
        _("name (Cyrillic script)"),
        max_length=250,
        blank=True,
        validators=[validate_organization_name],
    )
    normalized_name = models.CharField(max_length=250, editable=False, db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("region"),
    )
    category = models.CharField(_("category"), max_length=30, choices=OrganizationCategory.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_latin"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "country"],
                name="organization_unique_normalized_name_per_country",
                violation_error_message=_(
                    "An organization with this name already exists in this country."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_organization_name(self.name_latin)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_latin" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)

    def clean(self):
        self.normalized_name = normalize_organization_name(self.name_latin)
        if self.region_id and self.country and self.region.country != self.country:
            raise ValidationError(
                {"region": _("The region must lie in the organization's country.")}
            )

    @property
    def name_for_reader(self):
        """The name in the reader's script: Cyrillic for Russian readers when there is one."""
        if translation.get_language() == "ru" and self.name_cyrillic:
            return self.name_cyrillic
        return self.name_latin

    @property
    def city_for_reader(self):
        """The city in the reader's script (sessions_app.names.place_for_reader): «Казань» for
        a Russian reader, "Kazan’" for an Italian one when the organization wrote «Казань»."""
        return place_for_reader(self.city)

    @property
    def distinct_name_cyrillic(self):
        """The Cyrillic name to print beside the Latin one, or "" when there is none or it is
        the same name: a name given only in Cyrillic is kept as given in both fields (names
        are never transliterated), and a badge, letter or list then prints it once."""
        if _same_name(self.name_cyrillic, self.name_latin):
            return ""
        return self.name_cyrillic

    @property
    def display_name(self):
        """The name in the reader's script first, the other one in brackets when it differs:
        "Уралмаш (Uralmash)" for Russian readers, "Uralmash (Уралмаш)" for others. Names are
        kept as given, never transliterated."""
        first = self.name_for_reader
        second = self.name_latin if first == self.name_cyrillic else self.name_cyrillic
        if second and not _same_name(second, first):
            # A name with brackets of its own takes the other one after a slash, not inside a
            # second pair: "Конфиндустрия Бергамо (демо) / Confindustria Bergamo (demo)".
            if first.rstrip().endswith(")") or second.rstrip().endswith(")"):
                return f"{first} / {second}"
            return f"{first} ({second})"
        return first


class Person(models.Model):
    """One human across editions, identified by e-mail address."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name_latin = models.CharField(_("given name (Latin script)"), max_length=100)
    family_name_latin = models.CharField(_("family name (Latin script)"), max_length=100)
    # For a name written in Latin letters (Italians): how Russians read it, printed on the
    # badge under the Latin name. Optional.
    name_cyrillic = models.CharField(
        _("name in Cyrillic letters"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for a name written in Latin letters: printed on the badge."),
    )
    # Russian delegates may give one: Russian text addresses them as «Юлия Сергеевна».
    patronymic = models.CharField(
        _("patronymic"),
        max_length=100,
        blank=True,
        help_text=_("Optional, for Russian names: used to address the person in Russian."),
    )
    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("it", _("Italian")), ("ru", _("Russian")), ("en", _("English"))],
        default="it",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        # «физическое лицо»: a bare «лица» in the Russian admin's sidebar reads as "faces".
        verbose_name = pgettext_lazy("name of the model", "person")
        verbose_name_plural = pgettext_lazy("name of the model", "people")
        ordering = ["family_name_latin", "given_name_latin"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        """The name in the person's own script."""
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name_with_patronymic(self):
        """ "Юлия Сергеевна Щербакова" when a patronymic is known, else the full name."""
        if self.patronymic:
            return f"{self.given_name} {self.patronymic} {self.family_name}"
        return self.full_name

    @property
    def listed_name(self):
        """Family name first, as lists sort: "Щербакова Юлия Сергеевна", "Rossi Mario"."""
        return " ".join(filter(None, [self.family_name, self.given_name, self.patronymic]))

    def address_name(self, language):
        """The name to address the person with in `language`: «Юлия Сергеевна» in Russian
        when a patronymic is known, otherwise the full name in the person's own script."""
        if language == "ru" and self.patronymic:
            return f"{self.given_name} {self.patronymic}"
        return self.full_name

    @property
    def full_name_latin(self):
        return f"{self.given_name_latin} {self.family_name_latin}"

    @property
    def has_other_script(self):
        return self.full_name != self.full_name_latin

    @property
    def name_other_script(self):
        """The name beside the Latin one on badges and at the desk: a Russian's own name in
        Cyrillic, or the Cyrillic form an Italian gave (empty if none)."""
        return self.full_name if self.has_other_script else self.name_cyrillic

    @property
    def name_for_reader(self):
        """The name in the reader's script: Cyrillic for a Russian reader when known (a
        Russian's own name, the Cyrillic form an Italian gave), the Latin one otherwise."""
        if translation.get_language() == "ru" and self.name_other_script:
            return self.name_other_script
        return self.full_name_latin

    def names_for_reader(self):
        """The person's names, the reader's script first, each with its `lang` ("" for the
        Latin one): [("Ольга Кузнецова", "ru"), ("Olga Kuznetsova", "")] for a Russian
        reader, the Latin one first for the others; only the Latin one when no other is known."""
        latin = (self.full_name_latin, "")
        other = self.name_other_script
        if not other:
            return [latin]
        cyrillic = (other, "ru")
        return [cyrillic, latin] if translation.get_language() == "ru" else [latin, cyrillic]

    @property
    def both_names_for_reader(self):
        """ "Ольга Кузнецова · Olga Kuznetsova" for a Russian reader, "Olga Kuznetsova ·
        Ольга Кузнецова" for the others (plain text: the desk's offline list, its messages)."""
        return " · ".join(name for name, _lang in self.names_for_reader())


class RegistrationRole(models.TextChoices):
    HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
    OFFICIAL = "official", _("Official")
    COMPANY_REPRESENTATIVE = "company_representative", _("Company representative")
    PRESS = "press", _("Press")
    INTERPRETER = "interpreter", _("Interpreter")
    STAFF = "staff", _("Staff")


class RegistrationStatus(models.TextChoices):
    """Pending e-mail confirmation → submitted → approved | waitlisted | rejected;
    cancelled by the delegate or staff at any time."""

    PENDING_CONFIRMATION = "pending_confirmation", _("Awaiting e-mail confirmation")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


def new_management_token():
    return secrets.token_urlsafe(32)


# What token_urlsafe() writes, within the column's length.
MANAGEMENT_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


# Statuses that hold one of the session's places: submitted registrations wait for staff with
# their place reserved, so that approving them can never overfill the session.
PLACE_HOLDING_STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)
# Statuses the delegate can still cancel or (while the window is open) edit.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING_CONFIRMATION,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


class RegistrationQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session)

    def approved(self):
        return self.filter(status=RegistrationStatus.APPROVED)

    def holding_place(self):
        return self.filter(status__in=PLACE_HOLDING_STATUSES)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def waiting_list_order(self):
        """First come, first served: by the time the registration joined the waiting list."""
        return self.waitlisted().order_by("waitlisted_at", "pk")

    def confirmed(self):
        """Registrations staff see: everything past the e-mail confirmation."""
        return self.exclude(status=RegistrationStatus.PENDING_CONFIRMATION)

    def with_people(self):
        return self.select_related("person", "organization", "organization__region", "session")

    def for_management_token(self, token):
        """The registration of a private link (the one lookup every such page uses). What
        cannot be a token (other characters, too long) finds nothing without a query."""
        if not isinstance(token, str) or not MANAGEMENT_TOKEN.fullmatch(token):
            return self.none()
        return self.filter(management_token=token, anonymized_at__isnull=True)


class Registration(models.Model):
    """A person's registration for one session."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("person")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    delegation = models.CharField(_("delegation"), max_length=2, choices=Country.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    position = models.CharField(_("position"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=RegistrationRole.choices,
        default=RegistrationRole.COMPANY_REPRESENTATIVE,
    )
    wants_bilateral_meetings = models.BooleanField(
        _("interested in bilateral (B2B) meetings"), default=False
    )
    thematic_tables = models.ManyToManyField(
        "sessions_app.ThematicTable",
        blank=True,
        related_name="registrations",
        verbose_name=_("thematic tables"),
    )
    company_visits = models.ManyToManyField(
        "sessions_app.ProgrammeItem",
        through="CompanyVisitBooking",
        blank=True,
        related_name="visiting_registrations",
        limit_choices_to={"kind": "company_visit"},
        verbose_name=_("company visits"),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING_CONFIRMATION,
        db_index=True,
    )
    language = models.CharField(_("language"), max_length=2, default="it")
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"))
    management_token = models.CharField(
        max_length=64, unique=True, default=new_management_token, editable=False
    )
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_by_staff = models.BooleanField(_("cancelled by staff"), default=False)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    # Names or phone typed for an e-mail address already known: applied to the person only when
    # the owner of the address confirms, so that nobody can rewrite another person's data.
    pending_person_data = models.JSONField(default=dict, blank=True, editable=False)
    staff_notes = models.TextField(_("staff notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session"],
                name="registration_one_per_person_per_session",
                violation_error_message=_("This person is already registered for this session."),
            ),
            models.CheckConstraint(
                condition=Q(delegation__in=Country.values), name="registration_delegation_valid"
            ),
        ]
        indexes = [models.Index(fields=["session", "delegation", "status"])]

    def __str__(self):
        return two_parts(self.person, self.session.roman_numeral)

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def holds_place(self):
        return self.status in PLACE_HOLDING_STATUSES

    @property
    def management_link_expires_at(self):
        """Personal links stop working some days after the session ends (data minimisation)."""
        days = getattr(settings, "REGISTRATION_LINK_DAYS_AFTER_SESSION", 90)
        return self.session.local_end() + datetime.timedelta(days=days)

    def is_management_link_valid(self, now=None):
        return self.anonymized_at is None and (now or timezone.now()) < (
            self.management_link_expires_at
        )

    def is_editable(self, now=None):
        """The delegate may change their data while the window is open and they are in."""
        return self.is_active and self.session.is_registration_open(now)


TABLE_OF_ANOTHER_SESSION = _(
    "“%(table)s” is a thematic table of the %(other)s, not of this registration's session "
    "(%(session)s)."
)


def check_thematic_tables(session, tables):
    """ValidationError, on the field "thematic_tables", unless every table of `tables` is one
    of `session`'s: sessions repeat their tables' names, and a delegate put on a table of
    another session would count in its places, lists and calendars."""
    session_id = getattr(session, "pk", session)
    foreign = [table for table in tables if table.session_id != session_id]
    if not foreign:
        return
    title = Session.objects.get(pk=session_id).title
    errors = [
        ValidationError(
            TABLE_OF_ANOTHER_SESSION,
            code="other_session",
            params={"table": table, "other": table.session.title, "session": title},
        )
        for table in foreign
    ]
    raise ValidationError({"thematic_tables": errors})


@receiver(m2m_changed, sender=Registration.thematic_tables.through)
def _thematic_tables_of_the_registration_s_session_only(
    sender, instance, action, reverse, pk_set, **kwargs
):
    """The last guard, whatever path adds a table to a registration (a form, a service, an
    import, the shell): forms and services check first and say so in the user's words."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # table.registrations.add(...)
        others = Registration.objects.filter(pk__in=pk_set).exclude(session_id=instance.session_id)
        for registration in others.select_related("session")[:1]:
            check_thematic_tables(registration.session_id, [instance])
    else:
        tables = ThematicTable.objects.filter(pk__in=pk_set).exclude(session_id=instance.session_id)
        check_thematic_tables(instance.session_id, tables.select_related("session"))


class CompanyVisitBookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting e-mail confirmation")
    BOOKED = "booked", _("Place booked")
    WAITLISTED = "waitlisted", _("On the waiting list")


class CompanyVisitBooking(models.Model):
    """A registration's place on a company visit, or its turn on the visit's waiting list."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="company_visit_bookings",
        verbose_name=_("registration"),
    )
    visit = models.ForeignKey(
        "sessions_app.ProgrammeItem",
        on_delete=models.CASCADE,
        related_name="visit_bookings",
        limit_choices_to={"kind": "company_visit"},
        verbose_name=_("company visit"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CompanyVisitBookingStatus.choices,
        default=CompanyVisitBookingStatus.REQUESTED,
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company visit booking")
        verbose_name_plural = _("company visit bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "visit"], name="company_visit_booked_once"
            ),
        ]
        indexes = [models.Index(fields=["visit", "status"])]

    def __str__(self):
        return two_parts(self.visit, self.get_status_display(), lower_second=True)


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    ONE_CHOICE = "one_choice", _("One choice")
    SEVERAL_CHOICES = "several_choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")
    DATE_TIME = "date_time", _("Date and time")


CHOICE_KINDS = (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)
QUESTION_LANGUAGES = ("it", "ru", "en")
# The language each delegation's questions must be written in (English falls back).
DELEGATION_LANGUAGES = {Country.ITALY: "it", Country.RUSSIA: "ru"}


class RegistrationQuestion(models.Model):
    """A question staff add to a session's registration form, for one delegation or both,
    with its label (and choices) in three languages."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="registration_questions",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label_it = models.CharField(_("question (Italian)"), max_length=300, blank=True)
    label_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    choices_it = models.TextField(_("choices (Italian)"), blank=True)
    choices_ru = models.TextField(_("choices (Russian)"), blank=True)
    choices_en = models.TextField(_("choices (English)"), blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    delegation = models.CharField(
        _("delegation"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_("Empty: both delegations are asked."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )
    # The questions of the standard logistics block, so that adding it twice adds nothing.
    standard_key = models.CharField(max_length=40, blank=True, default="", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "standard_key"],
                condition=~Q(standard_key=""),
                name="registration_question_standard_once",
            ),
        ]

    def __str__(self):
        return self.label()

    def label(self, language=None):
        """The label in `language` (the active one by default), else in another language."""
        from core.i18n import localized

        return localized(self, "label", language)

    def choice_lists(self):
        """{"it": [...], "ru": [...], "en": [...]}: the choices, one per non-empty line."""
        return {
            code: [line.strip() for line in getattr(self, f"choices_{code}").splitlines()]
            for code in QUESTION_LANGUAGES
        }

    def choices(self, language=None):
        """The choices in `language`, else in the first language that has them."""
        language = (language or translation.get_language() or "it")[:2]
        lists = {code: [c for c in values if c] for code, values in self.choice_lists().items()}
        for code in [language, "en", "it", "ru"]:
            if lists.get(code):
                return lists[code]
        return []

    def applies_to(self, delegation):
        return not self.delegation or self.delegation == delegation

    def clean(self):
        errors = {}
        languages = (
            [DELEGATION_LANGUAGES[self.delegation]]
            if self.delegation in DELEGATION_LANGUAGES
            else ["it", "ru"]
        )
        for code in languages:
            if not getattr(self, f"label_{code}").strip():
                errors[f"label_{code}"] = _(
                    "The delegates who are asked this question read this language: write the "
                    "question in it."
                )
        if self.kind in CHOICE_KINDS:
            lists = {code: [c for c in values if c] for code, values in self.choice_lists().items()}
            for code in languages:
                if len(lists[code]) < 2:
                    errors[f"choices_{code}"] = _("Write at least two choices, one per line.")
            counts = {len(values) for values in lists.values() if values}
            if len(counts) > 1:
                errors.setdefault(
                    "choices_en" if lists["en"] else "choices_ru",
                    _("Give the same choices in every language, in the same order."),
                )
        elif any(getattr(self, f"choices_{code}").strip() for code in QUESTION_LANGUAGES):
            errors["kind"] = _("Only questions with choices have choices: clear them.")
        # Russian delegates read the Russian question in Cyrillic (core.scripts).
        for field, error in script_errors(self, self.SCRIPT_RULES).items():
            errors.setdefault(field, error)
        if errors:
            raise ValidationError(errors)

    SCRIPT_RULES = {
        "label_it": validate_latin_text,
        "label_ru": validate_russian_text,
        "label_en": validate_latin_text,
        "choices_it": validate_latin_text,
        "choices_ru": validate_russian_text,
        "choices_en": validate_latin_text,
    }


class RegistrationAnswer(models.Model):
    """A delegate's answer to a registration question. `value` keeps it as typed (text,
    the chosen choices' positions, true or false, an ISO date or local date and time);
    `keys` lists the choices ("|0|2|", "|yes|") so that the admin filters them in SQL on
    every database."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    question = models.ForeignKey(
        RegistrationQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    value = models.JSONField(_("answer"))
    keys = models.CharField(max_length=200, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="registration_answer_once"
            ),
        ]

    def __str__(self):
        return self.display()

    def display(self, language=None):
        """The answer as text in `language` (the active one by default)."""
        question, value = self.question, self.value
        if question.kind in CHOICE_KINDS:
            choices = question.choices(language)
            indexes = value if isinstance(value, list) else [value]
            return "; ".join(choices[index] for index in indexes if 0 <= index < len(choices))
        if question.kind == QuestionKind.YES_NO:
            with translation.override(language or translation.get_language()):
                return str(_("yes")) if value else str(_("no"))
        if question.kind == QuestionKind.DATE_TIME:
            return str(value).replace("T", " ")
        return str(value)
