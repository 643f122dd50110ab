"""The visa letter and the badge, read back from the PDF: both languages right (issue 14)."""

import datetime
import io

import pytest
from pypdf import PdfReader

from core.authorization import SYSTEM
from delegates.models import Registration
from sessions_app.services.institutions import give_default_institutions
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.sessions_app.test_dates import kazan_session
from travel.services.letters import render_visa_letter, request_visa_letter
from venue.services.printing import render_badges

pytestmark = pytest.mark.django_db


def pdf_text(pdf):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Words hyphenated at a line end are joined again.
    return " ".join(text.split()).replace("\u2010 ", "")


@pytest.fixture
def kazan():
    session = kazan_session(
        start_date=datetime.date(2027, 2, 15),
        end_date=datetime.date(2027, 2, 16),
        italian_cochair_name_cyrillic="Марио Росси",
        italian_cochair_title_ru="Генеральный директор",
        russian_cochair_title_it="Direttore di dipartimento",
    )
    give_default_institutions(session)
    return session


def italian_letter(session, consulate):
    registration = RegistrationFactory(session=session, person__family_name="Bianchi")
    return request_visa_letter(
        registration,
        {
            "name_in_passport": "BIANCHI GIULIA",
            "date_of_birth": datetime.date(1980, 5, 17),
            "place_of_birth": "Bergamo",
            "citizenship": "Italia",
            "passport_number": "YA1234567",
            "passport_issued_on": datetime.date(2020, 3, 1),
            "passport_expires_on": datetime.date(2031, 3, 1),
            "consulate": consulate,
        },
    )


def test_the_visa_letter_is_right_in_both_columns(kazan):
    letter = italian_letter(kazan, "Consolato Generale della Federazione Russa a Milano")
    text = pdf_text(render_visa_letter(letter))
    # The Russian column: «члена» after «пригласить … лицо», the consulate in Russian.
    assert "нижеуказанное лицо, члена итальянской делегации" in text
    assert "Генеральное консульство Российской Федерации в Милане" in text
    assert "Consolato Generale della Federazione Russa a Milano" in text
    # Letterhead of the host ministry of the session's time, the Russian address postcode first.
    assert "Министерство экономического развития Российской Федерации" in text
    assert "125993, Москва" in text
    # The signatory in both scripts, the title in both languages.
    assert "Иван Петров" in text and "Ivan Petrov" in text
    assert "Директор департамента" in text and "Direttore di dipartimento" in text
    # Place and dates in both languages, the venue in the Russian line too.
    assert "Kazan', Kazan Expo – 15–16 febbraio 2027" in text
    assert "Казань, Казань Экспо — 15–16 февраля 2027" in text  # the venue in Russian too
    assert "г.." not in text


def test_an_italian_host_letter_is_on_the_letterhead_of_the_italian_ministry_of_its_time():
    from tests.factories import SessionFactory

    session = SessionFactory(
        start_date=datetime.date(2027, 5, 10),
        end_date=datetime.date(2027, 5, 11),
        italian_cochair_name_cyrillic="Марио Росси",
        italian_cochair_title_ru="Генеральный директор",
    )
    give_default_institutions(session)
    registration = RussianRegistrationFactory(session=session)
    letter = request_visa_letter(
        registration,
        {
            "name_in_passport": "IVANOVA ANNA",
            "date_of_birth": datetime.date(1980, 5, 17),
            "citizenship": "Russian Federation",
            "passport_number": "751234567",
            "passport_expires_on": datetime.date(2031, 3, 1),
            "consulate": "Consolato Generale d’Italia a Mosca",
        },
    )
    text = pdf_text(render_visa_letter(letter))
    assert "Ministero delle Imprese e del Made in Italy" in text
    assert "Sviluppo Economico" not in text
    assert "Генеральное консульство Итальянской Республики в Москве" in text
    assert "нижеуказанное лицо, члена российской делегации" in text
    assert "Mario Rossi (Марио Росси)" in text and "Генеральный директор" in text


def test_the_badge_prints_the_dates_in_both_languages(kazan):
    RegistrationFactory(session=kazan)
    RussianRegistrationFactory(session=kazan)
    pdf = render_badges(Registration.objects.filter(session=kazan), by=SYSTEM)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text = " ".join(page.extract_text().split())
        assert "Kazan', 15–16 febbraio 2027" in text
        assert "Казань, 15–16 февраля 2027 г." in text
        assert "г.." not in text


def test_the_request_form_suggests_consulates_in_the_delegates_language(client, kazan):
    from tests.delegates.test_views import manage_url

    # An Italian delegate to Kazan; no consulate directory loaded: the names are suggested.
    registration = RegistrationFactory(session=kazan)
    page = client.get(manage_url(registration, "travel:visa_letter", language="ru"))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'list="consulate-options"' in content
    assert "Генеральное консульство Российской Федерации в Милане" in content
