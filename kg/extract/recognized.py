"""A second opinion from the shipped sequence model (:mod:`kg.ner`), used where rules are silent.

Person spans the model finds outside every mention the rules made become persons when
they look like names (a family name and 2–4 characters, or a dotted foreign name);
organization spans become organizations when they end in an organization suffix.
Places stay with the division lexicon, which canonicalizes them.

A span alone needs :data:`MIN_CONFIDENCE`; where context already speaks for it — an
organization that names more than the rules' common noun (美国|航空公司), a person right
after 选手 or 运动员 — :data:`NAMES_MORE_CONFIDENCE` or the people rules'
``MODEL_AGREEMENT`` is enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.extract.doc import Doc, dictionary_tags
from kg.extract.lexicon import divisions_by_name, org_suffixes, world_places
from kg.extract.model import model_spans
from kg.extract.organizations import _place_and_generic, _subtype
from kg.extract.people import MODEL_AGREEMENT, is_person_name, not_a_person
from kg.records import Mention, Span
from kg.registry import registry

__all__ = ["MIN_CONFIDENCE", "NAMES_MORE_CONFIDENCE", "recognized"]

NAME = "kg.recognizer.v1"
# A model span where the rules found nothing needs this confidence.
MIN_CONFIDENCE = 0.95
# A model organization that names more than the common noun the rules found there
# (美国|航空公司, 阳泉|阀门股份有限公司) needs less: the rules already agree that an
# organization stands there, the model only has to be sure of where it starts.
NAMES_MORE_CONFIDENCE = 0.8


@registry.extractor(NAME, order=60)
def recognized(doc: Doc) -> Iterator[Mention]:
    """Add persons and organizations the model finds where no rule found anything."""
    taken = [(m.start, m.end, m.kind) for m in doc.mentions if m.kind != "place"]
    suffixes = org_suffixes()
    for span in model_spans(doc):
        if span.confidence < NAMES_MORE_CONFIDENCE:
            continue
        overlapping = [(s, e, k) for s, e, k in taken if span.start < e and s < span.end]
        if overlapping:
            if not (span.type == "ORG" and _names_more(doc, span, overlapping)):
                continue
        elif span.confidence < MIN_CONFIDENCE and not _athlete(doc, span):
            continue
        if span.type == "PER" and is_person_name(span.text) and _model_name(doc, span.start,
                                                                             span.text):
            person = Mention("person", span.text, span.start, span.end, span.text,
                             round(span.confidence * 0.8, 3), NAME)
            if not not_a_person(doc, person) and not _listed_with_places(doc, span) \
                    and not _listed_with_words(doc, span):
                yield person
        elif span.type == "ORG" and len(span.text) >= 4 and span.text.endswith(suffixes) \
                and not _place_and_generic(span.text):  # 美国|科技公司
            yield Mention("organization", span.text, span.start, span.end, span.text,
                          round(span.confidence * 0.75, 3), NAME, _subtype(span.text))


# Words that introduce a sportsperson's name (意大利选手|辛纳, 中国小将|陈妤颉).
_ATHLETE_WORDS = ("选手", "名将", "小将", "球员", "运动员", "棋手", "车手", "种子")


def _athlete(doc: Doc, span: Span) -> bool:
    """A model person right after a word that introduces a sportsperson, read at 0.8 or more.

    Results name athletes without a title the rules know (意大利选手辛纳2:0击败…); the
    word before the name is the context a title gives elsewhere, so the model needs the
    confidence at which it confirms the rules' weak guesses, not the 0.95 of a name alone.
    """
    return (span.type == "PER" and span.confidence >= MODEL_AGREEMENT
            and doc.text.endswith(_ATHLETE_WORDS, 0, span.start))


def _names_more(doc: Doc, span: Span, overlapping: Sequence[tuple[int, int, str]]) -> bool:
    """The model's organization names what the rules found only as a common noun.

    The rules found 航空公司 where the model reads 美国航空公司: every overlapping
    mention is an organization that ends where the model's span ends, starts after it
    and is one common noun of jieba's dictionary (航空公司, 贩毒集团; not 密歇根|大学,
    whose name the rules have), or a company the model's span opens with its Chinese
    city (阳泉|阀门股份有限公司). The longer mention wins when mentions are reconciled.
    """
    tags = dictionary_tags()
    return all(k == "organization" and e == span.end and s > span.start
               and (tags.get(doc.text[s:e]) in ("n", "vn") or _city_company(doc, span, s))
               for s, e, k in overlapping)


def _city_company(doc: Doc, span: Span, start: int) -> bool:
    """A Chinese company's registered name opens with its city (阳泉|阀门股份有限公司)."""
    return span.text.endswith(_COMPANY) and doc.text[span.start:start] in divisions_by_name()


