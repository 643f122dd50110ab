"""Check-in without network, as pretixSCAN does it.

A desk device holding the check-in permission downloads the session's list of valid badges
(`offline_list`): for each approved registration, an HMAC-SHA256 of its badge code keyed by a
salt drawn for this download, the names to show (both scripts) and whether it is checked in.
Neither the badge codes nor the key that signs them leave the server: a device (or whoever
takes it) can tell whether a code it scans is on the list, not make a code. The list expires
(`LIST_LIFETIME`) and the desk wipes it at logout (venue/middleware.py).

While offline the device checks scanned codes against the list and queues the check-ins with
its own clock; when the network returns it sends them (`sync_offline_scans`). The server
checks every code again as if it were scanned now: a badge revoked or a registration
cancelled since the download is refused; two devices that checked the same badge in offline
resolve to the first scan (its time is kept) and both are told it was a duplicate. Each scan
is recorded once per (badge, device, scan id), so sending the same queue twice is harmless.
"""

import dataclasses
import datetime
import hashlib
import hmac
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.authorization import history_user
from delegates.models import Registration, RegistrationStatus
from venue.models import CheckIn, CheckInMethod, OfflineScan, OfflineScanOutcome
from venue.services.badges import badge_token, normalize_scanned_code, read_badge_token
from venue.services.checkin import (
    check_in_days,
    existing_check_in,
    local_time_display,
    outside_dates_message,
    registration_for_desk,
    require_desk_staff,
)

# How long a downloaded list may be used: a venue day, and the night before it.
LIST_LIFETIME = datetime.timedelta(hours=24)
# How many queued check-ins one request may carry (a device sends the rest next time).
MAX_SCANS_PER_SYNC = 200
# A scan the device dates further back than this is refused (a clock gone wrong).
OLDEST_SCAN = datetime.timedelta(days=7)

_IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class OfflineSyncError(ValueError):
    """The request as a whole is unreadable; `message` is translated."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def code_digest(salt, code):
    """What the device computes for a scanned code: HMAC-SHA256 of the normalized code, keyed
    by the download's salt (the desk script does the same with WebCrypto)."""
    return hmac.new(
        salt.encode(), normalize_scanned_code(code).encode(), hashlib.sha256
    ).hexdigest()


def _local_midnight(day, session):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=session.tzinfo)


def offline_list(session, by):
    """The list a device takes offline: digests of the session's valid badge codes, with the
    names to show and the current check-in state. One query for the registrations."""
    require_desk_staff(by)
    salt = secrets.token_hex(16)
    issued_at = timezone.now()
    registrations = (
        Registration.objects.filter(session=session, status=RegistrationStatus.APPROVED)
        .select_related("person", "organization", "check_in")
        .order_by("delegation", "person__family_name_latin", "person__given_name_latin", "pk")
    )
    entries = []
    for registration in registrations:
        registration.session = session
        check_in = existing_check_in(registration)
        person = registration.person
        names = person.names_for_reader()
        entries.append(
            {
                "digest": code_digest(salt, badge_token(registration)),
                # The reader's script first, as on the desk's pages (Cyrillic for Russian).
                "name": names[0][0],
                "name_other_script": names[1][0] if len(names) > 1 else "",
                "organization": registration.organization.display_name,
                "delegation": registration.get_delegation_display(),
                "delegation_code": registration.delegation.lower(),
                "checked_in_at": check_in.checked_in_at.isoformat() if check_in else None,
            }
        )
    first_day, last_day = check_in_days(session)
    return {
        "session": session.number,
        # The device refuses scans outside the check-in days too (the server checks again).
        "check_in_opens": _local_midnight(first_day, session).isoformat(),
        "check_in_closes": _local_midnight(
            last_day + datetime.timedelta(days=1), session
        ).isoformat(),
        "salt": salt,
        "issued_at": issued_at.isoformat(),
        "expires_at": (issued_at + LIST_LIFETIME).isoformat(),
        "user": getattr(by, "pk", None),
        "entries": entries,
    }


@dataclasses.dataclass
class SyncedScan:
    scan_id: str
    outcome: str
    message: str
    name: str = ""

    def as_json(self):
        return dataclasses.asdict(self)


def _name(registration):
    return registration.person.both_names_for_reader


_INVALID_SCAN = _("This queued check-in could not be read; find the delegate by name.")


def _scan_time(value, now):
    """The device's time of the scan, or None when unreadable or implausible; a device clock
    ahead of the server's counts as now."""
    moment = parse_datetime(value) if isinstance(value, str) and len(value) <= 40 else None
    if moment is None or timezone.is_naive(moment):
        return None
    if moment < now - OLDEST_SCAN:
        return None
    return min(moment, now)


def _describe(scan, check_in, session):
    """The message for a recorded scan, from what the database says now."""
    if scan.outcome == OfflineScanOutcome.REFUSED:
        return gettext(
            "Refused: this registration is %(status)s since the list was downloaded. "
            "Send the delegate to staff."
        ) % {"status": scan.registration.get_status_display().lower()}
    if check_in is None:
        # Undone at the desk after it was synced.
        return gettext("Sent, but the check-in was undone at the desk since.")
    when = local_time_display(check_in.checked_in_at, session)
    if scan.outcome == OfflineScanOutcome.CHECKED_IN:
        return gettext("Sent: check-in recorded %(when)s.") % {"when": when}
    return gettext(
        "Duplicate: this badge was checked in on more than one device; the first scan, "
        "recorded %(when)s, is kept."
    ) % {"when": when}


