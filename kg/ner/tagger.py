"""Run a trained crfsuite model over arbitrary text and return :class:`Span` objects.

Text is cut into chunks (sentences, then at most :data:`MAX_CHUNK` characters) so that
long inputs stay fast and offsets are kept relative to the whole text. The decoded
spans then go through the output rules of :mod:`kg.ner.rules`. A span's confidence is
the smallest CRF marginal probability of its characters' labels; for a span one of the
:data:`kg.ner.rules.OUTPUT_RULES` made or moved, of the labels the span gives them
(``B-ORG``, ``I-ORG`` …, in the model's tagging scheme): the model's own belief in it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from itertools import compress, count
from pathlib import Path

import pycrfsuite

from kg.ner.corpus import span_tags
from kg.ner.features import encoded_features
from kg.ner.rules import OUTPUT_RULES, merge_place_organization, trim_person_affixes
from kg.records import Span

__all__ = [
    "MAX_CHUNK",
    "Recognizer",
    "attributes_path",
    "chunks",
    "decode",
    "read_attributes",
    "write_attributes",
]

MAX_CHUNK = 250
TYPES = frozenset({"PER", "ORG", "LOC"})
_SENTENCE = re.compile(r"[^。！？!?；;\n\r]*(?:[。！？!?；;]+[”’」』）)]*|[\n\r]+|$)")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


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


def attributes_path(model: str | Path) -> Path:
    """Return where the attribute list of a model file is kept (``X.attributes.json``)."""
    return Path(model).with_suffix(".attributes.json")


def write_attributes(model: str | Path) -> Path:
    """Write the attributes (feature names) a model knows, keyed by the model's hash.

    :meth:`pycrfsuite.Tagger.info` takes seconds, so this is done once, at training
    time; the recognizer then drops unknown features before handing them to crfsuite,
    which saves a third of the tagging time.

    Args:
        model: Path of a ``.crfsuite`` model file.

    Returns:
        The path written.
    """
    data = Path(model).read_bytes()
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(data)
    names = sorted(tagger.info().attributes)
    out = attributes_path(model)
    record = {"model_sha256": hashlib.sha256(data).hexdigest(), "attributes": names}
    out.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out


def read_attributes(text: str, model: bytes) -> frozenset[str] | None:
    """Return the attributes of an attribute file if it belongs to ``model``, else None."""
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if record.get("model_sha256") != hashlib.sha256(model).hexdigest():
        return None
    return frozenset(record.get("attributes", ()))


class Recognizer:
    """A crfsuite model and the code to apply it; safe to share between threads.

    Each thread gets its own :class:`pycrfsuite.Tagger`, opened from the model bytes
    held in memory (so the model may come from a zip or a deleted file).

    Args:
        model: Path of a ``.crfsuite`` model file, or the model's bytes.
        attributes: The feature names the model knows (see :func:`write_attributes`);
            others are dropped before tagging. Read from beside a model path when
            omitted; None when unknown (nothing is dropped, results are the same).
    """

    def __init__(self, model: str | Path | bytes, attributes: frozenset[str] | None = None) -> None:
        self._bytes = model if isinstance(model, bytes) else Path(model).read_bytes()
        if attributes is None and not isinstance(model, bytes):
            sidecar = attributes_path(model)
            if sidecar.exists():
                attributes = read_attributes(sidecar.read_text(encoding="utf-8"), self._bytes)
        self._known = None if attributes is None else frozenset(a.encode() for a in attributes)
        self._local = threading.local()
        self._scheme: str | None = None

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger: pycrfsuite.Tagger | None = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._bytes)
            self._local.tagger = tagger
        return tagger

    @property
    def scheme(self) -> str:
        """The model's tagging scheme: ``"bioes"`` when it knows ``S-``/``E-`` labels."""
        if self._scheme is None:
            labels = self._tagger().labels()
            self._scheme = "bioes" if any(x[:2] in ("S-", "E-") for x in labels) else "bio"
        return self._scheme

    def _tag_chunk(self, offset: int, piece: str) -> list[Span]:
        tagger = self._tagger()
        tagger.set(encoded_features(piece, self._known))
        tags = tagger.tag()
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
                confidence = min(map(tagger.marginal, tags[start:end], range(start, end)))
            else:  # an output rule made it: the model's own belief in its labels
                labels = span_tags(start, end, label, self.scheme)
                confidence = min(map(tagger.marginal, labels, range(start, end)))
            out.append(Span(offset + start, offset + end, label, text, round(confidence, 4)))
        return out

    def recognize(self, text: str) -> list[Span]:
        """Return the PER, ORG and LOC spans of ``text`` in order of position.

        Args:
            text: Any string; never raises on odd input.
        """
        if not isinstance(text, str) or not text:
            return []
        out: list[Span] = []
        for offset, piece in chunks(text):
            out.extend(self._tag_chunk(offset, piece))
        return out

    def tag_sentence(self, sentence: str) -> list[str]:
        """Return the raw label of every character of one sentence (no chunking)."""
        if not sentence:
            return []
        tagger = self._tagger()
        tagger.set(encoded_features(sentence, self._known))
        return list(tagger.tag())
