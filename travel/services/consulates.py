"""The consulates and visa centres where delegates apply, and the one a delegate's region
points to (its jurisdiction)."""

from django.db.models import Case, IntegerField, Value, When

from travel.models import Consulate, ConsulateKind


def consulates_for(session):
    """Where delegates travelling to `session` apply: the active consulates and visa centres
    of the host country, consulates first."""
    return (
        Consulate.objects.filter(country=session.host_country, is_active=True)
        .annotate(
            kind_order=Case(
                When(kind=ConsulateKind.CONSULATE, then=Value(0)),
                When(kind=ConsulateKind.EMBASSY, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("kind_order", "name_it")
    )


def proposed_consulate(registration):
    """The consulate serving the region of the delegate's organization (None when no
    consulate lists that region): consulates before visa centres."""
    region_id = registration.organization.region_id if registration.organization_id else None
    if region_id is None:
        return None
    return consulates_for(registration.session).filter(regions=region_id).first()
