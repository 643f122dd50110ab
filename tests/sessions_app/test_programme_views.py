import datetime
import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from sessions_app.models import ProgrammeItemKind
from tests.factories import (
    ProgrammeItemFactory,
    RussianSessionFactory,
    ThematicTableFactory,
    session_local_time,
)
from tests.helpers import pdf_font_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def ekaterinburg():
    session = RussianSessionFactory(
        number=26,
        start_date=datetime.date(2030, 10, 10),
        end_date=datetime.date(2030, 10, 11),
        registration_opens=None,
        registration_closes=None,
    )
    table = ThematicTableFactory(
        session=session,
        name_it="Tecnologie e subfornitura per il settore oil & gas",
        name_ru="Технологии и субподряд для нефтегазового сектора",
        name_en="Technologies and subcontracting for the oil & gas sector",
        sector="oil_gas",
        description_it="Forniture per l'estrazione.",
        description_ru="Поставки для добычи.",
        italian_moderator_name="Marco Colombo",
        russian_moderator_name="Рустам Галиев",
    )
    ProgrammeItemFactory(
        session=session,
        title_it="Sessione plenaria",
        title_ru="Пленарное заседание",
        title_en="Plenary session",
        starts_at=session_local_time(session, 0, 10),
        ends_at=session_local_time(session, 0, 12, 30),
        place_it="Sala congressi",
        place_ru="Конгресс-холл",
    )
    ProgrammeItemFactory(
        session=session,
        kind=ProgrammeItemKind.THEMATIC_TABLE,
        table=table,
        title_it="Tavolo oil & gas",
        title_ru="Круглый стол по нефтегазу",
        title_en="Oil & gas table",
        starts_at=session_local_time(session, 0, 14),
        ends_at=session_local_time(session, 0, 17, 30),
    )
    ProgrammeItemFactory(
        session=session,
        kind=ProgrammeItemKind.COMPANY_VISIT,
        title_it="Visita aziendale: Uralmash",
        title_ru="Визит на предприятие: Уралмаш",
        title_en="Company visit: Uralmash",
        capacity=25,
        starts_at=session_local_time(session, 1, 9),
        ends_at=session_local_time(session, 1, 13),
    )
    return session


def _programme_url(session, language, suffix="programme"):
    return f"/{language}/sessions/{session.number}/{suffix}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "it",
            [
                "Programma",
                "XXVI sessione – Ekaterinburg",
                "Giorno 1",
                "giovedì 10 ottobre 2030",
                "Sessione plenaria",
                "Sala congressi",
                "Visita aziendale: Uralmash",
                "25 posti",
                "Tutti gli orari sono nell’ora locale di Ekaterinburg "
                '(<span class="text-nowrap">UTC+5</span>).',
                "Tavoli tematici",
                "Rustam Galiev (Рустам Галиев)</strong>",
            ],
        ),
        (
            "ru",
            [
                "Программа",
                "XXVI заседание — Екатеринбург",
                "День 1",
                "четверг, 10 октября 2030\u00a0г.",
                "Пленарное заседание",
                "Конгресс-холл",
                "Визит на предприятие: Уралмаш",
                "25 мест",
                'Екатеринбург (<span class="text-nowrap">UTC+5</span>)',
                "Модераторы",
                "Технологии и субподряд для нефтегазового сектора",
            ],
        ),
        (
            "en",
            [
                "Programme",
                "Day 2",
                "Thursday 10 October 2030",
                "Plenary session",
                "Company visit: Uralmash",
                "25 places",
                "All times are local times in Yekaterinburg "
                '(<span class="text-nowrap">UTC+5</span>).',
                "Technologies and subcontracting for the oil &amp; gas sector",
            ],
        ),
    ],
)
def test_programme_page_in_three_languages(client, ekaterinburg, language, expected):
    response = client.get(_programme_url(ekaterinburg, language) + "/")
    assert response.status_code == 200
    content = response.content.decode()
    for text in expected:
        assert text in content


def test_times_are_shown_in_the_host_time_zone(client, ekaterinburg):
    content = client.get(_programme_url(ekaterinburg, "en") + "/").content.decode()
    # 10:00 in Ekaterinburg, not 07:00 as in Rome.
    assert '<time datetime="2030-10-10T10:00:00+05:00">10:00</time>' in content
    assert content.index("Plenary session") < content.index("Oil &amp; gas table")
    assert content.index("Oil &amp; gas table") < content.index("Company visit: Uralmash")


