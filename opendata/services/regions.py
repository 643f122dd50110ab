"""Region statistics: which regions hosted sessions and how often, what joined each pair of an
Italian region and a Russian federal subject (the measures of core/region_pairs.py), and each
region's own record. Every function runs a constant number of queries, however many sessions,
delegates or agreements there are."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from agreements.models import Agreement
from core.region_pairs import measures
from delegates.models import Organization, Registration, RegistrationStatus
from sessions_app.models import Country, Edition, Region, Session, SessionStatus
from sessions_app.services.record import sessions_held

# A region page lists at most this many organizations (the count says how many there are).
ORGANIZATIONS_SHOWN = 50


@dataclass(frozen=True)
class RegionItem:
    """One line of a region page's section: a title (a link when `url`) and a note."""

    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class RegionSection:
    key: str
    title: object
    empty: object
    order: int
    function: object


_sections = {}


def register_section(key, *, title, empty, order):
    """Add a section to every region's page from an app above this one (collaboration
    projects): the decorated function takes the region and returns its [RegionItem…], in a
    constant number of queries; `empty` is said when there is none."""

    def decorator(function):
        _sections[key] = RegionSection(key, title, empty, order, function)
        return function

    return decorator


def unregister_section(key):
    _sections.pop(key, None)


def region_sections(region):
    """[(section, items)] in the order of the sections."""
    registered = sorted(_sections.values(), key=lambda section: (section.order, section.key))
    return [(section, section.function(region)) for section in registered]


@dataclass
class Hosting:
    region: Region
    count: int


def hosting_regions():
    """[Hosting(region, editions hosted)] per country, most first: the sessions held in a
    known region over the whole record, the historical editions and the portal's own sessions,
    as the statistics page counts them (sessions_app/services/record.py; three queries)."""
    counts = Counter(
        session.host_region_id for session in sessions_held() if session.host_region_id
    )
    regions = Region.objects.in_bulk(list(counts))
    hosting = {Country.ITALY: [], Country.RUSSIA: []}
    for region_id, count in counts.items():
        region = regions[region_id]
        hosting[region.country].append(Hosting(region, count))
    for rows in hosting.values():
        rows.sort(key=lambda row: (-row.count, row.region.name))
    return hosting


@dataclass
class Pair:
    italian: Region
    russian: Region
    values: list
    total: int = 0

    def __post_init__(self):
        self.total = sum(self.values)


@dataclass
class PairTable:
    """Every pair with at least one link, one value per measure."""

    measures: list
    pairs: list = field(default_factory=list)

    def top(self, count=10):
        return self.pairs[:count]

    def for_region(self, region):
        return [pair for pair in self.pairs if region in (pair.italian, pair.russian)]

    def matrix(self, measure_index=None):
        """(Italian regions, Russian regions, rows): the regions that appear in a pair, and for
        each Italian region its row of values (the measure's, or the total)."""
        italian = sorted({pair.italian for pair in self.pairs}, key=lambda region: region.name)
        russian = sorted({pair.russian for pair in self.pairs}, key=lambda region: region.name)
        value = {
            (pair.italian, pair.russian): (
                pair.total if measure_index is None else pair.values[measure_index]
            )
            for pair in self.pairs
        }
        rows = [
            (region, [value.get((region, other), 0) for other in russian]) for region in italian
        ]
        return italian, russian, rows


def pair_table():
    """The pairs of regions with their value for each registered measure, the most linked
    first (one query per measure, one for the regions)."""
    registered = measures()
    per_measure = [measure.pairs() for measure in registered]
    keys = set()
    for counts in per_measure:
        keys.update(key for key, value in counts.items() if value)
    codes = {code for key in keys for code in key}
    regions = Region.objects.in_bulk(list(codes), field_name="code") if codes else {}
    pairs = [
        Pair(
            regions[italian],
            regions[russian],
            [counts.get((italian, russian), 0) for counts in per_measure],
        )
        for italian, russian in keys
        if italian in regions and russian in regions
    ]
    pairs.sort(key=lambda pair: (-pair.total, pair.italian.name, pair.russian.name))
    return PairTable(registered, pairs)


@dataclass
class RegionRecord:
    region: Region
    editions: list
    sessions: list
    delegates_per_session: list
    # Approved registrations over every session, and the people they are (one per person).
    delegates_total: int
    delegates_people: int
    organizations: list
    organization_count: int
    agreements: list
    partners: list
    measures: list
    sections: list = field(default_factory=list)


def region_record(region):
    """What the region's page shows: the editions and sessions it hosted, its delegates per
    session (counts, no names), its organizations, the public agreements with a party of it,
    the regions of the other country it worked with and the sections registered by the apps
    above (constant queries)."""
    editions = list(
        Edition.objects.filter(host_region=region).select_related("session").order_by("number")
    )
    sessions = list(
        Session.objects.filter(host_region=region, editions=None)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("number")
    )
    delegates = list(
        Session.objects.annotate(
            delegates=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.APPROVED,
                    registrations__organization__region=region,
                ),
            )
        )
        .filter(delegates__gt=0)
        .select_related("host_region")
        .order_by("-number")
    )
    # People, not registrations: one person at two sessions counts once, as the statistics
    # page counts the delegates of each region.
    delegates_people = (
        Registration.objects.approved()
        .filter(organization__region=region)
        .values("person")
        .distinct()
        .count()
    )
    # Only those staff vouched for (Organization.objects.public): anyone can type a name into
    # a registration.
    organizations = Organization.objects.public().filter(region=region).order_by("name_latin")
    organization_count = organizations.count()
    agreements = list(
        Agreement.objects.public()
        .with_party_in_region(region)
        .for_registry()
        .order_by("-signing_date", "pk")
    )
    table = pair_table()
    return RegionRecord(
        region=region,
        editions=editions,
        sessions=sessions,
        delegates_per_session=delegates,
        delegates_total=sum(session.delegates for session in delegates),
        delegates_people=delegates_people,
        organizations=list(organizations[:ORGANIZATIONS_SHOWN]),
        organization_count=organization_count,
        agreements=agreements,
        partners=table.for_region(region),
        measures=table.measures,
        sections=region_sections(region),
    )