_COMPANY = ("公司", "集团")


# Tags of jieba dictionary words the model may call persons: names only (滕王阁, 马王堆 are
# places jieba tags ns; the rules accept ns for transliterated names, the model may not).
_MODEL_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


def _model_name(doc: Doc, start: int, text: str) -> bool:
    """A model person span starts a word and is no dictionary word of another kind.

    中韩|建交 → 韩建交 starts inside a word; 胡杨林, 滕王阁 are words of other kinds.
    """
    tag = dictionary_tags().get(text)
    if tag is not None and tag not in _MODEL_NAME_TAGS:
        return False
    return start in doc.boundaries


_CLAUSE = re.compile(r"[^，,。；;：:！!？?\n（）()“”]+")
_LIST_END = re.compile(r"(等|和|及|与).*$")


def _list_items(doc: Doc, span: Span) -> list[tuple[int, str]]:
    """The items ``(start, text)`` of the 、 list holding ``span``, or [] outside one.

    A list is a clause with 、; an item ends before 等, 和, 及 or 与.
    """
    for clause in _CLAUSE.finditer(doc.text):
        if clause.start() <= span.start and span.end <= clause.end():
            break
    else:
        return []
    if "、" not in clause.group():
        return []
    offset = clause.start()
    return [(offset + item.start(), _LIST_END.sub("", item.group()))
            for item in re.finditer(r"[^、]+", clause.group())]


def _listed_with_places(doc: Doc, span: Span) -> bool:
    """A model person that is listed with 、 beside an item that is a place.

    三峡、白鹤滩、乌东德等…电站: the model reads 乌东德 as a transliterated name, but an
    item listed beside a place the model (or the division and world-place lexicons) knows
    is a place too.
    """
    items = _list_items(doc, span)
    if not items:
        return False
    places = {(s.start, s.end) for s in model_spans(doc) if s.type == "LOC"}
    return any(
        (start, start + len(name)) in places or name in divisions_by_name()
        or name in world_places()
        for start, name in items if start != span.start
    )


# Tags of jieba words for qualities and actions, never names (开放/v, 包容/v, 均衡/a).
_COMMON_WORD_TAGS = frozenset({"a", "ad", "an", "v", "vn", "vd", "d"})


def _listed_with_words(doc: Doc, span: Span) -> bool:
    """A model person listed with 、 next to a word of quality or action, or a language.

    更加开放、包容、普惠、均衡的方向: the model reads 普惠 (a word jieba does not know) as a
    name; a person's neighbours in a list are names or descriptions, not 包容 or 均衡.
    中文、英文、马来文主流媒体: a word ending in 文 or 语 beside a language (英文, 法语: proper
    nouns of jieba's dictionary) is a language too.
    """
    items = _list_items(doc, span)
    tags = dictionary_tags()
    for k, (start, _) in enumerate(items):
        if start == span.start:
            neighbours = [items[j][1] for j in (k - 1, k + 1) if 0 <= j < len(items)]
            return any(tags.get(word) in _COMMON_WORD_TAGS for word in neighbours) or (
                span.text.endswith(_LANGUAGE_ENDS) and any(_language(w) for w in neighbours)
            )
    return False


_LANGUAGE_ENDS = ("文", "语")


def _language(word: str) -> bool:
    """A language of jieba's dictionary: 英文, 中文, 法语, 西班牙语 (tagged nz)."""
    return word.endswith(_LANGUAGE_ENDS) and dictionary_tags().get(word) == "nz"
