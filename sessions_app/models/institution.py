"""The institutions of a session: who co-chairs, invites and controls the data, as named then.

Ministries change names (the Ministero dello Sviluppo Economico became the Ministero delle
Imprese e del Made in Italy in 2022): each session keeps the names, letterheads and
signatories of its own time, edited in the admin with the session.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
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
from sessions_app.models.session import Country, Session
from sessions_app.names import PersonName


class SessionInstitution(LocalizedFieldsMixin, models.Model):
    """One institution of one session, on the Italian or the Russian side."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="institutions",
        verbose_name=_("session"),
    )
    country = models.CharField(_("side"), max_length=2, choices=Country.choices)
    name_it = models.CharField(_("name (Italian)"), max_length=250)
    name_ru = models.CharField(_("name (Russian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    department_it = models.CharField(_("department (Italian)"), max_length=250, blank=True)
    department_ru = models.CharField(_("department (Russian)"), max_length=250, blank=True)
    department_en = models.CharField(_("department (English)"), max_length=250, blank=True)
    address = models.CharField(
        _("address on the letterhead"),
        max_length=250,
        blank=True,
        help_text=_("As written in the institution's country: postcode first in Russia."),
    )
    is_data_controller = models.BooleanField(
        _("data controller"),
        default=False,
        help_text=_("Named as controller in the privacy notice of the session's registration."),
    )
    signatory_name = models.CharField(
        _("signatory"),
        max_length=150,
        blank=True,
        help_text=_("In the signatory's own script (Cyrillic for a Russian signatory)."),
    )
    signatory_name_other_script = models.CharField(
        _("signatory in the other script"),
        max_length=150,
        blank=True,
        help_text=_(
            "Cyrillic spelling of an Italian name; for a Russian name, the Latin spelling of the "
            "signatory's passport if it differs from ICAO Doc 9303 (left empty, ICAO is used)."
        ),
    )
    signatory_title_it = models.CharField(
        _("signatory's title (Italian)"), max_length=250, blank=True
    )
    signatory_title_ru = models.CharField(
        _("signatory's title (Russian)"), max_length=250, blank=True
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution of the session")
        verbose_name_plural = _("institutions of the session")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=Country.values), name="session_institution_country_valid"
            ),
        ]

    def __str__(self):
        return self.name

    # The script of each text field (core.scripts); the signatory's name and address by side.
    SCRIPT_RULES = {
        "name_it": validate_latin_text,
        "name_ru": validate_russian_text,
        "name_en": validate_latin_text,
        "department_it": validate_latin_text,
        "department_ru": validate_russian_text,
        "department_en": validate_latin_text,
        "signatory_title_it": validate_latin_text,
        "signatory_title_ru": validate_russian_text,
    }
    SIDE_SCRIPT_RULES = {
        Country.ITALY: {
            "signatory_name": validate_latin_name,
            "signatory_name_other_script": validate_cyrillic_name,
            "address": validate_latin_text,
        },
        Country.RUSSIA: {
            "signatory_name": validate_cyrillic_name,
            "signatory_name_other_script": validate_latin_name,
            "address": validate_russian_text,
        },
    }

    def clean(self):
        rules = {**self.SCRIPT_RULES, **self.SIDE_SCRIPT_RULES.get(self.country, {})}
        errors = script_errors(self, rules)
        if errors:
            raise ValidationError(errors)

    @property
    def name(self):
        return self.localized("name")

    @property
    def department(self):
        return self.localized("department")

    @property
    def name_with_department(self):
        """ "Ministero delle Imprese e del Made in Italy, Direzione generale per …"."""
        return ", ".join(part for part in (self.name, self.department) if part)

    @property
    def signatory(self):
        """The signatory's name in both scripts (sessions_app.names.PersonName)."""
        return PersonName(self.signatory_name, self.signatory_name_other_script)

    @property
    def signatory_title(self):
        language = (translation.get_language() or "it")[:2]
        if language == "ru":
            return self.signatory_title_ru or self.signatory_title_it
        return self.signatory_title_it or self.signatory_title_ru

    def letterhead(self, language):
        """The lines at the top of a letter, in `language`: name, department."""
        return [
            line
            for line in (self.localized("name", language), self.localized("department", language))
            if line
        ]
