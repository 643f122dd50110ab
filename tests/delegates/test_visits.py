"""Company visits: per-visit capacity with its own waiting list; thematic tables."""

import datetime

import pytest
from django.utils import timezone, translation

from delegates.models import (
    CompanyVisitBooking,
    CompanyVisitBookingStatus,
    Registration,
    RegistrationStatus,
)
from delegates.services import (
    approve,
    cancel,
    confirm_email,
    submit_registration,
    update_registration,
    waitlist,
)
from delegates.services.exports import csv_lines
from delegates.services.lifecycle import transition
from sessions_app.models import ProgrammeItem, ThematicTable
from tests.delegates.conftest import details

pytestmark = pytest.mark.django_db
Booking = CompanyVisitBookingStatus


@pytest.fixture
def visit(session):
    start = timezone.make_aware(
        datetime.datetime.combine(session.start_date, datetime.time(15)), session.tzinfo
    )
    return ProgrammeItem.objects.create(
        session=session,
        kind="company_visit",
        title_it="Visita alla Brembo",
        title_ru="Посещение Brembo",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=1,
    )


def confirmed(session, email, **overrides):
    registration, _ = submit_registration(session, details(email=email, **overrides))
    return confirm_email(registration)


def status_of(registration, visit):
    return CompanyVisitBooking.objects.get(registration=registration, visit=visit).status


def test_visit_place_is_booked_only_at_confirmation(session, visit):
    registration, _ = submit_registration(session, details(company_visits=[visit]))
    assert status_of(registration, visit) == Booking.REQUESTED
    confirm_email(registration)
    assert status_of(registration, visit) == Booking.BOOKED
    assert list(registration.company_visits.all()) == [visit]


def test_full_visit_puts_the_next_on_its_waiting_list_and_promotes_on_cancel(session, visit):
    first = confirmed(session, "first@example.org", company_visits=[visit])
    second = confirmed(session, "second@example.org", company_visits=[visit])
    third = confirmed(session, "third@example.org", company_visits=[visit])
    assert status_of(second, visit) == Booking.WAITLISTED
    cancel(first, by=first)
    assert not CompanyVisitBooking.objects.filter(registration=first).exists()
    assert status_of(second, visit) == Booking.BOOKED
    assert status_of(third, visit) == Booking.WAITLISTED


def test_dropping_a_visit_in_an_edit_frees_the_place(session, visit):
    first = confirmed(session, "first@example.org", company_visits=[visit])
    second = confirmed(session, "second@example.org", company_visits=[visit])
    update_registration(first, details(email="first@example.org", company_visits=[]))
    assert status_of(second, visit) == Booking.BOOKED


def test_thematic_tables_are_recorded(session):
    table = ThematicTable.objects.create(
        session=session, name_it="Meccanica", name_ru="Машиностроение", sector="mechanics"
    )
    registration = confirmed(session, "a@example.org", thematic_tables=[table])
    assert list(registration.thematic_tables.all()) == [table]


def test_form_shows_places_left_and_full_visits(client, session, visit):
    from django.urls import reverse

    page = client.get(reverse("delegates:register", kwargs={"number": session.number}))
    assert "ancora 1 posto" in page.content.decode()
    confirmed(session, "first@example.org", company_visits=[visit])
    page = client.get(reverse("delegates:register", kwargs={"number": session.number}))
    assert "lista d’attesa" in page.content.decode()


def requested_but_submitted(session, visit, email):
    """A confirmed registration whose visit was left "requested", as the demo data had them
    (its bookings were made without the allocation that confirmation does)."""
    registration = confirmed(session, email)
    CompanyVisitBooking.objects.create(
        registration=registration, visit=visit, status=Booking.REQUESTED
    )
    return registration


def test_approval_books_a_visit_still_only_requested_or_puts_it_on_the_waiting_list(
    session, visit, organizer
):
    first = requested_but_submitted(session, visit, "first@example.org")
    second = requested_but_submitted(session, visit, "second@example.org")
    approve(first, by=organizer)
    approve(second, by=organizer)
    assert status_of(first, visit) == Booking.BOOKED
    assert status_of(second, visit) == Booking.WAITLISTED  # capacity 1


def test_promotion_from_the_waiting_list_books_a_visit_still_only_requested(
    session, visit, organizer
):
    registration = requested_but_submitted(session, visit, "first@example.org")
    waitlist(registration, by=organizer)
    transition(registration, RegistrationStatus.SUBMITTED, by=organizer)  # promote
    assert status_of(registration, visit) == Booking.BOOKED


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "Visita alla Brembo (posto prenotato)"),
        ("ru", "Посещение Brembo (место забронировано)"),
    ],
)
def test_the_export_writes_the_visit_status_in_lower_case_after_the_title(
    session, visit, organizer, language, expected
):
    registration = confirmed(session, "first@example.org", company_visits=[visit])
    approve(registration, by=organizer)
    with translation.override(language):
        text = "".join(csv_lines(Registration.objects.filter(pk=registration.pk)))
    assert expected in text
