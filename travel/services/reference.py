"""Loading the visa workflow's reference data (travel/reference_data.py)."""

from django.db import transaction

from sessions_app.models import Region
from travel.models import Consulate, PassportRule
from travel.reference_data import CONSULATES, PASSPORT_RULES


@transaction.atomic
def load_visa_reference_data():
    """Create the consulates and passport rules that are missing; never change a row that
    exists (staff may have corrected it). Returns a one-line report."""
    created_consulates = 0
    by_country = {}
    for values in CONSULATES:
        values = dict(values)
        regions = values.pop("regions")
        by_country.setdefault(values["country"], []).append((values["key"], regions))
        _consulate, created = Consulate.objects.get_or_create(
            key=values["key"], defaults={**values, "is_reference_data": True}
        )
        created_consulates += created
    for country, rows in by_country.items():
        listed = {code for _key, regions in rows if regions != "*" for code in regions}
        other = "IT" if country == "RU" else "RU"
        for key, regions in rows:
            consulate = Consulate.objects.get(key=key)
            if consulate.regions.exists():
                continue  # set before, possibly corrected by staff
            if regions == "*":
                codes = Region.objects.filter(country=other).exclude(code__in=listed)
            else:
                codes = Region.objects.filter(code__in=regions)
            consulate.regions.set(codes)
    created_rules = 0
    for country, kind, value, (source, url) in PASSPORT_RULES:
        _rule, created = PassportRule.objects.get_or_create(
            destination_country=country,
            kind=kind,
            defaults={"value": value, "source": source, "source_url": url},
        )
        created_rules += created
    return (
        f"consulates and visa centres: {created_consulates} created; "
        f"passport rules: {created_rules} created"
    )
