"""The one place where cells typed by delegates are made safe for spreadsheet programs."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import FORMULA_STARTS, CsvWriter, csv_value, xlsx_row


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_csv_field_that_starts_like_a_formula_gets_the_single_quote(start):
    assert csv_value(start + "1+1") == "'" + start + "1+1"


def test_csv_fields_are_all_quoted_so_a_separator_cannot_open_a_cell():
    buffer = io.StringIO()
    CsvWriter(buffer).writerow(["Bergamo;=1+1", 3, None, "=2"])
    assert buffer.getvalue() == '"Bergamo;=1+1","3","","\'=2"\r\n'
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["Bergamo;=1+1", "3", "", "'=2"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_cells_that_start_like_formulas_are_text_and_other_values_keep_their_type(
    write_only,
):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("x") if write_only else workbook.active
    day = datetime.datetime(2017, 10, 12, 9, 30)
    values = ["=1+1", "+39 035 123456", "-", "@x", "plain", 7, -2.5, day]
    sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(buffer).active.iter_rows())[0]
    assert [cell.value for cell in cells] == values
    assert [cell.data_type for cell in cells[:5]] == ["s"] * 5
    assert all(cell.quotePrefix for cell in cells[:4])
    assert [cell.data_type for cell in cells[5:8]] == ["n", "n", "d"]


def test_control_characters_that_a_workbook_cannot_hold_are_dropped_not_a_crash():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append(xlsx_row(sheet, ["Uralmash\x1b\x00", "tab\tand\nnewline"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [cell.value for cell in next(load_workbook(buffer).active.iter_rows())] == [
        "Uralmash",
        "tab\tand\nnewline",
    ]
    assert csv_value("a\x00b") == "ab"
