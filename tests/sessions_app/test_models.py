import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.roman import from_roman, to_roman
from sessions_app.models import DatePrecision, Session
from tests.factories import PastSessionFactory, SessionFactory, russian_region


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "I"),
        (4, "IV"),
        (8, "VIII"),
        (14, "XIV"),
        (19, "XIX"),
        (25, "XXV"),
        (26, "XXVI"),
        (40, "XL"),
        (99, "XCIX"),
        (2024, "MMXXIV"),
    ],
)
def test_roman_numerals_round_trip(number, numeral):
    assert to_roman(number) == numeral
    assert from_roman(numeral) == number


@pytest.mark.parametrize("text", ["", "IIII", "XXL", "ABC", "VX"])
def test_from_roman_rejects_non_canonical_numerals(text):
    with pytest.raises(ValueError):
        from_roman(text)


def test_session_title_uses_the_roman_numeral_in_each_language(session):
    session.number = 25
    with translation.override("it"):
        assert session.title == "XXV sessione"
    with translation.override("ru"):
        assert session.title == "XXV заседание"
    with translation.override("en"):
        assert session.title == "Session XXV"


def test_city_is_read_in_the_active_language_with_fallback(session):
    session.city_en = ""
    with translation.override("ru"):
        assert session.city == "Бергамо"
    with translation.override("en"):
        assert session.city == "Bergamo"  # falls back to Italian when English is empty


def test_session_that_ends_before_it_starts_is_invalid(session):
    session.end_date = session.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "end_date" in error.value.message_dict


def test_database_refuses_a_session_ending_before_it_starts(session):
    session.end_date = session.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_host_region_must_lie_in_the_host_country(session):
    session.host_region = russian_region()
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "host_region" in error.value.message_dict


def test_registration_must_close_before_the_session_starts(session):
    session.registration_closes = datetime.datetime.combine(
        session.start_date + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "registration_closes" in error.value.message_dict


def test_registration_must_close_after_it_opens(session):
    session.registration_opens = session.registration_closes + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "registration_closes" in error.value.message_dict


def test_a_number_beyond_roman_numerals_is_refused_in_the_staffs_language(session):
    """Sessions are titled in Roman numerals, which stop at 3999: a larger number would make
    every page naming the session fail."""
    session.number = 4000
    with translation.override("it"), pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "3999" in " ".join(error.value.message_dict["number"])
    assert "minore o uguale" in " ".join(error.value.message_dict["number"])
    assert session.roman_numeral == "4000"  # a row saved around the validators still shows


def test_validation_messages_are_translated(session):
    session.end_date = session.start_date - datetime.timedelta(days=1)
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            session.full_clean()
        assert "заседание" in " ".join(error.value.message_dict["end_date"]).lower()


def test_registration_is_open_only_inside_the_window(session):
    assert session.is_registration_open()
    assert not session.is_registration_open(now=session.registration_closes)
    assert not session.is_registration_open(
        now=session.registration_opens - datetime.timedelta(seconds=1)
    )
    session.status = "registration_closed"
    assert not session.is_registration_open()


def test_month_only_dates_are_displayed_without_a_day(db):
    session = PastSessionFactory(
        number=12,
        start_date=datetime.date(2007, 10, 1),
        end_date=datetime.date(2007, 10, 1),
        date_precision=DatePrecision.MONTH,
    )
    with translation.override("it"):
        assert session.dates_display.lower() == "ottobre 2007"
    with translation.override("en"):
        assert session.dates_display == "October 2007"


def test_day_ranges_are_displayed_as_people_write_them(db):
    session = PastSessionFactory(
        number=25, start_date=datetime.date(2016, 12, 1), end_date=datetime.date(2016, 12, 2)
    )
    with translation.override("it"):
        assert session.dates_display == "1–2 dicembre 2016"
    with translation.override("ru"):
        assert session.dates_display == "1–2 декабря 2016\u00a0г."
    with translation.override("en"):
        assert session.dates_display == "1–2 December 2016"


def test_month_only_dates_must_lie_in_one_month(db):
    session = PastSessionFactory.build(
        number=12,
        host_region=PastSessionFactory().host_region,
        start_date=datetime.date(2007, 10, 1),
        end_date=datetime.date(2007, 11, 1),
        date_precision=DatePrecision.MONTH,
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "end_date" in error.value.message_dict


def test_upcoming_and_past_querysets(db):
    upcoming = SessionFactory()
    past = PastSessionFactory()
    cancelled = SessionFactory(status="cancelled")
    assert list(Session.objects.upcoming()) == [upcoming]
    assert list(Session.objects.past()) == [past]
    assert cancelled not in Session.objects.upcoming()


def test_history_is_kept_for_sessions(session):
    session.venue = "Kilometro Rosso"
    session.save()
    assert session.history.count() == 2
    assert session.history.first().venue == "Kilometro Rosso"
