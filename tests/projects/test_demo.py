import io

import pytest
from django.core.management import call_command
from post_office.models import Email

from agreements.models import Commitment, Protocol
from agreements.services.protocols import previous_session_annex
from delegates.models import Registration
from projects import reading
from projects.models import CollaborationProject, FollowUp, ProjectStatus, TranslationState
from venue.models import CheckIn
from venue.services.certificates import certificate_problem

pytestmark = pytest.mark.django_db


def test_the_demo_needs_the_demo_session(reference_data):
    out = io.StringIO()
    call_command("load_demo_projects", stdout=out)
    assert "load_demo_data" in out.getvalue()


def test_the_demo_projects_are_loaded_once_in_every_state(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for command in (
        "load_demo_data",
        "load_demo_registrations",
        "load_demo_agreements",
        "load_demo_meetings",
        "load_demo_projects",
    ):
        call_command(command, stdout=io.StringIO())
    demo = CollaborationProject.objects.filter(session__number=30)
    assert demo.count() == 30
    # Each at the table of its subject, numbered in its table's order.
    cnc = demo.filter(title_it="Linea comune di lavorazione CNC").first()
    insulation = demo.filter(title_it="Pannelli isolanti per il clima continentale").first()
    assert cnc.thematic_table.sector == "mechanics"
    assert insulation.thematic_table.sector == "building"
    for table_id in set(demo.values_list("thematic_table", flat=True)):
        orders = sorted(
            demo.filter(thematic_table=table_id, presentation_order__isnull=False).values_list(
                "presentation_order", flat=True
            )
        )
        assert orders == list(range(1, len(orders) + 1))
    assert set(demo.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert set(demo.values_list("translation_state", flat=True)) == set(TranslationState.values)
    assert demo.filter(original_language="ru").exists() and demo.filter(original_language="it")
    assert FollowUp.objects.answered().count() == 6
    previous = Protocol.objects.get(session__number=29)
    assert previous.is_final
    assert Commitment.objects.of_protocol(previous).count() == 5
    # The annex of the demo session's draft Protocol shows them.
    annex = previous_session_annex(Protocol.objects.get(session__number=30))
    assert annex["session"].number == 29
    assert len(annex["commitments"]) == 5
    assert annex["figures"]
    # The previous session's decisions are history: dated before it, e-mailed to nobody
    # (its proposers' private links have expired).
    for project in CollaborationProject.objects.filter(session=previous.session):
        assert project.decided_at < previous.session.local_start()
    assert CollaborationProject.objects.filter(session=previous.session).count() == 8
    old_tokens = Registration.objects.filter(session=previous.session).values_list(
        "management_token", flat=True
    )
    for email in Email.objects.all():
        assert not any(token in email.message for token in old_tokens), email.subject
        assert "XXIX" not in email.subject
    # The demo session's decisions are e-mailed.
    assert Email.objects.filter(message__contains="/projects/").exists()
    results = reading.session_results(previous.session)
    assert results["totals"]["implemented"] == 1
    # Seven of its eight delegates checked in on its first morning, in Bologna's time: the
    # seven may have their certificates, the eighth is refused.
    check_ins = CheckIn.objects.filter(session=previous.session)
    assert check_ins.count() == 7
    for check_in in check_ins:
        local = check_in.checked_in_at.astimezone(previous.session.tzinfo)
        assert local.date() == previous.session.start_date and 8 <= local.hour < 10
    absent = Registration.objects.filter(session=previous.session, check_in__isnull=True).get()
    assert certificate_problem(absent) is not None
    assert certificate_problem(check_ins.first().registration) is None
    call_command("load_demo_projects", stdout=io.StringIO())
    assert CollaborationProject.objects.count() == 38
    assert CheckIn.objects.filter(session=previous.session).count() == 7
