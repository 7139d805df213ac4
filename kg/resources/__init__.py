"""Lexicons shipped as data files, loaded once per process.

Each file's origin is noted in ``SOURCES.md`` beside it. Text files hold one entry a
line; ``#`` starts a comment; TSV files hold tab-separated columns.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["lines", "read_text", "table"]


def read_text(name: str) -> str:
    """Return the text of resource ``name`` (UTF-8).

    Args:
        name: File name inside ``kg/resources``.
    """
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """Return the entries of a one-entry-a-line resource, comments and blanks dropped.

    Examples:
        >>> "副厅长" in lines("titles.txt")
        True
    """
    out = []
    for raw in read_text(name).splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a TSV resource, comments and blanks dropped."""
    out = []
    for raw in read_text(name).splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        out.append(tuple(cell.strip() for cell in raw.split("\t")))
    return tuple(out)
