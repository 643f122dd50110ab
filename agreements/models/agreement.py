"""Agreements signed between Italian and Russian participants, their parties and signatories."""

import calendar
import datetime
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.validators import validate_pdf_upload
from core.i18n import LocalizedFieldsMixin
from core.scripts import script_errors, validate_latin_text, validate_russian_text
from delegates.models import Sector
from sessions_app.models import Country, Region, Session, long_date
from sessions_app.names import PersonName, is_cyrillic


class AgreementKind(models.TextChoices):
    PROTOCOL = "protocol", _("Protocol")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental agreement")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    PRIVATE_UNDERSTANDING = "private_understanding", _("Private understanding")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# Every status an agreement reaches once the parties have put their names on it.
SIGNED_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
)


class Renewal(models.TextChoices):
    NONE = "none", _("Not renewable")
    TACIT = "tacit", _("Tacitly renewable")
    EXPRESS = "express", _("Renewable by agreement of the parties")


def normalize_search_text(text):
    """Lower case, no accents, ё read as е: the same key for what is stored and what is typed.
    SQLite compares only ASCII letters case-insensitively, so the key is computed here."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def signed_copy_path(agreement, filename):
    # An unguessable name: the folder is private, but names should not be enumerable either.
    return f"agreements/signed/{uuid.uuid4().hex}.pdf"


# What the registry lists show of an agreement: its session (with the host region) fetched
# with it, its parties (with their organization and region) fetched after.
REGISTRY_RELATED = ("session", "session__host_region")


def _parties_in_order():
    return Party.objects.select_related("organization", "region").order_by("side", "position", "pk")


def registry_parties():
    return Prefetch("parties", queryset=_parties_in_order())


def parties_of(agreement_ids):
    """The parties of these agreements (a tuple of ids) as the registry lists them: a
    compiled query's queryset (core/prepared.py, `attach`)."""
    return _parties_in_order().filter(agreement_id__in=agreement_ids)


class AgreementQuerySet(models.QuerySet):
    def signed(self, today=None):
        """Agreements signed on a day already come (`today`, by default the current day): one
        recorded as signed at a session still to be held is not counted (nor listed) until
        that day."""
        return self.filter(status__in=SIGNED_STATUSES).exclude(
            signing_date__gt=today or timezone.localdate()
        )

    def public(self, today=None):
        """What the public registry shows: everything but drafts still being negotiated."""
        return self.signed(today)

    def for_registry(self):
        """What the registry lists show: session, parties with their organization and region."""
        return self.select_related(*REGISTRY_RELATED).prefetch_related(registry_parties())

    def search(self, text):
        """Every word typed must occur in one of the titles or summaries (any language)."""
        for word in normalize_search_text(text).split():
            self = self.filter(search_text__contains=word)
        return self

    def with_party_in_region(self, region):
        return self.filter(
            Q(parties__region=region) | Q(parties__organization__region=region)
        ).distinct()

    def with_party_on_side(self, side):
        return self.filter(parties__side=side).distinct()


