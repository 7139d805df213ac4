"""Organizations: known bodies from the lexicons, and names ending in an organization suffix.

Two passes over the article:

1. every form of a known body (central agencies, every province's party committee,
   government, congress …, the level-only forms 自治区党委 of the article's region);
2. every organization suffix (厅, 局, 委员会, 支队, 医院 …) ending a token, extended
   leftwards over the name-like tokens before it (自治区 / 应急 / 管理厅).

Candidates made only of generic words (医院党委, 该党支部, 实验室) are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from kg.extract.doc import Doc
from kg.extract.lexicon import (
    COUNTRY_ABBREVIATIONS,
    WorldPlace,
    national_matcher,
    place_matcher,
    regional_matcher,
    suffix_matcher,
    surnames,
    title_matcher,
    titles,
    world_place_matcher,
)
from kg.extract.spans import extend_left, generic_words, not_heads
from kg.records import Mention
from kg.registry import registry
from kg.resources import lines

__all__ = ["GOVERNMENT_SUFFIXES", "org_ending_at", "organization_mentions"]

NAME = "kg.organizations.v1"
_GOV_ENDINGS = ("厅", "局", "委员会", "政府", "党委", "人大", "常委会", "部", "署", "办",
                "办公室", "办公厅", "委", "党组", "纪委", "监委", "检察院", "法院", "党支部",
                "支部", "党总支", "工委", "团委", "管委会", "支队", "大队", "总队", "政协")
GOVERNMENT_SUFFIXES = tuple(sorted(_GOV_ENDINGS, key=len, reverse=True))
# Characters after which a name may end inside a jieba token (管委会|对).
_FOLLOWERS = frozenset("对在为的和与于将已是等向从经由把被及、，。；：（(“")
_NOUN_TAGS = frozenset({"n", "nt", "nz", "j", "?", "ns", "nr", "nrt", "ng", "l", "x", "eng"})


def _ends_cleanly(doc: Doc, end: int) -> bool:
    """True when a name may end at ``end``: a token boundary, a title (委|副主任), a particle."""
    if end in doc.boundaries or end >= len(doc.text) or doc.text[end] in _FOLLOWERS:
        return True
    return any(s == 0 for s, _, _, _ in title_matcher().find(doc.text[end:end + 8]))


def org_ending_at(doc: Doc, end: int, suffix_start: int) -> tuple[int, int] | None:
    """Return the span of the organization name ending at ``end``, if one does.

    Args:
        doc: The article.
        end: Where the name ends (just after its suffix).
        suffix_start: Where its suffix starts; the name must reach further left.
    """
    text = doc.text
    if doc.tokens:
        head = doc.tokens[doc.token_at(end - 1)]
        head_text = text[head.start:min(head.end, end)]
        if any(head_text.endswith(word) for word in not_heads()) or (
                end - suffix_start == 1 and head.tag not in _NOUN_TAGS):
            return None
        if head_text in titles():
            return None
    start = extend_left(doc, suffix_start, end, stop=_person_ends(doc))
    start = _after_known_body(text, start, suffix_start, end)
    name = text[start:end]
    if len(name) < 3 or name in generic_words() or name in _SUFFIXES():
        return None
    suffix = text[suffix_start:end]
    if suffix in _weak() and not _proper_opening(doc, start, end):
        return None
    return start, end


def _after_known_body(text: str, start: int, suffix_start: int, end: int) -> int:
    """中央纪委|国家监察委员会: two known bodies side by side are two names, not one."""
    matcher = national_matcher()
    for s, e, _, _ in matcher.find(text[start:suffix_start]):
        cut = start + e
        if s == 0 and cut < end and text[cut:end] in matcher:
            return cut
    return start


@lru_cache(maxsize=1)
def _weak() -> frozenset[str]:
    return frozenset(lines("weak_org_suffixes.txt"))


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    return lines("proper_openers.txt")


def _proper_opening(doc: Doc, start: int, end: int) -> bool:
    """True when a name opens with a place, a known body or a national word (中国, 国家)."""
    text = doc.text
    if text.startswith(_openers(), start):
        return True
    token = doc.tokens[doc.token_at(start)]
    if token.tag in ("ns", "nt", "nz"):
        return True
    return any(s == 0 and e < end - start
               for s, e, _, _ in place_matcher().find(text[start:end]))


_SUFFIX_CHARS = frozenset("厅局部委院办署所站馆队社会司处科组")


def _person_ends(doc: Doc) -> frozenset[int]:
    """Offsets where a person's name ends (an organization name cannot run through one)."""
    cached = doc.cache.get("person_ends")
    if not isinstance(cached, frozenset):
        family = surnames()
        cached = frozenset(t.end for t in doc.tokens
                           if t.tag in ("nr", "nrfg", "?") and 2 <= len(t.text) <= 3
                           and t.text[0] in family and t.text[-1] not in _SUFFIX_CHARS)
        doc.cache["person_ends"] = cached
    return cached


