"""The shipped sequence model's spans of an article, computed once and shared.

The people rules ask the model for a second opinion on their weakest guesses (a word
before 表示 that jieba's dictionary also knows as a noun), and ``kg.recognizer.v1`` adds
what the model finds where rules are silent. Both read the same spans.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from kg.extract.doc import Doc

if TYPE_CHECKING:
    from kg.ner import Span

__all__ = ["available", "model_spans"]


@lru_cache(maxsize=1)
def available() -> bool:
    """True when the package ships a trained model."""
    try:
        return resources.files("kg.ner").joinpath("model.crfsuite").is_file()
    except (ModuleNotFoundError, FileNotFoundError):
        return False


def model_spans(doc: Doc) -> list[Span]:
    """The model's PER/ORG/LOC spans of the article body (empty without a model)."""
    cached = doc.cache.get("model_spans")
    if isinstance(cached, list):
        return cached
    spans: list[Span] = []
    if available() and doc.text:
        from kg.ner import recognize

        spans = recognize(doc.text)
    doc.cache["model_spans"] = spans
    return spans