def test_each_kind_is_visible_at_a_glance(client, ekaterinburg):
    ProgrammeItemFactory(
        session=ekaterinburg,
        kind=ProgrammeItemKind.OTHER,
        title_en="Working lunch",
        starts_at=session_local_time(ekaterinburg, 0, 12, 30),
        ends_at=session_local_time(ekaterinburg, 0, 14),
    )
    content = client.get(_programme_url(ekaterinburg, "en") + "/").content.decode()
    assert 'class="badge programme-kind kind-plenary">Plenary session' in content
    assert 'class="badge programme-kind kind-company-visit">Company visit' in content
    assert 'href="#table-' in content
    # An item of no particular kind (a lunch, the check-in) wears no "Other" badge.
    assert "Working lunch" in content and ">Other<" not in content


def test_session_without_programme_says_it_is_not_yet_published(client):
    session = RussianSessionFactory()
    response = client.get(_programme_url(session, "ru") + "/")
    assert response.status_code == 200
    assert "Программа ещё не опубликована" in response.content.decode()
    assert "programme.pdf" not in response.content.decode()


def test_unknown_session_is_a_404_page(client, db):
    for suffix in ("programme/", "programme.pdf", "programme.ics"):
        response = client.get(f"/it/sessions/999/{suffix}")
        assert response.status_code == 404


def test_session_page_links_to_the_programme(client, ekaterinburg):
    response = client.get(ekaterinburg.get_absolute_url())
    assert reverse("sessions_app:programme", args=[26]) in response.content.decode()


@pytest.mark.parametrize("count", [1, 200])
def test_programme_page_makes_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    session = RussianSessionFactory(registration_opens=None, registration_closes=None)
    tables = ThematicTableFactory.create_batch(3, session=session)
    for index in range(count):
        ProgrammeItemFactory(
            session=session,
            table=tables[index % 3],
            starts_at=session_local_time(session, index % 2, 8) + datetime.timedelta(minutes=index),
            ends_at=session_local_time(session, index % 2, 9) + datetime.timedelta(minutes=index),
        )
    url = _programme_url(session, "it") + "/"
    # One of them the notes of the apps above (sessions_app/programme_notes.py).
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count('class="programme-item ') == count


@pytest.mark.parametrize("count", [1, 200])
def test_calendar_feed_makes_a_constant_number_of_queries(client, django_assert_num_queries, count):
    session = RussianSessionFactory(registration_opens=None, registration_closes=None)
    table = ThematicTableFactory(session=session)
    for _index in range(count):
        ProgrammeItemFactory(session=session, table=table)
    with django_assert_num_queries(3):
        response = client.get(_programme_url(session, "it", "programme.ics"))
    assert len(Calendar.from_ical(response.content).events) == count


