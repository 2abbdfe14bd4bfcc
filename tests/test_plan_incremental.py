"""Incremental builds and the plan: a changed or new PMCS export re-reads
no page, rewrites the tracker, the charts and the pages that show baselines
and slips (nothing else), and gives the same pages as a clean build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from planfiles import FORECAST_201911, write_export, write_plan
from sphinxpages import built_article, built_articles, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-plan"
#: Every page that shows plan data: the tracker, the element's history with
#: its chart, the month tables with records or roles.
PLAN_PAGES = {
    "milestones/index",
    "wbs/data-release-production",
    "reports/2019-11/milestones",
    "reports/2019-12/milestones",
    "reports/2020-01/milestones",
}
#: The pages whose toctrees hold them: Sphinx writes those again with them.
PARENTS = {"index", "wbs/index", *(f"reports/{m}/index" for m in ("2019-11", "2019-12", "2020-01"))}


def _rebaseline(src: Path) -> None:
    """The December baseline moves DM-DRP-1 to mid-January."""
    path = src / "milestones/pmcs/201912-BL.csv"
    text = path.read_bytes().decode("utf-8-sig")
    write_export(
        path.parent, path.name, text.replace("12/31/2019 5:00:00 PM", "1/15/2020 5:00:00 PM")
    )


def _new_forecast(src: Path) -> None:
    """A January forecast that records DM-DRP-1 done."""
    text = FORECAST_201911.replace("19-11", "20-01").replace(
        "10/30/2019 5:00:00 PM,,", "12/31/2019 5:00:00 PM,1/20/2020,"
    )
    write_export(src / "milestones/pmcs", "202001-ME.csv", text)


#: Each change, a page and a text it must then show.
CHANGES: dict[str, tuple[Callable[[Path], None], tuple[str, str]]] = {
    "changed baseline": (_rebaseline, ("reports/2020-01/milestones", "Slip 5 days")),
    "new forecast": (_new_forecast, ("milestones/index", "Forecast (202001-ME)")),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_plan_change_rewrites_plan_pages_only(change: str, tmp_path: Path) -> None:
    edit, (page, shown) = CHANGES[change]
    src = tmp_path / "incremental"
    shutil.copytree(ROOT, src)
    write_plan(src)
    sphinx_build(src)
    sphinx_build(src)  # the theme settles its options after the first build
    assert sphinx_build(src) == (set(), set())  # nothing changed, nothing done
    edit(src)
    read, written = sphinx_build(src)
    assert read == set()
    assert written == PLAN_PAGES | PARENTS
    outdir = src / "_build/html"
    assert shown in BeautifulSoup(built_article(outdir, page), "lxml").get_text()
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    sphinx_build(clean)
    assert built_articles(outdir) == built_articles(clean / "_build/html")


def test_new_forecast_clears_the_completion_flag(tmp_path: Path) -> None:
    src = tmp_path / "flag"
    shutil.copytree(ROOT, src)
    write_plan(src)
    sphinx_build(src)
    flag = "201911-ME records no actual finish"
    assert flag in built_article(src / "_build/html", "milestones/index")
    _new_forecast(src)
    sphinx_build(src)
    assert flag not in built_article(src / "_build/html", "milestones/index")
