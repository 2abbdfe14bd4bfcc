"""PMCS exports saved from Excel: the first worksheet of an ``.xlsx``
(openpyxl) or ``.xls`` (xlrd) workbook as the rows of text a CSV export
holds, so that one reader (:mod:`.pmcs`) validates both; and the CSV form
the project keeps of them.

A cell becomes the text a CSV export holds there: a date as PMCS writes it
(``11/30/2018 5:00:00 PM``, ``11/14/2019`` at midnight), a whole number
without ``.0`` (an id), an empty cell ``""``, text as it is (a date typed as
text included). Rows keep the workbook's row numbers, so that every error
names the row Excel shows.

No Sphinx here; the libraries load only when a workbook is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, time
from pathlib import Path

from .dates import plan_date_text
from .errors import DmreportError

#: Workbook suffixes the reader takes: openpyxl reads the first, xlrd the second.
SHEET_SUFFIXES = (".xlsx", ".xls")

#: (row number, fields) of one non-blank row of an export.
Record = tuple[int, list[str]]


def number_text(value: float) -> str:
    """A number as text: ``1520``, never ``1520.0``."""
    return str(int(value)) if value.is_integer() else repr(value)


def cell_text(value: object) -> str:
    """The text of an openpyxl cell value (``data_only``: formulas give
    their last computed value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, date):  # datetime too
        return plan_date_text(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def xls_row_texts(values: Sequence[str | float], types: Sequence[int], datemode: int) -> list[str]:
    """The text of one xlrd row, from its cell values, their types
    (``xlrd.XL_CELL_*``) and the book's date mode (1900 or 1904 epoch)."""
    import xlrd

    texts = []
    for value, kind in zip(values, types, strict=True):
        if kind == xlrd.XL_CELL_DATE:
            try:
                texts.append(plan_date_text(xlrd.xldate_as_datetime(float(value), datemode)))
            except (OverflowError, ValueError):  # no date: the row's check names the field
                texts.append(number_text(float(value)))
        elif kind == xlrd.XL_CELL_NUMBER:
            texts.append(number_text(float(value)))
        elif kind == xlrd.XL_CELL_BOOLEAN:
            texts.append("TRUE" if value else "FALSE")
        elif kind == xlrd.XL_CELL_ERROR:
            texts.append(xlrd.error_text_from_code.get(int(value), "#ERROR"))
        else:  # text; an empty or blank cell's value is ""
            texts.append(str(value))
    return texts


def sheet_records(rows: Iterable[list[str]]) -> list[Record]:
    """(row number, fields) of every non-blank row, numbered from 1; a row's
    empty cells at its end are dropped, then every row is padded to the
    width of the first (the header), as a CSV export has them."""
    records: list[Record] = []
    for number, row in enumerate(rows, start=1):
        fields = list(row)
        while fields and not fields[-1].strip():
            fields.pop()
        if not fields:
            continue
        width = len(records[0][1]) if records else len(fields)
        records.append((number, fields + [""] * (width - len(fields))))
    return records


def read_sheet(path: Path) -> list[Record]:
    """The records of the first worksheet of an ``.xlsx`` or ``.xls`` workbook."""
    sheets = read_sheets(path)
    return sheets[0][1] if sheets else []


def read_sheets(path: Path) -> list[tuple[str, list[Record]]]:
    """(name, records) of every worksheet of an ``.xlsx`` or ``.xls`` workbook."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DmreportError(f"cannot read the file: {exc.strerror}", path=path) from None
    try:
        sheets = _xlsx_rows(data) if suffix == ".xlsx" else _xls_rows(data)
    except ModuleNotFoundError as exc:
        raise DmreportError(
            f"the {suffix} reader is not available (no module {exc.name})",
            path=path,
            fix="install the pinned requirements.txt, or save the export as CSV (UTF-8)",
        ) from None
    except Exception as exc:  # a damaged workbook: the libraries raise many unrelated types
        raise DmreportError(
            f"not a {suffix} workbook that can be read ({type(exc).__name__}: {exc})",
            path=path,
            fix=f"save the export from Excel again as {suffix}, or as CSV (UTF-8)",
        ) from None
    return [(name, sheet_records(rows)) for name, rows in sheets]


def csv_form(records: Iterable[Record]) -> bytes:
    """The export as the project keeps it: CSV, both header rows, UTF-8 with
    a byte-order mark and CRLF line ends, as PMCS writes its CSV exports."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(fields for _, fields in records)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _xlsx_rows(data: bytes) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # read every cell, whatever size the file claims
            rows = [
                [cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
            sheets.append((sheet.title, rows))
        return sheets
    finally:
        book.close()


def _xls_rows(data: bytes) -> list[tuple[str, list[list[str]]]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = [
                xls_row_texts(sheet.row_values(row), sheet.row_types(row), book.datemode)
                for row in range(sheet.nrows)
            ]
            sheets.append((sheet.name, rows))
        return sheets
    finally:
        book.release_resources()
