"""Text-level reading of an article: layout rejoin, dateline, bylines, dates, region.

Pure functions over strings; :mod:`kg.ingest.page` and :mod:`kg.ingest.jsonl` call them.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from kg.records import Byline
from kg.resources import table

__all__ = [
    "MAX_ARTICLE",
    "Dateline",
    "clean_url",
    "find_bylines",
    "find_dateline",
    "first_date",
    "infer_region",
    "opens_article",
    "page_year",
    "rejoin_paragraphs",
    "replace_surrogates",
    "split_long",
]

# The longest article text built as one: longer ones (a whole site scraped onto one
# line) are cut into parts at sentence ends, so that every stage stays fast and small.
MAX_ARTICLE = 50_000

# A paragraph ending in one of these (optionally followed by closing quotes or
# brackets) ends a sentence; any other paragraph was cut by print layout.
_FINAL = "。！？!?…；;：:"
_CLOSERS = "”’」』）)】》\"'"
_NAME = r"[\u4e00-\u9fff·]{2,8}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"

_DATELINE = re.compile(  # used with .match(): it opens the text it is matched at
    r"(?P<dl>本报讯"
    r"|本报[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电"
    r"|新华社[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电"
    r"|(?!本报|据)[\u4e00-\u9fff]{2,7}讯)"
    r"(?:[ \u3000]*[(（](?P<who>[^()（）\n]{2,40})[)）])?"
)
_REPORTER = re.compile(rf"(?:记者|通讯员|实习生)[ \u3000]*(?P<names>{_NAMES})")
# A paragraph that is only a byline: 本报记者　李　明　王　强 (People's Daily typesetting).
_REPORTER_LINE = re.compile(
    r"^(?:本报|新华社|人民日报)?(?:记者|通讯员)[ \u3000]*"
    r"(?P<names>[\u4e00-\u9fff·](?:[ \u3000、，]{0,3}[\u4e00-\u9fff·]){1,40})$")
_PHOTO = re.compile(rf"^(?:(?:记者|通讯员)[ \u3000]*)?(?P<names>{_NAMES})[ \u3000]*摄(?:影)?$")
# Reporters credited in brackets at an article's end: （本报记者 张三 李四）, (记者王丹).
_BRACKETED_REPORTERS = re.compile(
    r"^[(（](?:本报|新华社|人民日报)?(?:特约)?(?:记者|通讯员)[ \u3000]*"
    r"(?P<names>[\u4e00-\u9fff·](?:[ \u3000、，]{0,3}[\u4e00-\u9fff·]){1,40})[)）]$")
_AUTHOR = re.compile(
    r"^[(（](?P<names>[\u4e00-\u9fff·]{2,4}(?:[ \u3000、][\u4e00-\u9fff·]{2,4})*)[)）]$")
_CONTRIBUTOR = re.compile(r"^[(（](?P<org>[^()（）\n]{2,40}?)供稿[)）]$")
_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")
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
        if (stripped[-1] in "）)" and (_AUTHOR.match(stripped)
                                       or _BRACKETED_REPORTERS.match(stripped))) \
                or _CONTRIBUTOR.match(stripped):
            return True
        stripped = stripped[:-1]
        if stripped and stripped[-1] in _FINAL:
            return True
    return bool(stripped) and stripped[-1] in _FINAL


def _is_byline_paragraph(paragraph: str) -> bool:
    p = paragraph.strip()
    return bool(_PHOTO.match(p) or _AUTHOR.match(p) or _CONTRIBUTOR.match(p)
                or _REPORTER_LINE.match(p) or _BRACKETED_REPORTERS.match(p))


# A line that opens an article's text wherever it stands: a paper's or the agency's
# dateline (本报郑州11月27日电, 新华社北京11月27日电, 本报讯).
_AGENCY_DATELINE = re.compile(
    r"^(?:本报讯|(?:本报|新华社)[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电)")


def opens_article(line: str) -> bool:
    """True for a line that stands apart from the lines around it.

    A reporters' line (本报记者 王浩 刘温馨, or bracketed at the end: （本报记者 张三）) or a
    line opening with a paper's or the agency's dateline: a page typeset without blank
    lines between headline, byline and text still has them on lines of their own.

    Examples:
        >>> opens_article("本报记者 王浩 刘温馨")
        True
        >>> opens_article("新华社北京11月27日电（记者申铖）国务院总理李强")
        True
        >>> opens_article("记者在现场看到，")
        False
    """
    line = line.strip()
    return bool(_REPORTER_LINE.match(line) and len(line) <= 40) \
        or bool(_AGENCY_DATELINE.match(line) or _BRACKETED_REPORTERS.match(line))


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


_ROLE_WORDS = frozenset({"记者", "通讯员", "实习生", "摄影", "摄", "本报"})
# A run of characters that may hold typesetting spaces (李　明); names part at 、，or 2+ spaces.
_SPACED_RUN = re.compile(r"[\u4e00-\u9fff·](?:[ \u3000]?[\u4e00-\u9fff·])*")


def _split_names(names: str, offset: int, role: str) -> list[Byline]:
    """Split a byline's names; typeset names (李　明) keep their span, lose their spaces."""
    out = []
    for match in _SPACED_RUN.finditer(names):
        parts = re.split(r"[ \u3000]", match.group())
        if all(len(p) == 1 for p in parts):
            # 李　明 is one name; 李　明　王　强, two: two-character names are spaced out.
            step = 2 if len(parts) % 2 == 0 else len(parts)
            groups = [(match.start() + 2 * i, match.start() + 2 * (i + step) - 1)
                      for i in range(0, len(parts), step)]
        else:  # 王丹 李明: names set apart by single spaces
            groups = []
            pos = match.start()
            for part in parts:
                groups.append((pos, pos + len(part)))
                pos += len(part) + 1
        for start, end in groups:
            bare = re.sub(r"[ \u3000]", "", names[start:end])
            if 2 <= len(bare) <= 8 and bare not in _ROLE_WORDS:
                out.append(Byline(role, bare, offset + start, offset + end))  # type: ignore[arg-type]
    return out


