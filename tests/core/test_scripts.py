"""The rules of fields written in one script (core/scripts.py): names in one script, texts in
a language with the other script's names and abbreviations inside."""

import pytest
from django.core.exceptions import ValidationError

from core.scripts import (
    validate_cyrillic_name,
    validate_latin_name,
    validate_latin_text,
    validate_russian_text,
)


@pytest.mark.parametrize(
    "text",
    [
        "Казань",
        "Палаццо Ломбардия, Милан",
        "ООО «Ромашка»",
        "«Болонья Фьере» (демо)",
        "Казань Экспо, зал A1",
        "Площадка деловых встреч (B2B): двусторонние встречи компаний",
        "ANCE – Национальная ассоциация строителей",
        "Конгресс-центр «Kazan Expo»",
        "Переговоры с Ferrero S.p.A.",
        "Казань, ул. Восстания, 100",
        "2027",
        "",
    ],
)
def test_russian_text_may_hold_latin_names_and_abbreviations(text):
    validate_russian_text(text)


@pytest.mark.parametrize(
    "text",
    ["Milan", "Palazzo Lombardia, Milan", "Ivan Petrov", "IVAN PETROV", "Milano (Милан)", "B2B"],
)
def test_russian_text_in_latin_letters_is_refused(text):
    with pytest.raises(ValidationError) as error:
        validate_russian_text(text)
    assert error.value.code == "text_not_cyrillic"


@pytest.mark.parametrize("text", ["Palazzo Lombardia", "Kazan Expo", "Sala A1 (B2B)", "12"])
def test_latin_text(text):
    validate_latin_text(text)


@pytest.mark.parametrize("text", ["Казань Экспо", "Sala «Казань»"])
def test_latin_text_in_cyrillic_is_refused(text):
    with pytest.raises(ValidationError):
        validate_latin_text(text)


@pytest.mark.parametrize("name", ["Иван Петров", "Нижний Новгород", "Сан-Бенедетто-дель-Тронто"])
def test_cyrillic_names(name):
    validate_cyrillic_name(name)
    with pytest.raises(ValidationError):
        validate_latin_name(name)


@pytest.mark.parametrize("name", ["Ivan Petrov", "Иван Petrov", "Milan", "Мilan"])
def test_a_cyrillic_name_has_no_latin_letter(name):
    # "Мilan" starts with a Cyrillic М: a name mixing scripts is refused too.
    with pytest.raises(ValidationError) as error:
        validate_cyrillic_name(name)
    assert error.value.code == "name_not_cyrillic"


@pytest.mark.parametrize("name", ["Mario Rossi", "Kazan’", "Nižnij Novgorod", "D'Amico"])
def test_latin_names(name):
    validate_latin_name(name)
    with pytest.raises(ValidationError):
        validate_cyrillic_name(name)


def test_the_registration_form_reads_scripts_with_the_same_rule():
    from core import scripts
    from delegates.services import transliteration

    assert transliteration.script_of is scripts.script_of
