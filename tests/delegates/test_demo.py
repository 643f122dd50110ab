import io

import pytest
from django.core.management import call_command

from delegates.models import Registration, RegistrationStatus
from sessions_app.services import DEMO_SESSION_NUMBER


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_registrations_cover_both_delegations_and_every_state(reference_data):
    run("load_demo_data")
    assert "36 created" in run("load_demo_registrations")
    registrations = Registration.objects.filter(session__number=DEMO_SESSION_NUMBER)
    assert registrations.filter(delegation="IT").count() == 24
    assert registrations.filter(delegation="RU").count() == 12
    assert set(registrations.values_list("status", flat=True)) == set(RegistrationStatus.values)
    russian = registrations.filter(delegation="RU").select_related("person").first()
    assert russian.person.given_name != russian.person.given_name_latin
    for registration in registrations.select_related("person", "organization"):
        registration.full_clean()
    assert "0 created" in run("load_demo_registrations")
    assert registrations.count() == 36


@pytest.mark.django_db
def test_demo_meetings_reuse_demo_organizations(reference_data):
    run("load_demo_data")
    run("load_demo_registrations")
    assert "created" in run("load_demo_meetings")
    assert "already present" in run("load_demo_meetings")


@pytest.mark.django_db
def test_the_readme_counts_the_demo_registrations_truly(reference_data):
    import re
    from pathlib import Path

    from django.db.models import Count

    run("load_demo_data")
    run("load_demo_registrations")
    run("load_demo_meetings")
    registrations = Registration.objects.filter(session__number=DEMO_SESSION_NUMBER)
    by_delegation = dict(registrations.values_list("delegation").annotate(n=Count("id")))
    by_status = dict(registrations.values_list("status").annotate(n=Count("id")))
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    stated = re.search(
        r"\*\*(\d+) registrations\*\* \((\d+) Italian, (\d+) Russian; (\d+) approved, "
        r"(\d+) submitted, (\d+) on the waiting list, (\d+) awaiting e-mail confirmation, "
        r"(\d+) rejected, (\d+) cancelled",
        readme,
    )
    assert stated, "README no longer states the demo registrations"
    assert [int(number) for number in stated.groups()] == [
        registrations.count(),
        by_delegation["IT"],
        by_delegation["RU"],
        by_status["approved"],
        by_status["submitted"],
        by_status["waitlisted"],
        by_status["pending_confirmation"],
        by_status["rejected"],
        by_status["cancelled"],
    ]


@pytest.mark.django_db
def test_demo_agreements_obey_the_rules_and_the_final_protocol_is_signed(reference_data):
    from agreements.models import Agreement, AgreementStatus, Protocol
    from tests.agreements.test_pdf import full_text, pdf_lines

    run("load_history")
    run("load_demo_data")
    run("load_demo_agreements")
    upcoming = Agreement.objects.filter(session__number=DEMO_SESSION_NUMBER)
    assert upcoming.exists()
    assert set(upcoming.values_list("status", flat=True)) == {AgreementStatus.DRAFT}
    assert not Agreement.objects.signed().filter(session__number=DEMO_SESSION_NUMBER).exists()
    protocol = Protocol.objects.get(session__number=25)
    assert protocol.is_final
    with protocol.final_pdf.open("rb") as handle:
        text = full_text(pdf_lines(handle.read()))
    signatures = text[text.index("Per la Parte italiana") :]
    assert "Giovanni Bianchi" in signatures and "Сергей Орлов" in signatures
    assert "Sergei Orlov" in signatures
    assert "Ministero dello Sviluppo Economico" in signatures


@pytest.mark.django_db
def test_demo_visits_are_allocated_as_the_lifecycle_would(reference_data):
    """The QA found «(Запрошено, ожидает подтверждения эл. почты)» on a demo registration
    long confirmed: only one awaiting confirmation may keep a visit merely requested."""
    from delegates.models import CompanyVisitBooking, CompanyVisitBookingStatus

    run("load_demo_data")
    run("load_demo_registrations")
    bookings = CompanyVisitBooking.objects.filter(registration__session__number=DEMO_SESSION_NUMBER)
    assert bookings.filter(status=CompanyVisitBookingStatus.BOOKED).exists()
    requested = bookings.filter(status=CompanyVisitBookingStatus.REQUESTED)
    assert set(requested.values_list("registration__status", flat=True)) <= {
        RegistrationStatus.PENDING_CONFIRMATION
    }
    assert not bookings.filter(
        registration__status__in=[RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED]
    ).exists()
