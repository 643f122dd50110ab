"""Dates and times in each delegation's language (sessions_app/dates.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from sessions_app import dates
from sessions_app.models import Country, RegionKind
from tests.factories import RegionFactory, SessionFactory

NBSP = "\u00a0"


def kazan_session(**values):
    tatarstan = RegionFactory(
        code="RU-TA",
        country=Country.RUSSIA,
        kind=RegionKind.REPUBLIC,
        name_it="Tatarstan",
        name_ru="Республика Татарстан",
        name_en="Tatarstan",
    )
    defaults = {
        "host_country": Country.RUSSIA,
        "host_region": tatarstan,
        "city_it": "Kazan'",
        "city_ru": "Казань",
        "city_en": "Kazan",
        "venue": "Kazan Expo",
        "venue_ru": "Казань Экспо",
        "time_zone": "Europe/Moscow",
        "start_date": datetime.date(2027, 2, 15),
        "end_date": datetime.date(2027, 2, 16),
        "registration_opens": datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC),
        # 17:00 UTC is 18:00 in Rome and 20:00 in Kazan.
        "registration_closes": datetime.datetime(2027, 2, 6, 17, tzinfo=datetime.UTC),
    }
    defaults.update(values)
    return SessionFactory(**defaults)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "mercoledì 25 novembre 2026"),
        ("ru", f"среда, 25 ноября 2026{NBSP}г."),
        ("en", "Wednesday 25 November 2026"),
    ],
)
def test_weekday_and_month_follow_each_language(language, expected):
    with translation.override(language):
        assert dates.weekday_and_long_date(datetime.date(2026, 11, 25)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "1º dicembre 2019"), ("ru", f"1 декабря 2019{NBSP}г."), ("en", "1 December 2019")],
)
def test_the_first_of_a_month_is_an_ordinal_in_italian(language, expected):
    with translation.override(language):
        assert dates.long_date(datetime.date(2019, 12, 1)) == expected
        assert dates.long_date(datetime.date(2019, 12, 2)).startswith("2 ")


@pytest.mark.parametrize(
    ("language", "same_month", "across_months", "across_years"),
    [
        (
            "it",
            "15–16 febbraio 2027",
            "30 novembre – 1º dicembre 2026",
            "31 dicembre 2026 – 1º gennaio 2027",
        ),
        (
            "ru",
            f"15–16 февраля 2027{NBSP}г.",
            f"30 ноября – 1 декабря 2026{NBSP}г.",
            f"31 декабря 2026{NBSP}г. – 1 января 2027{NBSP}г.",
        ),
        (
            "en",
            "15–16 February 2027",
            "30 November – 1 December 2026",
            "31 December 2026 – 1 January 2027",
        ),
    ],
)
def test_date_ranges_collapse_as_each_language_writes_them(
    language, same_month, across_months, across_years
):
    date = datetime.date
    with translation.override(language):
        assert dates.date_range(date(2027, 2, 15), date(2027, 2, 16)) == same_month
        assert dates.date_range(date(2026, 11, 30), date(2026, 12, 1)) == across_months
        assert dates.date_range(date(2026, 12, 31), date(2027, 1, 1)) == across_years


@pytest.mark.parametrize(
    ("language", "same_month", "elided", "across_years", "by_day"),
    [
        (
            "it",
            "dal 17 al 19 febbraio",
            "dall’8 all’11 febbraio 2027",
            "dal 30 dicembre 2026 al 1º gennaio 2027",
            "entro l’11 febbraio",
        ),
        (
            "ru",
            "с 17 по 19 февраля",
            f"с 8 по 11 февраля 2027{NBSP}г.",
            f"с 30 декабря 2026{NBSP}г. по 1 января 2027{NBSP}г.",
            "не позднее 11 февраля",
        ),
        (
            "en",
            "from 17 to 19 February",
            "from 8 to 11 February 2027",
            "from 30 December 2026 to 1 January 2027",
            "by 11 February",
        ),
    ],
)
def test_a_span_of_days_names_its_first_and_last_day_in_words(
    language, same_month, elided, across_years, by_day
):
    """ "dal 17 al 19 febbraio": the month once, the last day read as included (room-block
    nights); Italian elides before the days read with a vowel ("dall’8", "entro l’11")."""
    date = datetime.date
    with translation.override(language):
        assert dates.date_span(date(2027, 2, 17), date(2027, 2, 19), with_year=False) == same_month
        assert dates.date_span(date(2027, 2, 8), date(2027, 2, 11)) == elided
        assert dates.date_span(date(2026, 12, 30), date(2027, 1, 1)) == across_years
        assert dates.by_date(date(2027, 2, 11), with_year=False) == by_day


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "6 febbraio 2027, ore 20:00 (ora di Kazan', UTC+3)"),
        ("ru", f"6 февраля 2027{NBSP}г., 20:00 (местное время, Казань, UTC+3)"),
        ("en", "6 February 2027, 20:00 (Kazan time, UTC+3)"),
    ],
)
def test_a_moment_is_shown_in_the_sessions_zone_and_says_so(db, language, expected):
    session = kazan_session()
    with translation.override(language):
        assert dates.session_moment(session.registration_closes, session) == expected


def test_a_second_full_stop_after_an_abbreviation_is_dropped():
    assert dates.single_final_stop("Ждём вас 15–16 февраля 2027 г..") == (
        "Ждём вас 15–16 февраля 2027 г."
    )
    assert dates.single_final_stop("<p>до 2027 г.</p>.") == "<p>до 2027 г.</p>"
    assert dates.single_final_stop("Fine. Next...") == "Fine. Next..."


@pytest.mark.parametrize(
    ("language", "expected", "forbidden"),
    [
        ("it", ["6 febbraio 2027, ore 20:00 (ora di Kazan&#x27;, UTC+3)"], ["Febbraio", "18:00"]),
        ("ru", ["6 февраля 2027", "20:00 (местное время, Казань, UTC+3)"], ["г..", "18:00"]),
        ("en", ["6 February 2027, 20:00 (Kazan time, UTC+3)"], ["p.m.", "a.m.", "Feb."]),
    ],
)
def test_session_page_gives_the_registration_window_in_the_host_citys_time(
    client, db, language, expected, forbidden
):
    session = kazan_session()
    with translation.override(language):
        url = reverse("sessions_app:session_detail", kwargs={"number": session.number})
    content = client.get(url).content.decode()
    for text in expected:
        assert text in content
    for text in forbidden:
        assert text not in content
