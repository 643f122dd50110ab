"""People's names in both scripts: one person, one Latin spelling.

A Cyrillic name is written in Latin by ICAO Doc 9303 (`iuliia.ICAO_DOC_9303`, the scheme of
Russian passports and of the delegates' badges), unless the person gives their own passport
spelling. Organization names never go through this scheme: they are kept as given.
"""

import dataclasses
import unicodedata

import iuliia
from django.utils import translation

from core.scripts import has_cyrillic


def is_cyrillic(text):
    """Whether `text` has a Cyrillic letter (core.scripts: one reading of scripts)."""
    return has_cyrillic(text)


def place_for_reader(place):
    """A Russian place name in the reader's script: as given for a Russian reader; a Cyrillic
    name in Latin letters for the others, as the portal spells Russian cities in their
    language (Italian: the scientific transliteration with a typographic apostrophe, "Kazan’",
    "Nižnij Novgorod"; English: Wikipedia's, "Nizhny Novgorod"). Latin names stay as given."""
    place = " ".join((place or "").split())
    language = (translation.get_language() or "")[:2]
    if language == "ru" or not is_cyrillic(place):
        return place
    if language == "it":
        # iuliia writes ž as z and a combining caron: composed, as the data writes it.
        return unicodedata.normalize("NFC", iuliia.SCIENTIFIC.translate(place).replace("ʹ", "’"))
    return iuliia.WIKIPEDIA.translate(place)


def passport_latin(name):
    """ "Алексей Галиев" → "Aleksei Galiev" (ICAO Doc 9303); Latin text unchanged."""
    name = " ".join((name or "").split())
    return iuliia.ICAO_DOC_9303.translate(name) if is_cyrillic(name) else name


@dataclasses.dataclass(frozen=True)
class PersonName:
    """A name as written by its bearer, and its spelling in the other script (optional: for a
    Cyrillic name, a passport spelling that differs from ICAO; for a Latin one, Cyrillic)."""

    name: str
    other_script: str = ""

    def __bool__(self):
        return bool(self.name)

    def __str__(self):
        return self.for_reader()

    @property
    def latin(self):
        if is_cyrillic(self.name):
            return self.other_script or passport_latin(self.name)
        return self.name

    @property
    def cyrillic(self):
        return self.name if is_cyrillic(self.name) else self.other_script

    def for_reader(self, language=None):
        """The name in the reader's script: Cyrillic for Russian readers when there is one."""
        language = (language or translation.get_language() or "it")[:2]
        if language == "ru" and self.cyrillic:
            return self.cyrillic
        return self.latin

    def both(self, language=None):
        """ "Юлия Щербакова (Iuliia Shcherbakova)" for a Russian reader, the other way round
        for others; one name when the other script is unknown."""
        language = (language or translation.get_language() or "it")[:2]
        first = self.for_reader(language)
        second = self.latin if first == self.cyrillic else self.cyrillic
        if second and second != first:
            return f"{first} ({second})"
        return first
