"""The passport rules of each destination country, as data: each rule refuses the passport it
should, with its explanation in the delegate's language, beside the field, keeping what was
typed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.travel.test_letters import passport_data
from travel.models import Consulate, PassportRule, PassportRuleKind, VisaLetterRequest
from travel.services.letters import VisaLetterError, request_visa_letter
from travel.services.passport_rules import passport_problems

pytestmark = pytest.mark.django_db

Kind = PassportRuleKind


def rule(country, kind, value, source="Regulation (EC) No 810/2009, Article 12"):
    return PassportRule.objects.create(
        destination_country=country, kind=kind, value=value, source=source
    )


def messages(session, data, language):
    with translation.override(language):
        return {problem.field: problem.message for problem in passport_problems(session, data)}


def test_the_minimum_validity_after_the_session_is_checked_and_explained(session):
    rule("IT", Kind.MIN_VALIDITY_DAYS, 90)
    end = session.end_date
    good = passport_data(session, passport_expires_on=end + datetime.timedelta(days=90))
    assert passport_problems(session, good) == []
    bad = passport_data(session, passport_expires_on=end + datetime.timedelta(days=89))
    english = messages(session, bad, "en")["passport_expires_on"]
    assert "must still be valid 90 days after the session ends" in english
    assert "This is a consular requirement of Italy." in english and "renew" in english
    # The source, typed by staff in one language, is for staff only.
    assert "810/2009" not in english
    with translation.override("en"):
        (for_staff,) = passport_problems(session, bad, with_source=True)
    assert "Source: Regulation (EC) No 810/2009, Article 12." in for_staff.message
    assert (
        "90 giorni dopo la fine della sessione"
        in messages(session, bad, "it")["passport_expires_on"]
    )
    assert (
        "90 дней после окончания заседания" in messages(session, bad, "ru")["passport_expires_on"]
    )


def test_the_maximum_age_of_the_passport_is_checked_and_explained(session):
    rule("IT", Kind.MAX_AGE_YEARS, 10)
    end = session.end_date
    recent = passport_data(session, passport_issued_on=end.replace(year=end.year - 9))
    assert passport_problems(session, recent) == []
    old = passport_data(session, passport_issued_on=end.replace(year=end.year - 11))
    assert (
        "less than 10 years before the session ends"
        in messages(session, old, "en")["passport_issued_on"]
    )
    assert "meno di 10 anni" in messages(session, old, "it")["passport_issued_on"]
    assert "менее чем за 10 лет" in messages(session, old, "ru")["passport_issued_on"]
    no_date = passport_data(session, passport_issued_on=None)
    assert "date of issue" in messages(session, no_date, "en")["passport_issued_on"]


def test_the_blank_pages_are_checked_and_explained(session):
    rule("IT", Kind.MIN_BLANK_PAGES, 2)
    assert passport_problems(session, passport_data(session, passport_blank_pages=2)) == []
    one = passport_data(session, passport_blank_pages=1)
    assert "at least 2 blank pages" in messages(session, one, "en")["passport_blank_pages"]
    assert "almeno 2 pagine libere" in messages(session, one, "it")["passport_blank_pages"]
    assert "не менее 2 чистых страниц" in messages(session, one, "ru")["passport_blank_pages"]
    missing = passport_data(session, passport_blank_pages=None)
    assert "count the blank pages" in messages(session, missing, "en")["passport_blank_pages"]


def test_rules_apply_to_their_destination_country_only(session, russian_session):
    rule("RU", Kind.MIN_VALIDITY_DAYS, 180)
    expiring = passport_data(
        session, passport_expires_on=session.end_date + datetime.timedelta(days=30)
    )
    assert passport_problems(session, expiring) == []  # an Italian session
    expiring["passport_expires_on"] = russian_session.end_date + datetime.timedelta(days=30)
    assert [p.field for p in passport_problems(russian_session, expiring)] == [
        "passport_expires_on"
    ]


def test_an_inactive_rule_is_not_checked(session):
    PassportRule.objects.create(
        destination_country="IT", kind=Kind.MIN_BLANK_PAGES, value=4, source="x", is_active=False
    )
    assert passport_problems(session, passport_data(session, passport_blank_pages=0)) == []


def test_the_service_refuses_a_passport_the_rules_refuse(session):
    rule("IT", Kind.MIN_BLANK_PAGES, 2)
    registration = RussianRegistrationFactory(session=session)
    with translation.override("en"), pytest.raises(VisaLetterError, match="2 blank pages"):
        request_visa_letter(registration, passport_data(session, passport_blank_pages=1))


def test_the_form_explains_beside_the_field_and_keeps_everything_typed(client, russian_session):
    rule("RU", Kind.MIN_VALIDITY_DAYS, 180, source="Правила консульства")
    registration = RegistrationFactory(session=russian_session)
    data = passport_data(
        russian_session,
        name_in_passport="ROSSI MARIO",
        passport_number="YA1234567",
        passport_blank_pages=5,
        passport_expires_on=russian_session.end_date + datetime.timedelta(days=100),
        consulate="Consolato Generale della Federazione Russa a Milano",
    )
    form = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    with translation.override("it"):
        url = reverse("travel:visa_letter", args=[registration.management_token])
    response = client.post(url, form)
    assert response.status_code == 200
    content = response.content.decode()
    assert list(response.context["form"].errors) == ["passport_expires_on"]
    assert "180 giorni dopo la fine della sessione" in content
    for typed in ("ROSSI MARIO", "YA1234567", 'value="5"', form["passport_expires_on"]):
        assert typed in content
    assert not VisaLetterRequest.objects.exists()


ENGLISH_SOURCE = "Consular requirements of the Russian Federation for visa applications (MID)"


def english_words(text):
    """The words of `text` that are English (Latin-script words other than the dates, numbers
    and the typed passport data the tests use)."""
    return set(re.findall(r"[A-Za-z]{3,}", text)) & {
        "Consular",
        "requirements",
        "Russian",
        "Federation",
        "visa",
        "applications",
        "Rule",
        "source",
        "the",
        "for",
        "passport",
        "must",
        "Italy",
    }


@pytest.mark.parametrize(
    "language, requirement",
    [
        ("it", "È un requisito consolare della Russia."),
        ("ru", "Это требование консульства России."),
    ],
)
def test_the_delegate_reads_whose_rule_it_is_in_their_language_and_no_english(
    russian_session, language, requirement
):
    rule("RU", Kind.MIN_VALIDITY_DAYS, 180, source=ENGLISH_SOURCE)
    rule("RU", Kind.MIN_BLANK_PAGES, 2, source=ENGLISH_SOURCE)
    rule("RU", Kind.MAX_AGE_YEARS, 10, source=ENGLISH_SOURCE)
    end = russian_session.end_date
    bad = passport_data(
        russian_session,
        passport_expires_on=end + datetime.timedelta(days=30),
        passport_issued_on=end.replace(year=end.year - 11),
        passport_blank_pages=1,
    )
    found = messages(russian_session, bad, language)
    assert set(found) == {"passport_expires_on", "passport_issued_on", "passport_blank_pages"}
    for message in found.values():
        assert requirement in message
        assert english_words(message) == set(), message
        assert "Regola di" not in message and "Требование страны" not in message


def test_the_visa_letter_form_has_the_error_summary_and_marks_the_fields(client, russian_session):
    rule("RU", Kind.MIN_VALIDITY_DAYS, 180, source=ENGLISH_SOURCE)
    registration = RegistrationFactory(session=russian_session)
    data = passport_data(
        russian_session,
        name_in_passport="FERRARI GIULIA",
        passport_expires_on=russian_session.end_date + datetime.timedelta(days=100),
        consulate="Consolato Generale della Federazione Russa a Milano",
    )
    form = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    form["citizenship"] = ""
    # The directory of consulates: the delegate chooses one, whose help says the letter goes to it.
    milan = Consulate.objects.create(
        key="ru-consulate-milan-test",
        country="RU",
        kind="consulate",
        name_it="Consolato Generale della Federazione Russa a Milano",
        name_ru="Генеральное консульство Российской Федерации в Милане",
        address_it="Via Sant’Aquilino 3, Milano",
        address_ru="Милан, виа Сант-Аквилино, 3",
    )
    form["consulate_office"] = milan.pk
    with translation.override("it"):
        url = reverse("travel:visa_letter", args=[registration.management_token])
    content = client.post(url, form).content.decode()
    summary = re.search(
        r'<div class="alert alert-danger error-summary"[^>]*>(.*?)</div>', content, re.S
    )
    assert summary is not None
    assert 'role="alert"' in summary.group(0) and "data-error-summary" in summary.group(0)
    assert 'tabindex="-1"' in summary.group(0)
    assert "Corregga i campi segnalati" in summary.group(1)
    # Each error links to its field; the fields say they are invalid and point to their error.
    assert 'href="#id_passport_expires_on"' in summary.group(1)
    assert 'href="#id_citizenship"' in summary.group(1)
    assert "È un requisito consolare della Russia." in summary.group(1)
    assert ENGLISH_SOURCE not in content
    for name in ("passport_expires_on", "citizenship"):
        field = re.search(rf'<input[^>]*id="id_{name}"[^>]*>', content).group(0)
        assert 'aria-invalid="true"' in field
        described = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
        assert any(f'id="{one}"' in content for one in described)
    # The help under the consulate reads as a sentence about the consulate.
    help_texts = re.findall(r'class="form-text"[^>]*>(.*?)</', content, re.S)
    assert any("indirizzata a questo consolato." in text for text in help_texts), help_texts
    assert "a esso" not in content


def test_the_russian_error_has_one_full_stop_after_the_year(client, russian_session):
    """«…до 18 августа 2027 г. Это требование…», not «2027 г.. Это…» (the date's «г.» ends
    the sentence)."""
    rule("RU", Kind.MIN_VALIDITY_DAYS, 180, source=ENGLISH_SOURCE)
    rule("RU", Kind.MAX_AGE_YEARS, 10, source=ENGLISH_SOURCE)
    # An Italian delegate reading the page in Russian.
    registration = RegistrationFactory(session=russian_session)
    end = russian_session.end_date
    data = passport_data(
        russian_session,
        passport_expires_on=end + datetime.timedelta(days=100),
        passport_issued_on=end.replace(year=end.year - 11),
        consulate="Consolato Generale della Federazione Russa a Milano",
    )
    form = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    with translation.override("ru"):
        url = reverse("travel:visa_letter", args=[registration.management_token])
    response = client.post(url, form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"passport_expires_on", "passport_issued_on"}
    (expiry,) = errors["passport_expires_on"]
    assert re.search(r"\d{4}\sг\. Это требование консульства России\.", expiry), expiry
    (issue,) = errors["passport_issued_on"]
    assert re.search(r"\d{4}\sг\. или позже\. Это требование", issue), issue
    assert "г.." not in response.content.decode()
