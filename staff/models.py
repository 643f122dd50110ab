from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What a staff member did that the ministry must be able to trace."""

    VIEW_PASSPORT_DATA = "view_passport_data", _("Viewed passport data")
    VIEW_SIGNED_COPY = "view_signed_copy", _("Opened a signed copy")
    EXPORT = "export", _("Exported data")
    DOWNLOAD_DOCUMENT = "download_document", _("Downloaded a personal document")
    FINALIZE_PROTOCOL = "finalize_protocol", _("Finalized a protocol")
    RESET_SECOND_FACTOR = "reset_second_factor", _("Removed the second factor of an account")
    OTHER = "other", _("Other")


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One access to sensitive data (passport data, signed copies, exports): who, when, what.

    Rows are only ever added (by `staff.services.record_access`); the admin shows them
    read-only."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    # Kept as text too, so that the trace survives the deletion of the account.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.username or '—'} · {self.get_action_display()} · {self.object_repr}"
