"""The registrations' block of the control room (core/control_room.py): registrations by
delegation and state against the capacities, and those that wait for a decision. One query."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.control_room import Action, Block, Figure, Table, admin_list, register
from delegates.models import Registration, RegistrationStatus
from delegates.services.lifecycle import DECIDE_PERMISSION
from sessions_app.models import Country

# Headers of the table's narrow columns: the status's own label where it is short enough.
COLUMN_LABELS = {
    RegistrationStatus.PENDING_CONFIRMATION: pgettext_lazy(
        "registration status, column of a table", "Unconfirmed"
    ),
}


def registrations_url(session, **filters):
    return admin_list(
        "admin:delegates_registration_changelist", session__id__exact=session.pk, **filters
    )


@register(order=10)
def registrations(session):
    counts = {
        (row["delegation"], row["status"]): row["count"]
        for row in Registration.objects.filter(session=session)
        .values("delegation", "status")
        .annotate(count=Count("pk"))
        .order_by()
    }
    statuses = list(RegistrationStatus)
    rows = []
    for delegation in (Country.ITALY, Country.RUSSIA):
        cells = [
            (
                counts.get((delegation, status), 0),
                registrations_url(session, delegation__exact=delegation, status__exact=status),
            )
            for status in statuses
        ]
        rows.append((delegation.label, cells, session.capacity_for(delegation)))
    totals = [
        (
            sum(counts.get((d, status), 0) for d in (Country.ITALY, Country.RUSSIA)),
            registrations_url(session, status__exact=status),
        )
        for status in statuses
    ]
    capacities = [row[2] for row in rows]
    total_capacity = sum(capacities) if all(c is not None for c in capacities) else None
    rows.append((_("Total"), totals, total_capacity))

    def count(status, delegation=None):
        if delegation is None:
            return sum(counts.get((d, status), 0) for d in (Country.ITALY, Country.RUSSIA))
        return counts.get((delegation, status), 0)

    submitted = count(RegistrationStatus.SUBMITTED)
    figures = [
        Figure(
            _("Italian delegation: approved"),
            count(RegistrationStatus.APPROVED, Country.ITALY),
            registrations_url(session, delegation__exact=Country.ITALY, status__exact="approved"),
            of=session.capacity_for(Country.ITALY),
        ),
        Figure(
            _("Russian delegation: approved"),
            count(RegistrationStatus.APPROVED, Country.RUSSIA),
            registrations_url(session, delegation__exact=Country.RUSSIA, status__exact="approved"),
            of=session.capacity_for(Country.RUSSIA),
        ),
        Figure(
            _("Registrations to approve"),
            submitted,
            registrations_url(session, status__exact=RegistrationStatus.SUBMITTED),
            waiting=True,
        ),
        Figure(
            _("On the waiting list"),
            count(RegistrationStatus.WAITLISTED),
            registrations_url(session, status__exact=RegistrationStatus.WAITLISTED),
        ),
    ]
    return Block(
        title=_("Registrations"),
        figures=figures,
        table=Table(
            caption=_("Registrations by delegation and state, against the places"),
            columns=[COLUMN_LABELS.get(status, status.label) for status in statuses],
            rows=rows,
        ),
        actions=[
            Action(
                _("Decide on the submitted registrations"),
                registrations_url(session, status__exact=RegistrationStatus.SUBMITTED),
                (DECIDE_PERMISSION,),
            )
        ]
        if submitted
        else [],
        links=[
            (_("List of registrations"), registrations_url(session)),
            (
                _("Counts by delegation and status"),
                reverse("admin:delegates_registration_session_report", args=[session.pk]),
            ),
        ],
    )
