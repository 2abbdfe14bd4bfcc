"""The front matter of month pages (month, title, status, issued) and WBS pages
(wbs, title): DMR002 to DMR005 and DMR021."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

import yaml
from markdown_it.token import Token
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .codes import Code
from .page import Page
from .problem import Problem

Header = TypeVar("Header", bound=BaseModel)


class RevisionEntry(BaseModel):
    """A revision after issue, as lsstdoc's ``\\addtohist``: version, date, the editor's words."""

    model_config = ConfigDict(extra="forbid")
    version: str
    date: date
    note: str


class MonthFrontMatter(BaseModel):
    """The front matter of a month's ``index.md``."""

    model_config = ConfigDict(extra="forbid")
    month: str
    title: str
    status: Literal["draft", "published"]
    #: The report's date of issue (its PDF's); the month's last day if absent.
    issued: date | None = None
    #: How much of the month's report survives (an archived month may be a
    #: forum post of its High-level Summary, or a few sections).
    completeness: Literal["full", "partial", "summary-only"] = "full"
    #: What the original report's cover states, as it states it.
    reporting_period: str | None = None
    prepared_by: str | None = None
    distribution: str | None = None
    handle: str | None = None
    #: Where the original lives: a DocuShare collection or document, a URL.
    original: str | None = None
    #: Revisions after issue, oldest first; each a row of the PDF's change record.
    revisions: list[RevisionEntry] = Field(default_factory=list)


class WbsFrontMatter(BaseModel):
    """The front matter of a WBS page."""

    model_config = ConfigDict(extra="forbid")
    wbs: str
    title: str


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter as read: ``data`` is None when there is none or
    it is not a YAML mapping (then ``error`` says so and it is checked no
    further); ``end`` is the line after it."""

    data: dict[str, Any] | None = None
    end: int = 1
    error: Problem | None = None

    def header(self, model: type[Header]) -> Header | None:
        """The front matter as ``model``; None when absent or wrong."""
        if self.data is None:
            return None
        try:
            return model.model_validate(self.data)
        except ValidationError:
            return None


def read_front_matter(page: Page, tokens: list[Token]) -> FrontMatter:
    """The page's front matter, with DMR002 when it is not a YAML mapping."""
    for token in tokens:
        if token.type != "front_matter":
            continue
        end = token.map[1] if token.map else 12
        try:
            data = yaml.safe_load(token.content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return FrontMatter(
                None,
                end,
                page.problem(
                    (mark.line + 2) if mark else 1,
                    (mark.column + 1) if mark else 1,
                    Code.FRONT_MATTER_YAML,
                    f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                ),
            )
        if not isinstance(data, dict):
            return FrontMatter(
                None,
                end,
                page.problem(
                    2, 1, Code.FRONT_MATTER_YAML, "front matter must be a mapping of key: value"
                ),
            )
        return FrontMatter(data, end)
    return FrontMatter()


def schema_problems(page: Page, front: FrontMatter, model: type[BaseModel]) -> Iterator[Problem]:
    """DMR003 for each key the front matter lacks, should not have or gets wrong."""
    try:
        model.model_validate(front.data)
    except ValidationError as exc:
        allowed = ", ".join(model.model_fields)
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"]) or "front matter"
            top = str(error["loc"][0]) if error["loc"] else ""
            line, col = page.locate(f"{top}:", 1, front.end) if top else (1, 1)
            if error["type"] == "extra_forbidden":
                message = f"unknown key {key!r}; allowed: {allowed}"
            elif error["type"] == "missing":
                message = f"{key!r} is required (allowed: {allowed})"
            else:
                message = f"{key}: {error['msg']}"
            yield page.problem(line, col, Code.FRONT_MATTER_SCHEMA, f"front matter: {message}")


def month_front_matter(page: Page, front: FrontMatter, month: str) -> Iterator[Problem]:
    """The front matter of the index page of ``month``."""
    if front.error:
        return
    if front.data is None:
        yield page.problem(
            1,
            1,
            Code.FRONT_MATTER_SCHEMA,
            "a month's index.md needs front matter: month, title, status",
        )
        return
    yield from schema_problems(page, front, MonthFrontMatter)
    header = front.header(MonthFrontMatter)
    if header is not None and header.month != month:
        line, col = page.locate("month:", 1, front.end)
        yield page.problem(
            line,
            col,
            Code.MONTH_MISMATCH,
            f"front matter says month {header.month!r} but the page is in "
            f"reports/{month}/; make them agree",
        )


def wbs_front_matter(page: Page, front: FrontMatter, stem: str) -> Iterator[Problem]:
    """The front matter of a WBS page whose file is ``stem``.md."""
    if front.error:
        return
    if front.data is None:
        yield page.problem(
            1, 1, Code.FRONT_MATTER_SCHEMA, "a WBS page needs front matter: wbs, title"
        )
        return
    yield from schema_problems(page, front, WbsFrontMatter)
    header = front.header(WbsFrontMatter)
    if header is None:
        return
    line, col = page.locate("wbs:", 1, front.end)
    element = page.wbs.by_code.get(header.wbs)
    if element is None:
        known = ", ".join(e.code for e in page.wbs.pages)
        yield page.problem(
            line,
            col,
            Code.UNKNOWN_WBS,
            f"WBS code {header.wbs} is not in wbs/elements.yaml; known: {known}",
        )
    elif element.slug and element.slug != stem:
        yield page.problem(
            line,
            col,
            Code.WRONG_FILE_NAME,
            f"the page of {header.wbs} must be named {element.slug}.md",
        )