def find_dateline(body: str) -> Dateline | None:
    """Return the dateline opening ``body`` and the reporters it names, if any.

    Examples:
        >>> d = find_dateline("本报讯(记者王丹)建设祖国北疆")
        >>> d.text, [b.name for b in d.bylines]
        ('本报讯', ['王丹'])
    """
    pos = 0
    for _ in range(2):  # 本报记者 王浩|本报郑州11月27日电: past the reporters' lines
        end = body.find("\n", pos)
        if end == -1 or not _REPORTER_LINE.match(body[pos:end].strip()):
            break
        pos = end + 1
    match = _DATELINE.match(body, pos)
    if match is None:
        return None
    if match is None:
        return None
    bylines: list[Byline] = []
    who = match.group("who")
    if who:
        start = match.start("who")
        for reporter in _REPORTER.finditer(who):
            bylines += _split_names(reporter.group("names"), start + reporter.start("names"),
                                    "reporter")
    elif (told := _REPORTED.match(body, match.end())) is not None:  # 电 记者王浩报道：
        bylines += _split_names(told.group("names"), told.start("names"), "reporter")
    return Dateline(match.group("dl"), match.start("dl"), match.end("dl"), tuple(bylines))


# Reporters named after a dateline without brackets: 本报郑州11月27日电 记者王浩报道：
_REPORTED = re.compile(
    rf"[ \u3000]*(?:本报)?(?:记者|通讯员)[ \u3000]*(?P<names>{_NAMES}?)[ \u3000]*报道[：:]")


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
        if (m := _REPORTER_LINE.match(text)) is not None and not text.endswith("摄"):
            found += _split_names(m.group("names"), start + m.start("names"), "reporter")
        elif (m := _PHOTO.match(text)) is not None and len(text) <= 40:
            found += _split_names(m.group("names"), start + m.start("names"), "photographer")
        elif (m := _BRACKETED_REPORTERS.match(text)) is not None and offset > 0:
            found += _split_names(m.group("names"), start + m.start("names"), "reporter")
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
    for match in _DATE.finditer(body[:400]):
        y = int(match.group("y")) if match.group("y") else year
        month, day = int(match.group("m")), int(match.group("d"))
        if not valid_date(y or 2000, month, day):  # 2000: a leap year, so --02-29 is kept
            continue
        return f"{y:04d}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"
    return None


