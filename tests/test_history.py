"""History across months on the three-month test root: month list, WBS
histories with plan against actual, reference indexes, month navigation,
WBS validation, and incremental rebuilds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinxpages import article, rows, warnings

from dmreport.core.ids import month_title

ANCHOR = "#02c0304--alert-generation-pipeline"


@pytest.fixture
def built(app):
    app.build()
    assert warnings(app) == []
    return app


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_month_list_newest_first_with_status(built) -> None:
    table = rows(article(built, "reports/index"))
    assert [row[0] for row in table] == [
        "January 2020",
        "December 2019",
        "November 2019",
    ]
    assert [row[1] for row in table] == ["draft", "published", "published"]
    links = [a["href"] for a in article(built, "reports/index").select("tbody a")]
    assert "2020-01/index.html" in links and "2019-11/summary.html" in links


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_wbs_history_and_plan_against_actual(built) -> None:
    page = article(built, "wbs/alert-production")
    text = page.get_text(" ", strip=True)
    # Newest first, by year, the years listed at the top.
    order = [text.index(word + " pipeline work") for word in ("gamma", "beta", "alpha")]
    assert order == sorted(order)
    assert [s["id"] for s in page.select("section#history > section")] == [
        "year-2020", "year-2019"]  # fmt: skip
    intro = page.select_one("p")
    assert [a["href"] for a in intro.select("a")] == [
        "#year-2020", "#year-2019", "#plan-against-actual"]  # fmt: skip
    # Each month: its link, its opening words above its fold, every part inside.
    months = page.select("section#history p.rubric a")
    assert [a["href"] for a in months] == [
        f"../reports/{m}/alert-production.html" for m in ("2020-01", "2019-12", "2019-11")
    ]
    folds = page.select("section#history details.dmreport-fold")
    assert len(folds) == 3
    assert "gamma pipeline work" in folds[0].select_one("summary").get_text()
    inside = [r.get_text() for r in folds[0].select("p.rubric")]
    assert inside.index("Current accomplishments") < inside.index("Planned activities")
    # Plan against actual: a fold per pair, planned beside accomplished.
    plan = page.select_one("section#plan-against-actual")
    pairs = plan.select("details.dmreport-fold")
    assert [p.select_one("summary").get_text() for p in pairs] == [
        "Planned in December 2019, accomplished in January 2020",
        "Planned in November 2019, accomplished in December 2019",
    ]
    sides = [p.select(".dmreport-pair-side") for p in pairs]
    assert "More beta work" in sides[0][0].get_text() and "gamma pipeline" in sides[0][1].get_text()
    assert "More alpha work" in sides[1][0].get_text() and "beta pipeline" in sides[1][1].get_text()


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_histories_show_citations_as_the_month_pages_do(built) -> None:
    """No raw citation key on a history: the author-year label, linking the
    month's References, as on the month page."""
    month = article(built, "reports/2019-11/alert-production")
    cited = [a for a in month.select("a") if "Holman" in a.get_text()]
    assert cited, "the month page shows the author-year label"
    history = article(built, "wbs/alert-production")
    text = history.get_text(" ", strip=True)
    assert "holman2018" not in text
    labels = [a for a in history.select("a") if "Holman" in a.get_text()]
    # Each month's accomplishments, and the later month of each of two pairs.
    assert len(labels) == 3 + 2
    for label in labels:
        assert label.get_text(" ", strip=True) == cited[0].get_text(" ", strip=True)
        assert re.fullmatch(r"\.\./reports/20\d\d-\d\d/alert-production\.html#\S+", label["href"])
    summaries = [s.get_text() for s in history.select("details > summary")]
    assert any("Holman et al., 2018" in s for s in summaries)


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_previous_and_next_month_links(built) -> None:
    nav = article(built, "reports/2019-12/alert-production").select_one(".dmreport-month-nav")
    hrefs = [a["href"] for a in nav.select("a")]
    assert hrefs == [
        "../2019-11/alert-production.html",
        "../../wbs/alert-production.html",
        "../2020-01/alert-production.html",
    ]
    first = article(built, "reports/2019-11/alert-production").select_one(".dmreport-month-nav")
    assert [a["href"] for a in first.select("a")][0] == "../../wbs/alert-production.html"


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_reference_indexes_with_backlinks(built) -> None:
    tickets = article(built, "references/tickets")
    table = rows(tickets)
    assert [row[0] for row in table] == [
        "DM-100",
        "DM-101",
        "DM-200",
        "DM-201",
        "DM-300",
    ]
    dm201 = tickets.select("tbody tr")[3]
    hrefs = [a["href"] for a in dm201.select("a")]
    # One line per year, newest first; months in order within a year.
    assert hrefs == [f"../reports/{m}/alert-production.html{ANCHOR}" for m in
                     ("2020-01", "2019-11", "2019-12")]  # fmt: skip
    documents = rows(article(built, "references/documents"))
    assert documents[0][0].startswith("DMTN-137")
    assert documents[1][0] == "LDM-294 Data Management Organization and Management"
    works = rows(article(built, "references/citations"))
    assert works[0][0] == "holman2018 Holman et al, 2018"
    holman = article(built, "references/citations").select_one("tr#holman2018")
    assert len(holman.select("a")) == 6  # summary and AP page in three months
    assert len(holman.select(".dmreport-chip")) == 3
    # The document's title is the tooltip wherever it is cited.
    link = article(built, "reports/2019-11/alert-production").select_one('a[href$="ldm-294"]')
    assert link["title"] == "Data Management Organization and Management"


