"""Readers that turn the training and scoring corpora into labelled sentences.

An :data:`Example` is a sentence and its entity spans ``(start, end, type)`` (end
exclusive) over the types ``PER``, ``ORG`` and ``LOC``.

* People's Daily 1998-01 (``word/TAG`` tokens, PKU tag set): ``nr`` runs become PER,
  ``ns`` LOC, ``nt`` ORG. The corpus copy lost the brackets of compound entities
  (``[国务院/nt 办公厅/n]nt``), so :class:`PdOptions` can rebuild them heuristically:
  a run that opens with a proper noun (or 中央, 全国 ...) and ends with an
  organization word (委员会, 办公厅, 大学 ...) becomes one ORG; a place followed by a
  place word (广场, 自治区 ...) one LOC. Abbreviations (``j``: 中, 美, 政协 ...) and a
  few common nouns (市委, 东北) are labelled from small tables in ``kg/ner/data``.
* CLUENER2020 JSON lines: name → PER; organization, government, company → ORG;
  address → LOC; other types are left unlabelled.
* BIO files (one ``char tag`` a line, blank line between sentences), like the
  People's Daily NER corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.resources import lines as resource_lines

__all__ = [
    "CLUENER_TYPES",
    "Example",
    "PdLexicon",
    "PdOptions",
    "bio_tags",
    "corpus_lexicon",
    "is_org_head",
    "parse_pd_line",
    "pd_paragraph",
    "place_gazetteer",
    "place_heads",
    "read_bio",
    "read_cluener",
    "read_pd1998",
    "read_teacher",
    "span_tags",
    "split_sentences",
]

EntitySpan = tuple[int, int, str]
Example = tuple[str, list[EntitySpan]]
Token = tuple[str, str]

CLUENER_TYPES = {
    "name": "PER",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
    "address": "LOC",
}

_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")
_ORG_INNER_TAGS = frozenset({"ns", "nt", "nz", "j", "n", "vn", "b", "an", "l"})
_ORG_ANCHOR_TAGS = frozenset({"ns", "nt", "nz", "nr"})
_LOC_INNER_TAGS = frozenset({"ns", "n", "j"})
_WORD_TAGS = frozenset({"n", "s", "nz", "j", "nt", "ns"})
_MAX_COMPOUND_TOKENS = 8
_MAX_COMPOUND_CHARS = 25


@dataclass(frozen=True)
class PdOptions:
    """Which heuristics :func:`read_pd1998` applies on top of ``nr``/``ns``/``nt``.

    Attributes:
        abbreviations: Label ``j`` tokens from ``pd_abbreviations.tsv``.
        words: Label the common nouns of ``pd_words.tsv`` (市委 → ORG, 东北 → LOC).
        org_compounds: Rebuild compound organization names.
        loc_compounds: Rebuild compound place names.
        affixes: Label the entity inside one-word forms such as 访华, 中方, 邓小平理论
            and 外交部长 (``pd_affixes.tsv``).
        brands: Label ``nz`` tokens ORG when the corpus elsewhere writes them before
            an organization word (丰田 because of 丰田 公司).
    """

    abbreviations: bool = True
    words: bool = True
    org_compounds: bool = True
    loc_compounds: bool = True
    affixes: bool = True
    brands: bool = True


@dataclass(frozen=True)
class PdLexicon:
    """What the whole corpus says about some words, for labelling each paragraph.

    Attributes:
        names: Person names (merged ``nr`` runs of two or more characters).
        brands: ``nz`` words seen directly before an organization word.
    """

    names: frozenset[str] = frozenset()
    brands: frozenset[str] = frozenset()


def _data_text(name: str) -> str:
    return resources.files("kg.ner").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _data_rows(name: str) -> list[list[str]]:
    """Return the non-comment lines of a data file, split on tabs."""
    rows = []
    for raw in _data_text(name).splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in raw.split("\t")])
    return rows


class _Tables:
    """The conversion tables of ``kg/ner/data``, loaded once."""

    def __init__(self) -> None:
        self.abbreviations = {row[0]: row[1] for row in _data_rows("pd_abbreviations.tsv")}
        self.words = {row[0]: row[1] for row in _data_rows("pd_words.tsv")}
        self.loc_heads = frozenset(row[0] for row in _data_rows("pd_loc_heads.txt"))
        self.org_prefixes = frozenset(row[0] for row in _data_rows("pd_org_prefixes.txt"))
        heads = [row[0] for row in _data_rows("pd_org_heads.txt")]
        self.org_heads = frozenset(h for h in heads if h[0] not in "*!+")
        self.org_long_heads = frozenset(h[1:] for h in heads if h[0] == "+")
        self.org_suffixes = tuple(h[1:] for h in heads if h[0] == "*")
        self.org_not_heads = frozenset(h[1:] for h in heads if h[0] == "!")
        self.affixes = {row[0]: frozenset(row[1].split()) for row in _data_rows("pd_affixes.tsv")}
        self.loc_chars = self.affixes.get("loc_chars", frozenset())
        self.merges = tuple(tuple(row[0].split()) for row in _data_rows("pd_merges.txt"))
        self.titles = frozenset(resource_lines("titles.txt"))

    def is_org_head(self, word: str, tag: str) -> bool:
        """Return whether a token can end a compound organization name."""
        if word in self.org_heads or self.abbreviations.get(word) == "ORG":
            return True
        if tag not in ("n", "j", "nt", "nz") or word in self.org_not_heads:
            return False
        return word.endswith(self.org_suffixes)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def place_heads() -> frozenset[str]:
    """Return the words that end a place's name in this convention (``pd_loc_heads.txt``).

    Facilities are places here: 博物馆, 体育馆, 机场, 大桥 ….
    """
    return _tables().loc_heads


def is_org_head(word: str, tag: str) -> bool:
    """Return whether a word can end an organization's name (法院, 委员会, 网球队).

    The heads of ``pd_org_heads.txt`` (exact words, ``*``suffixes of nouns, ``!``
    exceptions: 干部, 大厅, 部署) and the abbreviations ``pd_abbreviations.tsv`` reads
    as organizations.

    Args:
        word: A word of jieba's segmentation.
        tag: Its jieba part of speech (``n``, ``nz`` …).

    Examples:
        >>> is_org_head("中级人民法院", "n"), is_org_head("干部", "n")
        (True, False)
    """
    return _tables().is_org_head(word, tag)


def parse_pd_line(line: str) -> list[Token]:
    """Split one People's Daily line into ``(word, tag)`` tokens (see ``pd_merges.txt``)."""
    tokens = []
    for item in line.split():
        word, _, tag = item.rpartition("/")
        if word:
            tokens.append((word, tag))
    return _merge_tokens(tokens)


