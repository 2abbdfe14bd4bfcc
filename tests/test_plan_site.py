"""The reports joined with the plan on the site: the tracker's baseline,
slip and flags, the plan's table with its links and filters, the burndown
charts and their data, the month tables' baseline and slip and the role's
tooltip; built from a small test root with exports the tests write."""

from __future__ import annotations

import itertools
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from planfiles import write_plan

from dmreport.core.plan import load_plan
from dmreport.ext.aggregates.burndown import ACHIEVED, burndown
from dmreport.ext.aggregates.plan_table import plan_facts, unmentioned
from dmreport.ext.records import MilestoneEntry

ROOT = Path(__file__).parent / "roots" / "test-plan"


def entry(month: str, status: str, id: str = "DM-DRP-1", **dates: str) -> MilestoneEntry:
    fields: dict[str, str | None] = {"due": None, "completed": None, "forecast": None, **dates}
    return MilestoneEntry(
        id=id, title="t", status=status, wbs="1.02C.04", explanation="", line=1, anchor="",
        section="", month=month, **fields,
    )  # fmt: skip


@pytest.fixture
def plan_root(tmp_path: Path) -> Path:
    src = tmp_path / "plan"
    shutil.copytree(ROOT, src)
    write_plan(src)
    return src


def test_join_baseline_slip_and_flags(plan_root: Path) -> None:
    plan = load_plan(plan_root)
    # Reported completed in 2020-01: baseline of the December 2019 export,
    # slip 20 days, and the November forecast records no actual finish.
    facts = plan_facts(plan, [entry("2019-12", "delayed", due="2020-01-31"),
                              entry("2020-01", "completed", completed="2020-01-20")])  # fmt: skip
    assert facts.note is not None
    assert (facts.note.baseline, facts.note.export, facts.note.slip) == (
        date(2019, 12, 31), "201912-BL", 20)  # fmt: skip
    assert facts.flags == [
        "reported completed in 2020-01; the forecast export 201911-ME records no actual finish"
    ]
    # Completed in 2019-11 and recorded done by the forecast export: no flag.
    two = plan_facts(plan, [entry("2019-11", "completed", id="DM-DRP-2", completed="2019-11-15")])
    assert two.flags == [] and two.note is not None and two.note.slip == 0
    # Unknown to every export.
    unknown = plan_facts(plan, [entry("2020-01", "delayed", id="IT-9-M", due="2020-03-31")])
    assert unknown.note is None and unknown.flags == ["not in the plan: no PMCS export holds it"]
    # No plan at all: nothing to flag.
    empty = plan_facts(load_plan(plan_root / "nowhere"), [entry("2020-01", "delayed")])
    assert empty.flags == [] and empty.note is None


def test_unmentioned_plan_milestones(plan_root: Path) -> None:
    plan = load_plan(plan_root)
    said = {"DM-DRP-1": {"2020-01"}, "DM-DRP-2": {"2019-11"}}
    # LDM-503-9 (2019-06-28) is never mentioned; DM-DRP-3 is done per the
    # forecast; DM-AP-1 (2020-03-31) has not passed.
    assert unmentioned(plan, "2020-01", said) == {
        "LDM-503-9": "baseline 2019-06-28 passed; no report mentions it since"
    }
    # A mention before the baseline date does not count; one after does.
    assert "LDM-503-9" in unmentioned(plan, "2020-01", {"LDM-503-9": {"2019-05"}})
    assert "LDM-503-9" not in unmentioned(plan, "2020-01", {"LDM-503-9": {"2019-06"}})
    # DM-DRP-1 (2019-12-31) is flagged when its last mention predates it;
    # DM-DRP-2 never is: the forecast records it done.
    assert "DM-DRP-1" in unmentioned(plan, "2020-01", {"DM-DRP-1": {"2019-11"}})
    assert "DM-DRP-2" not in unmentioned(plan, "2020-01", {})
    # Before the baseline passes, no flag.
    assert unmentioned(plan, "2019-05", {}) == {}