@pytest.mark.sphinx("html", testroot="months", srcdir="months-badwbs", freshenv=True)
def test_unknown_wbs_codes_fail_with_file_and_line(app) -> None:
    bad = Path(app.srcdir) / "reports/2019-12/alert-production.md"
    text = bad.read_text().replace('wbs: "1.02C.03"', 'wbs: "1.02C.99"')
    bad.write_text(text.replace("02C.03.04 – Alert", "02C.03.77 – Alert"))
    app.build()
    found = warnings(app)
    assert any(
        "alert-production.md:2: WARNING: DMR005 WBS code 1.02C.99 is not in "
        "wbs/elements.yaml; known: 1.02C.03" in w
        for w in found
    ), found
    assert any(
        "alert-production.md:9: WARNING: DMR006 sub-element 02C.03.77 is not" in w for w in found
    ), found


def _add_month(srcdir: Path, source: str, month: str, title: str, word: str) -> None:
    shutil.copytree(srcdir / f"reports/{source}", srcdir / f"reports/{month}")
    for path in (srcdir / f"reports/{month}").glob("*.md"):
        text = path.read_text().replace(source, month).replace("January 2020", title)
        path.write_text(text.replace("gamma", word).replace("DM-300", "DM-400"))


@pytest.mark.sphinx("html", testroot="months", srcdir="months-incremental", freshenv=True)
def test_incremental_rebuild_keeps_aggregates_current(app, make_app) -> None:
    app.build()
    srcdir = Path(app.srcdir)
    _add_month(srcdir, "2020-01", "2020-02", "February 2020", "delta")
    index = srcdir / "reports/2020-02/index.md"  # published, so the home page shows it
    index.write_text(index.read_text().replace("status: draft", "status: published"))
    edited = srcdir / "reports/2019-12/alert-production.md"
    edited.write_text(edited.read_text().replace("More beta work", "More revised work"))
    app.cleanup()
    again = make_app("html", srcdir=srcdir)
    read: list[str] = []
    again.connect("source-read", lambda _app, docname, _source: read.append(docname))
    again.build()
    assert warnings(again) == []
    new_month = {f"reports/2020-02/{stem}" for stem in ("index", "summary", "alert-production")}
    # index has a globbed toctree, which Sphinx re-reads when documents are added.
    assert set(read) == new_month | {"reports/2019-12/alert-production", "index"}
    assert [row[0] for row in rows(article(again, "reports/index"))][0] == "February 2020"
    history = article(again, "wbs/alert-production")
    assert "delta pipeline work" in history.get_text()
    pairs = history.select("section#plan-against-actual details")
    assert "More revised work" in pairs[-2].select(".dmreport-pair-side")[0].get_text()
    assert "DM-400" in [row[0] for row in rows(article(again, "references/tickets"))]
    nav = article(again, "reports/2020-01/alert-production").select_one(".dmreport-month-nav")
    assert nav.select("a")[-1]["href"] == "../2020-02/alert-production.html"
    assert "the delta summary" in article(again, "index").get_text()
    # A no-op rebuild (its own process, as `dmreport build` runs it) reads
    # nothing and rewrites no page.
    out = Path(again.outdir)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(again.doctreedir),
               str(srcdir), str(out)]  # fmt: skip
    again.cleanup()
    subprocess.run(command, capture_output=True, check=True)  # settles the build info
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    noop = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "0 added, 0 changed, 0 removed" in noop.stdout
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    rewritten = [p.name for p in after if before.get(p) != after[p] and p.name != "search.html"]
    assert rewritten == []
    # Editing a sentence rewrites the page and its element's history, not the
    # other aggregates (Sphinx itself rewrites the page's toctree parents).
    page = srcdir / "reports/2020-01/alert-production.md"
    page.write_text(page.read_text().replace("More gamma work", "More gamma work, revised"))
    subprocess.run(command, capture_output=True, check=True)
    again_after = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    rewritten = sorted(
        str(p.relative_to(out))
        for p in again_after
        if after.get(p) != again_after[p] and p.name != "search.html"
    )
    assert "wbs/alert-production.html" in rewritten
    assert "reports/2020-01/alert-production.html" in rewritten
    aggregates = {"reports/index.html", "milestones/index.html", "references/tickets.html",
                  "references/documents.html", "references/citations.html"}  # fmt: skip
    assert not aggregates & set(rewritten), rewritten


