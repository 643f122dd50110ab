"""Rules of written text that hold in every language and every output (e-mails, pages, PDFs).
Nothing here imports Django (core/pdf.py uses it in the PDF worker processes)."""

import re

# An abbreviation's full stop also ends the sentence: «…2027 г..» is «…2027 г.».
_DOUBLE_STOP = re.compile(r"(\b(?:г|гг|ecc|etc)\.)(</[a-z]+>)?\.(?!\.)")


def single_final_stop(text):
    """The text with no second full stop after an abbreviation that ends a sentence."""
    return _DOUBLE_STOP.sub(r"\1\2", text)


def lower_first(text):
    """A label lower-cased at its start, to sit inside a sentence or parentheses: "(place
    booked)", «(запрошено, ожидает подтверждения эл. почты)»."""
    text = str(text)
    return text[:1].lower() + text[1:]


_ITALIAN_MONTHS = (
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
)
# Italian elides the article before a date read with a vowel: "l’8 marzo", "dall’11 aprile",
# where a catalogue writes "il %(date)s", "dal %(date)s" for any day.
_ITALIAN_ELISION = re.compile(
    r"\b(il|Il|dal|Dal|al|Al|del|Del|nel|Nel|sul|Sul) ((?:8|11)[ \u00a0](?:"
    + _ITALIAN_MONTHS
    + r")\b)"
)
_ELIDED = {"il": "l’", "dal": "dall’", "al": "all’", "del": "dell’", "nel": "nell’", "sul": "sull’"}


def italian_elision(text):
    """ "entro il 8 marzo" → "entro l’8 marzo", "dal 11 aprile" → "dall’11 aprile"."""

    def elide(match):
        article = match.group(1)
        elided = _ELIDED[article.lower()]
        if article[0].isupper():
            elided = elided[0].upper() + elided[1:]
        return elided + match.group(2)

    return _ITALIAN_ELISION.sub(elide, text)


def as_written(text):
    """The rules above applied to a whole text (an e-mail, the HTML of a PDF)."""
    return italian_elision(single_final_stop(text))


def two_parts(first, second, *, lower_second=False):
    """ "Hotel Excelsior – camera singola", «Отель «Казань Палас» — одноместный номер»: two
    parts of a label joined as the reader's language joins clauses (locale/GLOSSARY.md: a
    spaced em dash in Russian, an en dash in Italian and English). `lower_second`: the second
    part is a common label (a status, a kind of room), lower-cased after the dash."""
    from django.utils.translation import pgettext

    second = str(second)
    if lower_second:
        second = lower_first(second)
    return pgettext("two parts of a label", "%(first)s – %(second)s") % {
        "first": first,
        "second": second,
    }
