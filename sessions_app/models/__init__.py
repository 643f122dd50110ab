"""Models of sessions_app: regions and sessions, and each session's programme."""

from sessions_app.models.history import (
    Confidence,
    Edition,
    EditionQuerySet,
    EditionSource,
    EditionStatus,
    FigureKind,
    Qualifier,
    ReportedFigure,
)
from sessions_app.models.institution import SessionInstitution
from sessions_app.models.programme import (
    ProgrammeItem,
    ProgrammeItemKind,
    ProgrammeItemQuerySet,
    ThematicTable,
)
from sessions_app.models.sector import Sector
from sessions_app.models.session import (
    LOWERCASE_MONTH_LANGUAGES,
    Country,
    DatePrecision,
    Region,
    RegionKind,
    RegionQuerySet,
    Session,
    SessionQuerySet,
    SessionStatus,
    _time_zone_choices,
    long_date,
)

__all__ = [
    "Confidence",
    "Edition",
    "EditionQuerySet",
    "EditionSource",
    "EditionStatus",
    "FigureKind",
    "Qualifier",
    "ReportedFigure",
    "LOWERCASE_MONTH_LANGUAGES",
    "Country",
    "DatePrecision",
    "ProgrammeItem",
    "ProgrammeItemKind",
    "ProgrammeItemQuerySet",
    "Region",
    "RegionKind",
    "RegionQuerySet",
    "Sector",
    "Session",
    "SessionInstitution",
    "SessionQuerySet",
    "SessionStatus",
    "ThematicTable",
    "_time_zone_choices",
    "long_date",
]