def recount(root: Path, reported: dict[str, str], newest: str, element: str = "02C") -> dict:
    """The burndown counted again from the export files with the csv module
    alone: the newest baseline and forecast at or before ``newest``, DM rows
    (WBS under ``element``), and completions the reports state (id -> month)."""
    import calendar
    import csv

    def rows(path: Path) -> list[dict[str, str]]:
        lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        return [dict(zip(lines[0], line, strict=False)) for line in lines[2:] if any(line)]

    def month(text: str) -> str:
        m, _, rest = text.partition("/")
        return f"{rest.split('/')[1][:4]}-{int(m):02d}"

    def mine(row: dict[str, str]) -> bool:
        return f".{element}" in row["wbs_id"] and not row.get("delete_record_flag")

    store = root / "milestones" / "pmcs"
    exports = sorted(store.glob("*.csv"))

    def stamp(p: Path) -> str:
        return f"{p.stem[:4]}-{p.stem[4:6]}"

    baselines = [p for p in exports if p.stem.endswith("BL") and stamp(p) <= newest]
    forecasts = [p for p in exports if p.stem.endswith("ME") and stamp(p) <= newest]
    baseline = rows(baselines[-1]) if baselines else []
    forecast = rows(forecasts[-1]) if forecasts else []
    known = {r["task_code"] for r in baseline + forecast if mine(r)} | set(reported)
    done = {
        r["task_code"]: month(r["act_end_date"]) for r in forecast if mine(r) and r["act_end_date"]
    }
    for milestone, when in reported.items():
        if when:
            done[milestone] = min(when, done.get(milestone, when))

    def end(m: str) -> str:
        year, number = map(int, m.split("-"))
        return f"{m}-{calendar.monthrange(year, number)[1]:02d}"

    def iso(text: str) -> str:
        m, d, y = text.split()[0].split("/")
        return f"{y}-{int(m):02d}-{int(d):02d}"

    return {
        "baseline": lambda m: sum(1 for r in baseline if mine(r) and r["end_date"]
                                  and iso(r["end_date"]) > end(m)),
        # Until the newest report or export: the line stops where its data does.
        "achieved": lambda m: (
            len(known) - sum(1 for d in done.values() if d <= m)
            if m <= max([newest, *(stamp(p) for p in forecasts)]) else None
        ),
        "known": len(known),
        "actual": len([r for r in forecast if mine(r) and r["act_end_date"]]),
    }  # fmt: skip


def reported_completions(root: Path) -> dict[str, str]:
    """Every milestone a month's records name -> the first month one says
    it is completed ("" if none does), read with a regular expression."""
    found: dict[str, str] = {}
    record = re.compile(r"^```\{milestone\} (\S+)\n(.*?)^```", re.S | re.M)
    for page in sorted(root.glob("reports/*/milestones.md")):
        for match in record.finditer(page.read_text(encoding="utf-8")):
            done = ":status: completed" in match[2]
            if done and not found.get(match[1]):
                found[match[1]] = page.parent.name
            found.setdefault(match[1], "")
    return found


