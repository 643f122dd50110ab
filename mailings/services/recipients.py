"""Who a mailing reaches: the registrations of its session that match its filters, the
same filters as the registration list's, plus check-in (venue) and B2B meetings (meetings)."""

from django.db.models import Count, Exists, OuterRef, Q

from delegates.models import CompanyVisitBooking, Registration
from mailings.models import YesNoAny
from meetings.models import Meeting
from venue.models import CheckIn


def _yes_no(queryset, choice, condition):
    if choice == YesNoAny.YES:
        return queryset.filter(condition)
    if choice == YesNoAny.NO:
        return queryset.exclude(condition)
    return queryset


def select_recipients(mailing):
    """The matching registrations (erased ones never), with person and session loaded, in a
    stable order. Subqueries rather than joins: no duplicates, no DISTINCT."""
    registrations = Registration.objects.filter(
        session_id=mailing.session_id, anonymized_at__isnull=True
    )
    if mailing.delegation:
        registrations = registrations.filter(delegation=mailing.delegation)
    if mailing.status:
        registrations = registrations.filter(status=mailing.status)
    if mailing.role:
        registrations = registrations.filter(role=mailing.role)
    if mailing.region_id:
        registrations = registrations.filter(organization__region_id=mailing.region_id)
    if mailing.thematic_table_id:
        tables = Registration.thematic_tables.through.objects.filter(
            registration_id=OuterRef("pk"), thematictable_id=mailing.thematic_table_id
        )
        registrations = registrations.filter(Exists(tables))
    if mailing.company_visit_id:
        bookings = CompanyVisitBooking.objects.filter(
            registration_id=OuterRef("pk"), visit_id=mailing.company_visit_id
        )
        registrations = registrations.filter(Exists(bookings))
    registrations = _yes_no(
        registrations,
        mailing.checked_in,
        Exists(CheckIn.objects.filter(registration_id=OuterRef("pk"))),
    )
    registrations = _yes_no(
        registrations,
        mailing.has_meetings,
        Exists(
            Meeting.objects.filter(
                Q(registration_a_id=OuterRef("pk")) | Q(registration_b_id=OuterRef("pk"))
            )
        ),
    )
    return registrations.select_related("person", "session").order_by("pk")


def count_by_language(mailing):
    """{"it": 12, "ru": 5, "en": 1}: how many matching delegates read each language."""
    rows = (
        select_recipients(mailing)
        .order_by()
        .values("language")
        .annotate(count=Count("pk"))
        .values_list("language", "count")
    )
    return dict(rows)
