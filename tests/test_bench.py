"""The benchmark: its generated months, and a small run end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dmreport.core.registry import load_wbs
from dmreport.importer import convert_export
from dmreport.tools.bench import make_archive, make_page, run_benchmark, write_json
from dmreport.tools.bench.archive import month_at
from dmreport.tools.bench.imports import synthetic_export, word_document
from dmreport.tools.bench.phases import INDEXED, TRACKER
from dmreport.tools.preview import STEPS

KEYS = {
    "months", "pages", "full_s", "baseline_s", "noop_s", "edit_s", "add_month_s",
    "search_index_s", "pdf_s", "peak_rss_mb", "largest_page_bytes", "import_text_s",
    "import_pdf_s", "import_docx_s", "tracker_html_kb", "tracker_s", "year_pdf_s",
    "baseline_noop_s",
    "baseline_edit_s", "baseline_add_month_s", "build_full_s", "build_noop_s", "build_edit_s",
    "preview_edit_s", "phases",
}  # fmt: skip
PHASES = {"starting", "loading the environment", "reading", "aggregating", "resolving",
          "writing", "pickling", "indexing"}  # fmt: skip


def test_generated_months_differ(repo: Path) -> None:
    page = (repo / "reports/2020-01/alert-production.md").read_text()
    later = make_page(page, 13)
    assert "DM-22727" in page and "DM-35727" in later  # its own tickets
    index = make_page((repo / "reports/2020-01/index.md").read_text(), 13)
    assert 'month: "2021-02"' in index and "# February 2021" in index
    milestones = make_page((repo / "reports/2020-01/milestones.md").read_text(), 13)
    assert ":due: 2021-01-21" in milestones  # dates move with the month


def test_small_benchmark(repo: Path, tmp_path: Path) -> None:
    result = run_benchmark(repo, months=2, runs=1, full_runs=1, pdf=False, half=False)
    out = tmp_path / "bench.json"
    write_json(result, out)
    data = json.loads(out.read_text())
    assert set(data) >= KEYS
    assert data["months"] == 2 and data["pages"] == 2 * 13
    for key in KEYS - {"months", "pages", "pdf_s", "year_pdf_s", "import_pdf_s", "phases"}:
        assert data[key] > 0, key
    assert data["noop_s"] < data["full_s"]
    # Nothing changed: the stamp answers before Sphinx starts.
    assert data["build_noop_s"] < data["noop_s"]
    assert data["build_edit_s"] < data["build_full_s"]
    assert data["preview_edit_s"] < data["build_edit_s"]
    assert data["peak_rss_mb"] > 50 and data["largest_page_bytes"] > 10_000
    # The edit rebuild by phase: every phase, adding up to the whole.
    phases = data["phases"]
    assert set(phases) >= PHASES and all(phases[name] >= 0 for name in PHASES)
    assert phases["reading"] > 0 and phases["writing"] > 0 and phases["indexing"] > 0
    parts = {"total", TRACKER} | {k for k in phases if k.startswith(INDEXED)}
    assert abs(sum(v for k, v in phases.items() if k not in parts) - phases["total"]) < 0.05
    # Indexing after the edit: the edited month's year alone, within the phase.
    bundles = {k.removeprefix(INDEXED): v for k, v in phases.items() if k.startswith(INDEXED)}
    assert set(bundles) == {month_at(1)[:4]}
    assert 0 < sum(bundles.values()) <= phases["indexing"]
    # The preview's save by step, each step once.
    assert list(data["preview_steps"]) == list(STEPS)
    assert all(seconds >= 0 for seconds in data["preview_steps"].values())
    # The tracker's share of the full build: a part of it, not nothing.
    assert 0 < data["tracker_s"] < data["build_full_s"]
    # What a reader's browser loads for each of the four pages.
    weights = data["page_weight_kb"]
    assert set(weights) == {"home", "WBS page", "tracker", "WBS history"}
    assert all(kb > 0 for kb in weights.values()) and all(data["page_requests"].values())
    # Ours beside plain Sphinx for each rebuild.
    table = result.table()
    for row in ("full build", "no-op rebuild", "edit one section", "add one month"):
        assert re.search(rf"^{row}\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d$", table, re.M), row


def test_synthetic_export_imports_whole(repo: Path, tmp_path: Path) -> None:
    """The import benchmark's report: 6,000 words or more, every WBS element,
    imported with every word kept."""
    text = synthetic_export(repo, "2021-03")
    assert len(text.split()) >= 6000 and "March 2021" in text
    source = tmp_path / "export.txt"
    source.write_text(text, encoding="utf-8")
    site = make_archive(repo, 0, tmp_path / "site")
    pages, result = convert_export(source, "2021-03", site)
    names = {page.filename for page in pages}
    assert {f"{element.slug}.md" for element in load_wbs(repo).pages} <= names
    assert result.words >= 6000


def test_word_document_imports_whole(repo: Path, tmp_path: Path) -> None:
    """The Word version of that report: the same pages, every word, its picture."""
    source = tmp_path / "export.txt"
    source.write_text(synthetic_export(repo, "2021-03"), encoding="utf-8")
    site = make_archive(repo, 0, tmp_path / "site")
    text_pages, text_result = convert_export(source, "2021-03", site)
    document = word_document(source, tmp_path / "report.docx")
    pages, result = convert_export(document, "2021-03", site)
    assert [p.filename for p in pages] == [p.filename for p in text_pages]
    assert result.words >= text_result.words and result.kept_percent == 100.0
    assert len(result.pictures) == 1
    assert sum(p.text.count("Figure 1: the month's plot.") for p in pages) == 1
