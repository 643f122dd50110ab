"""Every spreadsheet and CSV file the portal writes goes through this module, because their
cells hold what delegates typed: a name beginning with "=" must reach staff as text, never as a
formula that a spreadsheet program runs (CSV or formula injection, OWASP).

One rule decides which texts are dangerous (`starts_like_formula`); each format then keeps them
text in its own way:
- CSV has no types: the value gets OWASP's single-quote prefix, and every field is quoted, so
  that a separator typed in a value (a ";" for an Italian Excel) cannot start a new cell;
- XLSX has types: the cell is written as a string with Excel's quote-prefix flag, exactly what
  Excel stores when someone types '=…, so staff see the text as the delegate typed it.
"""

import csv
import numbers

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A spreadsheet program reads a cell beginning with one of these as a formula (OWASP: CSV
# Injection). Tab and carriage return too: some programs skip them and read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV file as UTF-8 (Cyrillic included) only when it begins with a BOM.
CSV_BOM = "\ufeff"


def starts_like_formula(value):
    """True for a text a spreadsheet program would run rather than show."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _plain(value):
    """Numbers, dates and None as they are; anything else as text without the control
    characters that neither format can hold (openpyxl refuses them: a 500 on export)."""
    if value is None or isinstance(value, numbers.Number) or hasattr(value, "isoformat"):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def csv_value(value):
    """A CSV field that a spreadsheet program shows as text (OWASP's single-quote prefix)."""
    value = _plain(value)
    if value is None:
        return ""
    return "'" + value if starts_like_formula(value) else value


class CsvWriter:
    """csv.writer with every field quoted and escaped by `csv_value`. `stream` may be any
    object with write(); writerow() returns what the stream's write() returns, so that an
    echo stream yields the lines of a streaming response."""

    def __init__(self, stream):
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)

    def writerow(self, row):
        return self._writer.writerow([csv_value(value) for value in row])


def xlsx_row(sheet, values, font=None):
    """One row for `sheet.append()` (normal or write-only worksheet): texts that look like
    formulas become string cells with the quote prefix, never formulas. Other values stay
    plain, which keeps the write-only mode fast."""
    row = []
    for value in values:
        value = _plain(value)
        if value is None or (font is None and not starts_like_formula(value)):
            row.append(value)
            continue
        # A styled cell: openpyxl's write-only mode starts a fresh cell after it.
        cell = WriteOnlyCell(sheet, value=value)
        if starts_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        row.append(cell)
    return row
