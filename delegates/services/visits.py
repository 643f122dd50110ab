"""Company visits chosen by delegates: one booking per visit, with its own capacity and
waiting list. Every function here runs under the session lock taken by its caller."""

from django.db.models import Count, Q

from core import prepared
from delegates.models import CompanyVisitBooking, CompanyVisitBookingStatus

Booking = CompanyVisitBookingStatus


def set_company_visits(registration, chosen_visits, allocate):
    """Make the registration's bookings match `chosen_visits`; places are handed out at once
    when `allocate` (a confirmed registration), else at e-mail confirmation."""
    current = {booking.visit_id: booking for booking in registration.company_visit_bookings.all()}
    wanted = {visit.pk for visit in chosen_visits}
    freed = []
    for visit_id, booking in current.items():
        if visit_id not in wanted:
            if booking.status == Booking.BOOKED:
                freed.append(booking.visit_id)
            booking.delete()
    CompanyVisitBooking.objects.bulk_create(
        CompanyVisitBooking(registration=registration, visit_id=pk, status=Booking.REQUESTED)
        for pk in sorted(wanted - current.keys())
    )
    if allocate:
        allocate_company_visits(registration)
    for visit_id in freed:
        promote_visit_waitlist(visit_id)


def _requested_bookings(registration_pk):
    # Read at every confirmation, most often finding none (compiled once: core/prepared.py).
    return (
        CompanyVisitBooking.objects.filter(
            registration_id=registration_pk, status=Booking.REQUESTED
        )
        .select_related("visit")
        .order_by("pk")
    )


def allocate_company_visits(registration):
    """Book a place on each requested visit, or put the booking on that visit's waiting list."""
    for booking in prepared.rows_by(_requested_bookings, registration.pk):
        capacity = booking.visit.capacity
        if capacity is None or _booked_count(booking.visit_id) < capacity:
            booking.status = Booking.BOOKED
        else:
            booking.status = Booking.WAITLISTED
        booking.save(update_fields=["status"])


def release_company_visits(registration):
    """Drop a cancelled or rejected registration's bookings; their places go to the next on
    each visit's waiting list."""
    bookings = list(registration.company_visit_bookings.all())
    freed = [b.visit_id for b in bookings if b.status == Booking.BOOKED]
    registration.company_visit_bookings.all().delete()
    for visit_id in freed:
        promote_visit_waitlist(visit_id)


def promote_visit_waitlist(visit_id):
    """Fill the visit's free places from its waiting list, first come first served."""
    from sessions_app.models import ProgrammeItem

    visit = ProgrammeItem.objects.get(pk=visit_id)
    waiting = CompanyVisitBooking.objects.filter(visit_id=visit_id, status=Booking.WAITLISTED)
    if visit.capacity is not None:
        free = visit.capacity - _booked_count(visit_id)
        if free <= 0:
            return 0
        waiting = waiting.order_by("created_at", "pk")[:free]
    promoted = list(waiting.values_list("pk", flat=True))
    CompanyVisitBooking.objects.filter(pk__in=promoted).update(status=Booking.BOOKED)
    return len(promoted)


def _booked_count(visit_id):
    return CompanyVisitBooking.objects.filter(visit_id=visit_id, status=Booking.BOOKED).count()


def visits_with_places(visits):
    """Annotate company visits with the number of booked places (`booked`)."""
    return visits.annotate(
        booked=Count("visit_bookings", filter=Q(visit_bookings__status=Booking.BOOKED))
    )