@lru_cache(maxsize=1)
def _SUFFIXES() -> frozenset[str]:
    return frozenset(lines("org_suffixes.txt"))


def organization_mentions(doc: Doc) -> list[Mention]:
    """Return the organization mentions of an article, overlaps resolved to the longest."""
    text = doc.text
    found: list[Mention] = []
    known = [*national_matcher().find(text), *regional_matcher(doc.article.region).find(text)]
    for start, end, key, canonical in known:
        if len(key) < 4 and (start not in doc.boundaries or not _ends_cleanly(doc, end)):
            continue  # a short form inside another word (国办 in 全国办理)
        found.append(Mention("organization", key, start, end, str(canonical), 0.95, NAME,
                             _subtype(str(canonical))))
    for start, end, key, _ in suffix_matcher().find(text):
        if not _ends_cleanly(doc, end):
            continue
        span = org_ending_at(doc, end, start)
        if span is None:
            continue
        s, e = span
        s, name = _with_country(doc, s, e)
        found.append(Mention("organization", text[s:e], s, e, name, 0.8, NAME,
                             _subtype(name)))
    for byline in doc.article.bylines:
        if byline.role == "contributor":
            name = text[byline.start:byline.end]
            found.append(Mention("organization", name, byline.start, byline.end, name, 0.9, NAME,
                                 _subtype(name)))
    return _longest(found)


def _with_country(doc: Doc, start: int, end: int) -> tuple[int, str]:
    """A foreign body's name with its country in full: 俄国防部 → 俄罗斯国防部.

    A country written just before the name joins it (乌克兰|武装部队 → 乌克兰武装部队), and a
    one-character country form that jieba keeps apart (俄|国防部) is written out.

    Returns:
        The name's start and its full name.
    """
    text = doc.text
    name = text[start:end]
    if doc.tokens:
        token = doc.tokens[doc.token_at(start)]
        short = text[start]
        alone = token.end == start + 1 or (token.end == end and len(name) >= 4)
        if token.start == start and alone and short in COUNTRY_ABBREVIATIONS \
                and not any(s == 0 for s, _, _, _ in world_place_matcher().find(name)):
            return start, COUNTRY_ABBREVIATIONS[short] + name[1:]
    for s, e, key, place in world_place_matcher().find(text[max(0, start - 8):start]):
        offset = max(0, start - 8)
        if offset + e == start and isinstance(place, WorldPlace) and place.kind == "country" \
                and offset + s in doc.boundaries and not name.startswith(place.canonical):
            return offset + s, place.canonical + name
    return start, name


def _subtype(name: str) -> str | None:
    return "GovernmentOrganization" if name.endswith(GOVERNMENT_SUFFIXES) else None


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (ties: higher confidence, then earlier)."""
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), -m.confidence, m.start))
    taken: list[Mention] = []
    for mention in ordered:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


@registry.extractor(NAME, order=30)
def organizations(doc: Doc) -> Iterator[Mention]:
    """Find organizations (lexicon forms and suffix-headed names)."""
    yield from organization_mentions(doc)