class Agreement(LocalizedFieldsMixin, models.Model):
    """An agreement, memorandum or understanding between Italian and Russian parties."""

    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    title_it = models.CharField(_("title (Italian)"), max_length=400, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    summary_it = models.TextField(_("summary (Italian)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("session"),
        help_text=_("The session at which it was signed, if any."),
    )
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    signing_place = models.CharField(_("place of signing"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an open-ended agreement; 36 for three years."),
    )
    renewal = models.CharField(
        _("renewal"), max_length=10, choices=Renewal.choices, default=Renewal.NONE
    )
    signed_copy = models.FileField(
        _("signed copy (PDF)"),
        upload_to=signed_copy_path,
        blank=True,
        validators=[validate_pdf_upload],
        help_text=_("A scan of the signed document, as a PDF of at most 15 MB."),
    )
    signed_copy_is_public = models.BooleanField(
        _("signed copy is public"),
        default=False,
        help_text=_("Otherwise only staff allowed to see signed copies can open it."),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signing_date", "-pk"]
        permissions = [("view_signed_copy", _("Can view the signed copies of agreements"))]
        indexes = [
            models.Index(fields=["status", "signing_date"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["sector"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_it="", title_ru="", title_en=""),
                name="agreement_has_a_title",
                violation_error_message=_("Give the agreement a title in at least one language."),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT) | Q(signing_date__isnull=False),
                name="signed_agreement_has_a_signing_date",
                violation_error_message=_("A signed agreement needs its signing date."),
            ),
        ]

    def __str__(self):
        return self.title or gettext("Agreement %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", kwargs={"pk": self.pk})

    @property
    def title(self):
        return self.localized("title")

    @property
    def summary(self):
        return self.localized("summary")

    @property
    def other_titles(self):
        """The titles in the languages other than the one shown, for bilingual readers."""
        shown = self.title
        return [
            (code, value)
            for code, value in (("it", self.title_it), ("ru", self.title_ru), ("en", self.title_en))
            if value and value != shown
        ]

    @property
    def signing_date_display(self):
        """The signing date as written in each language: "1 dicembre 2016", "1 декабря 2016 г."."""
        return long_date(self.signing_date) if self.signing_date else ""

    @property
    def place_display(self):
        """Where it was signed: as recorded, or else the city of its session."""
        if self.signing_place:
            return self.signing_place
        return self.session.city if self.session_id else ""

    @property
    def is_signed(self):
        return self.status in SIGNED_STATUSES

    @property
    def expires_on(self):
        if not (self.signing_date and self.duration_months):
            return None
        return add_months(self.signing_date, self.duration_months)

    @property
    def term_has_ended(self):
        """Whether the term ended before today (its status, kept by staff, may not say so yet:
        a renewable agreement may have been renewed)."""
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def term_label(self):
        """The label of `expires_on`: "Term ends", "Term ended", or, for a tacitly renewable
        agreement past its first term (renewed unless terminated), "First term ended"."""
        if not self.term_has_ended:
            return gettext("Term ends")
        if self.renewal == Renewal.TACIT:
            return gettext("First term ended")
        return gettext("Term ended")

    @property
    def expires_on_display(self):
        return long_date(self.expires_on) if self.expires_on else ""

    @property
    def duration_display(self):
        if not self.duration_months:
            return gettext("Open-ended")
        months = self.duration_months
        if months % 12 == 0:
            years = months // 12
            text = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
        else:
            text = ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
        if self.renewal == Renewal.NONE:
            return text
        return f"{text}, {self.get_renewal_display().lower()}"

    def parties_on_side(self, side):
        return [party for party in self.parties.all() if party.side == side]

    @property
    def italian_parties(self):
        return self.parties_on_side(Country.ITALY)

    @property
    def russian_parties(self):
        return self.parties_on_side(Country.RUSSIA)

    def refresh_search_text(self):
        self.search_text = normalize_search_text(
            " ".join(
                [
                    self.title_it,
                    self.title_ru,
                    self.title_en,
                    self.summary_it,
                    self.summary_ru,
                    self.summary_en,
                ]
            )
        )

    # The script of each language's title and summary (core.scripts).
    SCRIPT_RULES = {
        "title_it": validate_latin_text,
        "title_ru": validate_russian_text,
        "title_en": validate_latin_text,
        "summary_it": validate_latin_text,
        "summary_ru": validate_russian_text,
        "summary_en": validate_latin_text,
    }

    def clean(self):
        errors = script_errors(self, self.SCRIPT_RULES)
        if not (self.title_it or self.title_ru or self.title_en):
            errors["title_it"] = _("Give the agreement a title in at least one language.")
        if self.status in SIGNED_STATUSES and not self.signing_date:
            errors["signing_date"] = _("A signed agreement needs its signing date.")
        if (
            self.status in SIGNED_STATUSES
            and self.signing_date
            and self.signing_date > timezone.localdate()
        ):
            errors["status"] = _(
                "An agreement cannot be signed on a day still to come: keep it as a draft "
                "until it is signed."
            )
        if (
            self.session_id
            and self.signing_date
            and not signed_during(self.session, self.signing_date)
        ):
            errors["signing_date"] = gettext(
                "The signing date lies outside the session (%(dates)s)."
            ) % {"dates": self.session.dates_display}
        if self.status == AgreementStatus.DRAFT and self.signed_copy:
            errors["status"] = _("An agreement with a signed copy cannot be a draft.")
        if errors:
            raise ValidationError(errors)


def signed_during(session, day):
    """Whether `day` lies within the session (within its month or year when only that is
    known)."""
    if session.is_year_only:
        return day.year == session.start_date.year
    if session.is_month_only:
        return (day.year, day.month) == (session.start_date.year, session.start_date.month)
    return session.start_date <= day <= session.end_date


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Party(models.Model):
    """One party to an agreement: an organization, a region, or a name not in the database,
    always on the Italian or the Russian side."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    side = models.CharField(_("side"), max_length=2, choices=Country.choices)
    organization = models.ForeignKey(
        "delegates.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("organization"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("region"),
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("For a party that is neither an organization nor a region in the portal."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(region__isnull=False) | ~Q(name=""),
                name="party_is_identified",
                violation_error_message=_("Choose an organization or a region, or type a name."),
            ),
            models.CheckConstraint(condition=Q(side__in=Country.values), name="party_side_valid"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.organization_id:
            name = organization_name(self.organization)
        elif self.name:
            name = self.name
        elif self.region_id:
            return self.region.name
        else:
            return ""
        if self.region_id:
            # "Confindustria Bergamo (Lombardia)"; a name that ends in brackets already takes
            # the region after a comma, not a second pair: "Союз … (демо), Свердловская область".
            if name.rstrip().endswith(")"):
                return f"{name}, {self.region.name}"
            return f"{name} ({self.region.name})"
        return name

    def clean(self):
        errors = {}
        if not (self.organization_id or self.region_id or self.name.strip()):
            errors["name"] = _("Choose an organization or a region, or type a name.")
        if self.side:
            if self.region_id and self.region.country != self.side:
                errors["region"] = _("The region does not lie on this party's side.")
            if self.organization_id and self.organization.country != self.side:
                errors["organization"] = _("The organization is not on this party's side.")
        if errors:
            raise ValidationError(errors)


def organization_name(organization):
    """The organization's name in the script the reader most likely reads."""
    if translation.get_language() == "ru" and organization.name_cyrillic:
        return organization.name_cyrillic
    return organization.name_latin


class Signatory(models.Model):
    """A person who signed the agreement."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("agreement"),
    )
    side = models.CharField(_("side"), max_length=2, choices=Country.choices, blank=True)
    # A person's name: not the "name" of a party (an organization's «наименование»).
    name = models.CharField(pgettext_lazy("of a person", "full name"), max_length=200)
    # The other delegation reads the signatories too: the name in the other script (for a
    # Cyrillic name, a passport spelling other than ICAO Doc 9303), the title in the other
    # language.
    name_other_script = models.CharField(
        pgettext_lazy("of a person", "full name in the other script"),
        max_length=200,
        blank=True,
        help_text=_(
            "Cyrillic spelling of a Latin name; for a Cyrillic name, only a passport spelling "
            "other than ICAO Doc 9303 (left empty, ICAO is used)."
        ),
    )
    title = models.CharField(_("title or position"), max_length=250, blank=True)
    title_other_language = models.CharField(
        _("title in the other language"),
        max_length=250,
        blank=True,
        help_text=_("The title in Russian if given in Italian, in Italian if given in Russian."),
    )
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of a row", "position"), default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def person_name(self):
        return PersonName(self.name, self.name_other_script)

    @property
    def title_for_reader(self):
        """The title in the reader's language when it is known, else as given."""
        titles = [title for title in (self.title, self.title_other_language) if title]
        if not titles:
            return ""
        wants_cyrillic = (translation.get_language() or "")[:2] == "ru"
        return next((t for t in titles if is_cyrillic(t) == wants_cyrillic), titles[0])


def party_to_a_public_agreement():
    """Organizations a public agreement names as a party: the registry already shows them, so
    the region pages and the search may (delegates.models.OrganizationQuerySet.public)."""
    return Q(
        Exists(
            Party.objects.filter(
                organization=OuterRef("pk"), agreement__in=Agreement.objects.public()
            ).values("pk")
        )
    )
