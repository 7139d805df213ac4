"""Newspaper pages (``.txt``, ``.md``): split into articles at ``#``/``##`` headings."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.text import (
    MAX_ARTICLE,
    find_bylines,
    find_dateline,
    first_date,
    infer_region,
    page_year,
    split_long,
)
from kg.records import Article

__all__ = ["read_page"]

log = logging.getLogger("kg")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_MAX_HEADLINE = 200


def _sections(text: str) -> Iterator[tuple[int, str | None, list[str]]]:
    """Yield ``(line number, heading or None, body lines)`` per heading."""
    heading: str | None = None
    line_no = 1
    body: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _HEADING.match(line)
        if match is not None and match.group(1):
            if heading is not None or any(b.strip() for b in body):
                yield line_no, heading, body
            heading, line_no, body = match.group(1), number, []
        else:
            body.append(line)
    if heading is not None or any(b.strip() for b in body):
        yield line_no, heading, body


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _untitled_headline(paragraphs: list[str], stem: str) -> tuple[str, list[str]]:
    first = paragraphs[0] if paragraphs else ""
    if first and len(first) <= 40 and first[-1] not in "。！？；":
        return first, paragraphs[1:]
    return stem, paragraphs


def read_page(text: str, path: str, *, region: str | None = None,
              year: int | None = None) -> list[Article]:
    """Split a page into articles.

    Args:
        text: The page, decoded.
        path: The file's name (kept as the articles' source and in their ids).
        region: The region the paper speaks for; inferred from the page when None.
        year: The page's year; guessed from the page when None.

    Raises:
        IngestError: when the page holds no article text.
    """
    from kg.ingest.text import rejoin_paragraphs

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page_region = region or infer_region(text)
    year = year or page_year(text)
    stem = Path(path).stem
    articles: list[Article] = []
    for ordinal, (line, heading, lines) in enumerate(_sections(text)):
        raw = _paragraphs(lines)
        headline = heading or ""
        if not headline:
            headline, raw = _untitled_headline(raw, stem)
        paragraphs = rejoin_paragraphs(raw)
        if not paragraphs:
            continue
        body = "\n".join(paragraphs)
        date = first_date(body, year)
        parts = split_long(body)
        if len(parts) > 1:
            log.warning("%s:%d: the article is %d characters long; built as %d parts of at "
                        "most %d", path, line, len(body), len(parts), MAX_ARTICLE)
        for index, part in enumerate(parts, start=1):
            suffix = f" ({index}/{len(parts)})" if len(parts) > 1 else ""
            dateline = find_dateline(part)
            articles.append(Article(
                id=f"{Path(path).name}#{ordinal}" + (f"@{index}" if suffix else ""),
                headline=headline[:_MAX_HEADLINE - len(suffix)] + suffix,
                text=part,
                source=path,
                line=line,
                date=date,
                dateline=dateline.text if dateline else None,
                bylines=tuple(find_bylines(part)),
                region=page_region,
            ))
    if not articles:
        raise IngestError("the page holds no article text", path=path,
                          hint="a page needs text under its headings")
    return articles
