"""Character features for the CRF entity recognizer.

Every character of a sentence becomes a list of string features (crfsuite's binary
attributes): the character, its neighbours one and two away, the four bigrams of that
window (c-2c-1, c-1c0, c0c1, c1c2), the character classes around it, its position in
its jieba word (``B``/``M``/``E``/``S`` and the word's length; dictionary only,
``HMM=False``), the word's part of speech in jieba's dictionary when that is a
proper-noun tag, the word itself, lexicon flags (surname, organization and place
endings), how far ahead the next word ending in an organization suffix ends, its place
in a run of transliteration characters (foreign names and places) and its place in a
name of the place gazetteer (``data/places.txt``).

Text is normalized character by character (full-width ASCII to half-width, digits to
``0``, Latin to lower case), so offsets never move. Segmentation is jieba's (dictionary
only), done by a private rjieba instance or table: words other code adds to jieba's
shared dictionary cannot change what the model sees (:mod:`kg.ner.segment`).

Two forms of the same features:

- :func:`sentence_features`, the names, for training: columns of names built at C speed
  (``map``/``operator.add``, as UTF-8 ``bytes`` in :func:`encoded_features`);
- :class:`FeatureIds`, the ids of a trained model's features (:class:`Vocabulary`),
  for tagging through crfsuite's C API (:mod:`kg.ner.native`): no names are built; the
  character templates are looked up by numpy in arrays indexed by code point, the rest
  in dictionaries.

``tests/ner`` holds both to the per-character code the model was trained with.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, count, repeat
from typing import TypeVar

import ahocorasick
import jieba
import numpy as np

from kg.ner.segment import segment, words_of
from kg.resources import lines as resource_lines

__all__ = [
    "FeatureIds",
    "Names",
    "Vocabulary",
    "automaton",
    "data_lines",
    "encoded_features",
    "fold",
    "gazetteer_places",
    "normalize",
    "segment",
    "sentence_features",
    "transliteration_chars",
    "word_tags",
]

_PAD_LEFT = "\x02\x02"
_PAD_RIGHT = "\x03\x03"


class _Utf8(dict[str, bytes]):
    """Characters (and short strings) to their UTF-8 bytes, encoded once each."""

    def __missing__(self, key: str) -> bytes:
        value = self[key] = key.encode("utf-8")
        return value


_UTF8 = _Utf8()
_ADD = operator.add
_LENGTHS = tuple(str(n).encode() for n in range(6))
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


def _as_list(table: dict[int, int]) -> list[int]:
    """Return ``table`` as a list over the BMP: ``str.translate`` reads it twice as fast."""
    return [table.get(code, code) for code in range(0x10000)]


_WIDTH = _as_list(_width_table())
_FOLD = _as_list(_fold_table())


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


def data_lines(name: str) -> frozenset[str]:
    """Return the entries of a one-entry-a-line file in ``kg/ner/data``."""
    text = resources.files("kg.ner").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    entries = (raw.split("#", 1)[0].strip() for raw in text.splitlines())
    return frozenset(entry for entry in entries if entry)


def transliteration_chars() -> frozenset[str]:
    """Return the characters that write foreign names (``data/translit_chars.txt``).

    Examples:
        >>> set("基里延科") <= transliteration_chars()
        True
    """
    return _lexicon().translit


@lru_cache(maxsize=1)
def gazetteer_places() -> frozenset[str]:
    """Return the names of the place gazetteer (``kg/ner/data/places.txt``).

    Examples:
        >>> {"平壤", "称多县", "银川"} <= gazetteer_places()
        True
    """
    return data_lines("places.txt")


class _Lexicon:
    """Lexicon sets used by the flags, loaded once, with the patterns that find them."""

    def __init__(self) -> None:
        surnames = frozenset(resource_lines("surnames.txt"))
        self.surname1 = frozenset(s for s in surnames if len(s) == 1)
        self.surname2 = frozenset(s for s in surnames if len(s) == 2)
        self.org = data_lines("org_suffixes.txt")
        self.loc = data_lines("loc_suffixes.txt")
        self.translit = frozenset("".join(data_lines("translit_chars.txt")))
        self.tags = word_tags()
        self.places = Names(gazetteer_places())
        # Flags of one character (sn, os, ls), and patterns that find the characters
        # and two-character surnames in a sentence at C speed.
        flags: dict[str, tuple[bytes, ...]] = {}
        for char in self.surname1 | {s for s in self.org | self.loc if len(s) == 1}:
            flags[char] = tuple(
                name
                for name, found in (
                    (b"sn", char in self.surname1),
                    (b"os", char in self.org),
                    (b"ls", char in self.loc),
                )
                if found
            )
        self.char_flags = flags
        self.flagged = _char_class(flags)
        self.surname1_re = _char_class(self.surname1)
        self.surname2_re = re.compile(
            "(?=(" + "|".join(map(re.escape, sorted(self.surname2))) + "))"
        )
        self.translit_re = re.compile(_char_class(self.translit).pattern + "{2,}")
        # Per word: the features its characters inherit, and whether it ends in an
        # organization suffix (部, 委员会 ...).
        self.words = _PerWord(lambda word: _features_of_word(word, self))
        self.org_ends = _PerWord(lambda word: word[-1] in self.org or word[-2:] in self.org)


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """Return a pattern matching any one of ``chars``."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class Names:
    """A fixed list of names (two characters or more), found leftmost-longest in text.

    At each position after the last match the longest listed name starting there
    matches, as an Aho-Corasick automaton's ``iter_long`` does; the candidates are
    the positions whose two characters open a name, found at C speed, so a sentence
    costs about half of what the automaton's scan does.

    Args:
        names: The names; entries shorter than two characters are left out.

    Examples:
        >>> Names(["平壤", "平壤市", "银川"]).find("从平壤市到银川")
        [(1, 4), (5, 7)]
    """

    __slots__ = ("_heads", "_names")

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(name for name in names if len(name) > 1)
        heads: dict[str, int] = {}
        for name in self._names:
            heads[name[:2]] = max(heads.get(name[:2], 0), len(name))
        self._heads = heads  # the first two characters -> the longest name they open

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def find(self, text: str) -> list[tuple[int, int]]:
        """Return ``(start, end)`` of the leftmost-longest, non-overlapping matches."""
        heads, names = self._heads, self._names
        out: list[tuple[int, int]] = []
        last = 0
        size = len(text)
        for i in compress(count(), map(heads.__contains__, map(_ADD, text, text[1:]))):
            if i < last:
                continue
            for end in range(min(i + heads[text[i : i + 2]], size), i + 1, -1):
                if text[i:end] in names:
                    out.append((i, end))
                    last = end
                    break
        return out


def automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    """Return an Aho-Corasick automaton of ``words``, each with its length as value.

    ``automaton.iter_long(text)`` then yields ``(last index, length)`` of the leftmost
    longest matches. Fast for lists of hundreds of names; for thousands (the place
    gazetteer) :class:`Names` is faster.
    """
    machine = ahocorasick.Automaton()
    for word in words:
        machine.add_word(word, len(word))
    machine.make_automaton()
    return machine


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


@lru_cache(maxsize=1)
def _type_table() -> list[str]:
    """Return :func:`_char_type` of every BMP character, indexed by code point."""
    return [_char_type(chr(code)) for code in range(0x10000)]


def _types(chars: str) -> str:
    """Return the one-letter class of every character of ``chars``."""
    types = chars.translate(_type_table())
    if types.isascii():
        return types
    return "".join(map(_char_type, chars))  # characters beyond the BMP


_WORD_CACHE = 100_000  # words whose features are kept (cleared when full)
_V = TypeVar("_V")


class _PerWord(dict[str, _V]):
    """A value computed once a word (``compute(word)``), the cache cleared when full."""

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> _V:
        if len(self) >= _WORD_CACHE:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def _word_features(words: Iterable[str], lex: _Lexicon) -> list[tuple[bytes, ...]]:
    """Return, for every character, the features it inherits from its word."""
    return list(chain.from_iterable(map(lex.words.__getitem__, words)))