def test_calendar_feed_parses_back_with_events_in_the_host_time_zone(client, ekaterinburg):
    response = client.get(_programme_url(ekaterinburg, "ru", "programme.ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)

    zones = calendar.timezones
    assert [zone.tz_name for zone in zones] == ["Asia/Yekaterinburg"]
    events = sorted(calendar.events, key=lambda event: event.start)
    assert [event["SUMMARY"] for event in events] == [
        "Пленарное заседание",
        "Круглый стол по нефтегазу",
        "Визит на предприятие: Уралмаш",
    ]
    plenary = events[0]
    assert plenary["DTSTART"].params["TZID"] == "Asia/Yekaterinburg"
    assert plenary.start == datetime.datetime(2030, 10, 10, 5, tzinfo=datetime.UTC)
    assert plenary.start.utcoffset() == datetime.timedelta(hours=5)
    assert plenary.end.hour == 12 and plenary.end.minute == 30
    assert plenary["LOCATION"] == "Конгресс-холл, Екатеринбург"
    assert len({event["UID"] for event in events}) == 3
    assert "Уралмаш" in events[2]["SUMMARY"]
    assert "/ru/sessions/26/programme/" in str(plenary["URL"])


def test_calendar_uids_are_stable_between_downloads(client, ekaterinburg):
    url = _programme_url(ekaterinburg, "it", "programme.ics")
    first = Calendar.from_ical(client.get(url).content)
    second = Calendar.from_ical(client.get(url).content)
    assert [e["UID"] for e in first.events] == [e["UID"] for e in second.events]


def test_printable_programme_has_both_languages_side_by_side(client, ekaterinburg):
    response = client.get(_programme_url(ekaterinburg, "it", "programme.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Served from storage, as a file (core/documents.py).
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    # Lines wrap differently from one font version to the next: compare words, not lines.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "XXVI sessione – Ekaterinburg",
        "XXVI заседание — Екатеринбург",
        "Sessione plenaria",
        "Пленарное заседание",
        "Visita aziendale: Uralmash",
        "Визит на предприятие: Уралмаш",
        "Технологии и субподряд для нефтегазового сектора",
        "10:00–12:30",
        "Ekaterinburg (UTC+5)",
    ):
        assert expected in text
    # Cyrillic came out as Cyrillic: the font has the glyphs and their Unicode mapping.
    assert "Рустам Галиев" in text


def test_the_russian_column_of_the_printed_programme_is_in_the_cyrillic_companion(
    client, ekaterinburg
):
    """PT Sans, the companion of the pages' typeface, sets the Russian text of the PDFs too."""
    response = client.get(_programme_url(ekaterinburg, "ru", "programme.pdf"))
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    fonts = pdf_font_names(reader)
    assert "PT-Sans" in fonts or "PT-Sans-Bold" in fonts, fonts
    assert "Пленарное заседание" in " ".join(page.extract_text() for page in reader.pages)


def test_printable_programme_of_a_session_without_programme_leads_to_the_notice(client):
    session = RussianSessionFactory()
    response = client.get(_programme_url(session, "ru", "programme.pdf"))
    assert response.status_code == 302
    assert response["Location"] == f"/ru/sessions/{session.number}/programme/"


def test_past_session_without_programme_says_none_was_recorded(client):
    session = RussianSessionFactory(
        start_date=datetime.date(2017, 10, 12),
        end_date=datetime.date(2017, 10, 13),
        registration_opens=None,
        registration_closes=None,
    )
    content = client.get(_programme_url(session, "en") + "/").content.decode()
    assert "Programme not available" in content
    assert "not yet published" not in content


def test_a_title_not_yet_translated_is_marked_with_its_language(client, ekaterinburg):
    """Read on the Russian page, an item or a table kept only in Italian says so (`lang`):
    a screen reader reads it in Italian, the PDF hyphenates it as Italian."""
    ProgrammeItemFactory(
        session=ekaterinburg,
        title_it="Visita aziendale a Uralmash",
        title_ru="",
        title_en="",
        starts_at=session_local_time(ekaterinburg, 1, 9),
        ends_at=session_local_time(ekaterinburg, 1, 12),
    )
    russian = client.get(_programme_url(ekaterinburg, "ru") + "/").content.decode()
    assert '<h3 class="h6 programme-title" lang="it">Visita aziendale a Uralmash</h3>' in russian
    assert '<h3 class="h6 programme-title">Пленарное заседание</h3>' in russian
    italian = client.get(_programme_url(ekaterinburg, "it") + "/").content.decode()
    assert '<h3 class="h6 programme-title">Visita aziendale a Uralmash</h3>' in italian
    pdf = client.get(_programme_url(ekaterinburg, "it", "programme.pdf"))
    text = " ".join(
        PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text().split()
    )
    assert text.count("Visita aziendale a Uralmash") == 2  # in both columns


def test_a_moderators_title_kept_in_italian_or_russian_is_marked_with_its_language(
    client, ekaterinburg
):
    """English readers get the title as kept (Italian or Russian), marked `lang` for screen
    readers; a Russian reader gets the Russian one, unmarked."""
    table = ekaterinburg.thematic_tables.get()
    table.russian_moderator_title = "Министр промышленности Свердловской области"
    table.russian_moderator_title_it = "Ministro dell’industria della regione di Sverdlovsk"
    table.save()
    english = client.get(_programme_url(ekaterinburg, "en") + "/").content.decode()
    assert '<span lang="it">Ministro dell’industria della regione di Sverdlovsk</span>' in english
    russian = client.get(_programme_url(ekaterinburg, "ru") + "/").content.decode()
    assert '<span class="small">Министр промышленности Свердловской области</span>' in russian


@pytest.mark.parametrize(
    ("language", "wanted", "unwanted"),
    [
        (
            "ru",
            [
                "Модераторы: Марко Коломбо (Marco Colombo), Президент отраслевого союза",
                "Главный инженер",
            ],
            ["Presidente dell", "Ingegnere capo"],
        ),
        (
            "it",
            [
                "Moderatori: Marco Colombo (Марко Коломбо), Presidente dell’associazione",
                "Ingegnere capo",
            ],
            ["Президент", "Главный инженер"],
        ),
    ],
)
def test_calendar_feed_gives_the_moderators_titles_in_the_calendars_language(
    client, ekaterinburg, language, wanted, unwanted
):
    table = ekaterinburg.thematic_tables.get()
    table.italian_moderator_name_cyrillic = "Марко Коломбо"
    table.italian_moderator_title = "Presidente dell’associazione"
    table.italian_moderator_title_ru = "Президент отраслевого союза"
    table.russian_moderator_title = "Главный инженер"
    table.russian_moderator_title_it = "Ingegnere capo"
    table.save()
    response = client.get(_programme_url(ekaterinburg, language, "programme.ics"))
    # The thematic table, second of the day.
    table_event = sorted(Calendar.from_ical(response.content).events, key=lambda e: e.start)[1]
    description = str(table_event["DESCRIPTION"])
    for text in wanted:
        assert text in description
    for text in unwanted:
        assert text not in description
