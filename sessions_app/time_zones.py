"""The time zones of the host countries, and the zone of each region.

Italy keeps one zone (Europe/Rome). Russia spans eleven, UTC+2 to UTC+12, and each federal
subject keeps one of them: the tz database lists Russia's zones (`zone.tab` of the `tzdata`
package, the portal's source of zones) but not which subject keeps which, hence the table
below (by ISO 3166-2 code, as the portal's regions; Yakutia and Sakhalin Oblast span several
zones, their capital's first). A new session proposes its region's zone, and a session's zone
must be one of its host country's.
"""

import datetime
import functools
import zoneinfo
from importlib import resources

from django.utils.translation import gettext

from sessions_app.dates import format_utc_offset

ITALY = "IT"
RUSSIA = "RU"

DEFAULT_ZONES = {ITALY: "Europe/Rome", RUSSIA: "Europe/Moscow"}

_MOSCOW = "Europe/Moscow"
_YEKATERINBURG = "Asia/Yekaterinburg"
_KRASNOYARSK = "Asia/Krasnoyarsk"
_IRKUTSK = "Asia/Irkutsk"
_VLADIVOSTOK = "Asia/Vladivostok"

# Federal subjects on Moscow time (UTC+3) and on Yekaterinburg time (UTC+5).
_ON_MOSCOW_TIME = (
    "RU-AD", "RU-ARK", "RU-BEL", "RU-BRY", "RU-CE", "RU-CU", "RU-DA", "RU-IN",
    "RU-IVA", "RU-KB", "RU-KC", "RU-KDA", "RU-KL", "RU-KLU", "RU-KO", "RU-KOS",
    "RU-KR", "RU-KRS", "RU-LEN", "RU-LIP", "RU-ME", "RU-MO", "RU-MOS", "RU-MOW",
    "RU-MUR", "RU-NEN", "RU-NGR", "RU-NIZ", "RU-ORL", "RU-PNZ", "RU-PSK", "RU-ROS",
    "RU-RYA", "RU-SE", "RU-SMO", "RU-SPE", "RU-STA", "RU-TA", "RU-TAM", "RU-TUL",
    "RU-TVE", "RU-VLA", "RU-VLG", "RU-VOR", "RU-YAR",
)  # fmt: skip
_ON_YEKATERINBURG_TIME = (
    "RU-BA", "RU-CHE", "RU-KGN", "RU-KHM", "RU-ORE", "RU-PER", "RU-SVE", "RU-TYU", "RU-YAN",
)  # fmt: skip

# The zones of Russia's federal subjects: the first is the capital's, proposed for a session.
RUSSIAN_REGION_ZONES = {
    "RU-KGD": ("Europe/Kaliningrad",),  # UTC+2
    # UTC+3
    **dict.fromkeys(_ON_MOSCOW_TIME, (_MOSCOW,)),
    "RU-KIR": ("Europe/Kirov",),
    "RU-VGG": ("Europe/Volgograd",),
    # UTC+4
    "RU-AST": ("Europe/Astrakhan",),
    "RU-SAR": ("Europe/Saratov",),
    "RU-ULY": ("Europe/Ulyanovsk",),
    "RU-SAM": ("Europe/Samara",),
    "RU-UD": ("Europe/Samara",),
    # UTC+5
    **dict.fromkeys(_ON_YEKATERINBURG_TIME, (_YEKATERINBURG,)),
    # UTC+6
    "RU-OMS": ("Asia/Omsk",),
    # UTC+7
    "RU-NVS": ("Asia/Novosibirsk",),
    "RU-ALT": ("Asia/Barnaul",),
    "RU-AL": ("Asia/Barnaul",),
    "RU-TOM": ("Asia/Tomsk",),
    "RU-KEM": ("Asia/Novokuznetsk",),
    "RU-KYA": (_KRASNOYARSK,),
    "RU-KK": (_KRASNOYARSK,),
    "RU-TY": (_KRASNOYARSK,),
    # UTC+8
    "RU-IRK": (_IRKUTSK,),
    "RU-BU": (_IRKUTSK,),
    # UTC+9
    "RU-ZAB": ("Asia/Chita",),
    "RU-AMU": ("Asia/Yakutsk",),
    "RU-SA": ("Asia/Yakutsk", "Asia/Khandyga", "Asia/Ust-Nera", "Asia/Srednekolymsk"),
    # UTC+10
    "RU-PRI": (_VLADIVOSTOK,),
    "RU-KHA": (_VLADIVOSTOK,),
    "RU-YEV": (_VLADIVOSTOK,),
    # UTC+11
    "RU-MAG": ("Asia/Magadan",),
    "RU-SAK": ("Asia/Sakhalin", "Asia/Srednekolymsk"),
    # UTC+12
    "RU-KAM": ("Asia/Kamchatka",),
    "RU-CHU": ("Asia/Anadyr",),
}


@functools.cache
def country_zones(country):
    """The zones of `country` ("IT", "RU") as the tz database's zone.tab lists them."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones = []
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        codes, _coordinates, zone, *_comment = line.split("\t")
        if country in codes.split(","):
            zones.append(zone)
    return tuple(zones)


def region_zones(region):
    """The zones a region keeps, its capital's first: () when the table does not know it."""
    if region is None:
        return ()
    if region.country == ITALY:
        return (DEFAULT_ZONES[ITALY],)
    return RUSSIAN_REGION_ZONES.get(region.code, ())


def proposed_zone(region):
    """The zone a session in `region` is proposed: its capital's."""
    zones = region_zones(region)
    if zones:
        return zones[0]
    return DEFAULT_ZONES.get(getattr(region, "country", None), DEFAULT_ZONES[ITALY])


def _offsets(zone):
    """ "UTC+7"; "UTC+1/UTC+2" for a zone with summer time (its winter and summer offsets)."""
    tzinfo = zoneinfo.ZoneInfo(zone)
    year = datetime.date.today().year
    offsets = []
    for month in (1, 7):
        moment = datetime.datetime(year, month, 15, 12, tzinfo=tzinfo)
        text = format_utc_offset(moment.utcoffset())
        if text not in offsets:
            offsets.append(text)
    return "/".join(offsets)


def _utc_minutes(zone):
    moment = datetime.datetime(datetime.date.today().year, 1, 15, 12)
    return zoneinfo.ZoneInfo(zone).utcoffset(moment).total_seconds() // 60


def zone_choices():
    """The zones a session may be in, Italy's then Russia's from west to east, each labelled
    with its country and offsets: "Russia – Asia/Novosibirsk, UTC+7"."""
    countries = ((ITALY, gettext("Italy")), (RUSSIA, gettext("Russia")))
    choices = []
    for code, country in countries:
        for zone in sorted(country_zones(code), key=lambda z: (_utc_minutes(z), z)):
            label = gettext("%(country)s – %(zone)s, %(offsets)s") % {
                "country": country,
                "zone": zone,
                "offsets": _offsets(zone),
            }
            choices.append((zone, label))
    return choices
