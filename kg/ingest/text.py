"""Text-level reading of an article: layout rejoin, dateline, bylines, dates, region.

Pure functions over strings; :mod:`kg.ingest.page` and :mod:`kg.ingest.jsonl` call them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.records import Byline
from kg.resources import table

__all__ = [
    "Dateline",
    "find_bylines",
    "find_dateline",
    "first_date",
    "infer_region",
    "page_year",
    "rejoin_paragraphs",
]

# A paragraph ending in one of these (optionally followed by closing quotes or
# brackets) ends a sentence; any other paragraph was cut by print layout.
_FINAL = "。！？!?…；;：:"
_CLOSERS = "”’」』）)】》\"'"
_NAME = r"[\u4e00-\u9fff·]{2,8}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"

_DATELINE = re.compile(
    r"^(?P<dl>本报讯"
    r"|本报[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电"
    r"|新华社[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电"
    r"|(?!本报|据)[\u4e00-\u9fff]{2,7}讯)"
    r"(?:[ \u3000]*[(（](?P<who>[^()（）\n]{2,40})[)）])?"
)
_REPORTER = re.compile(rf"(?:记者|通讯员|实习生)[ \u3000]*(?P<names>{_NAMES})")
_PHOTO = re.compile(rf"^(?:(?:记者|通讯员)[ \u3000]*)?(?P<names>{_NAMES})[ \u3000]*摄(?:影)?$")
_AUTHOR = re.compile(r"^[(（](?P<names>[\u4e00-\u9fff·]{2,4}(?:[ \u3000、][\u4e00-\u9fff·]{2,4})*)[)）]$")
_CONTRIBUTOR = re.compile(r"^[(（](?P<org>[^()（）\n]{2,40}?)供稿[)）]$")
_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of an article body."""

    text: str
    start: int
    end: int
    bylines: tuple[Byline, ...]


def _is_final(paragraph: str) -> bool:
    stripped = paragraph.rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        if (stripped[-1] in "）)" and _AUTHOR.match(stripped)) or _CONTRIBUTOR.match(stripped):
            return True
        stripped = stripped[:-1]
        if stripped and stripped[-1] in _FINAL:
            return True
    return bool(stripped) and stripped[-1] in _FINAL


def _is_byline_paragraph(paragraph: str) -> bool:
    p = paragraph.strip()
    return bool(_PHOTO.match(p) or _AUTHOR.match(p) or _CONTRIBUTOR.match(p))


def rejoin_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join paragraphs that print layout cut mid-sentence.

    A paragraph that does not end a sentence continues in the next one, unless it is a
    byline (王秀荣 摄) or the last one.

    Examples:
        >>> rejoin_paragraphs(["安全生产", "和自然灾害形势向好。", "王秀荣 摄"])
        ['安全生产和自然灾害形势向好。', '王秀荣 摄']
    """
    out: list[str] = []
    pending = ""
    for paragraph in paragraphs:
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if pending:
            paragraph = pending + paragraph
            pending = ""
        if not _is_final(paragraph) and not _is_byline_paragraph(paragraph):
            pending = paragraph
            continue
        out.append(paragraph)
    if pending:
        out.append(pending)
    return out


def _split_names(names: str, offset: int, role: str) -> list[Byline]:
    out = []
    for match in re.finditer(r"[\u4e00-\u9fff·]{2,8}", names):
        out.append(Byline(role, match.group(), offset + match.start(), offset + match.end()))  # type: ignore[arg-type]
    return out


def find_dateline(body: str) -> Dateline | None:
    """Return the dateline opening ``body`` and the reporters it names, if any.

    Examples:
        >>> d = find_dateline("本报讯(记者王丹)建设祖国北疆")
        >>> d.text, [b.name for b in d.bylines]
        ('本报讯', ['王丹'])
    """
    match = _DATELINE.match(body)
    if match is None:
        return None
    bylines: list[Byline] = []
    who = match.group("who")
    if who:
        start = match.start("who")
        for reporter in _REPORTER.finditer(who):
            bylines += _split_names(reporter.group("names"), start + reporter.start("names"),
                                    "reporter")
    return Dateline(match.group("dl"), match.start("dl"), match.end("dl"), tuple(bylines))


def find_bylines(body: str) -> list[Byline]:
    """Return the bylines in ``body``: dateline reporters, photo credits, authors, contributors.

    Only whole paragraphs count for photo credits (王秀荣 摄), authors ((张媛媛)) and
    contributors ((自治区司法厅供稿)); reporters come from the dateline's parentheses.
    """
    found: list[Byline] = []
    dateline = find_dateline(body)
    if dateline is not None:
        found += dateline.bylines
    offset = 0
    for paragraph in body.split("\n"):
        lead = len(paragraph) - len(paragraph.lstrip())
        text = paragraph.strip()
        start = offset + lead
        if (m := _PHOTO.match(text)) is not None and len(text) <= 40:
            found += _split_names(m.group("names"), start + m.start("names"), "photographer")
        elif (m := _CONTRIBUTOR.match(text)) is not None:
            found.append(Byline("contributor", m.group("org"), start + m.start("org"),
                                start + m.end("org")))
        elif (m := _AUTHOR.match(text)) is not None and offset > 0:
            found += _split_names(m.group("names"), start + m.start("names"), "author")
        offset += len(paragraph) + 1
    return found


def first_date(body: str, year: int | None) -> str | None:
    """Return the first date written in ``body`` as ISO ``YYYY-MM-DD`` or ``--MM-DD``.

    Args:
        body: Article text.
        year: The year to assume when the text gives only month and day.

    Examples:
        >>> first_date("1月31日，在新闻发布会上", 2023)
        '2023-01-31'
        >>> first_date("1月31日", None)
        '--01-31'
    """
    match = _DATE.search(body[:400])
    if match is None:
        return None
    y = int(match.group("y")) if match.group("y") else year
    month, day = int(match.group("m")), int(match.group("d"))
    return f"{y:04d}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


def page_year(text: str) -> int | None:
    """Guess the year of a page without metadata: the latest year it writes (2022年, 2023年).

    News looks back and ahead by a year at most, so the latest year written is the
    page's year when it is written at least twice; otherwise the year stays unknown.
    """
    counts = Counter(int(y) for y in _YEAR.findall(text))
    if not counts:
        return None
    latest = max(counts)
    return latest if counts[latest] >= 1 and sum(counts.values()) >= 2 else None


@lru_cache(maxsize=1)
def _provinces() -> tuple[tuple[str, str], ...]:
    rows = [(row[1], row[2]) for row in table("divisions.tsv") if len(row) > 3
            and row[3] == "province"]
    return tuple(rows)


_SHORT_PREFIX = {"自治区": "自治区", "省": "省"}


def infer_region(text: str) -> str | None:
    """Return the province-level region a page speaks for, or None when unclear.

    The region is the province-level name (full or short) written most often, when it
    makes up at least half of all such mentions and appears at least twice.

    Examples:
        >>> infer_region("内蒙古自治区应急管理厅……呼和浩特……内蒙古科技馆")
        '内蒙古自治区'
    """
    counts: Counter[str] = Counter()
    for full, short in _provinces():
        n = text.count(short) if short and len(short) >= 2 else text.count(full)
        if n:
            counts[full] = n
    if not counts:
        return None
    (best, n), total = counts.most_common(1)[0], sum(counts.values())
    if n >= 2 and n * 2 >= total:
        return best
    return None
