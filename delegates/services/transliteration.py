"""Scripts of personal names and their Latin spelling by ICAO Doc 9303 (passports)."""

import unicodedata

import iuliia

from core.scripts import (  # noqa: F401 (re-exported: the forms read scripts from here)
    CYRILLIC,
    LATIN,
    MIXED,
    OTHER,
    letter_script,
    script_of,
)

# Besides letters, names may hold spaces and these marks: "Anne-Marie", "D'Amico", "Jr.".
NAME_PUNCTUATION = set(" -'’.")


def has_control_characters(text):
    """True for control and format characters (NUL, escape, zero-width, direction marks…);
    newlines and tabs count too: none belongs in a one-line field."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text or "")


def to_latin(text):
    """The Latin spelling of a Cyrillic name as a Russian passport writes it (ICAO Doc 9303);
    Latin text is returned unchanged."""
    text = " ".join((text or "").split())
    if script_of(text) in (None, LATIN):
        return text
    return iuliia.ICAO_DOC_9303.translate(text)
