"""PMCS exports saved from Excel: an ``.xlsx`` (openpyxl) or ``.xls`` (xlrd)
workbook's first sheet read as the rows of a CSV export (date cells, dates
as text, numbers as ids, blank rows), checked the same way (errors with the
file, the sheet's row and the field), and kept by ``dmreport plan import``
in the store's CSV form."""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
import xlrd
from commands import run_cli
from planfiles import BASELINE_HEADER, write_plan
from xlsfiles import Cell, write_xls

from dmreport.core.errors import DmreportError
from dmreport.core.plan import PLAN_DIR, load_plan
from dmreport.core.pmcs import PlanRow, read_export
from dmreport.core.spreadsheets import cell_text, read_sheet, xls_row_texts
from dmreport.tools.plan_import import import_plan

NAMES, LABELS = (line.split(",") for line in BASELINE_HEADER.splitlines())

#: A June 2019 baseline as Excel holds it: row 5 is blank.
ROWS: list[list[Cell]] = [
    NAMES,
    LABELS,
    ["DM-DRP-1", "Not Started", "LSST BL 19-06.02C.04", "Test plan milestone one", "DM-DRP-3",
     "DM-DRP-2, LDM", None, datetime(2019, 10, 31, 17, 0), None],  # a date cell, with a time
    ["DM-DRP-2", "Not Started", "LSST BL 19-06.02C.04", "Test plan milestone two", "DM-DRP-1",
     None, None, "11/15/2019 8:00:00 AM", None],  # a date as text, with a time
    [],
    [1520, "Not Started", "LSST BL 19-06.02C.00", "Test plan level 2 milestone", 1234.0, None,
     datetime(2019, 6, 3), datetime(2019, 6, 28, 17, 0)],  # numbers; the last cells empty
    ["DM-AP-1", "Not Started", "LSST BL 19-06.02C.03", "Test plan milestone in the future",
     None, None, None, "2020-03-31", None],
]  # fmt: skip

