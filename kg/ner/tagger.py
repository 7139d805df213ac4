"""Run a trained crfsuite model over arbitrary text and return :class:`Span` objects.

Text is cut into chunks (sentences, then at most :data:`MAX_CHUNK` characters) so that
long inputs stay fast and offsets are kept relative to the whole text. The decoded
spans then go through the output rules of :mod:`kg.ner.rules`. A span's confidence is
the smallest CRF marginal probability of its characters' labels; for a span one of the
:data:`kg.ner.rules.OUTPUT_RULES` made or moved, of the labels the span gives them
(``B-ORG``, ``I-ORG`` …, in the model's tagging scheme): the model's own belief in it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from itertools import compress, count
from pathlib import Path

import numpy as np
import pycrfsuite

from kg.ner import native
from kg.ner.corpus import span_tags
from kg.ner.features import FeatureIds, Vocabulary, encoded_features
from kg.ner.rules import OUTPUT_RULES, merge_place_organization, trim_person_affixes
from kg.records import Span

__all__ = [
    "BATCH_CHARS",
    "MAX_CHUNK",
    "Recognizer",
    "chunks",
    "decode",
]

MAX_CHUNK = 250
# The most characters packed for crfsuite at once (~200 bytes a character).
BATCH_CHARS = 20_000
TYPES = frozenset({"PER", "ORG", "LOC"})
_SENTENCE = re.compile(r"[^。！？!?；;\n\r]*(?:[。！？!?；;]+[”’」』）)]*|[\n\r]+|$)")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")
Marginal = Callable[[str, int], float]  # (label, position) -> probability


def chunks(text: str, limit: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, chunk)`` pieces of ``text``: sentences of at most ``limit`` chars.

    A long sentence is cut after the last comma or space before ``limit`` when there is
    one, else at ``limit``. Pieces holding only whitespace are skipped.

    Args:
        text: Any string.
        limit: The longest piece.
    """
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end:
            stop = min(end, start + limit)
            if stop < end:
                soft = [m.end() for m in _SOFT_BREAK.finditer(text, start + limit // 2, stop)]
                stop = soft[-1] if soft else stop
            piece = text[start:stop]
            if piece.strip():
                yield start, piece
            start = stop


def _batches(pieces: list[str], limit: int) -> Iterator[list[str]]:
    """Yield runs of consecutive pieces of at most ``limit`` characters (or one piece)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece) > limit:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield batch


def decode(tags: list[str]) -> list[tuple[int, int, str]]:
    """Return ``(start, end, type)`` spans from BIO or BIOES tags.

    ``B-`` opens a span that ``I-`` continues and ``E-`` closes; ``S-`` is a span of
    one character; a stray ``I-`` or ``E-`` opens a span.
    """
    out: list[tuple[int, int, str]] = []
    size = len(tags)
    j = 0  # the first tag no span has taken
    for i in compress(count(), map("O".__ne__, tags)):
        tag = tags[i]
        label = tag[2:]
        if i < j or label not in TYPES:
            continue
        j = i + 1
        if tag[0] in "BI":
            inside, last = "I-" + label, "E-" + label
            while j < size and tags[j] in (inside, last):
                j += 1
                if tags[j - 1] == last:
                    break
        out.append((i, j, label))
    return out


class Recognizer:
    """A crfsuite model and the code to apply it; safe to share between threads.

    Features go to crfsuite as ids through its C API (:mod:`kg.ner.native`); where
    python-crfsuite does not export that API, as names through :mod:`pycrfsuite`.
    Both give crfsuite's labels and marginals.

    Args:
        model: Path of a ``.crfsuite`` model file, or the model's bytes.
    """

    def __init__(self, model: str | Path | bytes) -> None:
        self._bytes = model if isinstance(model, bytes) else Path(model).read_bytes()
        self._local = threading.local()
        self._native: native.Model | None = None
        self._vocabulary: Vocabulary | None = None
        if native.available():
            self._native = native.Model(self._bytes)
            self._vocabulary = Vocabulary(self._native.attributes())
            self.labels: tuple[str, ...] = self._native.labels
        else:
            self.labels = tuple(self._pycrfsuite().labels())
        self._label_ids = {label: i for i, label in enumerate(self.labels)}

    @property
    def scheme(self) -> str:
        """The model's tagging scheme: ``"bioes"`` when it knows ``S-``/``E-`` labels."""
        return "bioes" if any(x[:2] in ("S-", "E-") for x in self.labels) else "bio"

    def _pycrfsuite(self) -> pycrfsuite.Tagger:
        tagger: pycrfsuite.Tagger | None = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._bytes)
            self._local.tagger = tagger
        return tagger

    def _sequences(self, pieces: list[str]) -> Iterator[tuple[list[str], Marginal]]:
        """Yield the Viterbi labels of each piece with its marginals.

        The marginal function of a piece, ``(label, position) -> probability``, holds
        until the next piece is yielded.
        """
        if self._native is None or self._vocabulary is None:
            tagger = self._pycrfsuite()
            for piece in pieces:
                tagger.set(encoded_features(piece))
                yield tagger.tag(), tagger.marginal
            return
        for batch in _batches(pieces, BATCH_CHARS):
            yield from self._native_sequences(batch)

    def _native_sequences(self, pieces: list[str]) -> Iterator[tuple[list[str], Marginal]]:
        """:meth:`_sequences` through crfsuite's C API, the pieces packed at once."""
        assert self._native is not None and self._vocabulary is not None
        features = FeatureIds(self._vocabulary)
        for piece in pieces:
            features.add(piece)
        packed = native.pack(*features.arrays(), unknown=self._vocabulary.unknown)
        ctagger = self._native.tagger()
        label_id = self._label_ids.__getitem__

        def marginal(label: str, position: int) -> float:
            return ctagger.marginal(label_id(label), position)

        names = self.labels.__getitem__
        out = np.zeros(features.size, np.intc)
        start = 0
        for size in packed.lengths:
            if size:
                ctagger.tag(packed, start, size, out)
            yield list(map(names, out[start : start + size].tolist())), marginal
            start += size

    def _spans(self, offset: int, piece: str, tags: list[str], marginal: Marginal) -> list[Span]:
        out = []
        decoded = trim_person_affixes(piece, merge_place_organization(decode(tags)))
        viterbi = set(decoded)
        spans = decoded
        for rule in OUTPUT_RULES:
            spans = rule(piece, spans)
        for start, end, label in spans:
            text = piece[start:end]
            if not text.strip():
                continue
            if (start, end, label) in viterbi:
                labels = tags[start:end]
            else:  # an output rule made it: the model's own belief in its labels
                labels = span_tags(start, end, label, self.scheme)
            confidence = min(map(marginal, labels, range(start, end)))
            out.append(Span(offset + start, offset + end, label, text, round(confidence, 4)))
        return out

    def recognize(self, text: str) -> list[Span]:
        """Return the PER, ORG and LOC spans of ``text`` in order of position.

        Args:
            text: Any string; never raises on odd input.
        """
        if not isinstance(text, str) or not text:
            return []
        pieces = list(chunks(text))
        out: list[Span] = []
        tagged = self._sequences([piece for _, piece in pieces])
        for (offset, piece), (tags, marginal) in zip(pieces, tagged, strict=True):
            out.extend(self._spans(offset, piece, tags, marginal))
        return out

    def tag_sentence(self, sentence: str) -> list[str]:
        """Return the raw label of every character of one sentence (no chunking)."""
        if not sentence:
            return []
        return next(self._sequences([sentence]))[0]
