"""The recognizer's features as first written: one character at a time, in plain Python.

A frozen copy of ``kg/ner/features.py`` before it was rewritten column-wise for speed
(the model was trained with these features). ``tests/ner/test_features.py`` holds the
shipped code to it. Features added later (the bigrams c-2c-1 and c1c2, the place
gazetteer) are written here the plain way as well.
"""

from __future__ import annotations

from functools import lru_cache

from kg.ner.features import _char_type, _fold_table, _width_table, data_lines, word_tags
from kg.ner.segment import segment
from kg.resources import lines as resource_lines

__all__ = ["reference_features"]

_PAD_LEFT = "\x02\x02"
_PAD_RIGHT = "\x03\x03"
# Unchanged by the rewrite, so shared: the tables (here used as dicts, the shipped code
# uses them as lists), the character classes and the lexicon files.
_WIDTH = _width_table()
_FOLD = _fold_table()


def normalize(text: str) -> str:
    """Full-width ASCII to half-width, by the dict table."""
    return text.translate(_WIDTH)


def fold(text: str) -> str:
    """Half-width, digits to ``0``, lower case, by the dict table."""
    return text.translate(_FOLD)


class _Lexicon:
    """Lexicon sets used by the flags, loaded once."""

    def __init__(self) -> None:
        surnames = frozenset(resource_lines("surnames.txt"))
        self.surname1 = frozenset(s for s in surnames if len(s) == 1)
        self.surname2 = frozenset(s for s in surnames if len(s) == 2)
        self.org = data_lines("org_suffixes.txt")
        self.loc = data_lines("loc_suffixes.txt")
        self.translit = frozenset("".join(data_lines("translit_chars.txt")))
        self.tags = word_tags()
        self.places = data_lines("places.txt")


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


def _places(chars: str, places: frozenset[str]) -> list[str | None]:
    """Return, per character, its place in the leftmost longest gazetteer name; else None."""
    longest = max(map(len, places))
    out: list[str | None] = [None] * len(chars)
    i = 0
    while i < len(chars):
        size = next(
            (n for n in range(min(longest, len(chars) - i), 1, -1) if chars[i : i + n] in places),
            0,
        )
        if not size:
            i += 1
            continue
        length = str(min(size, 4))
        out[i] = "B" + length
        for k in range(i + 1, i + size - 1):
            out[k] = "M" + length
        out[i + size - 1] = "E" + length
        i += size
    return out


def reference_features(
    text: str, banned: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Return the features of every character of ``text`` (one sentence or chunk).

    Args:
        text: The sentence; any Unicode.
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
        ["c-2c-1=" + chars[p : p + 2] for p in range(0, size)],
        ["c1c2=" + chars[p : p + 2] for p in range(3, size + 3)],
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
    for i, place in enumerate(_places(chars[2 : size + 2], lex.places)):
        if place is not None:
            out[i].append("gz=" + place)
    return out
