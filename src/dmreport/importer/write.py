"""The last steps of an import: the project's own page checks on the pages
about to be written (against the other months and this month's records),
then one atomic write of the month's folder, checked again as written
(rules that read files on disk) and put back as it was if that fails."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from ..checks import Problem, check_paths, check_text
from ..checks.project import PLAN_FILE, RECORD, Project, plan_milestones
from ..core.errors import DmreportError
from ..core.ids import month_of
from ..core.registry import WbsRegistry, load_wbs
from .blocks import Picture, Reading
from .pictures import written_pictures
from .render import RenderedPage


def source_line(page: RenderedPage, line: int) -> int:
    """The source line a page line came from (the block that starts at or before it)."""
    found = 0
    for page_line, source in page.origins:
        if page_line > line:
            break
        found = source
    return found or (page.origins[0][1] if page.origins else 0)


def month_project(root: Path, month: str, pages: list[RenderedPage]) -> Project:
    """What the checks know of the other pages once this month is written:
    the plan's milestones, the records of every other month, and this
    month's new records (not those of the version it replaces)."""
    found = set(plan_milestones(root))
    for path in sorted((root / "reports").glob("*/*.md")):
        where = month_of(path.relative_to(root))
        if where is not None and where.month != month:
            found.update(m["id"] for m in RECORD.finditer(path.read_text(encoding="utf-8")))
    for page in pages:
        found.update(m["id"] for m in RECORD.finditer(page.text))
    return Project(frozenset(found))


def _refusal(
    problems: list[Problem],
    pages: list[RenderedPage],
    source: Path,
    where: Callable[[int], str],
    written: bool,
) -> DmreportError:
    """The first problem of a page, at the source line it came from."""
    first = problems[0]
    page = next((p for p in pages if first.path.endswith("/" + p.filename)), pages[0])
    line = source_line(page, first.line)
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    origin = where(line)[len(str(line)) :] if line else ""
    return DmreportError(
        f"the imported page would fail the project's checks: {first}{more}{origin}",
        path=source,
        line=line or None,
        fix="correct the export there, or the importer; the month was "
        + ("restored as it was" if written else "not written"),
    )


def check_pages(
    pages: list[RenderedPage],
    month: str,
    root: Path,
    wbs: WbsRegistry,
    reading: Reading,
    listed: Collection[str] = (),
) -> None:
    """Run ``dmreport check``'s rules on the pages before they are written
    (``listed``: milestones the import adds to data/milestones.yaml);
    refuse the month, naming the source line, if any page would fail them."""
    project = month_project(root, month, pages)
    project = Project(project.milestones | frozenset(listed), project.gate, project.docs)
    for page in pages:
        problems = check_text(f"reports/{month}/{page.filename}", page.text, root, wbs, project)
        if problems:
            raise _refusal(problems, pages, reading.source, reading.where, written=False)


def importer_files(wbs: WbsRegistry) -> set[str]:
    """The names of the pages an import writes: a month's index, summary,
    milestones and one page per WBS element."""
    slugs = {element.slug for element in wbs.elements if element.slug}
    return {f"{name}.md" for name in {"index", "summary", "milestones", *slugs}}


def refuse_foreign_files(target: Path, wbs: WbsRegistry) -> None:
    """``--force`` replaces only pages an import writes: files someone else
    added to the month (other pages, pictures, anything) are listed and the
    import refused, never deleted."""
    if not target.exists():
        return
    ours = importer_files(wbs) | written_pictures(target)
    foreign = sorted(
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if (not path.is_dir() or path.is_symlink())
        and path.relative_to(target).as_posix() not in ours
    )
    if foreign:
        raise DmreportError(
            f"{target} holds files an import does not write: {', '.join(foreign)}",
            path=target,
            fix="move them out of the month (or delete them if they are no longer wanted), "
            "then import again; nothing was written",
        )


def write_month(
    target: Path,
    pages: list[RenderedPage],
    source: Path,
    where: Callable[[int], str] = str,
    pictures: Sequence[Picture] = (),
    listed: Sequence[str] = (),
) -> None:
    """Write the pages (and their pictures, in ``_images/``) as ``target``,
    replacing it whole; then run ``dmreport check`` on it as written, and
    put back what was there if it fails."""
    root = target.parent.parent
    month = target.name
    refuse_foreign_files(target, load_wbs(root))
    plan_file = root / PLAN_FILE
    before = plan_file.read_bytes() if plan_file.is_file() else None
    list_milestones(plan_file, listed, month)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{month}-", dir=target.parent))
    retired = Path(tempfile.mkdtemp(prefix=f".{month}-old-", dir=target.parent))
    try:
        for page in pages:
            (staging / page.filename).write_text(page.text, encoding="utf-8")
        for picture in pictures:
            (staging / picture.path).parent.mkdir(exist_ok=True)
            (staging / picture.path).write_bytes(picture.data)
        if target.exists():
            os.replace(target, retired / month)
        os.replace(staging, target)
        problems = check_paths(root, [target.resolve()])
        if problems:
            os.replace(target, staging)
            if (retired / month).exists():
                os.replace(retired / month, target)
            _restore(plan_file, before)
            raise _refusal(problems, pages, source, where, written=True)
    except BaseException:
        _restore(plan_file, before)
        raise
    finally:
        for folder in (staging, retired):
            if folder.exists():
                shutil.rmtree(folder)


def list_milestones(path: Path, ids: Sequence[str], month: str) -> None:
    """Add milestones a report names, and no record or plan defines, to
    ``data/milestones.yaml`` (each once), so that their roles link."""
    if not ids:
        return
    known = plan_milestones(path.parent.parent) if path.is_file() else set()
    new = [i for i in sorted(set(ids)) if i not in known]
    if not new:
        return
    text = path.read_text(encoding="utf-8") if path.is_file() else "milestones:\n"
    if not text.endswith("\n"):
        text += "\n"
    for milestone_id in new:
        text += (
            f"  - id: {milestone_id}\n"
            f'    title: "Named in the report of {month}, with no record of its own"\n'
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _restore(path: Path, before: bytes | None) -> None:
    """Put ``data/milestones.yaml`` back as it was before a refused import."""
    if before is None:
        path.unlink(missing_ok=True)
    elif not path.is_file() or path.read_bytes() != before:
        path.write_bytes(before)
