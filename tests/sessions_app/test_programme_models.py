import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from sessions_app.models import ProgrammeItem, ProgrammeItemKind, ThematicTable
from tests.factories import (
    ProgrammeItemFactory,
    RussianSessionFactory,
    SessionFactory,
    ThematicTableFactory,
    session_local_time,
)

pytestmark = pytest.mark.django_db


def _item(session, day=0, start=(10, 0), end=(11, 0), **values):
    values.setdefault("kind", ProgrammeItemKind.PLENARY)
    values.setdefault("title_it", "Sessione plenaria")
    values.setdefault("title_ru", "Пленарное заседание")
    return ProgrammeItem(
        session=session,
        starts_at=session_local_time(session, day, *start),
        ends_at=session_local_time(session, day, *end),
        **values,
    )


def _errors(item, language="en"):
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            item.full_clean()
        return {
            field: [str(m) for m in errors] for field, errors in raised.value.message_dict.items()
        }


def test_a_valid_item_passes_validation(session):
    _item(session, place_it="Sala plenaria").full_clean()


def test_item_must_end_after_it_starts(session):
    errors = _errors(_item(session, start=(11, 0), end=(10, 0)))
    assert errors["ends_at"] == ["An item must end after it starts."]


def test_database_refuses_an_item_ending_before_it_starts(session):
    item = _item(session, start=(11, 0), end=(11, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_item_before_the_session_is_refused_in_the_users_language(session):
    errors = _errors(_item(session, day=-1), language="ru")
    assert "starts_at" in errors and "ends_at" in errors
    assert errors["starts_at"][0].startswith("Заседание проходит")


def test_item_after_the_last_day_is_refused(session):
    errors = _errors(_item(session, day=2))
    assert "The session runs" in errors["starts_at"][0]


def test_item_may_end_at_midnight_of_the_last_day(session):
    item = _item(session, day=1, start=(20, 0), end=(20, 0))
    item.ends_at = session_local_time(session, 2, 0)
    item.full_clean()


def test_session_days_are_counted_in_the_host_city_time_zone():
    # 01:00 in Ekaterinburg on the first day is still the previous evening in Rome.
    session = RussianSessionFactory()
    item = _item(session, start=(1, 0), end=(2, 0))
    item.full_clean()
    assert item.local_starts_at.hour == 1
    assert item.local_day == session.start_date


def test_two_items_in_the_same_place_may_not_overlap(session):
    _item(session, place_it="Sala A", title_it="Tavolo A").save()
    errors = _errors(_item(session, start=(10, 30), end=(12, 0), place_it="sala  a"))
    assert errors["place_it"] == ["Sala A is already taken from 10:00 to 11:00 by “Tavolo A”."]


def test_items_in_the_same_place_may_follow_each_other(session):
    _item(session, place_it="Sala A").save()
    _item(session, start=(11, 0), end=(12, 0), place_it="Sala A").full_clean()


def test_items_in_different_places_may_run_in_parallel(session):
    _item(session, place_it="Sala A", place_ru="Зал А").save()
    _item(session, place_it="Sala B", place_ru="Зал Б").full_clean()


def test_same_place_is_recognised_in_russian_too(session):
    _item(session, place_ru="Зал А").save()
    errors = _errors(_item(session, start=(10, 15), end=(10, 45), place_ru="зал а"))
    assert "place_ru" in errors


def test_items_of_other_sessions_do_not_collide(session):
    other = SessionFactory(start_date=session.start_date)
    _item(other, place_it="Sala A").save()
    _item(session, place_it="Sala A").full_clean()


def test_a_table_of_another_session_is_refused(session):
    table = ThematicTableFactory()
    errors = _errors(_item(session, table=table, kind=ProgrammeItemKind.THEMATIC_TABLE))
    assert errors["table"] == ["This table belongs to another session."]


def test_kind_values_are_the_agreed_contract():
    assert ProgrammeItem.Kind is ProgrammeItemKind
    assert {kind.name for kind in ProgrammeItemKind} == {
        "PLENARY",
        "THEMATIC_TABLE",
        "BILATERAL_MEETINGS",
        "COMPANY_VISIT",
        "OTHER",
    }


def test_related_names_and_capacity(session):
    table = ThematicTableFactory(session=session, capacity=12)
    visit = ProgrammeItemFactory(session=session, kind=ProgrammeItemKind.COMPANY_VISIT, capacity=30)
    assert list(session.thematic_tables.all()) == [table]
    assert list(session.programme_items.company_visits()) == [visit]
    assert visit.capacity == 30 and table.capacity == 12


def test_table_names_are_unique_within_a_session(session):
    ThematicTableFactory(session=session, name_it="Edilizia")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThematicTableFactory(session=session, name_it="Edilizia")


def test_titles_follow_the_active_language_with_fallback(session):
    item = ProgrammeItemFactory(session=session, title_en="")
    with translation.override("ru"):
        assert item.title.startswith("Пленарное")
    with translation.override("en"):
        assert item.title.startswith("Sessione plenaria")


def test_russian_moderator_is_transliterated_for_italian_readers(session):
    table = ThematicTable(russian_moderator_name="Алексей Смирнов")
    assert table.russian_moderator_latin == "Aleksei Smirnov"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Yekaterinburg", "Asia/Yekaterinburg, UTC+5"),
        ("Asia/Kolkata", "Asia/Kolkata, UTC+5:30"),
    ],
)
def test_time_zone_is_named_with_its_offset(zone, expected):
    session = SessionFactory(time_zone=zone)
    assert session.time_zone_display == expected


def test_both_offsets_are_named_when_summer_time_ends_during_the_session():
    session = SessionFactory(
        time_zone="Europe/Rome",
        start_date=datetime.date(2030, 10, 26),
        end_date=datetime.date(2030, 10, 28),
    )
    assert session.time_zone_display == "Europe/Rome, UTC+2/UTC+1"