def _merge_tokens(tokens: list[Token]) -> list[Token]:
    """Join the token sequences listed in ``pd_merges.txt`` into single ``n`` tokens."""
    merges = _tables().merges
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        for seq in merges:
            if tuple(w for w, _ in tokens[k : k + len(seq)]) == seq:
                out.append(("".join(seq), "n"))
                k += len(seq)
                break
        else:
            out.append(tokens[k])
            k += 1
    return out


def _base_labels(
    tokens: list[Token], options: PdOptions, lexicon: PdLexicon
) -> list[tuple[int, int, str]]:
    """Return token ranges labelled from single tokens (nr runs, ns, nt, j, nz, words)."""
    tables = _tables()
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(tokens):
        word, tag = tokens[k]
        if tag == "nr":
            end = k + 1
            while end < len(tokens) and tokens[end][1] == "nr":
                end += 1
            out.append((k, end, "PER"))
            k = end
            continue
        label = {"ns": "LOC", "nt": "ORG"}.get(tag)
        if label is None and options.abbreviations and tag == "j":
            label = tables.abbreviations.get(word)
        if label is None and options.words and tag in _WORD_TAGS:
            label = tables.words.get(word)
        if label is None and options.brands and tag == "nz" and word in lexicon.brands:
            label = "ORG"
        if label is not None:
            out.append((k, k + 1, label))
        k += 1
    return out


