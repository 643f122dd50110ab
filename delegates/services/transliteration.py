"""Scripts of personal names and their Latin spelling by ICAO Doc 9303 (passports)."""

import unicodedata

import iuliia

LATIN = "latin"
CYRILLIC = "cyrillic"
MIXED = "mixed"
OTHER = "other"

# Besides letters, names may hold spaces and these marks: "Anne-Marie", "D'Amico", "Jr.".
NAME_PUNCTUATION = set(" -'’.")


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
