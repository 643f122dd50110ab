"""What joins an Italian region and a Russian federal subject, as read from the domain apps:
the delegates who met at a session, the public agreements between their parties, the B2B
meetings between their delegates (core/region_pairs.py; one query each). Collaboration
projects register their own measure from the projects app."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Party
from core.region_pairs import register
from delegates.models import Registration, RegistrationStatus
from meetings.models import Meeting
from sessions_app.models import Country


def _country(code):
    return code.split("-", 1)[0]


def _pair(first, second):
    """(Italian code, Russian code) for two region codes of different countries, else None."""
    countries = {_country(first): first, _country(second): second}
    if set(countries) == {Country.ITALY, Country.RUSSIA}:
        return countries[Country.ITALY], countries[Country.RUSSIA]
    return None


@register(
    "delegates",
    label=_("Delegates"),
    description=_(
        "Approved delegates of the two regions at the sessions where both were represented."
    ),
    order=10,
)
def delegates_per_pair():
    per_session = defaultdict(lambda: defaultdict(Counter))
    rows = (
        Registration.objects.filter(
            status=RegistrationStatus.APPROVED, organization__region__isnull=False
        )
        .values_list("session_id", "organization__region__code")
        .annotate(count=Count("id"))
        .order_by()
    )
    for session_id, code, count in rows:
        per_session[session_id][_country(code)][code] += count
    pairs = Counter()
    for sides in per_session.values():
        for italian, italian_count in sides[Country.ITALY].items():
            for russian, russian_count in sides[Country.RUSSIA].items():
                pairs[(italian, russian)] += italian_count + russian_count
    return pairs


@register(
    "agreements",
    label=_("Agreements"),
    description=_(
        "Public agreements with a party of each region (the region or one of its organizations)."
    ),
    order=20,
)
def agreements_per_pair():
    codes = defaultdict(set)
    parties = (
        Party.objects.filter(agreement__in=Agreement.objects.public())
        .annotate(code=Coalesce("region__code", "organization__region__code"))
        .filter(code__isnull=False)
        .values_list("agreement_id", "code")
    )
    for agreement_id, code in parties:
        codes[agreement_id].add(code)
    pairs = Counter()
    for agreement_codes in codes.values():
        for italian in (code for code in agreement_codes if _country(code) == Country.ITALY):
            for russian in (code for code in agreement_codes if _country(code) == Country.RUSSIA):
                pairs[(italian, russian)] += 1
    return pairs


@register(
    "meetings",
    label=_("B2B meetings"),
    description=_("B2B meetings agreed between delegates of organizations of the two regions."),
    order=30,
)
def meetings_per_pair():
    pairs = Counter()
    rows = (
        Meeting.objects.filter(
            registration_a__organization__region__isnull=False,
            registration_b__organization__region__isnull=False,
        )
        .values_list(
            "registration_a__organization__region__code",
            "registration_b__organization__region__code",
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    for first, second, count in rows:
        pair = _pair(first, second)
        if pair:
            pairs[pair] += count
    return pairs
