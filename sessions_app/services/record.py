"""The whole record of the sessions: the editions public sources tell of (I–XXVIII, the
historical record of sessions_app/models/history.py) and the sessions organized through the
portal that the record does not hold (XXIX on). The statistics, history and region pages count
the sessions held and their host regions from here, so that they give the same numbers."""

from dataclasses import dataclass

from core import prepared
from sessions_app.models import Edition, EditionStatus, Session, SessionStatus

_REGION_COLUMNS = (
    "host_region__country",
    "host_region__name_it",
    "host_region__name_ru",
    "host_region__name_en",
)


@dataclass(frozen=True)
class HeldSession:
    """One session held, as the record knows it: a country and a region only when known."""

    number: int
    host_country: str
    host_region_id: int | None
    # The region's country and names (None without a region).
    region_country: str | None = None
    region_name_it: str | None = None
    region_name_ru: str | None = None
    region_name_en: str | None = None


def _held_editions():
    return (
        Edition.objects.filter(status=EditionStatus.HELD)
        .order_by("number", "sequence")
        .values_list("number", "host_country", "host_region_id", *_REGION_COLUMNS)
    )


def _held_sessions_off_record():
    return (
        Session.objects.filter(status=SessionStatus.HELD, editions=None)
        .order_by("number")
        .values_list("number", "host_country", "host_region_id", *_REGION_COLUMNS)
    )


def sessions_held():
    """[HeldSession…] by number: every edition of the record that was held (a postponed
    attempt is not; its later attempt is), and every session the portal marks held that the
    record does not hold (two compiled queries)."""
    held = {}
    for row in prepared.rows(_held_editions):
        held.setdefault(row[0], HeldSession(*row))
    for row in prepared.rows(_held_sessions_off_record):
        held.setdefault(row[0], HeldSession(*row))
    return [held[number] for number in sorted(held)]


def sessions_off_record():
    """The portal's sessions that the historical record does not hold, held or to come (not
    cancelled), by number: the history page lists them after the record's editions."""
    return (
        Session.objects.not_cancelled()
        .filter(editions=None)
        .select_related("host_region")
        .order_by("number")
    )
