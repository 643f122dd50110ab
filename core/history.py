"""The change history of the admin (django-simple-history) as staff read it: values as the
forms show them (a choice's label, not its code; a date in the reader's format and the page's
zone; "—" for nothing) and the reasons the services record named in the reader's language."""

from django.contrib.admin.utils import display_for_field
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"

# The reasons the services write into the history (`_change_reason`), stored in English;
# a reason typed by staff (a decline, an exception) is shown as typed.
CHANGE_REASONS = {
    "submitted by the delegate": pgettext_lazy("change reason", "submitted by the delegate"),
    "submitted again by the delegate": pgettext_lazy(
        "change reason", "submitted again by the delegate"
    ),
    "changed by the delegate": pgettext_lazy("change reason", "changed by the delegate"),
    "e-mail confirmed": pgettext_lazy("change reason", "e-mail confirmed"),
    "entered by staff": pgettext_lazy("change reason", "entered by staff"),
    "changed by staff": pgettext_lazy("change reason", "changed by staff"),
    "corrected by staff": pgettext_lazy("change reason", "corrected by staff"),
    "deleted by staff": pgettext_lazy("change reason", "deleted by staff"),
    "cancelled by staff": pgettext_lazy("change reason", "cancelled by staff"),
    "cancelled by the delegate": pgettext_lazy("change reason", "cancelled by the delegate"),
    "cancelled by the portal": pgettext_lazy("change reason", "cancelled by the portal"),
    "approved": pgettext_lazy("change reason", "approved"),
    "waitlisted": pgettext_lazy("change reason", "waitlisted"),
    "rejected": pgettext_lazy("change reason", "rejected"),
    "promoted from the waiting list": pgettext_lazy(
        "change reason", "promoted from the waiting list"
    ),
    "finalized": pgettext_lazy("change reason", "finalized"),
    "finalize": pgettext_lazy("change reason", "finalized"),
    "sent": pgettext_lazy("change reason", "sent"),
    "details changed": pgettext_lazy("change reason", "details changed"),
    "proposed": pgettext_lazy("change reason", "proposed"),
    "edited by the proposer": pgettext_lazy("change reason", "edited by the proposer"),
    "accept_for_table": pgettext_lazy("change reason", "accepted for a thematic table"),
    "accept_for_catalogue": pgettext_lazy("change reason", "accepted for the catalogue"),
    "withdraw": pgettext_lazy("change reason", "withdrawn"),
    "withdrawn": pgettext_lazy("change reason", "withdrawn"),
    "answered": pgettext_lazy("change reason", "answered"),
    "reminded": pgettext_lazy("change reason", "reminder sent"),
}


def readable_change_reason(reason):
    """The recorded reason in the reader's language, "—" when there is none."""
    if not reason:
        return EMPTY
    return CHANGE_REASONS.get(reason, reason)


def readable_value(field, value):
    """`value` of `field` as the admin's forms and lists show it, in the active zone."""
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    return str(display_for_field(value, field, EMPTY))


class ReadableChanges(HistoricalRecordContextHelper):
    """The "Changes" column: "Stato: Inviata → Approvata", "Decisa il: — → 5 dicembre 2026,
    14:38" rather than the stored codes and UTC timestamps."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):  # the related objects of a many-to-many field
            return ", ".join(str(item) for item in value) or EMPTY
        return readable_value(self.model._meta.get_field(change.field), value)
