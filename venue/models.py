"""Badges and the check-in desk at the venue.

The models came from `delegates` and keep its database tables (`db_table`), so that the move
(migrations 0001 of venue) changed no row."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delegates.models import Registration
from sessions_app.models import Session


class BadgeLayout(models.TextChoices):
    A6 = "a6", _("One A6 badge per page")
    A4 = "a4", _("A4 sheets of four A6 badges")


class BadgePrint(models.Model):
    """One printing of badges: who printed how many, when, so that reprints are visible."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="badge_prints", verbose_name=_("session")
    )
    layout = models.CharField(_("layout"), max_length=2, choices=BadgeLayout.choices)
    badge_count = models.PositiveIntegerField(_("number of badges"))
    registrations = models.ManyToManyField(
        Registration, related_name="badge_prints", verbose_name=_("registrations"), blank=True
    )
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("printed by"),
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("badge printing")
        verbose_name_plural = _("badge printings")
        db_table = "delegates_badgeprint"  # kept when the model moved from delegates
        ordering = ["-printed_at"]
        permissions = [("print_badges", _("Can print badges"))]

    def __str__(self):
        when = f"{self.printed_at:%Y-%m-%d %H:%M}" if self.printed_at else ""
        return f"{self.session.roman_numeral} · {self.badge_count} · {when}"


class PreparedBadgeBatch(models.Model):
    """Badges prepared together: one multi-page A6 PDF, laid out and written once (writing
    each page on its own cost about 60% more). Each of its pages is one PreparedBadge's.

    It holds the personal data of every badge on it, so it lives only while every one of its
    pages is in use: when a badge is dropped (its registration cancelled, rejected, erased) or
    replaced (its digest changed), the whole batch is deleted, with its other badges' rows,
    which are queued to be prepared again (venue/services/badge_pages.py)."""

    pdf = models.BinaryField(_("PDF"))
    page_count = models.PositiveSmallIntegerField(_("number of pages"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("prepared badge batch")
        verbose_name_plural = _("prepared badge batches")

    def __str__(self):
        return f"{self.pk} · {self.page_count}"


class PreparedBadge(models.Model):
    """One badge rendered ahead of printing, so that printing every badge of a session joins
    prepared pages instead of laying 400 badges out while staff wait: page `page` of its
    `batch`'s PDF (or, for a badge prepared before batches were stored, its own one-page
    `pdf`).

    `digest` is the SHA-256 of the badge's HTML: when anything the badge shows changes (a
    name, the organization, the session, the template), the digest no longer matches and the
    page is rendered again. It holds personal data, so it goes with the registration's."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="prepared_badge",
        verbose_name=_("registration"),
    )
    digest = models.CharField(_("content digest"), max_length=64)
    batch = models.ForeignKey(
        PreparedBadgeBatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="badges",
        verbose_name=_("batch"),
    )
    page = models.PositiveSmallIntegerField(_("page in the batch"), default=0)
    # Only for the badges prepared before batches were stored (migration 0004): new ones
    # leave it empty.
    pdf = models.BinaryField(_("PDF page"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)

    class Meta:
        db_table = "delegates_preparedbadge"
        verbose_name = _("prepared badge")
        verbose_name_plural = _("prepared badges")

    def __str__(self):
        return f"{self.registration_id} · {self.digest[:12]}"


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("Badge scanned")
    MANUAL = "manual", _("Found by name")
    OFFLINE = "offline", _("Scanned offline")


class CheckIn(models.Model):
    """A delegate's arrival at the venue. At most one per registration (the database says so),
    which is what makes two desks scanning the same badge at once safe."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="check_in",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("session")
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now, db_index=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    method = models.CharField(
        _("method"), max_length=10, choices=CheckInMethod.choices, default=CheckInMethod.SCAN
    )

    history = HistoricalRecords(table_name="delegates_historicalcheckin")

    class Meta:
        db_table = "delegates_checkin"  # kept when the model moved from delegates
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        permissions = [("check_in", _("Can check delegates in at the venue"))]

    def __str__(self):
        return f"{self.registration.person} · {self.checked_in_at:%Y-%m-%d %H:%M}"


class Certificate(models.Model):
    """A certificate of attendance issued to a delegate who checked in, once the session has
    ended: numbered per session, with the days attended as they stood when it was issued, so
    that the PDF made again later says the same. Its QR code names it by primary key only
    (venue/services/certificates.py)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("session")
    )
    serial = models.PositiveIntegerField(_("number in the session"))
    first_day = models.DateField(_("first day attended"))
    last_day = models.DateField(_("last day attended"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when the delegate downloaded it from their private link."),
    )

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        ordering = ["session", "serial"]
        permissions = [("issue_certificates", _("Can issue certificates of attendance"))]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "serial"], name="certificate_number_unique_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="certificate_days_in_order",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self):
        """ "TF-25/A0007": the session's number, A for attendance, the serial."""
        return f"TF-{self.session.number}/A{self.serial:04d}"


class OfflineScanOutcome(models.TextChoices):
    CHECKED_IN = "checked_in", _("Check-in recorded")
    DUPLICATE = "duplicate", _("Duplicate")
    REFUSED = "refused", _("Refused")


class OfflineScan(models.Model):
    """A check-in a desk device made while offline and sent when the network returned
    (venue/services/offline.py). One row per (badge, device, scan id), so that a device that
    sends the same queue twice changes nothing and is told the same outcome."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="offline_scans", verbose_name=_("session")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="offline_scans",
        verbose_name=_("registration"),
    )
    device_id = models.CharField(_("device"), max_length=64)
    scan_id = models.CharField(_("scan id"), max_length=64)
    scanned_at = models.DateTimeField(_("scanned at (device time)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=OfflineScanOutcome.choices)
    # False when the outcome changed after the device was told (an earlier scan of the same
    # badge arrived from another device): the device is told at its next synchronisation.
    is_reported = models.BooleanField(_("reported to the device"), default=True)

    class Meta:
        verbose_name = _("offline scan")
        verbose_name_plural = _("offline scans")
        ordering = ["scanned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "device_id", "scan_id"], name="venue_offline_scan_once"
            )
        ]
        indexes = [models.Index(fields=["session", "device_id", "is_reported"])]

    def __str__(self):
        return f"{self.registration_id} · {self.device_id[:8]} · {self.outcome}"
