"""One person, one Latin spelling (ICAO Doc 9303); both scripts where the other delegation
reads a name; titles in both languages (issue 14)."""

import csv
import inspect
import re

import pytest
from django.urls import reverse
from django.utils import translation

from sessions_app.models import ThematicTable
from sessions_app.names import PersonName, passport_latin, place_for_reader
from sessions_app.services import load_demo_session
from sessions_app.services.history import EDITIONS_CSV, load_history
from tests.factories import SessionFactory, ThematicTableFactory


def test_cyrillic_names_are_spelled_as_russian_passports_spell_them():
    assert passport_latin("Алексей Галиев") == "Aleksei Galiev"
    assert passport_latin("Юлия Щербакова") == "Iuliia Shcherbakova"
    assert passport_latin("Marco Colombo") == "Marco Colombo"


def test_a_passport_spelling_given_by_the_person_wins():
    name = PersonName("Юлия Щербакова", "Yulia Shcherbakova")
    assert name.latin == "Yulia Shcherbakova"
    assert name.both("it") == "Yulia Shcherbakova (Юлия Щербакова)"
    assert name.both("ru") == "Юлия Щербакова (Yulia Shcherbakova)"


def test_an_italian_name_with_its_cyrillic_form_reads_in_the_readers_script():
    name = PersonName("Mario Rossi", "Марио Росси")
    assert name.for_reader("ru") == "Марио Росси"
    assert name.both("it") == "Mario Rossi (Марио Росси)"
    assert PersonName("Mario Rossi").both("ru") == "Mario Rossi"


def test_moderators_use_the_scheme_of_the_badges():
    table = ThematicTable(russian_moderator_name="Алексей Галиев")
    assert table.russian_moderator_latin == "Aleksei Galiev"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "forbidden"),
    [
        (
            "it",
            [
                "Aleksei Galiev (Алексей Галиев)",
                "Camera di commercio del Tatarstan",
                "Mario Rossi (Марио Росси)",
                "Ivan Petrov (Иван Петров)",
                "Direttore del Dipartimento",
            ],
            ["Galiyev", "Aleksey", "Директор Департамента"],
        ),
        (
            "ru",
            [
                "Алексей Галиев (Aleksei Galiev)",
                "ТПП Татарстана",
                "Марио Росси (Mario Rossi)",
                "Иван Петров (Ivan Petrov)",
                "Генеральный директор",
            ],
            ["Galiyev", "Direttore generale"],
        ),
    ],
)
def test_moderators_and_cochairs_in_both_scripts_with_titles_in_the_readers_language(
    client, language, expected, forbidden
):
    session = SessionFactory(
        italian_cochair_name_cyrillic="Марио Росси",
        italian_cochair_title="Direttore generale",
        italian_cochair_title_ru="Генеральный директор",
        russian_cochair_title="Директор Департамента",
        russian_cochair_title_it="Direttore del Dipartimento",
    )
    ThematicTableFactory(
        session=session,
        russian_moderator_name="Алексей Галиев",
        russian_moderator_title="ТПП Татарстана",
        russian_moderator_title_it="Camera di commercio del Tatarstan",
    )
    with translation.override(language):
        detail = reverse("sessions_app:session_detail", kwargs={"number": session.number})
        programme = reverse("sessions_app:programme", kwargs={"number": session.number})
    content = client.get(detail).content.decode() + client.get(programme).content.decode()
    for text in expected:
        assert text in content
    for text in forbidden:
        assert text not in content


@pytest.mark.django_db
def test_the_programme_pdf_gives_moderators_in_both_scripts_and_dates_in_each_language():
    import datetime

    from sessions_app.services import render_programme_pdf
    from tests.agreements.test_pdf import full_text, pdf_lines
    from tests.factories import ProgrammeItemFactory, session_local_time
    from tests.sessions_app.test_dates import kazan_session

    session = kazan_session(
        start_date=datetime.date(2027, 2, 17), end_date=datetime.date(2027, 2, 18)
    )
    ThematicTableFactory(
        session=session,
        italian_moderator_name="Marco Colombo",
        italian_moderator_name_cyrillic="Марко Коломбо",
        italian_moderator_title="Presidente",
        italian_moderator_title_ru="Президент",
        russian_moderator_name="Алексей Галиев",
        russian_moderator_title="Председатель",
        russian_moderator_title_it="Presidente della Camera",
    )
    ProgrammeItemFactory(
        session=session,
        starts_at=session_local_time(session, 0, 10),
        ends_at=session_local_time(session, 0, 12),
    )
    text = full_text(pdf_lines(render_programme_pdf(session)))
    assert "17–18 febbraio 2027" in text and "17–18 февраля 2027 г." in text
    assert "mercoledì 17 febbraio 2027" in text and "среда, 17 февраля 2027 г." in text
    assert "10:00–12:00" in text
    assert "Aleksei Galiev (Алексей Галиев)" in text and "Алексей Галиев (Aleksei Galiev)" in text
    assert "Marco Colombo (Марко Коломбо)" in text and "Марко Коломбо (Marco Colombo)" in text
    assert "Presidente della Camera" in text and "Президент" in text
    assert "г.." not in text and "Galiyev" not in text


def test_a_russian_place_reads_in_the_readers_script_and_its_languages_system():
    for language, expected in (
        ("ru", "Нижний Новгород"),
        ("it", "Nižnij Novgorod"),
        ("en", "Nizhny Novgorod"),
    ):
        with translation.override(language):
            assert place_for_reader("Нижний Новгород") == expected
    with translation.override("it"):
        assert place_for_reader("Казань") == "Kazan’"
        assert place_for_reader("Ульяновск") == "Ul’janovsk"
        assert place_for_reader("Bergamo") == "Bergamo"
    with translation.override("ru"):
        assert place_for_reader("Bergamo") == "Bergamo"  # never guessed back into Cyrillic


def russian_cities_of_the_data():
    """(Italian, Russian, English) of every Russian city the data names: the historical record
    and the demo session."""
    with EDITIONS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["country"] == "RU" and row["city_ru"] and row["city_en"] != "online"
        ]
    cities = [(row["city_it"], row["city_ru"], row["city_en"]) for row in rows]
    source = inspect.getsource(load_demo_session)
    demo = {
        language: re.search(rf'city_{language}="([^"]+)"', source)[1]
        for language in ("it", "ru", "en")
    }
    return [*cities, (demo["it"], demo["ru"], demo["en"])]


def test_every_russian_city_is_spelled_by_one_system_per_language():
    """Italian pages use the scientific transliteration throughout («Nižnij Novgorod», as the
    region «Regione di Nižnij Novgorod»), English pages Wikipedia's; never a mix in one row."""
    cities = russian_cities_of_the_data()
    assert len(cities) == 6  # Kaluga, Ul’janovsk, Nižnij Novgorod, …, Kazan’
    for italian, russian, english in cities:
        with translation.override("it"):
            assert italian == place_for_reader(russian), russian
        with translation.override("en"):
            assert english == place_for_reader(russian), russian


@pytest.mark.django_db
def test_the_italian_sessions_list_writes_nizhny_novgorod_as_its_region_does(
    reference_data, client
):
    load_history()
    page = client.get("/it/sessions/").content.decode()
    assert "Nižnij Novgorod" in page and "Regione di Nižnij Novgorod" in page
    assert "Nizhny" not in page
    russian = client.get("/ru/sessions/").content.decode()
    assert "Нижний Новгород" in russian
