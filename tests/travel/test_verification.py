"""The bilingual letter on the session's letterhead, signed by its signatory, with a QR code
of a public page that tells a consulate whether the letter is genuine and valid; revoked by
staff, replaced by a newer release, kept without the passport data once erased."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from sessions_app.models import SessionInstitution
from sessions_app.services.institutions import give_default_institutions
from tests.factories import RegistrationFactory, RussianRegistrationFactory, RussianSessionFactory
from tests.travel.test_letters import passport_data, pdf_text
from tests.venue.test_badges import decode_qr_codes
from travel.services.letters import (
    build_letter,
    erase_passport_data,
    letters_html,
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


# --- the person named without gender placeholders, in both scripts ------------------------


def columns(letter_request):
    """The Italian and the Russian column of the letter's HTML, as text."""
    html = letters_html([build_letter(letter_request)])
    it, ru = (
        re.sub(r"<[^>]+>", " ", re.search(rf'<td lang="{lang}"[^>]*>(.*?)</td>', html, re.S)[1])
        for lang in ("it", "ru")
    )
    return " ".join(it.split()), " ".join(ru.split()), html


def test_the_letter_asks_for_the_visa_without_gender_placeholders(letter):
    it, ru, html = columns(letter)
    assert "просим оказать содействие в выдаче деловой визы указанному лицу." in ru
    assert "(ей)" not in html and not re.search(r"\bему\b", ru)
    assert "di volerle rilasciare a tale scopo un visto d’affari" in it
    assert not re.search(r"\w\((a|e|i|o)\)", html) and "/a " not in html
    # The PDF says the same.
    text = " ".join(pdf_text(render_visa_letter(letter)).split())
    assert "указанному лицу" in text and "(ей)" not in text


def test_the_letter_and_the_verification_page_give_an_italians_cyrillic_name(
    client, russian_host, ministry_administrator
):
    registration = RegistrationFactory(
        session=russian_host,
        person__given_name="Giulia",
        person__family_name="Ferrari",
        person__given_name_latin="Giulia",
        person__family_name_latin="Ferrari",
        person__name_cyrillic="Джулия Феррари",
    )
    letter_request = request_visa_letter(
        registration, passport_data(russian_host, name_in_passport="FERRARI GIULIA")
    )
    letter_request = release_visa_letter(letter_request, by=ministry_administrator)
    _it, _ru, html = columns(letter_request)
    assert "Giulia Ferrari (Джулия Феррари)" in html or "Джулия Феррари" in html
    code = code_of(build_letter(letter_request).verification_url)
    for language in ("ru", "it"):
        with translation.override(language):
            url = reverse("travel:verify_letter", kwargs={"code": code})
        page = client.get(url).content.decode()
        assert "Giulia Ferrari (Джулия Феррари)" in page


def test_the_verification_page_gives_a_russians_name_in_both_scripts(
    client, session, ministry_administrator
):
    registration = RussianRegistrationFactory(session=session)
    person = registration.person
    letter_request = release_visa_letter(
        request_visa_letter(registration, passport_data(session)), by=ministry_administrator
    )
    code = code_of(build_letter(letter_request).verification_url)
    with translation.override("it"):
        page = client.get(reverse("travel:verify_letter", kwargs={"code": code}))
    assert f"{person.full_name_latin} ({person.full_name})" in page.content.decode()
    assert person.full_name != person.full_name_latin
