import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import translation

from sessions_app.models import ProgrammeItem, ProgrammeItemKind, Session, ThematicTable
from sessions_app.services import (
    DEMO_SESSION_NUMBER,
    ProgrammeError,
    add_programme_item,
    duplicate_programme,
    load_demo_session,
    programme_days,
    programme_for_display,
)
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    RussianSessionFactory,
    SessionFactory,
    ThematicTableFactory,
    session_local_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ekaterinburg():
    """The XXVI session with a small programme: plenary, one table, one visit on day two."""
    session = RussianSessionFactory(
        number=26,
        start_date=datetime.date(2017, 10, 12),
        end_date=datetime.date(2017, 10, 13),
        registration_opens=None,
        registration_closes=None,
    )
    table = ThematicTableFactory(
        session=session, name_it="Edilizia", name_ru="Строительство", name_en="Building"
    )
    ProgrammeItemFactory(
        session=session,
        starts_at=session_local_time(session, 0, 10),
        ends_at=session_local_time(session, 0, 12, 30),
        place_it="Sala plenaria",
    )
    ProgrammeItemFactory(
        session=session,
        kind=ProgrammeItemKind.THEMATIC_TABLE,
        table=table,
        starts_at=session_local_time(session, 0, 14),
        ends_at=session_local_time(session, 0, 17),
    )
    ProgrammeItemFactory(
        session=session,
        kind=ProgrammeItemKind.COMPANY_VISIT,
        capacity=25,
        starts_at=session_local_time(session, 1, 9),
        ends_at=session_local_time(session, 1, 13),
    )
    return session


def test_duplicate_programme_copies_tables_and_items_at_the_same_local_times(
    ekaterinburg, organizer
):
    target = SessionFactory(
        start_date=datetime.date(2030, 5, 9), end_date=datetime.date(2030, 5, 10)
    )
    user = organizer

    assert duplicate_programme(ekaterinburg, target, by=user) == 3

    table = target.thematic_tables.get()
    assert (table.name_ru, table.sector, table.capacity) == ("Строительство", "mechanics", 40)
    assert table.italian_moderator_name == "" and table.russian_moderator_name == ""
    items = list(ProgrammeItem.objects.for_session(target).in_order())
    # 10:00 in Ekaterinburg becomes 10:00 in Bergamo, on the same day of the session.
    assert [(i.local_starts_at.date(), i.local_starts_at.time()) for i in items] == [
        (datetime.date(2030, 5, 9), datetime.time(10)),
        (datetime.date(2030, 5, 9), datetime.time(14)),
        (datetime.date(2030, 5, 10), datetime.time(9)),
    ]
    assert str(items[0].local_starts_at.tzinfo) == "Europe/Rome"
    assert items[1].table == table
    assert items[2].capacity == 25
    assert items[0].history.get().history_user == user
    assert ekaterinburg.programme_items.count() == 3


def test_duplicate_refuses_to_overwrite_an_existing_programme(ekaterinburg, organizer):
    target = SessionFactory()
    ProgrammeItemFactory(session=target)
    with translation.override("en"), pytest.raises(ProgrammeError) as raised:
        duplicate_programme(ekaterinburg, target, by=organizer)
    assert "already has a programme" in str(raised.value)
    assert target.programme_items.count() == 1


def test_duplicate_may_replace_an_existing_programme(ekaterinburg, organizer):
    target = SessionFactory()
    old = ProgrammeItemFactory(session=target)
    ThematicTableFactory(session=target)
    duplicate_programme(ekaterinburg, target, by=organizer, replace=True)
    assert not ProgrammeItem.objects.filter(pk=old.pk).exists()
    assert target.programme_items.count() == 3
    assert target.thematic_tables.count() == 1


def test_duplicate_refuses_a_programme_longer_than_the_target(ekaterinburg, organizer):
    one_day = SessionFactory(
        start_date=datetime.date(2030, 5, 9), end_date=datetime.date(2030, 5, 9)
    )
    with translation.override("ru"), pytest.raises(ProgrammeError) as raised:
        duplicate_programme(ekaterinburg, one_day, by=organizer)
    assert "выходит за рамки" in str(raised.value)
    assert not one_day.programme_items.exists()
    assert not one_day.thematic_tables.exists()


def test_duplicate_refuses_an_empty_source_and_the_same_session(ekaterinburg, organizer):
    with pytest.raises(ProgrammeError):
        duplicate_programme(PastSessionFactory(), SessionFactory(), by=organizer)
    with pytest.raises(ProgrammeError):
        duplicate_programme(ekaterinburg, ekaterinburg, by=organizer)


def test_add_programme_item_validates(session, organizer):
    with pytest.raises(Exception) as raised:
        add_programme_item(
            session,
            by=organizer,
            kind=ProgrammeItemKind.OTHER,
            title_it="Cena",
            title_ru="Ужин",
            starts_at=session_local_time(session, 5, 20),
            ends_at=session_local_time(session, 5, 22),
        )
    assert "starts_at" in raised.value.message_dict


def test_programme_days_group_items_by_local_day(ekaterinburg):
    items, tables = programme_for_display(ekaterinburg)
    days = programme_days(ekaterinburg, items)
    assert [(day.number, day.date, len(day.items)) for day in days] == [
        (1, datetime.date(2017, 10, 12), 2),
        (2, datetime.date(2017, 10, 13), 1),
    ]
    assert len(tables) == 1


@pytest.fixture
def quiet():
    return open(os.devnull, "w")


def test_demo_session_gets_a_two_day_programme_idempotently(reference_data, quiet):
    call_command("load_demo_data", stdout=quiet)
    call_command("load_demo_data", stdout=quiet)
    session = Session.objects.get(number=DEMO_SESSION_NUMBER)
    tables = list(session.thematic_tables.all())
    assert [table.name_en for table in tables] == [
        "Building",
        "Mechanics",
        "Technologies and subcontracting for the oil & gas sector",
    ]
    items = list(session.programme_items.in_order())
    kinds = [item.kind for item in items]
    assert kinds.count(ProgrammeItemKind.PLENARY) == 1
    assert kinds.count(ProgrammeItemKind.THEMATIC_TABLE) == 3
    assert kinds.count(ProgrammeItemKind.COMPANY_VISIT) == 2
    assert ProgrammeItemKind.BILATERAL_MEETINGS in kinds
    assert {item.local_day for item in items} == {session.start_date, session.end_date}
    assert all(item.capacity for item in items if item.kind == ProgrammeItemKind.COMPANY_VISIT)
    assert {item.table for item in items if item.table} == set(tables)
    for item in items:
        item.full_clean()


def test_existing_demo_session_without_programme_gets_one(reference_data):
    session, created = load_demo_session()
    session.programme_items.all().delete()
    ThematicTable.objects.filter(session=session).delete()
    again, created = load_demo_session()
    assert (again, created) == (session, False)
    assert session.programme_items.count() == 10
    assert session.thematic_tables.count() == 3
