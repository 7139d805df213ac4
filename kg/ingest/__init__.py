"""Ingest: files and folders in, :class:`~kg.records.Article` records out.

Pages (``.txt``, ``.md``) are split at their headings; ``.jsonl`` files hold one
article a line; folders are walked in name order. Every problem is reported through
``on_error`` with the file (and line) named, and reading goes on with the next.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.api import CallablePackage
from kg.errors import IngestError
from kg.ingest.decode import decode
from kg.ingest.jsonl import read_jsonl
from kg.ingest.page import read_page
from kg.records import Article

__all__ = ["SUFFIXES", "ingest", "iter_files", "read_page", "read_text"]

SUFFIXES = (".txt", ".md", ".jsonl")


def _raise(error: IngestError) -> None:
    raise error


def iter_files(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
               on_error: Callable[[IngestError], None] = _raise) -> Iterator[Path]:
    """Yield the input files: files as given, folders walked for known suffixes.

    A single path (a string or path object) is taken as one input, not as the
    characters of its name.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
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


def ingest(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
           region: str | None = None,
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
    """The lines of a JSONL file, read as a stream when it is UTF-8.

    A UTF-8 file (the usual case, BOM or not) is checked in 1 MB chunks and then read line
    by line, so a corpus of 10^5 articles never sits in memory whole; any other encoding
    goes through :func:`read_text`, which detects it or names the file and the fix.
    """
    if not _streamable_utf8(path):
        yield from read_text(path).split("\n")
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle):
            line = raw.decode("utf-8")
            if number == 0 and line.startswith("\ufeff"):
                line = line[1:]
            yield line[:-1] if line.endswith("\n") else line


def _streamable_utf8(path: Path) -> bool:
    """True when ``path`` is non-empty UTF-8 text (a BOM allowed) with no NUL bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                if b"\x00" in chunk:
                    return False
                seen = seen or bool(chunk.strip())
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return False
    return seen


sys.modules[__name__].__class__ = CallablePackage  # kg.ingest(...) once this package is imported
