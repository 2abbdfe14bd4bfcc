"""Project data read from the repository: the WBS registry, the link registry
and the bibliographies. Validated once with pydantic; every loader names the
file and the fix when the data is wrong."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pybtex.database import BibliographyData, parse_file
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DmreportError
from .ids import WBS_CODE

WBS_FILE = Path("wbs/elements.yaml")
LINKS_FILE = Path("data/links.yaml")
CITATIONS_FILE = Path("data/citations.bib")
DOCUMENTS_FILE = Path("data/documents.bib")


class WbsElement(BaseModel):
    """One element of the work breakdown structure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    title: str
    slug: str | None = None
    owners: list[str] = Field(default_factory=list)
    #: Prefixes of the ids of this element's milestones (DM-DRP, IT, ...).
    milestone_prefixes: list[str] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not WBS_CODE.match(value):
            raise ValueError(f"{value!r} is not a WBS code like 1.02C.03 or 1.02C.03.04")
        return value

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", value):
            raise ValueError(f"{value!r} is not a lower-case, hyphenated page slug")
        return value


class WbsRegistry(BaseModel):
    """Every WBS element, in WBS order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    elements: list[WbsElement]

    @cached_property
    def by_code(self) -> dict[str, WbsElement]:
        return {element.code: element for element in self.elements}

    @cached_property
    def by_slug(self) -> dict[str, WbsElement]:
        return {e.slug: e for e in self.elements if e.slug}

    @property
    def pages(self) -> list[WbsElement]:
        """Elements that have a page of their own, in WBS order."""
        return [element for element in self.elements if element.slug]

    def code_for_title(self, title: str) -> str | None:
        """The page-level element named ``title`` ("&" and "and" alike)."""

        def fold(text: str) -> str:
            return " ".join(text.replace("&", "and").lower().split())

        for element in self.pages:
            if fold(element.title) == fold(title):
                return element.code
        return None

    def code_for_milestone(self, milestone_id: str) -> str | None:
        """The element whose milestone prefix starts ``milestone_id``."""
        best: tuple[int, str] | None = None
        for element in self.elements:
            for prefix in element.milestone_prefixes:
                if milestone_id.startswith(prefix + "-") and (
                    best is None or len(prefix) > best[0]
                ):
                    best = (len(prefix), element.code)
        return best[1] if best else None

    def parent(self, code: str) -> WbsElement | None:
        """The nearest registered element that ``code`` extends."""
        parts = code.split(".")
        for end in range(len(parts) - 1, 1, -1):
            found = self.by_code.get(".".join(parts[:end]))
            if found is not None:
                return found
        return None

    def page_of(self, code: str) -> WbsElement | None:
        """The page-level element whose page holds ``code``."""
        element = self.by_code.get(code)
        while element is not None and not element.slug:
            element = self.parent(element.code)
        return element


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DmreportError("file not found", path=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DmreportError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None


def _validation_error(path: Path, exc: ValidationError) -> DmreportError:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return DmreportError(f"{where}: {first['msg']}", path=path)


def load_wbs(root: Path) -> WbsRegistry:
    """Read and validate ``wbs/elements.yaml``."""
    path = root / WBS_FILE
    try:
        registry = WbsRegistry.model_validate(_load_yaml(path))
    except ValidationError as exc:
        raise _validation_error(path, exc) from None
    seen: set[str] = set()
    for element in registry.elements:
        if element.code in seen:
            raise DmreportError(f"WBS code {element.code} is listed twice", path=path)
        seen.add(element.code)
    return registry


class LinkRegistry(BaseModel):
    """Public targets for link texts whose URL an export lost."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    links: dict[str, str]


def load_links(root: Path) -> dict[str, str]:
    """Read and validate ``data/links.yaml``."""
    path = root / LINKS_FILE
    try:
        return LinkRegistry.model_validate(_load_yaml(path)).links
    except ValidationError as exc:
        raise _validation_error(path, exc) from None


def load_bib(path: Path) -> BibliographyData:
    """Read a BibTeX file with pybtex."""
    try:
        return parse_file(str(path), bib_format="bibtex")
    except FileNotFoundError:
        raise DmreportError("file not found", path=path) from None
    except Exception as exc:  # pybtex raises several unrelated types
        raise DmreportError(f"invalid BibTeX: {exc}", path=path) from None


def citation_label(bib: BibliographyData, key: str) -> str:
    """The author-year label a reader sees for ``key`` ("Holman et al, 2018")."""
    entry = bib.entries[key]
    people = entry.persons.get("author", [])
    names = [" ".join(person.last_names) for person in people]
    if len(names) > 2:
        authors = f"{names[0]} et al"
    elif len(names) == 2:
        authors = f"{names[0]} and {names[1]}"
    else:
        authors = names[0] if names else key
    return f"{authors}, {entry.fields.get('year', '')}"