def valid_date(year: int, month: int, day: int) -> bool:
    """True when ``year-month-day`` is a day of the calendar (no 2月30日).

    Examples:
        >>> valid_date(2024, 2, 29), valid_date(2025, 2, 29)
        (True, False)
    """
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


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


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    r"""Replace lone UTF-16 surrogates (from JSON ``"\ud800"`` escapes) with U+FFFD.

    They cannot be written as UTF-8, so no store or file could hold them; one character
    stands for one, so offsets do not move.

    Examples:
        >>> import json
        >>> replace_surrogates(json.loads('"a\\ud800b"'))
        'a�b'
    """
    return _SURROGATE.sub("\ufffd", text)


_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)】》\"']*")


def split_long(text: str, limit: int = MAX_ARTICLE) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` characters, at sentence ends if it can.

    A part ends at the last paragraph break in its window, else at the last sentence end,
    else at the last space; only a text with none of these is cut mid-sentence. Parts are
    stripped, so their concatenation is the text less the whitespace between them.

    Examples:
        >>> split_long("甲。乙。丙。", limit=3)
        ['甲。', '乙。', '丙。']
        >>> split_long("短文。")
        ['短文。']
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 4:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 4)]
            cut = ends[-1] if ends else 0
        if cut <= limit // 4:
            cut = max(window.rfind(" "), window.rfind("\u3000")) + 1
        if cut <= limit // 4:
            cut = limit
        part = text[start:start + cut].strip()
        if part:
            parts.append(part)
        start += cut
    last = text[start:].strip()
    if last:
        parts.append(last)
    return parts


# Characters an IRI may not hold as they are (RFC 3987): controls, space, the
# delimiters, private-use and non-characters. They are percent-encoded.
_IRI_BAD = re.compile(
    '[\x00-\x20<>"{}|\\\\^`\x7f-\x9f\ue000-\uf8ff\ufdd0-\ufdef\ufff0-\uffff'
    "\U000f0000-\U0010ffff]|%(?![0-9A-Fa-f]{2})")
_WEB = re.compile(r"^https?://", re.IGNORECASE)
_C0_SPACE = "".join(chr(c) for c in range(0x21))


def _is_iri(value: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def clean_url(url: str) -> str:
    r"""Return a scraped ``url`` as a valid IRI when it is a web address.

    As browsers do, surrounding spaces and controls are dropped and line breaks and tabs
    removed; characters an IRI may not hold, stray ``%`` and a second ``#`` are
    percent-encoded. A web address whose host or port still does not parse keeps its
    scheme and has the rest percent-encoded. Other URLs (``mailto:``, ``javascript:``)
    are returned stripped; the graph keeps them as text.

    Examples:
        >>> clean_url(" http://example.org/a b#c#d\n")
        'http://example.org/a%20b#c%23d'
        >>> clean_url("http://a:b/")
        'http://a%3Ab/'
    """
    url = url.strip(_C0_SPACE)
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    if not _WEB.match(url) or _is_iri(url):
        return url
    head, hash_, fragment = url.partition("#")
    url = head + hash_ + fragment.replace("#", "%23")
    url = _IRI_BAD.sub(lambda m: quote(m.group(), safe=""), url)
    if _is_iri(url):
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{quote(rest, safe='/')}"