@pytest.mark.sphinx(
    "html",
    testroot="months",
    srcdir="months-split",
    freshenv=True,
    confoverrides={"dmreport_reference_split_rows": 3},
)
def test_large_reference_index_is_split_by_year(built) -> None:
    overview = article(built, "references/tickets")
    years = overview.select_one("p:has(> a)")
    assert years.get_text(" ", strip=True).startswith(
        "One page per year of reports: 2020 (4) · 2019 (4)."
    )
    assert [a["href"] for a in years.select("a")] == ["tickets-2020.html", "tickets-2019.html"]
    # Every key keeps its anchor on the overview, linking to its row on the
    # newest year's page, then to its rows of the other years.
    compact = overview.select_one(".dmreport-key-index")
    assert [found["id"] for found in compact.select("[id]")] == [
        "DM-100", "DM-101", "DM-200", "DM-201", "DM-300"]  # fmt: skip
    links = compact.select("a")
    start = links.index(compact.find(id="DM-201"))
    assert [a["href"] for a in links[start : start + 2]] == [
        "tickets-2020.html#DM-201",
        "tickets-2019.html#DM-201",
    ]
    shown = "DM-100 2019 · DM-101 2019 · DM-200 · DM-201 2019 · DM-300"
    assert compact.get_text(" ", strip=True) == shown
    page = BeautifulSoup((Path(built.outdir) / "references/tickets-2019.html").read_text(), "lxml")
    assert page.select_one("h1").get_text() == "Tickets: 2019"
    cells = [row.select_one("td").get_text(strip=True) for row in page.select("tbody tr")]
    assert cells == ["DM-100", "DM-101", "DM-200", "DM-201"]
    assert [row["id"] for row in page.select("tbody tr")] == cells
    hrefs = [a["href"] for a in page.select("tbody tr")[3].select("a")]
    assert hrefs == [
        f"../reports/{m}/alert-production.html{ANCHOR}" for m in ("2019-11", "2019-12")
    ]


@pytest.mark.sphinx("html", testroot="months", srcdir="months-baddirectives", freshenv=True)
def test_bad_aggregate_directives_say_where(app) -> None:
    srcdir = Path(app.srcdir)
    (srcdir / "references/tickets.md").write_text("# Tickets\n\n```{reference-index} bogus\n```\n")
    history = srcdir / "wbs/alert-production.md"
    history.write_text(history.read_text().replace('wbs: "1.02C.03"', 'wbs: "1.02C.99"'))
    app.build()
    found = warnings(app)
    assert any(
        "references/tickets.md:3: WARNING: reference-index takes one of tickets, documents, "
        "citations, milestones, not 'bogus'" in w
        for w in found
    ), found
    assert any(
        "wbs/alert-production.md:6: WARNING: wbs-history needs front matter 'wbs:'" in w
        for w in found
    ), found


@pytest.mark.sphinx("html", testroot="months", srcdir="months-years", freshenv=True)
def test_a_full_year_gets_a_page_of_its_own(app, make_app) -> None:
    """Once an element has twelve months of a year, that year moves to its
    own page; the element's page keeps the newest year in full, the older
    one as a line of months; the page is written again only when a month of
    its year changed."""
    srcdir = Path(app.srcdir)
    added = [f"2020-{n:02d}" for n in range(2, 13)] + ["2021-01"]
    for month in ["2020-01", *added[:-1]]:  # published: every month but the newest
        index = srcdir / f"reports/{month}/index.md"
        if month != "2020-01":
            _add_month(srcdir, "2020-01", month, month_title(month), f"word{month}")
        index.write_text(index.read_text().replace("status: draft", "status: published"))
    _add_month(srcdir, "2020-01", added[-1], month_title(added[-1]), f"word{added[-1]}")
    app.cleanup()  # made before the months were added: a new one reads them
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    assert warnings(first) == []
    out = Path(first.outdir)
    element = article(first, "wbs/alert-production")
    newest, full, partial = element.select("section#history > section")
    assert [s["id"] for s in (newest, full, partial)] == ["year-2021", "year-2020", "year-2019"]
    assert len(newest.select("details")) == 1 and len(partial.select("details")) == 2
    assert not full.select("details")  # a line of months and a link to its page
    links = [a["href"] for a in full.select("a") if not a["href"].startswith("#")]
    assert links[0] == "alert-production-2020.html"
    assert links[1:] == [f"../reports/2020-{n:02d}/alert-production.html" for n in range(1, 13)]
    year = out / "wbs" / "alert-production-2020.html"
    page = BeautifulSoup(year.read_text(), "html.parser").select_one("article")
    assert page.select_one("h1").get_text().endswith(": 2020")
    months = [a["href"] for a in page.select("p.rubric > a") if "Planned" not in a.get_text()]
    shown = [m for m in months if "Accomplished" not in m]
    assert shown[:12] == [
        f"../reports/2020-{n:02d}/alert-production.html" for n in range(12, 0, -1)
    ]
    pairs = page.select(".dmreport-history-pairs > details")
    assert len(pairs) == 12  # December 2019 to January 2020 included
    for href in {a["href"] for a in page.select("a[href]")}:
        if not href.startswith(("http", "#", "mailto:")):
            assert (year.parent / href.split("#")[0]).resolve().is_file(), href
    assert "word2020-05 pipeline work" in page.get_text()
    # Written again only when a month of its year changed.
    first.cleanup()
    stamp = year.stat().st_mtime_ns
    later = srcdir / "reports/2021-01/alert-production.md"
    later.write_text(later.read_text().replace("More word2021-01", "More edited"))
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert warnings(again) == [] and year.stat().st_mtime_ns == stamp
    again.cleanup()
    edited = srcdir / "reports/2020-05/alert-production.md"
    edited.write_text(edited.read_text().replace("word2020-05 pipeline", "rewritten pipeline"))
    third = make_app("html", srcdir=srcdir)
    third.build()
    assert warnings(third) == [] and year.stat().st_mtime_ns != stamp
    assert "rewritten pipeline work" in year.read_text()


