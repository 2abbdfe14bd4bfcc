"""The page checks, shared by ``dmreport check``, the build and the importer.

Sphinx-free: each rule module yields :class:`Problem` records whose
:class:`Code` says what is wrong and how to fix it.
"""

from .codes import Code
from .problem import Problem
from .run import check_file, check_paths, check_text

__all__ = ["Code", "Problem", "check_file", "check_paths", "check_text"]
