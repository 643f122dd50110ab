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
