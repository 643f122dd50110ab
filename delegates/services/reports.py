"""Counts of registrations by session, delegation and status."""

from django.db.models import Count

from delegates.models import Registration, RegistrationStatus
from sessions_app.models import Country

# A registration "counts" as a registered member once the delegate confirmed the address and
# nobody withdrew it.
COUNTED_STATUSES = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


def session_counts(session):
    """Counts of one session: per delegation and status, with totals; for past editions
    without registration records, the historical counts stored on the session.

    Returns {"rows": [{"delegation", "label", "by_status": {status: n}, "registered",
    "capacity"}], "statuses": [...], "source": "registrations" | "historical" | "none",
    "registered": {"IT": n, "RU": n}}."""
    counts = {
        (row["delegation"], row["status"]): row["total"]
        for row in Registration.objects.filter(session=session)
        .values("delegation", "status")
        .annotate(total=Count("pk"))
        .order_by()
    }
    statuses = list(RegistrationStatus)
    rows = []
    registered = {}
    for delegation in Country:
        by_status = {
            status.value: counts.get((delegation.value, status.value), 0) for status in statuses
        }
        registered[delegation.value] = sum(by_status[s] for s in COUNTED_STATUSES)
        rows.append(
            {
                "delegation": delegation.value,
                "label": delegation.label,
                "by_status": by_status,
                "status_counts": [by_status[status.value] for status in statuses],
                "registered": registered[delegation.value],
                "approved": by_status[RegistrationStatus.APPROVED],
                "capacity": session.capacity_for(delegation.value),
            }
        )
    source = "registrations" if counts else "none"
    if not counts and (
        session.historical_registrations_italian is not None
        or session.historical_registrations_russian is not None
    ):
        source = "historical"
        registered = {
            Country.ITALY.value: session.historical_registrations_italian or 0,
            Country.RUSSIA.value: session.historical_registrations_russian or 0,
        }
        for row in rows:
            row["registered"] = registered[row["delegation"]]
    return {"rows": rows, "statuses": statuses, "source": source, "registered": registered}


def counts_for_sessions(sessions):
    """{session_pk: {delegation: registered}} for many sessions in one query, falling back to
    the historical counts where a session has no registration records."""
    sessions = list(sessions)
    found = {}
    for row in (
        Registration.objects.filter(session__in=sessions, status__in=COUNTED_STATUSES)
        .values("session", "delegation")
        .annotate(total=Count("pk"))
        .order_by()
    ):
        found.setdefault(row["session"], {})[row["delegation"]] = row["total"]
    result = {}
    for session in sessions:
        if session.pk in found:
            result[session.pk] = {code: found[session.pk].get(code, 0) for code in Country.values}
        else:
            result[session.pk] = {
                Country.ITALY.value: session.historical_registrations_italian,
                Country.RUSSIA.value: session.historical_registrations_russian,
            }
    return result
