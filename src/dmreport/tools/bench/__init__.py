"""``dmreport bench``: what every build costs as the archive grows, beside
plain Sphinx. :mod:`.run` measures, on an archive made by :mod:`.archive`,
with :mod:`.meter`; :mod:`.phases`, :mod:`.preview` and :mod:`.imports` time
one kind of build each; :mod:`.result` holds the figures."""

from .archive import add_month, make_archive, make_baseline, make_page, month_at
from .result import BenchResult, write_json
from .run import run_benchmark

__all__ = [
    "BenchResult",
    "add_month",
    "make_archive",
    "make_baseline",
    "make_page",
    "month_at",
    "run_benchmark",
    "write_json",
]
