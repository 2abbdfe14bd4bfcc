"""P6 exports of other years, written from a description of P6's exports
(tests/plan/exports/): their fields in other orders and numbers, labels rows
or none, finishes under other names, a level user field, links in a
TASKPRED sheet or in pred_list/succ_list, workbooks whose first sheet is
not the activities. Each ``.expect.json`` says what a reader must find;
a file that is no export is refused, located."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from commands import run_cli

from dmreport.core.errors import DmreportError
from dmreport.core.plan import PLAN_DIR, load_plan
from dmreport.tools.plan_import import import_plan

EXPORTS = Path(__file__).parent / "plan" / "exports"
FILES = sorted(p.name for p in EXPORTS.iterdir() if not p.name.endswith(".json"))
ROOT = Path(__file__).parent / "roots" / "test-plan"


def expected(name: str) -> dict:
    return json.loads((EXPORTS / f"{name}.expect.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_export_of_another_year(name: str, tmp_path: Path) -> None:
    facts = expected(name)
    root = tmp_path / "repo"
    if facts.get("refused"):
        with pytest.raises(DmreportError) as caught:
            import_plan(EXPORTS / name, root)
        assert "not a P6 export" in str(caught.value) and caught.value.fix
        assert not (root / PLAN_DIR).exists()
        return
    done = import_plan(EXPORTS / name, root)
    export = done.export
    assert (export.kind, export.month) == (facts["kind"], facts["month"])
    assert len(export.rows) == facts["milestones"]
    assert sum(1 for row in export.rows if row.in_dm) == facts["dm_milestones"]
    assert sum(1 for row in export.rows if row.actual) == facts["actual_finishes"]
    assert sum(len(row.predecessors) for row in export.rows) == facts["links"]
    assert sum(len(row.successors) for row in export.rows) == facts["links"]
    # What the store keeps reads back the same, links included.
    kept = load_plan(root).exports[(export.month, export.kind)]
    assert kept.rows == export.rows
    for fact in facts["some"]:
        row = kept.row(fact["id"])
        assert row is not None, fact["id"]
        assert str(row.finish) == fact["finish"], fact["id"]
        assert (str(row.forecast) if row.forecast else None) == fact["forecast"], fact["id"]
        assert (str(row.actual) if row.actual else None) == fact["actual"], fact["id"]
        assert set(row.predecessors) == set(fact["predecessors"]), fact["id"]
        assert set(row.successors) == set(fact["successors"]), fact["id"]
        assert row.level == fact["level"], fact["id"]
    said = "\n".join(done.lines())
    assert "Finishes read from: " in said


def test_a_folder_of_exports_one_row_each(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    shutil.copytree(EXPORTS, folder, ignore=shutil.ignore_patterns("*.json"))
    root = tmp_path / "repo"
    root.mkdir()
    done = run_cli("plan", "import", str(folder), "--root", str(root), cwd=tmp_path)
    assert done.returncode == 1  # the one that is no export
    assert "Traceback" not in done.stdout + done.stderr
    rows = {line.split()[-1]: line for line in done.stdout.splitlines()[2:]}
    for name in FILES:
        row = rows[str(folder / name)]
        if expected(name).get("refused"):
            assert "FAILED" in row and "not a P6 export" in row
        else:
            assert row.split()[2] == str(expected(name)["milestones"]) and "added" in row
    assert "1 of 4 export(s) failed" in done.stderr


def test_an_export_of_another_year_in_the_tracker(tmp_path: Path, make_app) -> None:
    """A baseline and a forecast of other years imported into a site: their
    milestones are the plan's table, each with its links."""
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    shutil.rmtree(root / PLAN_DIR, ignore_errors=True)
    for name in ("202001-BL.xls", "201904-ME.xls"):
        import_plan(EXPORTS / name, root)
    app = make_app("html", srcdir=root, freshenv=True)
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "milestones" / "index.html").read_text(), "lxml")
    plan = load_plan(root)
    ids = {row.id for export in plan.exports.values() for row in export.rows if row.in_dm}
    linked = [row for i in sorted(ids) if (row := plan.newest_row(i)) and row.predecessors]
    assert len(linked) > 10
    for row in linked:
        shown = page.select_one(f"tr#plan-{row.id.lower()}")
        assert shown is not None, row.id
        hrefs = {a["href"] for a in shown.select("a")}
        for predecessor in row.predecessors:
            assert f"#plan-{predecessor.lower()}" in hrefs, (row.id, predecessor)
