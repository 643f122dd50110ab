"""The bilingual letter on the session's letterhead, signed by its signatory, with a QR code
of a public page that tells a consulate whether the letter is genuine and valid; revoked by
staff, replaced by a newer release, kept without the passport data once erased."""

import pytest
from django.urls import reverse
from django.utils import translation

from sessions_app.models import SessionInstitution
from sessions_app.services.institutions import give_default_institutions
from tests.factories import RegistrationFactory, RussianSessionFactory
from tests.travel.test_letters import passport_data, pdf_text
from tests.venue.test_badges import decode_qr_codes
from travel.services.letters import (
    erase_passport_data,
    release_visa_letter,
    render_visa_letter,
    request_visa_letter,
)
from travel.services.tracking import revoke_letter
from travel.services.verification import verify_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian_host(db):
    """A session in Russia whose Russian ministry has its own signatory."""
    session = RussianSessionFactory()
    give_default_institutions(session)
    SessionInstitution.objects.filter(session=session, country="RU").update(
        signatory_name="Алексей Смирнов",
        signatory_title_it="Direttore del Dipartimento",
        signatory_title_ru="Директор Департамента",
    )
    return session


@pytest.fixture
def letter(russian_host, ministry_administrator):
    registration = RegistrationFactory(session=russian_host)
    letter_request = request_visa_letter(
        registration,
        passport_data(russian_host, name_in_passport="ROSSI GIULIA", passport_number="YA7654321"),
    )
    return release_visa_letter(letter_request, by=ministry_administrator)


def code_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_the_letter_is_bilingual_on_the_letterhead_and_signed_by_the_signatory(letter):
    text = " ".join(pdf_text(render_visa_letter(letter)).split())
    # The Russian ministry's letterhead, in both languages, and its signatory in both scripts.
    assert "Министерство экономического развития Российской Федерации" in text
    assert "Ministero dello Sviluppo Economico della Federazione Russa" in text
    assert "Алексей Смирнов (Aleksei Smirnov)" in text or "Алексей Смирнов" in text
    assert "Директор Департамента" in text and "Direttore del Dipartimento" in text
    # Latin and Cyrillic text both come out as such.
    assert "ROSSI GIULIA" in text and "YA7654321" in text
    assert "Лица" in text or "лицо" in text
    assert letter.letter_number in text


def test_the_qr_code_leads_to_the_page_that_confirms_the_letter_then_says_revoked(
    client, letter, ministry_administrator
):
    (url,) = decode_qr_codes(render_visa_letter(letter))
    assert "/ru/verify/visa-letter/" in url  # in the language of the Russian consulate
    path = url[url.index("/ru/") :]
    page = client.get(path)
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-state="valid"' in content
    assert letter.letter_number in content and "Giulia" in content
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]

    revoke_letter(letter, reason="Delegate replaced", by=ministry_administrator)
    content = client.get(path).content.decode()
    assert 'data-state="revoked"' in content
    assert "Delegate replaced" not in content  # the reason stays with staff


def test_a_new_release_replaces_the_earlier_letter(letter, ministry_administrator):
    first = code_of(decode_qr_codes(render_visa_letter(letter))[0])
    changed = request_visa_letter(
        letter.registration, passport_data(letter.registration.session, passport_number="YA1")
    )
    release_visa_letter(changed, by=ministry_administrator)
    assert verify_letter(first).state == "replaced"
    second = code_of(decode_qr_codes(render_visa_letter(changed))[0])
    assert verify_letter(second).state == "valid"
    assert verify_letter(second).number.endswith("-2")


@pytest.mark.parametrize("code", ["forged", "1-1:abc", "x" * 500, ""])
def test_a_forged_code_is_not_a_letter(client, letter, code):
    assert verify_letter(code) is None
    if code:
        with translation.override("it"):
            url = reverse("travel:verify_letter", kwargs={"code": code})
        page = client.get(url)
        assert page.status_code == 404
        assert 'data-state="unknown"' in page.content.decode()


def test_the_letter_is_kept_without_the_passport_data_once_erased(letter):
    code = code_of(decode_qr_codes(render_visa_letter(letter))[0])
    erase_passport_data(type(letter).objects.filter(pk=letter.pk), by=_system())
    letter.refresh_from_db()
    text = " ".join(pdf_text(render_visa_letter(letter)).split())
    assert "YA7654321" not in text and "ROSSI GIULIA" not in text
    assert "Dati del passaporto cancellati il" in text
    assert "Паспортные данные удалены" in text
    assert letter.letter_number in text
    assert verify_letter(code).state == "valid"  # the letter stays what it was


def _system():
    from core.authorization import SYSTEM

    return SYSTEM