#: The rows of text the sheet above reads as: (row number, fields).
RECORDS = [
    (1, NAMES),
    (2, LABELS),
    (3, ["DM-DRP-1", "Not Started", "LSST BL 19-06.02C.04", "Test plan milestone one", "DM-DRP-3",
         "DM-DRP-2, LDM", "", "10/31/2019 5:00:00 PM", ""]),
    (4, ["DM-DRP-2", "Not Started", "LSST BL 19-06.02C.04", "Test plan milestone two", "DM-DRP-1",
         "", "", "11/15/2019 8:00:00 AM", ""]),
    (6, ["1520", "Not Started", "LSST BL 19-06.02C.00", "Test plan level 2 milestone", "1234", "",
         "6/3/2019", "6/28/2019 5:00:00 PM", ""]),
    (7, ["DM-AP-1", "Not Started", "LSST BL 19-06.02C.03", "Test plan milestone in the future",
         "", "", "", "2020-03-31", ""]),
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list[Cell]]) -> Path:
    """A one-sheet ``.xlsx`` workbook of ``rows``, written by openpyxl."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def changed(row: int, column: str, value: Cell) -> list[list[Cell]]:
    """:data:`ROWS` with one cell of one (1-based) sheet row replaced."""
    rows = [list(cells) for cells in ROWS]
    cells = rows[row - 1]
    index = NAMES.index(column) if column in NAMES else len(NAMES)
    cells += [None] * (index + 1 - len(cells))
    cells[index] = value
    return rows


def without_lines(rows: tuple[PlanRow, ...]) -> list[PlanRow]:
    return [row.model_copy(update={"line": 0}) for row in rows]


# -- cells and rows as text ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2019, 10, 31, 17, 0), "10/31/2019 5:00:00 PM"),
        (datetime(2019, 1, 4, 8, 0, 30), "1/4/2019 8:00:30 AM"),
        (datetime(2019, 12, 31, 0, 5), "12/31/2019 12:05:00 AM"),
        (datetime(2019, 12, 31, 12, 0), "12/31/2019 12:00:00 PM"),
        (datetime(2019, 11, 14), "11/14/2019"),  # a date alone, as PMCS writes an actual finish
        ("11/15/2019 8:00:00 AM", "11/15/2019 8:00:00 AM"),
        (1520, "1520"),
        (1520.0, "1520"),
        (0.5, "0.5"),
        (True, "TRUE"),
        (time(17, 0), "17:00:00"),
        (None, ""),
    ],
)
def test_xlsx_cells_as_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_xls_cells_as_text_in_either_date_mode() -> None:
    values: list[str | float] = ["DM-DRP-1", 1520.0, 43769.708333333336, 43769.0, "", "",
                                 1, 42, 0.5, 1e12]  # fmt: skip
    types = [xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE, xlrd.XL_CELL_DATE,
             xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_BOOLEAN, xlrd.XL_CELL_ERROR,
             xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE]  # fmt: skip
    assert xls_row_texts(values, types, 0) == [
        "DM-DRP-1", "1520", "10/31/2019 5:00:00 PM", "10/31/2019", "", "", "TRUE", "#N/A", "0.5",
        "1000000000000",  # no date: left as the number, for the row's check to name
    ]  # fmt: skip
    assert xls_row_texts(values, types, 1)[2:4] == ["11/1/2023 5:00:00 PM", "11/1/2023"]  # 1904


def test_xlsx_sheet_read_as_rows_of_text(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "201906-BL.xlsx", ROWS)
    assert read_sheet(path) == RECORDS


def test_xlsx_sheet_read_whole_whatever_size_it_claims(tmp_path: Path) -> None:
    """A program other than Excel may state a sheet's size wrong (here one
    cell): every cell is read all the same."""
    written = write_xlsx(tmp_path / "written.xlsx", ROWS)
    path = tmp_path / "201906-BL.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert count == 1
            target.writestr(item, data)
    assert read_sheet(path) == RECORDS


@pytest.mark.parametrize(("suffix", "module"), [(".xlsx", "openpyxl"), (".xls", "xlrd")])
def test_a_missing_library_is_named(
    suffix: str, module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = (write_xlsx if suffix == ".xlsx" else write_xls)(tmp_path / f"201906-BL{suffix}", ROWS)
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    with pytest.raises(DmreportError, match=rf"reader is not available \(no module {module}\)"):
        read_export(path)


# -- reading an Excel export --------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_excel_export_read_whole(suffix: str, tmp_path: Path) -> None:
    write = write_xlsx if suffix == ".xlsx" else write_xls
    export = read_export(write(tmp_path / f"201906-BL{suffix}", ROWS))
    assert (export.kind, export.month, export.label) == ("baseline", "2019-06", "201906-BL")
    assert [(row.id, row.line) for row in export.rows] == [
        ("DM-DRP-1", 3), ("DM-DRP-2", 4), ("1520", 6), ("DM-AP-1", 7)]  # fmt: skip
    one, two, level2, future = export.rows
    assert one.finish == datetime(2019, 10, 31).date() and one.start is None
    assert one.successors == ("DM-DRP-2", "LDM")
    assert two.finish == datetime(2019, 11, 15).date()
    assert level2.wbs == "1.02C" and level2.predecessors == ("1234",)
    assert level2.start == datetime(2019, 6, 3).date()
    assert level2.finish == datetime(2019, 6, 28).date()
    assert future.finish == datetime(2020, 3, 31).date()


def test_xls_in_the_1904_date_mode(tmp_path: Path) -> None:
    """A workbook from Excel for the Mac counts days from 1904: the same dates."""
    export = read_export(write_xls(tmp_path / "201906-BL.xls", ROWS, datemode=1))
    again = read_export(write_xlsx(tmp_path / "201906-BL.xlsx", ROWS))
    assert export.rows == again.rows


BAD_SHEETS = [
    # (what, rows, sheet row, words the message holds)
    ("date form", changed(4, "end_date", "31/10/2019 5:00:00 PM"),
     4, "field end_date: '31/10/2019 5:00:00 PM' is not a real date"),
    ("date after a blank row", changed(6, "start_date", "June 3"),
     6, "field start_date: 'June 3' is not a date as PMCS writes it"),
    ("a number for a date", changed(3, "end_date", 43769),
     3, "field end_date: '43769' is not a date as PMCS writes it"),
    ("missing id", changed(7, "task_code", None), 7, "field task_code is empty"),
    ("a cell past the last column", changed(7, "after", "x"),
     7, "10 fields, the header row (line 1) has 9"),
    ("field names", changed(1, "end_date", "finish_date"),
     1, "the header names no finish"),
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
@pytest.mark.parametrize(
    ("what", "rows", "row", "words"), BAD_SHEETS, ids=[b[0] for b in BAD_SHEETS]
)
def test_bad_sheets_name_file_row_and_field(
    suffix: str, what: str, rows: list[list[Cell]], row: int, words: str, tmp_path: Path
) -> None:
    write = write_xlsx if suffix == ".xlsx" else write_xls
    path = write(tmp_path / f"201906-BL{suffix}", rows)
    with pytest.raises(DmreportError) as caught:
        read_export(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{row}: ")
    assert words in message
    assert caught.value.fix


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("201906-BL.xlsx", BASELINE_HEADER.encode(), "not a .xlsx workbook that can be read"),
        ("201906-BL.xls", BASELINE_HEADER.encode(), "not a .xls workbook that can be read"),
        ("201906-BL.ods", b"PK", r"\.ods is not a PMCS export.*accepted: \.csv, \.xlsx, \.xls"),
    ],
)
def test_other_files_refused(name: str, content: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DmreportError, match=words) as caught:
        read_export(path)
    assert caught.value.fix


# -- dmreport plan import of a workbook ---------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_import_keeps_a_workbook_as_csv(suffix: str, tmp_path: Path) -> None:
    write = write_xlsx if suffix == ".xlsx" else write_xls
    source = write(tmp_path / "in" / f"201906-BL{suffix}", ROWS)
    root = tmp_path / "repo"
    done = import_plan(source, root)
    target = root / PLAN_DIR / "201906-BL.csv"
    assert done.target == target
    assert done.lines()[0].startswith("Added 201906-BL (baseline, June 2019): 4 milestones")
    assert done.lines()[0].endswith(f"in {target} (converted from {suffix})")
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff" + BASELINE_HEADER)  # both header rows, as PMCS writes them
    assert text.splitlines()[2:] == [
        "DM-DRP-1,Not Started,LSST BL 19-06.02C.04,Test plan milestone one,DM-DRP-3,"
        '"DM-DRP-2, LDM",,10/31/2019 5:00:00 PM,',
        "DM-DRP-2,Not Started,LSST BL 19-06.02C.04,Test plan milestone two,DM-DRP-1,,,"
        "11/15/2019 8:00:00 AM,",
        "1520,Not Started,LSST BL 19-06.02C.00,Test plan level 2 milestone,1234,,6/3/2019,"
        "6/28/2019 5:00:00 PM,",
        "DM-AP-1,Not Started,LSST BL 19-06.02C.03,Test plan milestone in the future,,,,2020-03-31,",
    ]
    assert without_lines(read_export(target).rows) == without_lines(done.export.rows)
    assert [p.name for p in (root / PLAN_DIR).iterdir()] == ["201906-BL.csv"]  # no temporaries
    again = import_plan(source, root)
    assert again.unchanged and again.lines()[0].endswith("(converted from " + suffix + ")")
    other = write(tmp_path / "other" / f"201906-BL{suffix}", changed(7, "task_code", "DM-AP-2"))
    with pytest.raises(DmreportError, match=r"already holds a different baseline export"):
        import_plan(other, root)
    assert import_plan(other, root, force=True).replaced
    assert "DM-AP-2,Not Started" in target.read_text("utf-8")


def test_import_of_a_bad_workbook_writes_nothing(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "201906-BL.xlsx", changed(7, "end_date", "31 Mar 2020"))
    root = tmp_path / "repo"
    with pytest.raises(DmreportError, match=r"201906-BL\.xlsx:7: field end_date"):
        import_plan(source, root)
    assert not (root / PLAN_DIR).exists()


def test_import_command_with_a_workbook(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "export.xlsx", ROWS)
    root = tmp_path / "repo"
    root.mkdir()
    done = run_cli("plan", "import", str(source), "--month", "2019-06", "--root", str(root),
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Added 201906-BL (baseline, June 2019): 4 milestones" in done.stdout
    assert "(converted from .xlsx)" in done.stdout
    assert read_export(root / PLAN_DIR / "201906-BL.csv").kind == "baseline"
    bad = write_xlsx(tmp_path / "201907-BL.xlsx", changed(4, "end_date", "31/10/2019"))
    refused = run_cli("plan", "import", str(bad), "--root", str(root), cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"error: {bad}:4: field end_date: '31/10/2019'")


def test_the_store_refuses_a_workbook(tmp_path: Path) -> None:
    write_plan(tmp_path)
    write_xlsx(tmp_path / PLAN_DIR / "202001-BL.xlsx", ROWS)
    with pytest.raises(DmreportError, match=r"202001-BL\.xlsx: an Excel workbook in the plan st"):
        load_plan(tmp_path)
