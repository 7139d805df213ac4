"""Ingest: files and folders in, :class:`~kg.records.Article` records out.

Pages (``.txt``, ``.md``) are split at their headings; ``.jsonl`` files hold one
article a line; folders are walked in name order. Every problem is reported through
``on_error`` with the file (and line) named, and reading goes on with the next.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.decode import decode
from kg.ingest.jsonl import read_jsonl
from kg.ingest.page import read_page
from kg.records import Article

__all__ = ["SUFFIXES", "ingest", "iter_files", "read_page", "read_text"]

SUFFIXES = (".txt", ".md", ".jsonl")


def _raise(error: IngestError) -> None:
    raise error


def iter_files(inputs: Iterable[str | os.PathLike[str]],
               on_error: Callable[[IngestError], None] = _raise) -> Iterator[Path]:
    """Yield the input files: files as given, folders walked for known suffixes."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
            if not found:
                on_error(IngestError("the folder holds no .txt, .md or .jsonl file",
                                     path=str(path)))
            yield from found
        elif path.is_file():
            yield path
        else:
            on_error(IngestError("no such file or folder", path=str(path),
                                 hint="check the path"))


def read_text(path: Path) -> str:
    """Return a file's text, decoded (see :func:`kg.ingest.decode.decode`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read it: {exc.strerror}", path=str(path)) from None
    return decode(data, str(path))


def ingest(inputs: Iterable[str | os.PathLike[str]], *, region: str | None = None,
           on_error: Callable[[IngestError], None] = _raise) -> Iterator[Article]:
    """Yield the articles of every input file.

    Args:
        inputs: Files and folders.
        region: The region the papers speak for; inferred per page when None.
        on_error: Called with each :class:`IngestError`; by default it is raised.

    Examples:
        >>> articles = list(ingest(["examples/000_e63576df4a57bece.txt"]))
        >>> len(articles), articles[0].region
        (6, '内蒙古自治区')
    """
    for path in iter_files(inputs, on_error):
        try:
            if path.suffix.lower() == ".jsonl":
                yield from read_jsonl(_jsonl_lines(path), str(path), region=region,
                                      on_error=on_error)
            else:
                yield from read_page(read_text(path), str(path), region=region)
        except IngestError as error:
            on_error(error)


def _jsonl_lines(path: Path) -> Iterator[str]:
    text = read_text(path)
    yield from text.split("\n")
