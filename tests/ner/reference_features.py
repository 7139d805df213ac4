"""The recognizer's features as first written: one character at a time, in plain Python.

A frozen copy of ``kg/ner/features.py`` before it was rewritten column-wise for speed
(the model was trained with these features). ``tests/ner/test_features.py`` holds the
shipped code to it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

import jieba

from kg.ner.segment import segment
from kg.resources import lines as resource_lines

__all__ = ["reference_features"]

_PAD_LEFT = "\x02\x02"
_PAD_RIGHT = "\x03\x03"
_NUMERALS = frozenset("〇一二三四五六七八九十百千万亿两零")
# jieba dictionary tags worth a feature, mapped to a coarse class.
_TAG_CLASSES = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt", "nz": "nz", "j": "j"}


def _width_table() -> dict[int, int]:
    table = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    # Lone surrogates cannot be encoded for crfsuite: replace them.
    table.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))
    return table


def _fold_table() -> dict[int, int]:
    table = _width_table()
    for code in range(0x30, 0x3A):
        table[code] = 0x30
        table[code + 0xFEE0] = 0x30
    for code in range(0x41, 0x5B):
        table[code] = code + 0x20
        table[code + 0xFEE0] = code + 0x20
    for code in [*range(0x00, 0x20), 0x7F]:
        table[code] = 0x20
    return table


_WIDTH = _width_table()
_FOLD = _fold_table()


def normalize(text: str) -> str:
    """Map full-width ASCII and the ideographic space to half-width, keeping length.

    Lone surrogates become U+FFFD.

    Args:
        text: Any string.

    Returns:
        A string of the same length as ``text``.
    """
    return text.translate(_WIDTH)


def fold(text: str) -> str:
    """Normalize ``text`` for character features: half-width, digits to ``0``, lower case.

    Control characters become spaces. The result has the same length as ``text``.

    Args:
        text: Any string.
    """
    return text.translate(_FOLD)


@lru_cache(maxsize=4096)
def _char_type(ch: str) -> str:
    """Return a one-letter class of a folded character."""
    if ch == "0":
        return "d"
    if "a" <= ch <= "z":
        return "l"
    if ch in _NUMERALS:
        return "n"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "h"
    if ch.isspace():
        return "s"
    if unicodedata.category(ch).startswith("P"):
        return "p"
    return "o"


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Return jieba dictionary words whose tag is a proper-noun class, mapped to it.

    Returns:
        ``{word: class}`` with classes ``nr``, ``ns``, ``nt``, ``nz`` and ``j``.
    """
    out: dict[str, str] = {}
    with jieba.Tokenizer().get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3 and parts[2] in _TAG_CLASSES:
                out[parts[0]] = _TAG_CLASSES[parts[2]]
    return out


def _data_lines(name: str) -> frozenset[str]:
    """Return the entries of a one-entry-a-line file in ``kg/ner/data``."""
    text = resources.files("kg.ner").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    entries = (raw.split("#", 1)[0].strip() for raw in text.splitlines())
    return frozenset(entry for entry in entries if entry)


class _Lexicon:
    """Lexicon sets used by the flags, loaded once."""

    def __init__(self) -> None:
        surnames = frozenset(resource_lines("surnames.txt"))
        self.surname1 = frozenset(s for s in surnames if len(s) == 1)
        self.surname2 = frozenset(s for s in surnames if len(s) == 2)
        self.org = _data_lines("org_suffixes.txt")
        self.loc = _data_lines("loc_suffixes.txt")
        self.translit = frozenset("".join(_data_lines("translit_chars.txt")))
        self.tags = word_tags()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _word_features(words: list[str], lex: _Lexicon) -> list[tuple[str, ...]]:
    """Return, for every character, the features it inherits from its word."""
    out: list[tuple[str, ...]] = []
    for word in words:
        size = len(word)
        tag = lex.tags.get(word, "x")
        extra: list[str] = []
        if size > 1 and not word[0].isspace():
            extra.append("W=" + word)
            if word[-1] in lex.org or word[-2:] in lex.org:
                extra.append("wo")
            if word[-1] in lex.loc:
                extra.append("wl")
        if size == 1:
            out.append(("sg=S", "wt=S" + tag, *extra))
            continue
        length = "4" if size > 4 else str(size)
        for k in range(size):
            pos = "B" if k == 0 else ("E" if k == size - 1 else "M")
            out.append(("sg=" + pos + length, "wt=" + pos + tag, *extra))
    return out


_AHEAD_BUCKETS = ("0", "1", "2", "3", "5", "5", "9", "9", "9", "9", "9")
_BREAKS = frozenset("ps")


