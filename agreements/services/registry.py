"""Agreements: rules across the inlines, who may see signed copies, the registry's figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    SIGNED_STATUSES,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Renewal,
)
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


def counted_for_registry(agreements):
    """One row per sector, kind and year of signing among `agreements`, with how many: what
    `registry_counts` reads, whatever the number of agreements."""
    return (
        agreements.order_by()
        .values("sector", "kind", year=ExtractYear("signing_date"))
        .annotate(count=Count("pk", distinct=True))
    )


def registry_counts(groups):
    """How many agreements fall in each sector and each kind, largest first, how many there
    are, and the years they were signed in, latest first, from the rows of
    `counted_for_registry`. Each agreement has one sector, one kind and one year (or none),
    so the groups add up."""
    sector_labels = dict(Sector.choices)
    kind_labels = dict(AgreementKind.choices)
    by_sector, by_kind = {}, {}
    years = set()
    for row in groups:
        by_sector[row["sector"]] = by_sector.get(row["sector"], 0) + row["count"]
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]
        if row["year"] is not None:
            years.add(row["year"])

    def rows(counts, labels):
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [
            {"value": value, "label": labels.get(value, value), "count": count}
            for value, count in ordered
        ]

    return {
        "by_sector": rows(by_sector, sector_labels),
        "by_kind": rows(by_kind, kind_labels),
        "total": sum(by_sector.values()),
        "years": sorted(years, reverse=True),
    }


def annex_agreements(session):
    """The agreements signed at `session`, as listed in the annex of its Protocol."""
    return list(
        Agreement.objects.for_registry()
        .prefetch_related("signatories")
        .filter(session=session, status__in=SIGNED_STATUSES)
        .order_by("signing_date", "pk")
    )


# Statuses that say an agreement runs; past its term, one that is not tacitly renewed expires.
RUNNING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)


def expire_ended_terms(today=None):
    """Agreements recorded as signed or in force whose term ended before `today` (in Rome,
    the registry's calendar) become expired, unless tacitly renewable (renewed until one
    party terminates it). Nightly; each change is kept in the agreement's history. An
    agreement renewed by the parties is put back in force by staff, with its new term.
    Returns the agreements expired."""
    today = today or timezone.localdate()
    candidates = (
        Agreement.objects.filter(
            status__in=RUNNING_STATUSES,
            signing_date__isnull=False,
            duration_months__isnull=False,
        )
        .exclude(renewal=Renewal.TACIT)
        .order_by("pk")
    )
    expired = []
    for agreement in candidates:
        if agreement.expires_on >= today:
            continue
        with transaction.atomic():
            agreement.status = AgreementStatus.EXPIRED
            agreement._change_reason = "term ended"
            agreement.save()
        expired.append(agreement)
    return expired
