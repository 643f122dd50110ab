"""The personal agenda and the organizers' grid, read back from the PDF, in Italian and
Russian: both scripts, dates in the reader's language, no «г..» (issue 14)."""

import datetime

import pytest
from django.utils import translation

from core.authorization import SYSTEM
from meetings import documents, services
from tests.agreements.test_pdf import full_text, pdf_lines
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.sessions_app.test_dates import kazan_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    session = kazan_session(
        start_date=datetime.date(2027, 2, 17), end_date=datetime.date(2027, 2, 18)
    )
    meeting_point = make_meeting_point(session)
    italian = RegistrationFactory(
        session=session, wants_bilateral_meetings=True, person__family_name="Bianchi"
    )
    russian = RussianRegistrationFactory(
        session=session,
        wants_bilateral_meetings=True,
        person__given_name="Юлия",
        person__family_name="Щербакова",
        person__given_name_latin="Iuliia",
        person__family_name_latin="Shcherbakova",
        organization__name_latin="Uralmash",
        organization__name_cyrillic="Уралмаш",
    )
    make_profile(italian)
    make_profile(russian)
    services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)
    return meeting_point, italian, russian


def test_the_russian_agenda_is_in_russian_with_both_scripts(scheduled):
    meeting_point, italian, russian = scheduled
    with translation.override("ru"):
        text = full_text(pdf_lines(documents.render_agenda_pdf(russian, meeting_point)))
    assert "Юлия Щербакова (Iuliia Shcherbakova)" in text
    assert "среда, 17 февраля" in text
    assert "15:00" in text
    assert "г.." not in text
    assert "Giulia" in text  # the Italian counterpart


def test_the_italian_agenda_reads_the_russian_counterpart_in_both_scripts(scheduled):
    meeting_point, italian, russian = scheduled
    with translation.override("it"):
        text = full_text(pdf_lines(documents.render_agenda_pdf(italian, meeting_point)))
    assert "Iuliia Shcherbakova" in text and "Юлия Щербакова" in text
    assert "Uralmash (Уралмаш)" in text
    assert "mercoledì 17 febbraio" in text
    assert "Febbraio" not in text and "Mercoledì" not in text


def test_the_grid_speaks_both_languages(scheduled):
    meeting_point, italian, russian = scheduled
    text = full_text(pdf_lines(documents.render_grid_pdf(meeting_point)))
    assert "mercoledì 17 febbraio" in text
    assert "среда, 17 февраля" in text
    assert "Iuliia Shcherbakova" in text and "Юлия Щербакова" in text
    assert "Tavolo 1" in text or "Tavolo 2" in text
    assert "г.." not in text
