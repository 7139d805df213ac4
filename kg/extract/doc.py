"""The working view of one article that extractors share: tokens and what was found."""

from __future__ import annotations

import bisect
import logging
import warnings
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from kg.records import Article, Mention, Post, Relation

__all__ = ["Doc", "Token", "tokenize"]


@dataclass(frozen=True, slots=True)
class Token:
    """A jieba token with its dictionary part-of-speech tag (``?`` when unknown)."""

    text: str
    start: int
    end: int
    tag: str


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """Import jieba once, quietly (it warns about pkg_resources and logs its loading)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    tags: dict[str, str] = _jieba().posseg.dt.word_tag_tab
    return tags


def tokenize(text: str) -> list[Token]:
    """Segment ``text`` with jieba (HMM on) and tag tokens from jieba's dictionary.

    Tagging by dictionary lookup costs nothing beyond segmentation, unlike a full
    ``jieba.posseg`` pass; tokens jieba's HMM invented (mostly names) are tagged ``?``.
    """
    tags = _tags()
    out = []
    pos = 0
    for word in _jieba().cut(text):
        out.append(Token(word, pos, pos + len(word), tags.get(word, "?")))
        pos += len(word)
    return out


@dataclass
class Doc:
    """One article under extraction.

    Attributes:
        article: The article.
        mentions: Mentions found so far, by earlier extractors.
        posts: Posts found so far.
        relations: Relations found so far.
        cache: Values extractors compute once per article and share.
    """

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The article body (all offsets index it)."""
        return self.article.text

    @cached_property
    def tokens(self) -> list[Token]:
        """Jieba tokens of the body, computed once."""
        return tokenize(self.article.text)

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def boundaries(self) -> frozenset[int]:
        """Offsets where a token starts or ends."""
        return frozenset(self._starts) | {len(self.article.text)}

    def token_at(self, offset: int) -> int:
        """Return the index of the token containing ``offset``."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def of_kind(self, kind: str) -> list[Mention]:
        """Return the mentions of one kind found so far."""
        return [m for m in self.mentions if m.kind == kind]