def test_burndown_series(plan_root: Path) -> None:
    plan = load_plan(plan_root)
    history = {
        "DM-DRP-1": [entry("2019-11", "delayed", due="2019-10-31"),
                     entry("2020-01", "completed", completed="2020-01-20")],
        "DM-DRP-2": [entry("2019-11", "completed", id="DM-DRP-2", completed="2019-11-15")],
    }  # fmt: skip
    chart = burndown(plan, history)
    assert chart is not None
    # The reporting period (from the month before it) to the plan's horizon.
    assert chart.months[0] == "2019-10" and chart.months[-1] == "2020-03"
    count = recount(plan_root, {"DM-DRP-1": "2020-01", "DM-DRP-2": "2019-11"}, "2020-01")
    achieved = chart.series[ACHIEVED]
    for i, month in enumerate(chart.months):
        assert chart.series["Baseline (201912-BL)"][i] == count["baseline"](month), month
        assert achieved[i] == count["achieved"](month), month
    shown = [a for a in achieved if a is not None]
    assert all(a >= b for a, b in itertools.pairwise(shown))  # never rises
    assert chart.measured_until == "2019-11"
    # On a month's page: the plan as it stood then (no forecast yet in 2019-10).
    early = burndown(plan, history, until="2019-10")
    assert early is not None and list(early.series) == ["Baseline (201906-BL)", ACHIEVED]
    # One element: DM-DRP-3 (1.02C.04.01) counts for 1.02C.04; DM-AP-1 does not.
    element = burndown(plan, history, element="1.02C.04")
    assert element is not None
    count = recount(plan_root, {"DM-DRP-1": "2020-01", "DM-DRP-2": "2019-11"}, "2020-01", "02C.04")
    for i, month in enumerate(element.months):
        assert element.series["Baseline (201912-BL)"][i] == count["baseline"](month), month
        assert element.series[ACHIEVED][i] == count["achieved"](month), month


def _article(outdir: Path, docname: str) -> BeautifulSoup:
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text("utf-8"), "lxml")
    article = soup.select_one("article")
    assert article is not None
    return article


PLAN_COLUMNS = ("Baseline (export)", "Latest date reported", "Slip (days)")


def tracker_rows(table) -> dict[str, dict[str, str]]:
    """The tracker's rows by milestone, each cell by its column's header."""
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [dict(zip(headers, _cells(r), strict=True)) for r in table.select("tbody tr")]
    return {row["Milestone"]: row for row in rows}


def _cells(row) -> list[str]:
    return [re.sub(r"\s+;", ";", c.get_text(" ", strip=True)) for c in row.select("td")]


