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
