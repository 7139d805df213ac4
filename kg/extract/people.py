"""People and the posts they hold.

Patterns, in order of trust:

1. bylines read at ingest (记者王丹 → a reporter, whose post is 记者);
2. ``[organization][qualifier]title(、title)* name`` — 自治区应急管理厅党委委员、副厅长邢国显:
   one post per title, at the organization written before the titles;
3. ``name title`` — 习近平总书记, 李强总理;
4. ``name`` + a verb of speech (冯晔介绍, 王毅表示), and names the entity recognizer
   finds where the rules are silent;
5. every further occurrence of a name already found (邢国显介绍).

A name is 2–4 Chinese characters opening with a family name, or a transliterated
foreign name joined by ``·``; typesetting spaces are dropped (孙  振 → 孙振);
anonymised forms (艾某某, 刘先生) are not persons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.doc import Doc
from kg.extract.lexicon import suffix_matcher, surnames, title_matcher, titles
from kg.extract.organizations import _subtype, org_ending_at
from kg.records import Mention, Post
from kg.resources import lines
from kg.registry import registry

__all__ = ["is_person_name", "name_at", "name_before"]

NAME = "kg.people.v1"
_NAME_TAGS = frozenset({"?", "nr", "nrfg", "nrt", "x"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FOREIGN = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+")
_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]{1,3}[\u4e00-\u9fff]){1,2}(?![\u4e00-\u9fff])")
_SURNAME_TAGS = frozenset({"?", "nr", "nrfg", "nrt", "x", "n", "ng", "zg", "q", "nz", "a"})
_QUALIFIERS = ("时任", "原", "前", "代理", "代", "兼", "常务")
_SEPARATORS = "、，, \u3000"


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(lines("not_names.txt"))


@lru_cache(maxsize=1)
def _speech_verbs() -> tuple[str, ...]:
    return tuple(sorted(lines("speech_verbs.txt"), key=len, reverse=True))


def is_person_name(name: str) -> bool:
    """True when ``name`` looks like a bare personal name.

    Examples:
        >>> is_person_name("邢国显"), is_person_name("艾某某"), is_person_name("纾困")
        (True, False, False)
    """
    if "·" in name or "•" in name or "・" in name:
        parts = re.split("[·•・]", name)
        return all(_CJK.fullmatch(c) for p in parts for c in p) and all(parts)
    if not 2 <= len(name) <= 4 or not all(_CJK.fullmatch(c) for c in name):
        return False
    if "某" in name or name.endswith(("先生", "女士", "同志", "老师", "师傅")):
        return False
    if name in _not_names() or name in titles():
        return False
    family = surnames()
    if len(name) == 4:
        return name[:2] in family
    return name[0] in family or name[:2] in family


def name_at(doc: Doc, pos: int) -> tuple[int, int, str] | None:
    """Return ``(start, end, bare name)`` of a personal name starting at ``pos``."""
    text = doc.text
    foreign = _FOREIGN.match(text, pos)
    if foreign is not None:
        return pos, foreign.end(), re.sub("[•・]", "·", foreign.group())
    spaced = _SPACED.match(text, pos)
    if spaced is not None:
        bare = re.sub(r"[ \u3000]", "", spaced.group())
        if is_person_name(bare):
            return pos, spaced.end(), bare
    if pos not in doc.boundaries:
        return None
    tokens = doc.tokens
    i = doc.token_at(pos)
    if i >= len(tokens):
        return None
    first = tokens[i]
    if 2 <= len(first.text) <= 4 and first.tag in _NAME_TAGS and is_person_name(first.text):
        return first.start, first.end, first.text
    # Surname and given name split into short tokens: 王/丹, 刘/琪, 张/媛媛.
    if len(first.text) <= 2 and i + 1 < len(tokens) and first.tag in _SURNAME_TAGS:
        second = tokens[i + 1]
        joined = first.text + second.text
        if len(second.text) <= 2 and 2 <= len(joined) <= 3 and is_person_name(joined) \
                and second.tag in _NAME_TAGS | {"ng", "n", "a", "nz", "vg", "ag"} \
                and not _word_continues(doc, i + 2):
            return first.start, second.end, joined
    return None


def _word_continues(doc: Doc, index: int) -> bool:
    """True when the token at ``index`` is a single CJK character glued to a name."""
    if index >= len(doc.tokens):
        return False
    token = doc.tokens[index]
    return len(token.text) == 1 and token.tag in _NAME_TAGS and bool(_CJK.fullmatch(token.text))


def name_before(doc: Doc, end: int) -> tuple[int, int, str] | None:
    """Return the personal name ending at ``end`` (习近平|总书记), if one does."""
    if end not in doc.boundaries or end == 0:
        return None
    i = doc.token_at(end - 1)
    token = doc.tokens[i]
    if token.end != end:
        return None
    if 2 <= len(token.text) <= 4 and token.tag in _NAME_TAGS and is_person_name(token.text):
        return token.start, token.end, token.text
    foreign_start = end
    while foreign_start > 0 and (_CJK.fullmatch(doc.text[foreign_start - 1])
                                 or doc.text[foreign_start - 1] in "·•・"):
        foreign_start -= 1
    candidate = doc.text[foreign_start:end]
    if "·" in candidate:
        match = _FOREIGN.search(candidate)
        if match is not None and match.end() == len(candidate):
            return foreign_start + match.start(), end, match.group()
    return None


@dataclass
class _Chain:
    start: int
    end: int
    titles: list[tuple[str, int, int, str | None]]  # title, start, end, qualifier


def _title_chains(doc: Doc) -> list[_Chain]:
    """Group adjacent titles (党委委员、副厅长) into chains."""
    text = doc.text
    chains: list[_Chain] = []
    for start, end, title, _ in title_matcher().longest(text):
        qualifier = None
        q_start = start
        for q in _QUALIFIERS:
            if text.endswith(q, 0, start):
                qualifier, q_start = q, start - len(q)
                break
        last = chains[-1] if chains else None
        if last is not None and _joins(text, last.end, q_start):
            last.titles.append((title, start, end, qualifier))
            last.end = end
        else:
            chains.append(_Chain(q_start, end, [(title, start, end, qualifier)]))
    return chains


def _joins(text: str, left_end: int, right_start: int) -> bool:
    gap = text[left_end:right_start]
    return left_end <= right_start and len(gap) <= 1 and all(c in _SEPARATORS for c in gap)


def _org_before(doc: Doc, pos: int, orgs: list[Mention]) -> Mention | None:
    """Return the organization written right before ``pos`` (the titles' start)."""
    for mention in orgs:
        if mention.end == pos:
            return mention
    text = doc.text
    window = text[max(0, pos - 8):pos]
    best: tuple[int, int] | None = None
    for s, e, _, _ in suffix_matcher().find(window):
        if e == len(window):
            span = org_ending_at(doc, pos, pos - (e - s))
            if span is not None and (best is None or span[0] < best[0]):
                best = span
    if best is None:
        return None
    s, e = best
    return Mention("organization", text[s:e], s, e, text[s:e], 0.8, NAME, _subtype(text[s:e]))


def _person(text: str, start: int, end: int, name: str, confidence: float) -> Mention:
    return Mention("person", text[start:end], start, end, name, confidence, NAME)


def _posts_and_people(doc: Doc) -> tuple[list[Mention], list[Post], list[Mention]]:
    text = doc.text
    orgs = doc.of_kind("organization")
    people: list[Mention] = []
    posts: list[Post] = []
    post_orgs: list[Mention] = []
    for chain in _title_chains(doc):
        after = name_at(doc, chain.end)
        before = None if after else name_before(doc, chain.start)
        found = after or before
        if found is None:
            continue
        s, e, name = found
        person = _person(text, s, e, name, 0.9)
        people.append(person)
        org = _org_before(doc, chain.start, orgs) if after else None
        if org is not None:
            post_orgs.append(org)
        evidence_start = org.start if org is not None else min(chain.start, s)
        for title, _, _, qualifier in chain.titles:
            posts.append(Post(person, title, evidence_start, max(e, chain.end), org, qualifier,
                              0.9 if org is not None or after else 0.8, NAME))
    return people, posts, post_orgs


def _speakers(doc: Doc) -> Iterator[Mention]:
    text = doc.text
    for verb in _speech_verbs():
        pos = text.find(verb)
        while pos != -1:
            found = name_before(doc, pos)
            if found is not None:
                yield _person(text, *found, 0.75)
            pos = text.find(verb, pos + 1)


def _bylines(doc: Doc) -> tuple[list[Mention], list[Post]]:
    people: list[Mention] = []
    posts: list[Post] = []
    text = doc.text
    for byline in doc.article.bylines:
        if byline.role == "contributor":
            continue
        bare = re.sub(r"\s", "", byline.name)
        person = Mention("person", text[byline.start:byline.end], byline.start, byline.end,
                         bare, 0.95, NAME, byline.role)
        people.append(person)
        if byline.role == "reporter":
            title_start = text.rfind("记者", 0, byline.start)
            start = title_start if title_start != -1 else byline.start
            posts.append(Post(person, "记者", start, byline.end, None, None, 0.95, NAME))
    return people, posts


def _repeats(doc: Doc, names: Iterable[str], taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Yield further occurrences of known names, outside other names."""
    text = doc.text
    blocked = [(m.start, m.end) for m in doc.mentions if m.kind != "person"] + taken
    for name in set(names):
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            if all(end <= s or pos >= e for s, e in blocked):
                yield _person(text, pos, end, name, 0.85)
                blocked.append((pos, end))
            pos = text.find(name, end)


@registry.extractor(NAME, order=50)
def people(doc: Doc) -> Iterator[Mention | Post]:
    """Find people, their posts, and the organizations their posts name."""
    by_people, by_posts = _bylines(doc)
    titled, posts, post_orgs = _posts_and_people(doc)
    speakers = list(_speakers(doc))
    inside = [(m.start, m.end) for m in doc.mentions if m.kind in ("organization", "document")]
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for mention in [*by_people, *titled, *speakers]:
        if any(s <= mention.start and mention.end <= e and (s, e) != (mention.start, mention.end)
               for s, e in inside):
            continue
        if (mention.start, mention.end) in spans:
            continue
        spans.append((mention.start, mention.end))
        found.append(mention)
    yield from found
    yield from _repeats(doc, (m.name for m in found if "·" not in m.name or True), spans)
    yield from post_orgs
    yield from by_posts
    yield from posts
