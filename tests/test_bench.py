"""The benchmark: its generated months, and a small run end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dmreport.core.registry import load_wbs
from dmreport.importer import convert_export
from dmreport.tools.bench import make_archive, make_page, run_benchmark, write_json
from dmreport.tools.bench_import import synthetic_export

KEYS = {
    "months", "pages", "full_s", "baseline_s", "noop_s", "edit_s", "add_month_s",
    "search_index_s", "pdf_s", "peak_rss_mb", "largest_page_bytes", "import_text_s",
    "import_pdf_s", "year_pdf_s",
}  # fmt: skip


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
    for key in ("full_s", "baseline_s", "noop_s", "edit_s", "add_month_s", "search_index_s",
                "import_text_s"):  # fmt: skip
        assert data[key] > 0, key
    assert data["noop_s"] < data["full_s"]
    assert data["peak_rss_mb"] > 50 and data["largest_page_bytes"] > 10_000
    assert re.search(r"full / baseline\s+\d+\.\d\d", result.table())


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
