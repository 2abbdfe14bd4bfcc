"""The plan of record: reading PMCS exports (both header rows, dates with
times, WBS codes, bad rows with file, line and field), the store's questions
(baseline of a report month, latest forecast, slip) and ``dmreport plan
import`` (validated whole, written atomically, never a traceback)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from commands import run_cli
from planfiles import (
    BASELINE_201906,
    BASELINE_HEADER,
    FORECAST_201911,
    write_export,
    write_plan,
)

from dmreport.core.dates import parse_plan_date
from dmreport.core.errors import DmreportError
from dmreport.core.plan import PLAN_DIR, load_plan, slip_days
from dmreport.core.pmcs import read_export, wbs_element
from dmreport.tools.plan_import import import_plan

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/30/2018 5:00:00 PM", date(2018, 11, 30)),
        ("1/4/2019 8:00:00 AM", date(2019, 1, 4)),
        ("12/31/2019 11:59 PM", date(2019, 12, 31)),
        ("11/1/2017", date(2017, 11, 1)),
        ("2018-11-30", date(2018, 11, 30)),
    ],
)
def test_plan_dates(text: str, expected: date) -> None:
    assert parse_plan_date(text) == expected


@pytest.mark.parametrize(
    "text", ["30/11/2018 5:00:00 PM", "Nov 30 2018", "11-30-2018", "2/30/2019"]
)
def test_plan_dates_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_plan_date(text)


@pytest.mark.parametrize(
    ("wbs_id", "element"),
    [
        ("LSST BL 18-03.02C.04", "1.02C.04"),
        ("LSST BL 18-03.02C.00", "1.02C"),
        ("LSST ME 18-02.02C.08.03.01.01A", "1.02C.08.03.01.01A"),
        ("LSST ME 18-02.00.04.02", "LSST ME 18-02.00.04.02"),
        ("LSST ME 18-02.04C.00", "LSST ME 18-02.04C.00"),
    ],
)
def test_wbs_elements(wbs_id: str, element: str) -> None:
    assert wbs_element(wbs_id) == element


def test_baseline_export_read_whole(tmp_path: Path) -> None:
    path = write_export(tmp_path, "201906-BL.csv", BASELINE_201906)
    export = read_export(path)
    assert (export.kind, export.month, export.label) == ("baseline", "2019-06", "201906-BL")
    assert [row.id for row in export.rows] == ["DM-DRP-1", "DM-DRP-2", "DM-DRP-3",
                                               "LDM-503-9", "DM-AP-1"]  # fmt: skip
    one = export.rows[0]
    assert one.wbs == "1.02C.04" and one.name == "Test plan milestone one"
    assert one.finish == date(2019, 10, 31) and one.actual is None and one.start is None
    assert one.predecessors == ("DM-DRP-3",)
    assert one.successors == ("DM-DRP-2", "LDM")  # a cut-off id stays as written
    assert one.line == 3  # after the two header rows
    level2 = export.row("LDM-503-9")
    assert level2 is not None and level2.wbs == "1.02C" and level2.start == date(2019, 6, 3)


def test_forecast_export_read_whole(tmp_path: Path) -> None:
    path = write_export(tmp_path, "201911-ME.csv", FORECAST_201911)
    export = read_export(path)
    assert (export.kind, export.month) == ("forecast", "2019-11")
    two = export.row("DM-DRP-2")
    assert two is not None
    assert (two.status, two.finish, two.actual) == ("Completed", date(2019, 11, 15),
                                                    date(2019, 11, 14))  # fmt: skip
    other = export.row("LSST-1520")
    assert other is not None and other.wbs == "LSST ME 19-11.00.04.02" and not other.in_dm


def test_month_and_kind_from_options_or_header(tmp_path: Path) -> None:
    path = write_export(tmp_path, "forecast export.csv", FORECAST_201911)
    with pytest.raises(DmreportError, match=r"gives no month.*--month"):
        read_export(path)
    export = read_export(path, month="2019-11")
    assert export.kind == "forecast"  # from the header's fields


BAD_ROWS = [
    # (what, text of the file, line, words the message holds)
    ("date form", BASELINE_201906.replace("10/31/2019 5:00:00 PM", "31/10/2019 5:00:00 PM"),
     3, "field end_date: '31/10/2019 5:00:00 PM' is not a real date"),
    ("unknown date form", BASELINE_201906.replace("10/31/2019 5:00:00 PM", "31 Oct 2019"),
     3, "field end_date: '31 Oct 2019' is not a date as PMCS writes it"),
    ("missing id", BASELINE_201906.replace("DM-DRP-2,Not", ",Not"), 4, "field task_code is empty"),
    ("column count", BASELINE_201906.replace("DM-DRP-3,Not Started,", "DM-DRP-3,"),
     5, "8 fields, the header row (line 1) has 9"),
    ("no finish", BASELINE_201906.replace("end_date,", "finish_date,", 1),
     1, "the header names no finish (base_end_date, end_date, target_end_date, act_end_date)"),
    ("no activity id", BASELINE_201906.replace("task_code,", "code,", 1),
     1, "not a P6 export: its first row names no field task_code"),
    ("no name", BASELINE_201906.replace("task_name,", "title,", 1),
     1, "the header names no task_name"),
    ("repeated id", BASELINE_201906 + BASELINE_201906.splitlines(keepends=True)[3],
     8, "field task_code: DM-DRP-2 is already on line 4"),
    ("no rows", BASELINE_HEADER, None, "holds no milestones"),
    ("unclosed quote", BASELINE_201906.replace('"DM-DRP-2, LDM"', '"DM-DRP-2, LDM'),
     3, "not CSV from this line on"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "text", "line", "words"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_rows_name_file_line_and_field(
    what: str, text: str, line: int | None, words: str, tmp_path: Path
) -> None:
    path = write_export(tmp_path, "201906-BL.csv", text)
    with pytest.raises(DmreportError) as caught:
        read_export(path)
    message = str(caught.value)
    assert words in message
    assert message.startswith(f"{path}:{line}: " if line else f"{path}")
    assert caught.value.fix  # and how to fix it


def test_other_formats_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "201906-BL.ods"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(
        DmreportError, match=r"\.ods is not a PMCS export.*accepted: \.csv, \.xlsx, \.xls"
    ):
        read_export(path)


def test_store_baseline_forecast_and_slip(tmp_path: Path) -> None:
    write_plan(tmp_path)
    plan = load_plan(tmp_path)
    assert sorted(plan.exports) == [("2019-06", "baseline"), ("2019-11", "forecast"),
                                    ("2019-12", "baseline")]  # fmt: skip
    # The newest baseline at or before the report month...
    assert plan.baseline_date("DM-DRP-1", "2019-11")[0] == date(2019, 10, 31)
    found = plan.baseline_date("DM-DRP-1", "2020-01")
    assert found is not None and found[0] == date(2019, 12, 31) and found[1].label == "201912-BL"
    # ...and the oldest for a month before every baseline.
    assert plan.baseline_date("DM-DRP-1", "2019-01")[0] == date(2019, 10, 31)
    assert plan.forecast_for("2019-10") is None
    forecast = plan.forecast_for("2020-01")
    assert forecast is not None and forecast.label == "201911-ME"
    assert plan.knows("LSST-1520") and not plan.knows("IT-725-M")
    assert slip_days(date(2018, 11, 30), date(2020, 1, 21)) == 417
    assert slip_days(date(2019, 12, 31), date(2019, 12, 20)) == -11


def test_store_refuses_a_file_named_otherwise(tmp_path: Path) -> None:
    write_plan(tmp_path)
    write_export(tmp_path / PLAN_DIR, "march.csv", BASELINE_201906)
    with pytest.raises(DmreportError, match=r"march\.csv: not named as a plan export"):
        load_plan(tmp_path)


def test_the_project_plan_is_the_shared_exports() -> None:
    shared = REPO.parent / "shared" / "data" / "pmcs"
    for name in ("201803-BL.csv", "201802-ME.csv"):
        assert (REPO / PLAN_DIR / name).read_bytes() == (shared / name).read_bytes()
    plan = load_plan(REPO)
    baseline = plan.baseline_date("DM-DRP-8", "2020-01")
    assert baseline is not None and baseline[0] == date(2018, 11, 30)


# -- dmreport plan import -----------------------------------------------------


def test_import_adds_then_refuses_a_different_export(tmp_path: Path) -> None:
    source = write_export(tmp_path / "in", "201906-BL.csv", BASELINE_201906)
    root = tmp_path / "repo"
    done = import_plan(source, root)
    target = root / PLAN_DIR / "201906-BL.csv"
    assert target.read_bytes() == source.read_bytes()
    lines = done.lines()
    assert lines[0].startswith("Added 201906-BL (baseline, June 2019): 5 milestones, 5 of them")
    assert "  1.02C.04     3" in lines  # DM-DRP-3 (1.02C.04.01) counts for 1.02C.04
    assert import_plan(source, root).unchanged
    changed = write_export(tmp_path / "in", "201906-BL.csv",
                           BASELINE_201906.replace("DM-AP-1", "DM-AP-2"))  # fmt: skip
    with pytest.raises(DmreportError, match=r"already holds a different baseline export.*--force"):
        import_plan(changed, root)
    assert target.read_bytes() != changed.read_bytes()
    assert import_plan(changed, root, force=True).replaced
    assert target.read_bytes() == changed.read_bytes()
    assert [p.name for p in (root / PLAN_DIR).iterdir()] == ["201906-BL.csv"]  # no temporaries


def test_import_of_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    bad = BASELINE_201906.replace("DM-AP-1,Not Started,", "DM-AP-1,")  # the last row
    source = write_export(tmp_path / "in", "201906-BL.csv", bad)
    root = tmp_path / "repo"
    with pytest.raises(DmreportError, match=r":7: 8 fields"):
        import_plan(source, root)
    assert not (root / PLAN_DIR).exists() or not any((root / PLAN_DIR).iterdir())


def test_import_command(tmp_path: Path) -> None:
    source = write_export(tmp_path, "export.csv", FORECAST_201911)
    root = tmp_path / "repo"
    root.mkdir()
    done = run_cli("plan", "import", str(source), "--month", "2019-11", "--root", str(root),
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Added 201911-ME (forecast, November 2019): 6 milestones, 5 of them in DM" in done.stdout
    assert "2 milestones with an actual finish" in done.stdout
    assert (root / PLAN_DIR / "201911-ME.csv").is_file()
    wrong = run_cli("plan", "import", str(source), "--month", "2019-11", "--kind", "baseline",
                    "--root", str(root), cwd=tmp_path)  # fmt: skip
    assert wrong.returncode == 1
    assert "Traceback" not in wrong.stderr
    assert wrong.stderr.startswith(f"error: {source}:1: the header names act_end_date")
    month = run_cli("plan", "import", str(source), "--month", "Nov 2019", cwd=tmp_path)
    assert month.returncode == 1 and "'Nov 2019' is not a month" in month.stderr
    xlsx = shutil.copy(source, tmp_path / "201911-ME.xlsx")  # CSV under a workbook's name
    refused = run_cli("plan", "import", str(xlsx), cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "not a .xlsx workbook that can be read" in refused.stderr
    odt = shutil.copy(source, tmp_path / "201911-ME.ods")
    refused = run_cli("plan", "import", str(odt), cwd=tmp_path)
    assert refused.returncode == 1 and "accepted: .csv, .xlsx, .xls" in refused.stderr
