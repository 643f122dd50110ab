"""The public agreements as the open data shows them."""

from django.db.models import Prefetch

from agreements.models import Agreement, Party, Signatory


def public_agreements():
    """Signed agreements (never drafts, nor one signed at a date to come), with their parties
    and signatories, in three queries however many."""
    return (
        Agreement.objects.public()
        .select_related("session")
        .prefetch_related(
            Prefetch(
                "parties",
                Party.objects.select_related("organization__region", "region").order_by(
                    "side", "position", "pk"
                ),
            ),
            Prefetch("signatories", Signatory.objects.order_by("side", "position", "pk")),
        )
        .order_by("-signing_date", "pk")
    )
