"""Which alphabet a text is written in, and the rules of the fields that must be written in one.

One rule for every form of the portal: the delegates' registration form (a patronymic in
Cyrillic, a passport name in Latin letters) and the admin (a session's Russian city, the
Russian co-chair's name, the signatory of a Russian institution) read the script of a text
with `script_of`, and the models check their fields with the validators below.

Two kinds of fields:

- **names** (of people and places: «Иван Петров», «Нижний Новгород», "Mario Rossi") are
  written in one script only: every letter Cyrillic, or every letter Latin;
- **text in a language** (a title, a venue, a description in Russian) may quote Latin names
  and abbreviations as Russian writes them («Казань Экспо, зал A1», «Площадка деловых встреч
  (B2B)», «ООО «Ромашка»», «переговоры с Ferrero S.p.A.»): it must have Cyrillic letters, and
  its Latin words (abbreviations in capitals, like "B2B" or "ANCE", do not count) may not
  outweigh them. "Milan", "Palazzo Lombardia" or "Ivan Petrov" in a Russian field are
  refused. The same rule, the other way round, for text that must be in Latin letters.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LATIN = "latin"
CYRILLIC = "cyrillic"
MIXED = "mixed"
OTHER = "other"

_WORD = re.compile(r"[^\W\d_]+")


def letter_script(character):
    """ "latin", "cyrillic" or "other" for one letter."""
    name = unicodedata.name(character, "")
    if name.startswith("LATIN"):
        return LATIN
    if name.startswith("CYRILLIC"):
        return CYRILLIC
    return OTHER


def script_of(text):
    """The script of the letters of `text`: latin, cyrillic, mixed, other, or None if none."""
    scripts = {letter_script(ch) for ch in text or "" if ch.isalpha()}
    if not scripts:
        return None
    if len(scripts) > 1:
        return MIXED
    return scripts.pop()


def has_cyrillic(text):
    """Whether `text` has at least one Cyrillic letter."""
    return any(letter_script(ch) == CYRILLIC for ch in text or "" if ch.isalpha())


def _letters_in_words(text, script):
    """How many letters of `script` the words of `text` hold, abbreviations in capitals
    ("B2B", "ANCE", "IT", «ООО») left out."""
    count = 0
    for word in _WORD.findall(text or ""):
        if word.isupper():
            continue
        count += sum(1 for ch in word if letter_script(ch) == script)
    return count


def is_mostly(text, script):
    """Whether `text` is written in `script` (a text in a language, see the module's notes):
    it has letters of that script, and the other script's words do not outweigh them. A text
    without letters ("2027", "—") passes."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if not letters:
        return True
    other = LATIN if script == CYRILLIC else CYRILLIC
    own = sum(1 for ch in letters if letter_script(ch) == script)
    return own > 0 and _letters_in_words(text, other) <= own


def validate_cyrillic_name(value):
    """A name written in Cyrillic letters only (a Russian person or place)."""
    if value and script_of(value) != CYRILLIC:
        raise ValidationError(_("Write this name in Cyrillic letters."), code="name_not_cyrillic")


def validate_latin_name(value):
    """A name written in Latin letters only (an Italian person or place, a passport spelling)."""
    if value and script_of(value) != LATIN:
        raise ValidationError(_("Write this name in Latin letters."), code="name_not_latin")


def validate_russian_text(value):
    """Text in Russian: in Cyrillic letters, with Latin names and abbreviations inside."""
    if value and not is_mostly(value, CYRILLIC):
        raise ValidationError(
            _(
                "Write this field in Russian, in Cyrillic letters: Latin letters only for "
                "names and abbreviations within the text."
            ),
            code="text_not_cyrillic",
        )


def validate_latin_text(value):
    """Text in Italian or English, or as written on the spot in Latin letters."""
    if value and not is_mostly(value, LATIN):
        raise ValidationError(
            _("Write this field in Latin letters: its Russian version has a field of its own."),
            code="text_not_latin",
        )


def script_errors(instance, rules):
    """{field: error} for the fields of `instance` that break their rule: `rules` maps field
    names to validators above. For a model's clean(), which the admin and every model form
    call (a field the model leaves blank is not checked)."""
    errors = {}
    for field, validator in rules.items():
        try:
            validator(getattr(instance, field) or "")
        except ValidationError as error:
            errors[field] = error
    return errors