def test_tracker_plan_table_and_charts(plan_root: Path, make_app) -> None:
    app = make_app("html", srcdir=plan_root, freshenv=True)
    app.build()
    assert app._warning.getvalue() == ""
    outdir = Path(app.outdir)
    page = _article(outdir, "milestones/index")
    tracker, _trend, *_charts, plan = page.select("table")
    rows = tracker_rows(tracker)
    assert list(rows) == ["DM-DRP-1", "DM-DRP-2", "DM-DRP-99"]  # the worst slip first
    assert [rows["DM-DRP-1"][c] for c in PLAN_COLUMNS] == [
        "2019-12-31 (201912-BL)",
        "2020-01-20",
        "20",
    ]
    assert "201911-ME records no actual finish" in rows["DM-DRP-1"]["History and flags"]
    assert [rows["DM-DRP-2"][c] for c in PLAN_COLUMNS] == [
        "2019-11-15 (201912-BL)",
        "2019-11-15",
        "0",
    ]
    assert "not in the plan: no PMCS export holds it" in rows["DM-DRP-99"]["History and flags"]
    assert [rows["DM-DRP-99"][c] for c in PLAN_COLUMNS] == ["—", "2020-03-31", "—"]
    assert "dmreport-sortable" in tracker["class"]
    overdue = next(
        li for li in page.select("ul.dmreport-tracker-summary > li")
        if li.get_text().startswith("Overdue and not mentioned")
    )  # fmt: skip
    plan_now = load_plan(plan_root)
    record = plan_now.baseline_for("2020-01")
    forecast = plan_now.forecast_for("2020-01")
    assert record is not None and forecast is not None
    named: dict[str, str] = {}  # each month's pages, read from the files
    for source in plan_root.glob("reports/*/*.md"):
        named[source.parent.name] = named.get(source.parent.name, "") + source.read_text()
    expected = sorted(
        (str(r.finish), r.id) for r in record.rows
        if r.wbs.startswith("1.02C") and r.finish and str(r.finish)[:7] <= "2020-01"
        and not ((done := forecast.row(r.id)) and done.actual)
        and not any(m >= str(r.finish)[:7] and r.id in text for m, text in named.items())
    )  # fmt: skip
    assert expected, "the fixture has a milestone overdue and not mentioned"
    assert [a.get_text() for a in overdue.select("a")] == [i for _, i in expected]
    assert overdue.select_one("a")["href"] == f"{expected[0][1].lower()}.html"
    assert "dmreport-status-completed" in tracker.select_one("tr#milestone-dm-drp-1")["class"]
    assert "dmreport-wbs-1_02C_04" in tracker.select_one("tr#milestone-dm-drp-1")["class"]

    planned = {_cells(r)[0]: _cells(r) for r in plan.select("tbody tr")}
    assert list(planned) == ["DM-AP-1", "DM-DRP-1", "DM-DRP-2", "DM-DRP-3", "LDM-503-9",
                             "LSST-1520"]  # fmt: skip
    one = planned["DM-DRP-1"]
    assert one[1:8] == ["Test plan milestone one", "1.02C.04", "2019-12-31", "2019-10-30",
                        "Not Started", "completed in 2020-01", "20"]  # fmt: skip
    assert planned["DM-DRP-2"][4] == "2019-11-15; done 2019-11-14"
    assert planned["LDM-503-9"][10] == "baseline 2019-06-28 passed; no report mentions it since"
    assert [r[10] for r in planned.values()].count("—") == 5
    links = plan.select_one("tr#plan-dm-drp-1").select("a")
    assert [a["href"] for a in links] == [
        "#milestone-dm-drp-1", "#plan-dm-drp-3", "#plan-dm-drp-2"]  # fmt: skip
    assert "LDM" in _cells(plan.select_one("tr#plan-dm-drp-1"))[9]  # cut-off id, no link
    assert "dmreport-wbs-other" in plan.select_one("tr#plan-lsst-1520")["class"]
    assert "dmreport-status-not_started" in plan.select_one("tr#plan-ldm-503-9")["class"]

    boxes = page.select(".dmreport-burndown")
    # DM, and each element of the registry (this root lists 1.02C.04 only).
    assert [b["id"] for b in boxes] == ["burndown-1-02c", "burndown-1-02c-04"]
    dm = boxes[0]
    image = dm.select_one("img")
    assert re.fullmatch(r"\.\./_images/dmreport-milestone-burndown-[0-9a-f]{12}\.svg", image["src"])
    svg = (outdir / "milestones" / image["src"]).read_text()
    for series in ("baseline", "forecast", "achieved"):
        assert f'id="{series}"' in svg
    assert "<dc:date>" not in svg
    data = dm.select_one("table")
    assert [th.get_text(strip=True) for th in data.select("th")] == [
        "Month", "Baseline (201912-BL)", "Forecast (201911-ME)", "Achieved"]  # fmt: skip
    table = {_cells(r)[0]: _cells(r)[1:] for r in data.select("tbody tr")}
    count = recount(plan_root, reported_completions(plan_root), "2020-01")
    for month, (baseline, _, achieved) in table.items():
        assert baseline == str(count["baseline"](month)), month
        assert achieved == str(v if (v := count["achieved"](month)) is not None else "—"), month
    assert min(table) == "2019-10" and max(table) == "2020-03"


def test_month_tables_role_and_element_page(plan_root: Path, make_app) -> None:
    app = make_app("html", srcdir=plan_root, freshenv=True)
    app.build()
    outdir = Path(app.outdir)
    december = _article(outdir, "reports/2019-12/milestones")
    rows = [_cells(r)[:4] for r in december.select("table tbody tr")]
    assert rows == [
        ["DM-DRP-1", "Test milestone one", "delayed",
         "Due 2020-01-31 Baseline 2019-12-31 Slip 31 days"],
        ["DM-DRP-2", "Test milestone two", "delayed",
         "Due 2019-11-15 Baseline 2019-11-15 Slip 0 days"],
    ]  # fmt: skip
    role = december.select_one('p a[href$="#milestone-dm-drp-1"]')
    assert role["title"] == (
        "DM-DRP-1: Test milestone one — baseline 2019-12-31 (201912-BL), slip 31 days"
    )
    november = _article(outdir, "reports/2019-11/milestones")
    # November's baseline of record is June's export.
    assert "Baseline 2019-10-31 Slip 0 days" in _cells(november.select("table tbody tr")[1])[3]
    january = _article(outdir, "reports/2020-01/milestones")
    unknown = [c for r in january.select("table tbody tr") if (c := _cells(r))[0] == "DM-DRP-99"]
    assert unknown[0][3] == "Due 2020-03-31"  # the plan does not know it
    see = january.select_one('a[href$="milestones/index.html#milestone-burndown"]')
    assert see is not None  # the HTML month page links the tracker's chart
    element = _article(outdir, "wbs/data-release-production")
    box = element.select_one(".dmreport-burndown")
    assert box["id"] == "burndown-1-02c-04"
    assert "1.02C.04 Data Release Production" in box.get_text()