def _features_of_word(word: str, lex: _Lexicon) -> tuple[tuple[bytes, ...], ...]:
    """Return the word features of each character of one word."""
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
        rows = [("sg=S", "wt=S" + tag, *extra)]
    else:
        length = "4" if size > 4 else str(size)
        rows = []
        for k in range(size):
            pos = "B" if k == 0 else ("E" if k == size - 1 else "M")
            rows.append(("sg=" + pos + length, "wt=" + pos + tag, *extra))
    return tuple(tuple(f.encode("utf-8") for f in row) for row in rows)


_AHEAD_BUCKETS = ("0", "1", "2", "3", "5", "5", "9", "9", "9", "9", "9")
_AHEAD = tuple(("oa=" + bucket).encode() for bucket in _AHEAD_BUCKETS)
_BREAKS = frozenset("ps")


def _org_ahead(words: Iterable[str], types: str, lex: _Lexicon) -> list[tuple[int, bytes]]:
    """Return ``(index, feature)`` for characters with an organization word just ahead.

    The distance (bucketed 0, 1, 2, 3, 5 = 4-5, 9 = 6-10) runs to the last character of
    the nearest word ending in an organization suffix (部, 委员会 ...), without crossing
    punctuation or spaces; characters with none within ten characters get nothing. It
    lets the CRF see that 国家发展和改革委员会 is coming while it is still at 国.

    Args:
        words: The segmentation of the sentence.
        types: Character classes of the sentence, padded by two on each side.
        lex: The lexicon (its organization suffixes).
    """
    out: list[tuple[int, bytes]] = []
    previous = -1
    ends = accumulate(map(len, words))
    for end in compress(ends, map(lex.org_ends.__getitem__, words)):
        end -= 1
        # Characters after the previous end see that one first.
        for i in range(end, max(previous, end - 11), -1):
            if types[i + 2] in _BREAKS:
                break
            out.append((i, _AHEAD[end - i]))
        previous = end
    return out


def _translit_runs(chars: str, lex: _Lexicon) -> list[tuple[int, bytes]]:
    """Return ``(index, feature)`` for characters in a run of transliteration characters.

    ``tr=B3``, ``tr=M3``, ``tr=E3`` ... (position and run length, capped at 5) for runs
    of two or more characters of ``translit_chars.txt`` (基里延科, 杜塞尔多夫). Foreign
    names and places are mostly such runs, and a ±1 character window alone cannot see
    how long the run is.

    Args:
        chars: The folded sentence, unpadded.
        lex: The lexicon (its transliteration pattern).
    """
    out: list[tuple[int, bytes]] = []
    for match in lex.translit_re.finditer(chars):
        start, end = match.span()
        size = str(min(end - start, 5)).encode()
        out.append((start, b"tr=B" + size))
        out.extend((k, b"tr=M" + size) for k in range(start + 1, end - 1))
        out.append((end - 1, b"tr=E" + size))
    return out


def _places(chars: str, lex: _Lexicon) -> list[tuple[int, bytes]]:
    """Return ``(index, feature)`` for characters inside a gazetteer place name.

    ``gz=B3``, ``gz=M3``, ``gz=E3`` ... (position and name length, capped at 4) for the
    leftmost longest matches of ``kg/ner/data/places.txt`` (平壤, 称多县, 西宁): jieba's
    dictionary tags many places as common nouns or names (平壤/n, 银川/n, 莫斯科/nr).

    Args:
        chars: The folded sentence, unpadded.
        lex: The lexicon (its place names).
    """
    out: list[tuple[int, bytes]] = []
    for start, end in lex.places.find(chars):
        length = _LENGTHS[min(end - start, 4)]
        out.append((start, b"gz=B" + length))
        out.extend((k, b"gz=M" + length) for k in range(start + 1, end - 1))
        out.append((end - 1, b"gz=E" + length))
    return out