def _org_ahead(words: list[str], types: str, org: frozenset[str]) -> list[str | None]:
    """Return, per character, how far ahead the next organization-ending word ends.

    The distance (bucketed 0, 1, 2, 3, 5 = 4-5, 9 = 6-10) runs to the last character of
    the nearest word ending in an organization suffix (部, 委员会 ...), without crossing
    punctuation or spaces; None when there is none within ten characters. It lets the
    CRF see that 国家发展和改革委员会 is coming while it is still at 国.

    Args:
        words: The segmentation of the sentence.
        types: Character classes of the sentence, padded by two on each side.
        org: Organization suffixes.
    """
    ends = [False] * (len(types) - 4)
    pos = 0
    for word in words:
        pos += len(word)
        if word[-1] in org or word[-2:] in org:
            ends[pos - 1] = True
    out: list[str | None] = [None] * len(ends)
    dist = -1
    for i in range(len(ends) - 1, -1, -1):
        if types[i + 2] in _BREAKS:
            dist = -1
        elif ends[i]:
            dist = 0
        elif dist >= 0:
            dist = dist + 1 if dist < 10 else -1
        if dist >= 0:
            out[i] = _AHEAD_BUCKETS[dist]
    return out


def _translit_runs(chars: str, translit: frozenset[str]) -> list[str | None]:
    """Return, per character, its place in a run of transliteration characters.

    ``B3``, ``M3``, ``E3`` ... (position and run length, capped at 5) for runs of two or
    more characters of ``translit_chars.txt`` (基里延科, 杜塞尔多夫); None elsewhere.
    Foreign names and places are mostly such runs, and a ±1 character window alone
    cannot see how long the run is.

    Args:
        chars: The folded sentence, unpadded.
        translit: Transliteration characters.
    """
    out: list[str | None] = [None] * len(chars)
    i = 0
    while i < len(chars):
        if chars[i] not in translit:
            i += 1
            continue
        j = i + 1
        while j < len(chars) and chars[j] in translit:
            j += 1
        if j - i >= 2:
            size = str(min(j - i, 5))
            out[i] = "B" + size
            out[j - 1] = "E" + size
            for k in range(i + 1, j - 1):
                out[k] = "M" + size
        i = j
    return out


def reference_features(
    text: str, keep: frozenset[str] | None = None, banned: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Return the features of every character of ``text`` (one sentence or chunk).

    Args:
        text: The sentence; any Unicode.
        keep: If given, only features in it are returned (those a model knows).
        banned: Words the segmentation must not use (see :func:`segment`); training
            passes names here so that the model learns names jieba does not know.

    Returns:
        One list of feature strings per character of ``text``.
    """
    if not text:
        return []
    lex = _lexicon()
    size = len(text)
    chars = _PAD_LEFT + fold(text) + _PAD_RIGHT
    types = "".join(map(_char_type, chars))
    words = segment(normalize(text), banned)
    # Built column by column (one comprehension per feature), then joined per character.
    columns = (
        ["c0=" + c for c in chars[2 : size + 2]],
        ["c-1=" + c for c in chars[1 : size + 1]],
        ["c1=" + c for c in chars[3 : size + 3]],
        ["c-2=" + c for c in chars[0:size]],
        ["c2=" + c for c in chars[4 : size + 4]],
        ["c-1c0=" + chars[p : p + 2] for p in range(1, size + 1)],
        ["c0c1=" + chars[p : p + 2] for p in range(2, size + 2)],
        ["t=" + types[p : p + 3] for p in range(1, size + 1)],
    )
    by_word = _word_features(words, lex)
    out = [[*row, *wfeats] for *row, wfeats in zip(*columns, by_word, strict=True)]
    sur1, sur2, org, loc = lex.surname1, lex.surname2, lex.org, lex.loc
    for i, c in enumerate(chars[2 : size + 2]):
        if c in sur1:
            out[i].append("sn")
        if chars[i] in sur1 and types[i + 1] == "h":
            out[i].append("sn-2")
        if chars[i + 2 : i + 4] in sur2:
            out[i].append("sn2")
        if c in org:
            out[i].append("os")
        if c in loc:
            out[i].append("ls")
    for i, bucket in enumerate(_org_ahead(words, types, org)):
        if bucket is not None:
            out[i].append("oa=" + bucket)
    for i, run in enumerate(_translit_runs(chars[2 : size + 2], lex.translit)):
        if run is not None:
            out[i].append("tr=" + run)
    if keep is not None:
        return [[f for f in feats if f in keep] for feats in out]
    return out
