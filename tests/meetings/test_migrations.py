"""Meetings get a status: every meeting of a database of before reads its state from its
place, and none is lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings.models import Meeting, MeetingStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.meetings.conftest import make_meeting_point

BEFORE = [("meetings", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_status_of_each_existing_meeting_comes_from_its_place():
    session = SessionFactory()
    meeting_point = make_meeting_point(session)
    pairs = [
        (RegistrationFactory(session=session), RussianRegistrationFactory(session=session))
        for _ in range(3)
    ]
    old_apps = migrate(BEFORE)
    old_meeting = old_apps.get_model("meetings", "Meeting")
    places = [(None, None, False), (1, 1, False), (2, 2, True)]
    ids = [
        old_meeting.objects.create(
            meeting_point_id=meeting_point.pk,
            registration_a_id=first.pk,
            registration_b_id=second.pk,
            slot=slot,
            table_number=table_number,
            is_held=is_held,
        ).pk
        for (first, second), (slot, table_number, is_held) in zip(pairs, places, strict=True)
    ]
    migrate(None)
    statuses = [Meeting.all_objects.get(pk=pk).status for pk in ids]
    assert statuses == [MeetingStatus.UNPLACED, MeetingStatus.PLACED, MeetingStatus.HELD]