def sentence_features(
    text: str, keep: frozenset[str] | None = None, banned: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Return the features of every character of ``text`` (one sentence or chunk).

    The features of a character are a set: their order in its list carries no meaning.

    Args:
        text: The sentence; any Unicode.
        keep: If given, only features in it are returned (those a model knows).
        banned: Words the segmentation must not use (see :func:`segment`); training
            passes names here so that the model learns names jieba does not know.

    Returns:
        One list of feature strings per character of ``text``.
    """
    out = [[f.decode("utf-8") for f in row] for row in encoded_features(text, banned=banned)]
    if keep is not None:
        return [[f for f in feats if f in keep] for feats in out]
    return out


def encoded_features(text: str, banned: frozenset[str] = frozenset()) -> list[list[bytes]]:
    """Return :func:`sentence_features` of ``text`` as UTF-8 ``bytes``.

    Args:
        text: The sentence; any Unicode.
        banned: Words the segmentation must not use (see :func:`segment`).
    """
    if not text:
        return []
    lex = _lexicon()
    size = len(text)
    body = fold(text)
    chars = _PAD_LEFT + body + _PAD_RIGHT
    types = _types(chars)
    words = segment(normalize(text), banned) if banned else list(words_of(normalize(text)))
    utf8 = _UTF8.__getitem__
    encoded = list(map(utf8, chars))
    pairs = list(map(_ADD, encoded[1 : size + 2], encoded[2 : size + 3]))
    pairs2 = list(map(_ADD, encoded[0 : size + 3], encoded[1 : size + 4]))
    type_bytes = list(map(utf8, types))
    type_pairs = map(_ADD, type_bytes[1 : size + 1], type_bytes[2 : size + 2])
    type_triples = map(_ADD, type_pairs, type_bytes[3 : size + 3])
    # Built column by column (the prefix joined to each value in C), then per character.
    out = [
        [c0, cm1, c1, cm2, c2, bl, br, bll, brr, ty, *wfeats]
        for c0, cm1, c1, cm2, c2, bl, br, bll, brr, ty, wfeats in zip(
            map(_ADD, repeat(b"c0=", size), encoded[2 : size + 2]),
            map(_ADD, repeat(b"c-1=", size), encoded[1 : size + 1]),
            map(_ADD, repeat(b"c1=", size), encoded[3 : size + 3]),
            map(_ADD, repeat(b"c-2=", size), encoded[0:size]),
            map(_ADD, repeat(b"c2=", size), encoded[4 : size + 4]),
            map(_ADD, repeat(b"c-1c0=", size), pairs[0:size]),
            map(_ADD, repeat(b"c0c1=", size), pairs[1 : size + 1]),
            map(_ADD, repeat(b"c-2c-1=", size), pairs2[0:size]),
            map(_ADD, repeat(b"c1c2=", size), pairs2[3 : size + 3]),
            map(_ADD, repeat(b"t=", size), type_triples),
            _word_features(words, lex),
            strict=True,
        )
    ]
    for i, feature in _sparse_features(body, types, words, lex):
        out[i].append(feature)
    return out


def _sparse_features(
    body: str, types: str, words: list[str], lex: _Lexicon
) -> list[tuple[int, bytes]]:
    """Return ``(index, feature)`` for the features only some characters have.

    Lexicon flags (surname, organization and place endings), surnames before a Han
    character, two-character surnames, organization words ahead, transliteration runs
    and gazetteer places.
    """
    out: list[tuple[int, bytes]] = []
    char_flags = lex.char_flags
    for match in lex.flagged.finditer(body):
        i = match.start()
        out.extend((i, flag) for flag in char_flags[match.group()])
    for match in lex.surname1_re.finditer(body, 0, len(body) - 2):
        i = match.start() + 2
        if types[i + 1] == "h":
            out.append((i, b"sn-2"))
    out.extend((match.start(), b"sn2") for match in lex.surname2_re.finditer(body))
    out += _org_ahead(words, types, lex)
    out += _translit_runs(body, lex)
    out += _places(body, lex)
    return out


# The character templates, one feature each per character: the character and its
# neighbours (their offsets), the four bigrams of the window (the offset of their first
# character) and the classes of c-1 c0 c1.
_CHAR_TEMPLATES = (("c0=", 0), ("c-1=", -1), ("c1=", 1), ("c-2=", -2), ("c2=", 2))
_BIGRAM_TEMPLATES = (("c-1c0=", -1), ("c0c1=", 0), ("c-2c-1=", -2), ("c1c2=", 1))
_CLASSES = "dlnhspo"  # the letters of _char_type
_BMP = 0x10000


def _pair_keys(codes: np.ndarray) -> np.ndarray:
    """Return one integer per pair of neighbouring code points: ``first << 21 | second``."""
    wide = codes.astype(np.uint64)
    keys: np.ndarray = (wide[:-1] << np.uint64(21)) | wide[1:]
    return keys


class Vocabulary:
    """The features a model knows, by id, kept the way :class:`FeatureIds` looks them up.

    The character templates are arrays indexed by code point; the bigrams any bigram
    template knows are a sorted array of code-point pairs, with the feature of each
    template for each; the class triples are an array indexed by the three classes:
    a sentence's character features are found by numpy, not one by one.

    Args:
        attributes: The feature names; a feature's id is its index. Id
            ``len(attributes)`` (:attr:`unknown`) stands for any other feature.
    """

    def __init__(self, attributes: Sequence[str]) -> None:
        unknown = self.unknown = len(attributes)
        # The other features (word, lexicon, gazetteer …), by their UTF-8 names.
        self.ids: dict[bytes, int] = {}
        chars = {prefix: k for k, (prefix, _) in enumerate(_CHAR_TEMPLATES)}
        bigrams = {prefix: k for k, (prefix, _) in enumerate(_BIGRAM_TEMPLATES)}
        singles: list[tuple[int, int, int]] = []  # (template, code point, id)
        pairs: dict[int, list[int]] = {}  # pair key -> feature of each bigram template
        self.triples = np.full(len(_CLASSES) ** 3, unknown, np.int32)
        for i, name in enumerate(attributes):
            prefix, equals, value = name.partition("=")
            prefix += equals
            if prefix in chars and len(value) == 1:
                singles.append((chars[prefix], ord(value), i))
            elif prefix in bigrams and len(value) == 2:
                key = (ord(value[0]) << 21) | ord(value[1])
                pairs.setdefault(key, [unknown] * len(_BIGRAM_TEMPLATES))[bigrams[prefix]] = i
            elif prefix == "t=" and len(value) == 3 and set(value) <= set(_CLASSES):
                a, b, c = map(_CLASSES.index, value)
                self.triples[(a * len(_CLASSES) + b) * len(_CLASSES) + c] = i
            else:
                self.ids[name.encode("utf-8")] = i
        # Code points beyond the BMP the model knows get the rows after the BMP's.
        astral = sorted({code for _, code, _ in singles if code >= _BMP})
        self._astral = {code: _BMP + k for k, code in enumerate(astral)}
        self.chars = np.full((len(_CHAR_TEMPLATES), _BMP + len(astral) + 1), unknown, np.int32)
        for k, code, i in singles:
            self.chars[k, self._astral.get(code, code)] = i
        keys = sorted(pairs)
        self.pair_keys = np.array(keys, np.uint64)
        # (templates, pairs + 1): the last column is for a pair no template knows.
        self.pairs = np.array(
            [*(pairs[key] for key in keys), [unknown] * len(_BIGRAM_TEMPLATES)], np.int32
        ).T.copy()
        self._class_codes = np.zeros(128, np.int64)
        for k, letter in enumerate(_CLASSES):
            self._class_codes[ord(letter)] = k
        self.words = _PerWord(self._word_ids)

    def _word_ids(self, word: str) -> tuple[tuple[int, ...], ...]:
        get = self.ids.get
        return tuple(
            tuple(i for i in map(get, row) if i is not None) for row in _lexicon().words[word]
        )

    def _rows(self, codes: np.ndarray) -> np.ndarray:
        """Return the row of :attr:`chars` of every code point."""
        if codes.size and codes.max() >= _BMP:
            other = _BMP + len(self._astral)
            codes = codes.astype(np.int64)
            for i in np.flatnonzero(codes >= _BMP).tolist():
                codes[i] = self._astral.get(int(codes[i]), other)
        return codes

    def _pairs(self, codes: np.ndarray) -> np.ndarray:
        """Return the index in :attr:`pair_keys` of every pair of neighbouring code points.

        A pair no template knows gets ``len(pair_keys)``, the all-unknown column.
        """
        keys = _pair_keys(codes)
        found = np.searchsorted(self.pair_keys, keys)
        known = self.pair_keys.size
        if not known:
            return found
        hit = self.pair_keys[np.minimum(found, known - 1)] == keys
        index: np.ndarray = np.where(hit, found, known)
        return index

    def column_ids(self, padded: str, classes: str, at: np.ndarray) -> np.ndarray:
        """Return the ids of the character-template features of the characters ``at``.

        Args:
            padded: Folded sentences, each with two pad characters on either side.
            classes: The class letter of every character of ``padded``.
            at: The indexes in ``padded`` of the sentences' own characters.

        Returns:
            ``(10, len(at))`` int32 ids: the character, character bigram and class
            triple templates, in the order of :data:`_CHAR_TEMPLATES`,
            :data:`_BIGRAM_TEMPLATES` and ``t=``.
        """
        codes = np.frombuffer(padded.encode("utf-32-le"), np.uint32)
        rows = self._rows(codes)
        out = np.empty((len(_CHAR_TEMPLATES) + len(_BIGRAM_TEMPLATES) + 1, at.size), np.int32)
        for k, (_, shift) in enumerate(_CHAR_TEMPLATES):
            out[k] = self.chars[k, rows[at + shift]]
        pairs = self._pairs(codes)  # pairs[j]: the pair of characters j and j + 1
        for k, (_, shift) in enumerate(_BIGRAM_TEMPLATES):
            out[len(_CHAR_TEMPLATES) + k] = self.pairs[k, pairs[at + shift]]
        letters = self._class_codes[np.frombuffer(classes.encode("ascii"), np.uint8)]
        size = len(_CLASSES)
        out[-1] = self.triples[(letters[at - 1] * size + letters[at]) * size + letters[at + 1]]
        return out


class FeatureIds:
    """The features of a run of sentences as feature ids (see :func:`kg.ner.native.pack`).

    :meth:`add` puts the features of one sentence after those already added; they are
    the features of :func:`encoded_features`, looked up without building their names.

    Args:
        vocabulary: The features the model knows.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._padded: list[str] = []
        self._classes: list[str] = []
        self.counts = array("i")
        self.ids = array("i")
        self.at = array("i")
        self.extra = array("i")
        self.lengths = array("i")
        self.size = 0

    def add(self, text: str) -> None:
        """Add the features of one sentence (or chunk) ``text``."""
        lex = _lexicon()
        vocabulary = self.vocabulary
        body = fold(text)
        chars = _PAD_LEFT + body + _PAD_RIGHT
        types = _types(chars)
        words = list(words_of(normalize(text)))
        self._padded.append(chars)
        self._classes.append(types)
        rows = list(chain.from_iterable(map(vocabulary.words.__getitem__, words)))
        self.counts.extend(map(len, rows))
        self.ids.extend(chain.from_iterable(rows))
        get = vocabulary.ids.get
        base = self.size
        for i, feature in _sparse_features(body, types, words, lex):
            found = get(feature)
            if found is not None:
                self.at.append(base + i)
                self.extra.append(found)
        self.lengths.append(len(text))
        self.size += len(text)

    def arrays(
        self,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(columns, counts, ids, at, extra, lengths)`` as int32 arrays."""
        lengths = np.frombuffer(self.lengths, np.int32)
        pads = len(_PAD_LEFT) + len(_PAD_RIGHT)
        # Index in the padded run of every character: its index plus the pads before it.
        at = (
            np.arange(self.size)
            + len(_PAD_LEFT)
            + pads * np.repeat(np.arange(lengths.size), lengths)
        )
        padded, classes = "".join(self._padded), "".join(self._classes)
        columns = self.vocabulary.column_ids(padded, classes, at)
        def ints(values: array[int]) -> np.ndarray:
            return np.frombuffer(values, np.int32)

        return columns, ints(self.counts), ints(self.ids), ints(self.at), ints(self.extra), lengths
