"""Rules of written text that hold in every language and every output (e-mails, pages, PDFs).
Nothing here imports Django (core/pdf.py uses it in the PDF worker processes)."""

import re

# An abbreviation's full stop also ends the sentence: «…2027 г..» is «…2027 г.».
_DOUBLE_STOP = re.compile(r"(\b(?:г|гг|ecc|etc)\.)(</[a-z]+>)?\.(?!\.)")


def single_final_stop(text):
    """The text with no second full stop after an abbreviation that ends a sentence."""
    return _DOUBLE_STOP.sub(r"\1\2", text)
