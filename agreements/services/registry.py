"""Agreements: rules across the inlines, who may see signed copies, the registry's figures."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from agreements.models import SIGNED_STATUSES, Agreement, AgreementKind
from delegates.models import Sector

SIGNED_COPY_PERMISSION = "agreements.view_signed_copy"


def check_signatories(status, signatory_count):
    """An agreement recorded as signed must name at least one signatory."""
    if status in SIGNED_STATUSES and signatory_count == 0:
        raise ValidationError(
            {"status": _("An agreement recorded as signed needs at least one signatory.")},
            code="signed_without_signatory",
        )


def can_view_signed_copy(user, agreement):
    """Public copies for everyone; the others for staff holding the dedicated permission."""
    if not agreement.signed_copy:
        return False
    if agreement.signed_copy_is_public:
        return True
    return bool(user.is_active and user.is_staff and user.has_perm(SIGNED_COPY_PERMISSION))


def registry_counts(agreements):
    """How many of `agreements` fall in each sector and each kind, largest first:
    two grouped queries, whatever the number of agreements."""
    sector_labels = dict(Sector.choices)
    kind_labels = dict(AgreementKind.choices)
    by_sector = (
        agreements.order_by()
        .values("sector")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count")
    )
    by_kind = (
        agreements.order_by()
        .values("kind")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count")
    )
    return {
        "by_sector": [
            {
                "value": row["sector"],
                "label": sector_labels.get(row["sector"], row["sector"]),
                "count": row["count"],
            }
            for row in by_sector
        ],
        "by_kind": [
            {
                "value": row["kind"],
                "label": kind_labels.get(row["kind"], row["kind"]),
                "count": row["count"],
            }
            for row in by_kind
        ],
    }


def annex_agreements(session):
    """The agreements signed at `session`, as listed in the annex of its Protocol."""
    return list(
        Agreement.objects.for_registry()
        .prefetch_related("signatories")
        .filter(session=session, status__in=SIGNED_STATUSES)
        .order_by("signing_date", "pk")
    )
