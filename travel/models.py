"""Visa invitation letters (the logistics issue adds hotels and transfers here).

The model came from `delegates` and keeps its database tables (`db_table`), so that the move
(migration 0001 of travel) changed no row."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delegates.models import Registration


class VisaLetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RELEASED = "released", _("Released to the delegate")
    ERASED = "erased", _("Passport data erased")


# Passport data never enters the history tables: erasing it must erase it everywhere.
PASSPORT_FIELDS = (
    "name_in_passport",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "passport_number",
    "passport_issued_on",
    "passport_expires_on",
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
        ]

    def __str__(self):
        return str(self.registration.person)

    @property
    def is_released(self):
        return self.status == VisaLetterStatus.RELEASED