def test_month_pdf_has_the_burndown(plan_root: Path, make_app) -> None:
    app = make_app("latex", srcdir=plan_root, freshenv=True)
    app.build()
    assert app._warning.getvalue() == ""
    outdir = Path(app.outdir)
    tex = (outdir / "dmreport-2020-01.tex").read_text()  # the month's PDF
    section = tex[tex.index(r"\subsection{Milestone burndown}") :]
    charts = re.findall(r"\{(dmreport-milestone-burndown-[0-9a-f]{12})\}\.pdf", section)
    assert len(charts) == 1
    assert (outdir / f"{charts[0]}.pdf").read_bytes().startswith(b"%PDF")
    assert r"Baseline (201912\sphinxhyphen{}BL)" in section  # its data table
    assert "Achieved" in section


# -- the real site ------------------------------------------------------------


@pytest.mark.site
def test_real_tracker_against_the_march_2018_baseline(site: Path, repo: Path) -> None:
    page = _article(site, "milestones/index")
    tracker = page.select("table")[0]
    rows = tracker_rows(tracker)
    assert [rows["DM-DRP-8"][c] for c in PLAN_COLUMNS] == [
        "2018-11-30 (201803-BL)",
        "2020-01-21",
        "417",
    ]
    baseline = load_plan(repo).exports[("2018-03", "baseline")]
    january = _article(site, "reports/2020-01/milestones")
    ids = [_cells(r)[0] for r in january.select("table tbody tr")]
    known = [i for i in ids if baseline.row(i)]
    assert len(ids) == 12 and len(known) == 11
    for milestone_id in known:
        row = baseline.row(milestone_id)
        assert row is not None and row.finish is not None
        assert rows[milestone_id]["Baseline (export)"] == f"{row.finish.isoformat()} (201803-BL)"
    assert "IT-725-M" not in known
    assert "not in the plan: no PMCS export holds it" in rows["IT-725-M"]["History and flags"]
    assert rows["IT-725-M"]["Baseline (export)"] == "—"
    # The role links the tracker, with the baseline in its tooltip when the
    # plan knows the milestone (DM-DRP-11, which no month records, links
    # its row on the page of the plan's milestones).
    role = january.select_one('a[href$="#milestone-it-725-m"]')
    assert role is not None and role["title"] == "IT-725-M: Base Data Center Network Complete"
    plan_only = january.select_one('a[href$="milestones/plan.html#plan-dm-drp-11"]')
    assert plan_only["title"] == "DM-DRP-11 — baseline 2018-05-31 (201803-BL)"
    dm = page.select_one("#burndown-1-02c")
    assert dm is not None
    svg = (site / "milestones" / dm.select_one("img")["src"]).read_text()
    for series in ("baseline", "forecast", "achieved"):
        assert f'id="{series}"' in svg
    for label in ("Baseline (201803-BL)", "Forecast (201802-ME)", "Achieved"):
        assert label in svg
    data = {_cells(r)[0]: _cells(r)[1:] for r in dm.select("table tbody tr")}
    # Counted again from the export files: never more open than the plan's
    # actual finishes allow, never rising.
    count = recount(repo, reported_completions(repo), "2020-01")
    achieved = []
    for month, (baseline, _, shown) in sorted(data.items()):
        assert baseline == str(count["baseline"](month)), month
        expected = count["achieved"](month)
        assert shown == (str(expected) if expected is not None else "—"), month
        if expected is not None:
            achieved.append(expected)
    assert all(a >= b for a, b in itertools.pairwise(achieved))
    assert int(data["2020-01"][2]) <= count["known"] - count["actual"]
    assert count["actual"] >= 100  # the February 2018 forecast's actual finishes count
    assert len(page.select(".dmreport-burndown")) == 9  # DM and eight elements


