"""Statistical entity recognizer for Chinese news: persons, organizations and places.

A character-level linear-chain CRF (python-crfsuite) trained on People's Daily 1998
and CLUENER2020 (see ``MODEL.md`` beside this file), shipped as ``model.crfsuite`` and
loaded lazily, once per process, through :mod:`importlib.resources`. It runs on the
CPU and needs no network.

Examples:
    >>> [(s.text, s.type) for s in recognize("新华社记者王丹报道")]  # doctest: +SKIP
    [('新华社', 'ORG'), ('王丹', 'PER')]
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib import resources

from kg.ner.tagger import Recognizer
from kg.records import Span

__all__ = [
    "MODEL_FILE",
    "TYPES",
    "Span",
    "default_recognizer",
    "recognize",
    "recognize_batch",
]

MODEL_FILE = "model.crfsuite"
TYPES = ("PER", "ORG", "LOC")

_RECOGNIZER: Recognizer | None = None
_LOCK = threading.Lock()


def default_recognizer() -> Recognizer:
    """Return the recognizer of the shipped model, loading it on first use."""
    global _RECOGNIZER
    if _RECOGNIZER is None:
        with _LOCK:
            if _RECOGNIZER is None:
                data = resources.files(__name__).joinpath(MODEL_FILE).read_bytes()
                _RECOGNIZER = Recognizer(data)
    return _RECOGNIZER


def recognize(text: str) -> list[Span]:
    """Return the PER, ORG and LOC spans of ``text``, in order of position.

    Offsets index ``text`` (``text[span.start:span.end] == span.text``); the
    confidence is the smallest CRF marginal probability of the span's character
    labels (for the places of a pair such as 中美关系, labelled by a rule, the marginal
    of ``B-LOC``). Long texts are cut into sentences and chunks internally. Never raises on
    any string (empty, control characters, very long lines).

    Args:
        text: Any string.
    """
    return default_recognizer().recognize(text)


def recognize_batch(texts: Iterable[str]) -> list[list[Span]]:
    """Return :func:`recognize` of every text, in order."""
    recognizer = default_recognizer()
    return [recognizer.recognize(text) for text in texts]