@pytest.mark.sphinx("html", testroot="months", srcdir="months-side-by-side", freshenv=True)
def test_year_pages_made_side_by_side_are_the_same(app, make_app) -> None:
    """With ``-j 2`` a full build makes the pages it generates (year pages,
    milestone pages) in forked tasks: every page is the one a single
    process writes."""
    srcdir = Path(app.srcdir)
    for month in [f"2019-{n:02d}" for n in range(1, 11)] + [f"2020-{n:02d}" for n in range(2, 13)]:
        _add_month(srcdir, "2020-01", month, month_title(month), f"word{month}")
    for index in srcdir.glob("reports/*/index.md"):
        index.write_text(index.read_text().replace("status: draft", "status: published"))
    app.cleanup()
    pages = {}
    for parallel in (0, 2):
        built = make_app("html", srcdir=srcdir, builddir=srcdir / f"_build-{parallel}",
                         freshenv=True, parallel=parallel)  # fmt: skip
        built.build()
        assert warnings(built) == []
        out = Path(built.outdir)
        pages[parallel] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")
        }
        built.cleanup()
    years = sorted(page for page in pages[0] if re.fullmatch(r"wbs/.*-20\d\d\.html", page))
    assert years == ["wbs/alert-production-2019.html", "wbs/alert-production-2020.html"]
    assert pages[2] == pages[0]


@pytest.mark.sphinx("html", testroot="months", srcdir="months-citations", freshenv=True)
def test_each_references_section_lists_its_own_works(app, make_app) -> None:
    """Pages citing the same works get the same entries (formatted once); a
    page citing others gets its own; a work that cannot be formatted warns on
    each page that lists it."""
    srcdir = Path(app.srcdir)
    bib = srcdir / "data" / "citations.bib"
    bib.write_text(bib.read_text() + "\n@article{broken2020,\n  author = {Nobody, A.},\n}\n")
    cites = {
        "2019-11": "({cite:alp}`holman2018`)",
        "2019-12": "({cite:alp}`antilogus2014`, {cite:alp}`broken2020`)",
        "2020-01": "({cite:alp}`antilogus2014`, {cite:alp}`broken2020`)",
    }
    for month, cited in cites.items():
        summary = srcdir / f"reports/{month}/summary.md"
        text = re.sub(r"\(\{cite:alp\}`[^`]*`\)", cited, summary.read_text())
        summary.write_text(text)
    app.cleanup()
    again = make_app("html", srcdir=srcdir, freshenv=True)
    again.build()
    said = warnings(again)
    assert len(said) == 2, said
    assert all("broken2020" in line or "journal" in line for line in said), said
    assert {re.search(r"reports/(\d{4}-\d\d)/summary", line)[1] for line in said} == {
        "2019-12",
        "2020-01",
    }
    listed = {}
    for month in cites:
        page = article(again, f"reports/{month}/summary")
        listed[month] = [item.get_text(" ", strip=True) for item in page.select(".citation")]
    assert len(listed["2019-11"]) == 1 and "Holman" in listed["2019-11"][0]
    assert ["Antilogus" in entry for entry in listed["2019-12"]] == [True, False]
    assert listed["2020-01"] == listed["2019-12"]
