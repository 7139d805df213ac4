"""Places: China's administrative divisions, full or short (内蒙古, 呼和浩特市)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.extract.lexicon import Division, place_matcher
from kg.records import Mention
from kg.registry import registry

__all__ = ["places"]

NAME = "kg.places.v1"


@registry.extractor(NAME, order=20)
def places(doc: Doc) -> Iterator[Mention]:
    """Find division names; a short name must be a whole token (呼和浩特, not 包头 in 包头发)."""
    text = doc.text
    for start, end, key, value in place_matcher().longest(text):
        assert isinstance(value, Division)
        whole = key == value.name
        if not whole and (start not in doc.boundaries or end not in doc.boundaries):
            continue
        confidence = 0.95 if whole else 0.8
        yield Mention("place", key, start, end, value.name, confidence, NAME, value.level)