def _is_org_anchor(token: Token, abbreviation: str | None) -> bool:
    word, tag = token
    if tag in _ORG_ANCHOR_TAGS or abbreviation is not None:
        return True
    return tag in ("n", "b", "j") and word in _tables().org_prefixes


def _org_inner(token: Token) -> bool:
    word, tag = token
    return tag in _ORG_INNER_TAGS or (tag == "m" and word.startswith("第"))


def _org_compounds(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Return token ranges of rebuilt compound organization names."""
    tables = _tables()
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(tokens):
        if not _is_org_anchor(tokens[k], tables.abbreviations.get(tokens[k][0])):
            k += 1
            continue
        head = None
        chars = len(tokens[k][0])
        m = k + 1
        while m < len(tokens) and m - k < _MAX_COMPOUND_TOKENS and _org_inner(tokens[m]):
            chars += len(tokens[m][0])
            if chars > _MAX_COMPOUND_CHARS:
                break
            if tables.is_org_head(*tokens[m]) or (
                m - k >= 2 and tokens[m][0] in tables.org_long_heads
            ):
                head = m
            m += 1
        if head is None:
            k += 1
            continue
        out.append((k, head + 1, "ORG"))
        k = head + 1
    return out


def _loc_compounds(tokens: list[Token], taken: list[bool]) -> list[tuple[int, int, str]]:
    """Return token ranges of rebuilt compound place names (place + 广场 ...)."""
    tables = _tables()
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(tokens):
        word, tag = tokens[k]
        is_place = tag == "ns" or (tag == "j" and tables.abbreviations.get(word, "")[:3] == "LOC")
        if taken[k] or not is_place:
            k += 1
            continue
        head = None
        m = k + 1
        while m < len(tokens) and m - k <= 3 and not taken[m]:
            w, t = tokens[m]
            if w in tables.loc_heads:
                head = m
                break
            if t not in _LOC_INNER_TAGS and w != "特别":
                break
            m += 1
        if head is None:
            k += 1
            continue
        out.append((k, head + 1, "LOC"))
        k = head + 1
    return out


def _merge(
    base: list[tuple[int, int, str]], compounds: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Put compound ranges over the base ranges they cover; drop crossing compounds."""
    kept = [c for c in compounds if not any(s < c[0] < e or s < c[1] < e for s, e, _ in base)]
    covered = [(s, e) for s, e, _ in kept]
    out = [r for r in base if not any(s <= r[0] and r[1] <= e for s, e in covered)]
    return sorted(out + kept)


def _loc_affix(word: str, tag: str) -> EntitySpan | None:
    """Return the place abbreviation inside 中方, 华侨, 京剧 (before) or 访华, 抵京 (after)."""
    tables = _tables()
    rules, places = tables.affixes, tables.loc_chars
    if word in rules.get("loc_words", ()):
        return 0, 1, "LOC"
    if tag in ("n", "vn", "j", "nz") and word[0] in places and word[1:] in rules["loc_before"]:
        return 0, 1, "LOC"
    after = len(word) == 2 and word[0] in rules["loc_after"] and word[1] in places
    if tag in ("v", "vn") and after:
        return 1, 2, "LOC"
    return None


def _affix_span(word: str, tag: str, names: frozenset[str]) -> EntitySpan | None:
    """Return the entity inside a one-word form (访华 → 华), relative to the word."""
    rules = _tables().affixes
    place = _loc_affix(word, tag)
    if place is not None:
        return place
    for size in (4, 3, 2):
        if word[:size] in names and word[size:] in rules["per_before"]:
            return 0, size, "PER"
    for affix in rules["org_before"]:
        stem = word[: -len(affix)]
        if word.endswith(affix) and len(stem) >= 3 and stem.endswith("部"):
            return 0, len(stem), "ORG"
    return None


def _affix_spans(
    tokens: list[Token], offsets: list[int], labelled: list[bool], names: frozenset[str]
) -> list[EntitySpan]:
    out: list[EntitySpan] = []
    for k, (word, tag) in enumerate(tokens):
        if labelled[k] or len(word) < 2:
            continue
        found = _affix_span(word, tag, names)
        if found is not None:
            out.append((offsets[k] + found[0], offsets[k] + found[1], found[2]))
    return out


# What a restored compound may open and end with (PKU tags), and what it may not hold.
_TEACHER_FIRST = frozenset({"ns", "n", "nz", "j", "nt", "b", "nx", "m"})
_TEACHER_ORG_LAST = frozenset({"n", "j", "nt", "nz", "vn"})
_TEACHER_LOC_LAST = frozenset({"n", "s"})
_TEACHER_NOT_LOC_LAST = frozenset({"地区", "国内", "灾区", "山区", "郊区", "一带", "境内"})
_TEACHER_BREAKS = frozenset("，。、；：？！,;:?!")


def _teacher_range(
    tokens: list[Token], first: int, last: int, label: str
) -> tuple[int, int, str] | None:
    """Return the token range a teacher's span restores, or None if it should not."""
    tables = _tables()
    while last - first > 1 and tokens[first][1] == "ns" and tokens[first + 1][1] == "ns":
        first += 1
    words = [word for word, _ in tokens[first:last]]
    tags = [tag for _, tag in tokens[first:last]]
    if "nr" in tags or "c" in tags or any(w in _TEACHER_BREAKS for w in words):
        return None
    if last - first == 1:
        abbreviation = tables.abbreviations.get(words[0], "")
        places = all(ch in tables.loc_chars for ch in words[0])
        j_org = tags[0] == "j" and not abbreviation.startswith("LOC") and not places
        return (first, last, label) if label == "ORG" and (tags[0] == "nz" or j_org) else None
    if tags[0] not in _TEACHER_FIRST:
        return None
    if label == "ORG" and words[-1] in tables.loc_heads:
        label = "LOC"  # 中国美术馆, 南非国家博物馆 are places in this convention
    if label == "ORG":
        ok = (
            tags[-1] in _TEACHER_ORG_LAST
            and not words[-1].endswith(_NOT_ORG_ENDINGS)
            and words[-1] not in tables.titles
            and (len(words[-1]) > 1 or tables.is_org_head(words[-1], tags[-1]))
        )
    else:
        ok = (
            tags[-1] in _TEACHER_LOC_LAST
            and words[-1] not in _TEACHER_NOT_LOC_LAST
            and not tables.is_org_head(words[-1], tags[-1])
            and not all(tag == "ns" for tag in tags)
            and "j" not in tags  # 青藏高原 stays 青 / 藏 in this convention
        )
    return (first, last, label) if ok else None


def _teacher_ranges(
    tokens: list[Token], offsets: list[int], spans: Iterable[EntitySpan]
) -> list[tuple[int, int, str]]:
    """Return token ranges of a teacher's ORG/LOC spans that restore lost brackets.

    A teacher span counts only where it starts and ends on token boundaries and
    passes :func:`_teacher_range`: leading places are cut off while a place follows
    (山东省 平度市 崔马镇 供销社 → 崔马镇供销社, the People's Daily convention); no
    person, conjunction or clause punctuation inside; an organization opens with a
    name or noun and ends with a noun (not 政府, 部门, a title, or one character
    that is no organization word, as in 成都电), and one ending in a place word
    (美术馆, 博物馆) is a place; a place ends with a place noun (广场, 大桥, not 地区),
    holds no abbreviation (青藏高原 stays 青 / 藏) and is not only places (云南 昆明
    stays two). An ORG of one token counts when the token is an ``nz`` word or an
    abbreviation that is no place (三菱/nz, 邯钢/j; not 美中).
    """
    starts = {offset: k for k, offset in enumerate(offsets[:-1])}
    ends = {offset: k + 1 for k, offset in enumerate(offsets[1:])}
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if label not in ("ORG", "LOC") or start not in starts or end not in ends:
            continue
        found = _teacher_range(tokens, starts[start], ends[end], label)
        if found is not None:
            out.append(found)
    return _drop_overlaps(out)


def _rule_compounds(
    tokens: list[Token], restored: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Return the rules' compound organizations that agree with the teacher's.

    Leading places are cut off as in :func:`_teacher_range` when a teacher is used;
    a rule compound that crosses a restored compound of several tokens is dropped, one
    that holds it whole replaces it (the teacher often splits long names).
    """
    rules = _org_compounds(tokens)
    if not restored:
        return rules
    trimmed = []
    for first, last, label in rules:
        while last - first > 1 and tokens[first][1] == "ns" and tokens[first + 1][1] == "ns":
            first += 1
        trimmed.append((first, last, label))
    multi = [(s, e) for s, e, _ in restored if e - s > 1]
    return [
        c
        for c in trimmed
        if not any(c[0] < e and s < c[1] and not (c[0] <= s and e <= c[1]) for s, e in multi)
    ]


def pd_paragraph(
    tokens: list[Token],
    options: PdOptions,
    lexicon: PdLexicon | None = None,
    teacher: Iterable[EntitySpan] = (),
) -> Example:
    """Return the text and entity spans of one People's Daily paragraph.

    Args:
        tokens: ``(word, tag)`` pairs of the paragraph.
        options: The heuristics to apply.
        lexicon: Corpus-wide names and brands (see :func:`corpus_lexicon`).
        teacher: ORG/LOC spans (character offsets) a teacher model found in the
            paragraph; where they agree with the token boundaries they restore compound
            names before the rules run (see :func:`read_teacher`).
    """
    lexicon = lexicon or PdLexicon()
    offsets = [0]
    for word, _ in tokens:
        offsets.append(offsets[-1] + len(word))
    ranges = _base_labels(tokens, options, lexicon)
    restored = _teacher_ranges(tokens, offsets, teacher)
    places = {k for s, e, label in ranges if label.startswith("LOC") for k in range(s, e)}
    # A teacher place made only of places already labelled stays apart (北京 人民大会堂).
    restored = [r for r in restored if r[2] != "LOC" or not set(range(r[0], r[1])) <= places]
    if restored:
        ranges = _merge(ranges, restored)
        restored = [r for r in ranges if r in restored]
    if options.org_compounds:
        ranges = _merge(ranges, _rule_compounds(tokens, restored))
    if options.loc_compounds:
        taken = [False] * len(tokens)
        for s, e, label in ranges:
            if label == "ORG":
                taken[s:e] = [True] * (e - s)
        ranges = _merge(ranges, _loc_compounds(tokens, taken))
    text = "".join(word for word, _ in tokens)
    spans: list[EntitySpan] = []
    labelled = [False] * len(tokens)
    for s, e, label in ranges:
        labelled[s:e] = [True] * (e - s)
        if label == "LOC*":
            spans.extend((i, i + 1, "LOC") for i in range(offsets[s], offsets[e]))
        else:
            spans.append((offsets[s], offsets[e], label))
    if options.affixes:
        spans.extend(_affix_spans(tokens, offsets, labelled, lexicon.names))
    return text, sorted(spans)


_BRAND_HEADS = ("公司", "集团", "厂", "银行", "商场", "酒店", "饭店", "宾馆", "队", "俱乐部")
_NOT_BRANDS = ("教", "族", "语", "文", "学", "主义")


def _is_brand(word: str, following: str) -> bool:
    """Return whether an ``nz`` word before ``following`` names a company or team."""
    return following.endswith(_BRAND_HEADS) and not word.endswith(_NOT_BRANDS)


def corpus_lexicon(path: str | Path, min_count: int = 2) -> PdLexicon:
    """Collect person names and brand words over the whole People's Daily corpus.

    Args:
        path: ``199801.txt``.
        min_count: Occurrences a name needs.
    """
    counts: dict[str, int] = {}
    brands: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            tokens = [*parse_pd_line(line), ("", "")]
            run: list[str] = []
            for k, (word, tag) in enumerate(tokens[:-1]):
                if tag == "nz" and _is_brand(word, tokens[k + 1][0]):
                    brands.add(word)
                if tag == "nr":
                    run.append(word)
                    if tokens[k + 1][1] == "nr":
                        continue
                    name = "".join(run)
                    if len(name) >= 2:
                        counts[name] = counts.get(name, 0) + 1
                run = []
    names = frozenset(name for name, n in counts.items() if n >= min_count)
    return PdLexicon(names=names, brands=frozenset(brands))


def read_teacher(path: str | Path) -> dict[int, list[EntitySpan]]:
    """Read a teacher's spans over a corpus: ``line<TAB>start<TAB>end<TAB>type`` rows.

    ``line`` is the 0-based line number in the corpus file, offsets are characters
    into the line's text (tokens joined); a ``.gz`` file is decompressed.

    Args:
        path: The span file (``scripts/ner/pd1998_lac.tsv.gz``).
    """
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    out: dict[int, list[EntitySpan]] = {}
    with opener(path, "rt", encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip() or raw.startswith("#"):
                continue
            line, start, end, label = raw.rstrip("\n").split("\t")
            out.setdefault(int(line), []).append((int(start), int(end), label))
    return out


def read_pd1998(
    path: str | Path,
    options: PdOptions | None = None,
    teacher: dict[int, list[EntitySpan]] | None = None,
) -> Iterator[Example]:
    """Yield the labelled paragraphs of the People's Daily 1998 POS corpus.

    Args:
        path: ``199801.txt``.
        options: Heuristics; all on by default.
        teacher: A teacher's spans by line (see :func:`read_teacher`), or None.
    """
    options = options or PdOptions()
    lexicon = corpus_lexicon(path)
    teacher = teacher or {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            tokens = parse_pd_line(line)
            if tokens:
                yield pd_paragraph(tokens, options, lexicon, teacher.get(number, ()))


def read_cluener(
    path: str | Path,
    skip: Iterable[str] = (),
    places: frozenset[str] | None = None,
) -> Iterator[Example]:
    """Yield the sentences of a CLUENER2020 JSON-lines file with PER/ORG/LOC spans.

    Offsets in the file are end-inclusive; overlapping mentions keep the first.

    Args:
        path: A CLUENER ``train.jsonl`` or ``dev.jsonl``.
        skip: CLUENER types whose sentences are left out.
        places: If given, CLUENER's ``address`` mentions (whole addresses, and many
            countries left unlabelled) are replaced by silver LOC spans: the words of
            the sentence (jieba) that are places of this gazetteer, outside every other
            labelled mention. This follows the People's Daily convention, one LOC a
            place (北京市 / 海淀区). Organizations that convention does not label
            (中国政府, 美军, 监管部门) give way to silver places the same way.
    """
    skipped = frozenset(skip)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            labels = record.get("label") or {}
            if skipped & set(labels):
                continue
            yield _cluener_example(record["text"], labels, places)


# CLUENER organizations that the People's Daily convention does not label as one:
# 中国政府 is 中国/LOC + 政府, 美军 is 美/LOC + 军, bare 监管部门 is nothing.
_NOT_ORG_ENDINGS = ("政府", "部门", "部队", "军队", "当局")


def _silver_replaces(mention: str, label: str | None) -> bool:
    """Return whether a CLUENER mention gives way to silver places (with ``places``)."""
    if label == "LOC":
        return True
    if label != "ORG":
        return False
    army = len(mention) == 2 and mention[1] == "军" and mention[0] in _tables().loc_chars
    return army or mention.endswith(_NOT_ORG_ENDINGS)


def _leading_place(mention: str, places: frozenset[str] | None) -> int:
    """Return the length of the place that opens 日本政府 or 美军 (0 if none)."""
    if len(mention) == 2 and mention[1] == "军":
        return 1
    for size in range(len(mention) - 1, 1, -1):
        if places is not None and mention[:size] in places:
            return size
    return 0


def _cluener_example(
    text: str, labels: dict[str, dict[str, list[list[int]]]], places: frozenset[str] | None
) -> Example:
    found: list[EntitySpan] = []
    blocked: list[tuple[int, int]] = []
    for kind, mentions in labels.items():
        label = CLUENER_TYPES.get(kind)
        for mention, where in mentions.items():
            silver = places is not None and _silver_replaces(mention, label)
            lead = _leading_place(mention, places) if silver and label == "ORG" else 0
            for s, e in where:
                if lead:
                    found.append((s, s + lead, "LOC"))
                if label is not None and not silver:
                    found.append((s, e + 1, label))
                if not silver or lead:
                    blocked.append((s, e + 1))
    if places is not None:
        found.extend(_silver_places(text, places, blocked))
    return text, _drop_overlaps(found)


def _silver_places(
    text: str, places: frozenset[str], blocked: list[tuple[int, int]]
) -> list[EntitySpan]:
    """Return LOC spans of one to three jieba words that form a gazetteer place."""
    from kg.ner.features import normalize, segment

    words = segment(normalize(text))
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    out: list[EntitySpan] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 3), i, -1):
            s, e = starts[i], starts[j]
            if text[s:e] in places and not any(a < e and s < b for a, b in blocked):
                out.append((s, e, "LOC"))
                i = j
                break
        else:
            i += 1
    return out


def place_gazetteer(examples: Iterable[Example], min_count: int = 2) -> frozenset[str]:
    """Return the LOC strings of two or more characters seen ``min_count`` times."""
    counts: dict[str, int] = {}
    for text, spans in examples:
        for s, e, label in spans:
            if label == "LOC" and e - s >= 2:
                counts[text[s:e]] = counts.get(text[s:e], 0) + 1
    return frozenset(place for place, n in counts.items() if n >= min_count)


def _drop_overlaps(spans: list[EntitySpan]) -> list[EntitySpan]:
    out: list[EntitySpan] = []
    for span in sorted(spans):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def read_bio(path: str | Path) -> Iterator[Example]:
    """Yield the sentences of a ``char tag`` BIO file (blank line between sentences)."""
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), _spans_from_bio(tags)
                chars, tags = [], []
                continue
            chars.append(line[0])
            tags.append(line.split()[-1] if len(line) > 1 else "O")
    if chars:
        yield "".join(chars), _spans_from_bio(tags)


def _spans_from_bio(tags: list[str]) -> list[EntitySpan]:
    out: list[EntitySpan] = []
    i = 0
    while i < len(tags):
        if tags[i][:2] in ("B-", "I-"):
            label = tags[i][2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + label:
                j += 1
            out.append((i, j, label))
            i = j
        else:
            i += 1
    return out


def bio_tags(length: int, spans: Iterable[EntitySpan], scheme: str = "bio") -> list[str]:
    """Return the tags of a sentence of ``length`` characters.

    Args:
        length: Characters in the sentence.
        spans: Its entities.
        scheme: ``"bio"`` (``B-`` opens a span, ``I-`` continues it) or ``"bioes"``
            (also ``E-`` for the last character of a longer span and ``S-`` for a span
            of one character).
    """
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start:end] = span_tags(start, end, label, scheme)
    return tags


def span_tags(start: int, end: int, label: str, scheme: str = "bio") -> list[str]:
    """Return the tags of the characters of one span under a tagging ``scheme``."""
    if scheme == "bioes":
        if end - start == 1:
            return ["S-" + label]
        return ["B-" + label] + ["I-" + label] * (end - start - 2) + ["E-" + label]
    if scheme != "bio":
        raise ValueError(f"unknown tagging scheme {scheme!r}: use 'bio' or 'bioes'")
    return ["B-" + label] + ["I-" + label] * (end - start - 1)


def split_sentences(example: Example, max_len: int = 200) -> Iterator[Example]:
    """Split an example at sentence ends (and at ``max_len``), never inside a span."""
    text, spans = example
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    inside = {i for s, e, _ in spans for i in range(s + 1, e)}
    start = 0
    for cut in [*cuts, len(text)]:
        if cut in inside or cut <= start:
            continue
        while cut - start > max_len:
            mid = start + max_len
            while mid in inside and mid > start + 1:
                mid -= 1
            yield _slice(text, spans, start, mid)
            start = mid
        yield _slice(text, spans, start, cut)
        start = cut


def _slice(text: str, spans: list[EntitySpan], start: int, end: int) -> Example:
    inner = [(s - start, e - start, t) for s, e, t in spans if start <= s and e <= end]
    return text[start:end], inner
