"""The benchmark's figures, its table (ours beside plain Sphinx) and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class BenchResult:
    """Seconds (medians), megabytes and bytes of one benchmark run.

    ``full_s``, ``noop_s``, ``edit_s`` and ``add_month_s`` are the Sphinx
    step of ``dmreport build`` (what plain Sphinx does, beside it as
    ``baseline_*``); ``build_*`` are the whole ``dmreport build --no-pdf``
    command, search index included; ``preview_edit_s`` is from saving a
    page to the preview serving it; ``phases`` splits ``build_edit_s``;
    ``page_weight_kb`` is what a reader's browser loads for the home page, a
    month's WBS page, the tracker and a WBS history (:mod:`.weight`).
    """

    months: int
    pages: int
    full_s: float
    baseline_s: float
    noop_s: float
    edit_s: float
    add_month_s: float
    search_index_s: float
    pdf_s: float | None
    peak_rss_mb: float
    largest_page_bytes: int
    full_half_s: float | None = None  # full build at half the months
    year_pdf_s: float | None = None  # a year's volume of 12 months, LaTeX to PDF
    import_text_s: float | None = None  # `dmreport import` of a 6,000-word text export
    import_pdf_s: float | None = None  # ... and of the PDF the site makes of it
    import_docx_s: float | None = None  # ... and of a Word document of it, with a picture
    tracker_html_kb: float | None = None  # the milestone tracker's page
    tracker_s: float | None = None  # of build_full_s: the tracker and milestone pages
    baseline_noop_s: float | None = None
    baseline_edit_s: float | None = None
    baseline_add_month_s: float | None = None
    build_full_s: float | None = None  # `dmreport build --no-pdf` from nothing
    build_noop_s: float | None = None  # ... with nothing changed
    build_edit_s: float | None = None  # ... after editing one section
    preview_edit_s: float | None = None  # save a section -> the preview serves it
    phases: dict[str, float] = field(default_factory=dict)  # of build_edit_s
    # The steps of the preview's rebuild after a save (medians, as it says them):
    preview_steps: dict[str, float] = field(default_factory=dict)
    # First load in Chromium, the page and all it loads (KB as sent; requests):
    page_weight_kb: dict[str, float] = field(default_factory=dict)
    page_requests: dict[str, int] = field(default_factory=dict)

    def table(self) -> str:
        def seconds(value: float | None, digits: int = 2) -> str:
            return "-" if value is None else f"{value:.{digits}f}"

        def ratio(ours: float | None, theirs: float | None) -> str:
            return "-" if not ours or not theirs else f"{ours / theirs:.2f}"

        beside = [
            ("full build", self.full_s, self.baseline_s),
            ("no-op rebuild", self.noop_s, self.baseline_noop_s),
            ("edit one section", self.edit_s, self.baseline_edit_s),
            ("add one month", self.add_month_s, self.baseline_add_month_s),
        ]
        width = 26
        lines = [
            f"{self.months} months, {self.pages} pages",
            "",
            f"{'Sphinx step (s)'.ljust(width)}  {'dmreport':>9}  {'plain Sphinx':>12}"
            f"  {'ratio':>6}",
        ]
        for name, ours, theirs in beside:
            lines.append(
                f"{name.ljust(width)}  {seconds(ours):>9}  {seconds(theirs):>12}  "
                f"{ratio(ours, theirs):>6}"
            )
        rows = [
            ("dmreport build, full (s)", seconds(self.build_full_s)),
            ("dmreport build, no-op (s)", seconds(self.build_noop_s)),
            ("dmreport build, edit (s)", seconds(self.build_edit_s)),
            ("edit / full build", ratio(self.build_edit_s, self.build_full_s)),
            ("preview, edit shown (s)", seconds(self.preview_edit_s)),
            ("Pagefind index (s)", seconds(self.search_index_s)),
            ("one month's PDF (s)", seconds(self.pdf_s, 1)),
            ("a year's volume (s)", seconds(self.year_pdf_s, 1)),
            ("import, text (s)", seconds(self.import_text_s)),
            ("import, PDF (s)", seconds(self.import_pdf_s)),
            ("import, DOCX (s)", seconds(self.import_docx_s)),
            ("peak RSS (MB)", f"{self.peak_rss_mb:.0f}"),
            ("largest page (bytes)", str(self.largest_page_bytes)),
            ("tracker page (KB)", seconds(self.tracker_html_kb, 0)),
            ("tracker, full build (s)", seconds(self.tracker_s)),
            ("tracker / full build", ratio(self.tracker_s, self.build_full_s)),
        ]
        if self.full_half_s is not None:
            rows.insert(0, (f"full build at {self.months // 2} months (s)",
                            seconds(self.full_half_s, 1)))  # fmt: skip
            rows.insert(1, ("full(N) / full(N/2)", ratio(self.full_s, self.full_half_s)))
        lines += ["", *(f"{name.ljust(width)}  {value}" for name, value in rows)]
        if self.page_weight_kb:
            lines += ["", "first load of a page (KB, requests):"]
            lines += [
                f"  {name.ljust(width - 2)}  {kb:>9.0f}  {self.page_requests.get(name, 0):>3}"
                for name, kb in self.page_weight_kb.items()
            ]
        if self.phases:
            lines += ["", "dmreport build after an edit, by phase (s):"]
            lines += [
                f"  {name.ljust(width - 2)}  {value:.2f}" for name, value in self.phases.items()
            ]
        if self.preview_steps:
            lines += ["", "preview after a save, by step (s):"]
            lines += [
                f"  {name.ljust(width - 2)}  {value:.2f}"
                for name, value in self.preview_steps.items()
            ]
        return "\n".join(lines)


def write_json(result: BenchResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