def _record(session, registration, device_id, scan_id, scanned_at, by, outcome):
    return OfflineScan.objects.create(
        session=session,
        registration=registration,
        device_id=device_id,
        scan_id=scan_id,
        scanned_at=scanned_at,
        received_from=history_user(by),
        outcome=outcome,
    )


@transaction.atomic
def _sync_one(session, device_id, item, by, now):
    scan_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(scan_id, str) or not _IDENTIFIER.match(scan_id):
        return SyncedScan(str(scan_id)[:64], "invalid", str(_INVALID_SCAN))
    scanned_at = _scan_time(item.get("scanned_at"), now)
    code = item.get("code")
    badge = read_badge_token(code) if isinstance(code, str) else None
    if scanned_at is None or badge is None:
        return SyncedScan(scan_id, "invalid", str(_INVALID_SCAN))
    if badge.session_number != session.number:
        return SyncedScan(
            scan_id, "invalid", gettext("Wrong session: this badge is for another session.")
        )
    registration = registration_for_desk(session, badge.registration_id, lock=True)
    if registration is None:
        return SyncedScan(
            scan_id,
            "invalid",
            gettext("No registration of this session has this badge any more."),
        )
    # Read again now that the row is locked: the join above may predate another desk's commit.
    check_in = (
        CheckIn.objects.filter(registration=registration).select_related("checked_in_by").first()
    )
    previous = OfflineScan.objects.filter(
        registration=registration, device_id=device_id, scan_id=scan_id
    ).first()
    if previous is not None:
        # The same queue sent again: the same answer, nothing changes.
        previous.registration = registration
        return SyncedScan(
            scan_id, previous.outcome, _describe(previous, check_in, session), _name(registration)
        )

    refusal = outside_dates_message(session, scanned_at)
    if refusal is not None:
        # Scanned on a day that is not a check-in day (a test, a device clock gone wrong):
        # nothing is recorded, and sending it again gets the same answer.
        return SyncedScan(scan_id, OfflineScanOutcome.REFUSED.value, refusal, _name(registration))
    if registration.status != RegistrationStatus.APPROVED:
        scan = _record(
            session, registration, device_id, scan_id, scanned_at, by, OfflineScanOutcome.REFUSED
        )
    elif check_in is None:
        check_in = CheckIn(
            registration=registration,
            session=session,
            checked_in_at=scanned_at,
            checked_in_by=history_user(by),
            method=CheckInMethod.OFFLINE,
        )
        check_in._history_user = history_user(by)
        check_in.save(force_insert=True)
        scan = _record(
            session,
            registration,
            device_id,
            scan_id,
            scanned_at,
            by,
            OfflineScanOutcome.CHECKED_IN,
        )
    else:
        if scanned_at < check_in.checked_in_at:
            # This scan came first: its time stands, and the device that was told "checked
            # in" learns at its next synchronisation that the badge was scanned twice.
            check_in.checked_in_at = scanned_at
            check_in.checked_in_by = history_user(by)
            check_in.method = CheckInMethod.OFFLINE
            check_in._history_user = history_user(by)
            check_in.save(update_fields=["checked_in_at", "checked_in_by", "method"])
            OfflineScan.objects.filter(
                registration=registration, outcome=OfflineScanOutcome.CHECKED_IN
            ).update(outcome=OfflineScanOutcome.DUPLICATE, is_reported=False)
        scan = _record(
            session, registration, device_id, scan_id, scanned_at, by, OfflineScanOutcome.DUPLICATE
        )
    scan.registration = registration
    return SyncedScan(
        scan_id, scan.outcome, _describe(scan, check_in, session), _name(registration)
    )


def _revisions(session, device_id):
    """This device's earlier scans whose outcome changed since it was told, now told."""
    scans = list(
        OfflineScan.objects.filter(session=session, device_id=device_id, is_reported=False)
        .select_related("registration__person", "registration__check_in")
        .order_by("scanned_at")
    )
    if not scans:
        return []
    OfflineScan.objects.filter(pk__in=[scan.pk for scan in scans]).update(is_reported=True)
    return [
        SyncedScan(
            scan.scan_id,
            scan.outcome,
            _describe(scan, existing_check_in(scan.registration), session),
            _name(scan.registration),
        )
        for scan in scans
    ]


def sync_offline_scans(session, device_id, scans, by):
    """Record the check-ins a device queued offline. Returns (results, revisions): one
    SyncedScan per item sent, in order, and the device's earlier scans whose outcome changed
    (a duplicate found since). Raises OfflineSyncError when the request is unreadable."""
    require_desk_staff(by)
    if not isinstance(device_id, str) or not _IDENTIFIER.match(device_id):
        raise OfflineSyncError(_("This device is not identified: reload the desk page."))
    if not isinstance(scans, list):
        raise OfflineSyncError(_("The queued check-ins could not be read."))
    if len(scans) > MAX_SCANS_PER_SYNC:
        raise OfflineSyncError(
            ngettext(
                "Too many check-ins in one go: at most %(count)s.",
                "Too many check-ins in one go: at most %(count)s.",
                MAX_SCANS_PER_SYNC,
            )
            % {"count": MAX_SCANS_PER_SYNC}
        )
    now = timezone.now()
    results = [_sync_one(session, device_id, item, by, now) for item in scans]
    return results, _revisions(session, device_id)