def test_a_page_per_milestone(plan_root: Path, make_app) -> None:
    """Every milestone the reports list or an export holds has its page: its
    finish in every export, what every report said (a change marked), its
    links in the plan to their pages; the tracker's id links it."""
    app = make_app("html", srcdir=plan_root, freshenv=True)
    app.build()
    assert app._warning.getvalue() == ""
    outdir = Path(app.outdir)
    plan = load_plan(plan_root)
    history = reported_completions(plan_root)
    ids = set(history) | {row.id for e in plan.exports.values() for row in e.rows}
    pages = {p.stem for p in (outdir / "milestones").glob("*.html")} - {"index", "plan"}
    assert pages == {i.lower() for i in ids}
    page = _article(outdir, "milestones/dm-drp-1")
    exports, reports = page.select("table")[:2]
    holding = [e.label for _, e in sorted(plan.exports.items()) if e.row("DM-DRP-1")]
    assert [_cells(r)[0] for r in exports.select("tbody tr")] == holding
    rows = [_cells(r) for r in reports.select("tbody tr")]
    assert [r[0] for r in rows] == ["November 2019", "December 2019", "January 2020"]
    assert rows[1][2].startswith("changed:")  # the due date moved in December
    assert not rows[0][2].startswith("changed:")
    links = reports.select("a")
    assert links[0]["href"] == "../reports/2019-11/milestones.html#milestones-delayed"
    row = plan.newest_row("DM-DRP-1")
    assert row is not None and row.predecessors
    shown = {a.get_text() for a in page.select("p a") if a["href"].endswith(".html")}
    assert {p for p in row.predecessors if p in ids} <= shown
    tracker = _article(outdir, "milestones/index")
    assert tracker.select_one('tr#milestone-dm-drp-1 a[href="dm-drp-1.html"]') is not None
    # The step chart: a point per dated statement, a step per change.
    chart = page.select_one("svg.dmreport-step-chart")
    assert chart is not None and "DM-DRP-1" in chart["aria-label"]
    stated = [e for e in plan.of_kind("forecast") if e.row("DM-DRP-1")] or [
        e for e in plan.exports.values() if e.row("DM-DRP-1")
    ]
    dated = [r[2] for r in rows if r[2] != "—"]
    assert len(chart.select("circle")) == len(stated) + len(dated)
    paths = chart.select("path")
    assert len(paths) == 2
    assert [p["d"].count("V") for p in paths] == [len(stated) - 1, len(dated) - 1]


def test_milestone_pages_are_written_when_what_they_show_changes(plan_root: Path) -> None:
    """An edit of another page writes no milestone page; a record's change does."""
    from sphinx.cmd.build import build_main

    out, doctrees = plan_root / "_build" / "html", plan_root / "_build" / "doctrees"

    def build() -> None:
        args = ["-b", "html", "-q", "-d", str(doctrees), str(plan_root), str(out)]
        assert build_main(args) == 0

    build()
    page = out / "milestones" / "dm-drp-1.html"
    written = page.stat().st_mtime_ns
    index = plan_root / "reports" / "2020-01" / "index.md"
    index.write_text(index.read_text() + "\nOne more sentence.\n")
    build()
    assert page.stat().st_mtime_ns == written
    records = plan_root / "reports" / "2020-01" / "milestones.md"
    records.write_text(records.read_text().replace("hardware arrived", "hardware arrived late"))
    build()
    assert "hardware arrived late" in page.read_text()
