"""Newspaper pages (``.txt``, ``.md``): split into articles at ``#``/``##`` headings.

A page without headings is split where its layout shows a headline: a short line with no
sentence end followed by a dateline (本报北京11月2日电) or a byline (本报记者 张三).
"""

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
    opens_article,
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
    """Paragraphs: runs of lines between blank lines, a byline or dateline line apart."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            if current and (opens_article(line) or opens_article(current[-1])):
                paragraphs.append("".join(current))  # 标题|本报记者 王浩|本报郑州…电
                current = []
            current.append(line.strip())
        elif current:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


# A page's own header line (人民日报 2025年11月3日 星期一 第04版 要闻): no article.
_PAGE_HEADER = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8}日报[ \u3000]*)?(?:\d{4}年\d{1,2}月\d{1,2}日)?"
    r"[ \u3000]*(?:星期.)?[ \u3000]*第?[ \u3000]*\d{1,3}[ \u3000]*版"
    r"|^[\u4e00-\u9fff]{0,8}日报[ \u3000]*\d{4}年\d{1,2}月\d{1,2}日")
# How an article's text opens in a paper: a dateline (本报北京11月2日电, 新华社…电, 本报讯,
# 呼和浩特讯) or a byline paragraph (本报记者 张三 李四).
_OPENER = re.compile(
    r"^(?:本报讯|本报[\u4e00-\u9fff]{1,8}?[\d０-９]{1,2}月[\d０-９]{1,2}日电"
    r"|新华社[\u4e00-\u9fff]{1,8}?[\d０-９]{1,2}月[\d０-９]{1,2}日电"
    r"|(?:本报|新华社|人民日报)?(?:特约)?(?:记者|通讯员)[ \u3000]*[\u4e00-\u9fff]"
    r"|(?!本报|据)[\u4e00-\u9fff]{2,7}讯)")
_MAX_TITLE = 40


def _title_like(paragraph: str) -> bool:
    """A short paragraph without a sentence's end: a headline, kicker or subtitle."""
    p = paragraph.strip()
    return 0 < len(p) <= _MAX_TITLE and "。" not in p and p[-1] not in "，,：:；;、" \
        and not _OPENER.match(p) and not _PAGE_HEADER.match(p)


def _split_headless(paragraphs: list[str]) -> list[tuple[str, list[str]]] | None:
    """Split a page without ``#`` headings at headlines a paper's layout shows.

    A headline is a short paragraph with no sentence end, followed (after at most two more
    such paragraphs: kicker, subtitle) by a dateline or a byline paragraph. The page's own
    header line is dropped. Returns None when no headline is found this way.
    """
    kept = [p for p in paragraphs if not _PAGE_HEADER.match(p.strip())]
    starts: list[int] = []
    i = 0
    while i < len(kept):
        if _title_like(kept[i]):
            j = i + 1
            while j < len(kept) and j - i <= 3 and _title_like(kept[j]):
                j += 1
            if j < len(kept) and j - i <= 3 and _OPENER.match(kept[j].strip()):
                starts.append(i)
                i = j + 1
                continue
        i += 1
    if not starts:
        return None
    groups: list[tuple[str, list[str]]] = []
    if starts[0] > 0:
        groups.append(("", kept[:starts[0]]))
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(kept)
        groups.append((kept[start].strip(), kept[start + 1:end]))
    return groups


def _untitled_headline(paragraphs: list[str], stem: str) -> tuple[str, list[str]]:
    first = paragraphs[0] if paragraphs else ""
    if first and len(first) <= 40 and first[-1] not in "。！？；":
        return first, paragraphs[1:]
    return stem, paragraphs


def _articles(text: str, stem: str) -> Iterator[tuple[int, str, list[str]]]:
    """``(line number, headline, paragraphs)`` of each article of a page."""
    sections = list(_sections(text))
    if len(sections) == 1 and sections[0][1] is None:
        groups = _split_headless(_paragraphs(sections[0][2]))
        if groups is not None:
            lines = text.split("\n")
            for headline, paragraphs in groups:
                if not headline:
                    headline, paragraphs = _untitled_headline(paragraphs, stem)
                yield _line_of(lines, headline), headline, paragraphs
            return
    for line, heading, body in sections:
        raw = _paragraphs(body)
        headline = heading or ""
        if not headline:
            headline, raw = _untitled_headline(raw, stem)
        yield line, headline, raw


def _header_year(text: str) -> int | None:
    """The year of the page's own header line (人民日报 2025年11月3日 … 第04版), if any."""
    for line in text.split("\n")[:5]:
        match = _PAGE_HEADER.match(line.strip())
        year = re.search(r"((?:19|20)\d{2})年", line) if match else None
        if year is not None:
            return int(year.group(1))
    return None


def _line_of(lines: list[str], headline: str) -> int:
    """The 1-based number of the line holding ``headline`` (1 when not found)."""
    return next((n for n, line in enumerate(lines, start=1) if line.strip() == headline), 1)


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
    year = year or _header_year(text) or page_year(text)
    stem = Path(path).stem
    articles: list[Article] = []
    for ordinal, (line, headline, raw) in enumerate(_articles(text, stem)):
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
