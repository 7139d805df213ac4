"""Places: China's administrative divisions and places abroad.

Divisions full or short (内蒙古, 呼和浩特市); countries, their regions and major cities
(埃及, 莫斯科).
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.extract.lexicon import (
    COUNTRY_ABBREVIATIONS,
    Division,
    WorldPlace,
    place_matcher,
    world_place_matcher,
    world_places,
)
from kg.records import Mention
from kg.registry import registry

__all__ = ["country_of_abbreviation", "places"]

NAME = "kg.places.v1"

# Tags jieba gives a word used as a place name; a short county name tagged otherwise is
# a common word (合作 → 合作市, 共和 → 共和县) or part of a personal name (徐|白云).
_PLACE_TAGS = frozenset({"ns", "?"})
_SHORT_TAGS = frozenset({"ns", "nz", "j", "nr", "?"})  # 宁德 is tagged nr


@registry.extractor(NAME, order=20)
def places(doc: Doc) -> Iterator[Mention]:
    """Find place names on word boundaries; a short name must be a whole token used as a place."""
    text = doc.text
    found: list[tuple[int, int]] = []
    for start, end, key, value in place_matcher().longest(text):
        assert isinstance(value, Division)
        whole = key == value.name
        if not whole and not _short_form_is_place(doc, start, end, value):
            continue
        confidence = 0.95 if whole else 0.8
        found.append((start, end))
        yield Mention("place", key, start, end, value.name, confidence, NAME, value.level)
    for start, end, key, value in world_place_matcher().longest(text):
        assert isinstance(value, WorldPlace)
        if start not in doc.boundaries or end not in doc.boundaries:
            continue
        if any(s < end and start < e for s, e in found):
            continue
        yield Mention("place", key, start, end, value.canonical, 0.9, NAME, value.kind)


def _short_form_is_place(doc: Doc, start: int, end: int, division: Division) -> bool:
    if start not in doc.boundaries or end not in doc.boundaries:
        return False
    token = doc.tokens[doc.token_at(start)]
    if token.end != end:
        return True  # several tokens (呼和|浩特): jieba does not know it as one word
    if division.level == "county":
        return token.tag in _PLACE_TAGS
    return token.tag in _SHORT_TAGS


def country_of_abbreviation(doc: Doc, char: str) -> str | None:
    """The country a one-character form stands for in this article (俄 → 俄罗斯).

    News writes a country by its first character before a body or a title (俄国防部, 马参议院,
    巴外交部). Where that character opens several countries' names, the article decides: the
    one country it names in full that starts with it (马 in a story about 马达加斯加). A fixed
    form (美, 俄, 哈 …) gives way only to another country the article names while it does not
    name the fixed one.

    Args:
        doc: The article, with the place mentions of ``kg.places.v1`` found.
        char: The one-character form.

    Returns:
        The country's canonical name, or None when the form is unknown or ambiguous here.
    """
    places = world_places()
    named = {
        m.name for m in doc.mentions
        if m.kind == "place" and m.subtype == "country" and m.name.startswith(char)
        and m.name in places
    }
    fixed = COUNTRY_ABBREVIATIONS.get(char)
    if fixed is not None and (fixed in named or len(named) != 1):
        return fixed
    return next(iter(named)) if len(named) == 1 else None
