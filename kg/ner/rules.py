"""Output rules: conventions of the People's Daily NER corpus the model misses.

Each rule takes a sentence and the ``(start, end, type)`` spans decoded so far and
returns new spans. :func:`merge_place_organization` and :func:`trim_person_affixes`
shape what the model decoded; :data:`OUTPUT_RULES` then apply in order and make spans
the model did not decode (the recognizer gives those the model's marginal of their own
labels as confidence). Each rule's effect on example.dev and CLUENER dev is measured in
``kg/ner/MODEL.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

import ahocorasick

from kg.ner.corpus import is_org_head, place_heads
from kg.ner.features import (
    automaton,
    data_lines,
    gazetteer_places,
    normalize,
    transliteration_chars,
    word_tags,
)
from kg.ner.segment import word_tag, words_of
from kg.resources import lines as resource_lines
from kg.resources import table

__all__ = [
    "BODY_ABBREVIATIONS",
    "CELESTIAL_BODIES",
    "FORMS_OF_ADDRESS",
    "OUTPUT_RULES",
    "PAIR_PLACES",
    "PAIR_RELATIONS",
    "TROPHY_PEOPLE",
    "addressed_surnames",
    "armies",
    "celestial_bodies",
    "close_brackets",
    "enterprises",
    "facilities",
    "foreign_people_by_title",
    "foreign_places_by_division",
    "foreign_places_by_ending",
    "known_companies",
    "known_figures",
    "known_organizations",
    "known_people",
    "leading_places",
    "merge_place_organization",
    "ministries",
    "numbered_sessions",
    "organization_starts",
    "people_of_trophies",
    "place_bodies",
    "place_words",
    "places_in_compounds",
    "publications",
    "regions",
    "split_place_pairs",
    "sports_teams",
    "trim_person_affixes",
]

Spans = list[tuple[int, int, str]]


@lru_cache(maxsize=256)
def _words(text: str) -> tuple[tuple[int, str], ...]:
    """Return ``(offset, word)`` for the words of the recognizer's segmentation of ``text``."""
    out, offset = [], 0
    for word in words_of(normalize(text)):
        out.append((offset, word))
        offset += len(word)
    return tuple(out)


@lru_cache(maxsize=256)
def _word_index(text: str) -> dict[int, int]:
    """The position in :func:`_words` of the word starting at each offset."""
    return {offset: k for k, (offset, _) in enumerate(_words(text))}


def _countries() -> list[str]:
    """Names of countries (``kg/resources/world_places.tsv``) and 中国, longest first."""
    names = {"中国"} | {row[0] for row in table("world_places.tsv") if row[1:2] == ("country",)}
    return sorted(names, key=len, reverse=True)


# One-character names of countries and regions that pair up before a word of relations
# between them (中美关系, 日俄首脑, 中韩建交) or before 在/就 (中美在经贸领域); see
# split_place_pairs. Characters common elsewhere (以, 巴, 伊, 加, 新, 马, 意, 西) are
# left out.
PAIR_PLACES = "中美日俄英法德韩朝印葡越泰蒙非欧港台澳奥菲"
PAIR_RELATIONS = (
    "关系", "建交", "合作", "首脑", "边界", "边境", "两国", "双方", "经济",
    "经贸", "贸易", "友好", "会晤", "高层", "安全", "联合", "和约", "领导人",
    "外长", "峰会", "战略", "协定", "条约", "友谊", "对话", "交往", "之间", "间",
    "谈判", "军事", "文化", "交流", "合资", "人民", "外交", "伙伴", "联盟",
    "议会", "政府",
    "在", "就",  # the pair as the subject: 英法在乌克兰…, 美欧就…
)
# A title in 《》 and the word of kind after it (not 报道, 报告 …: 据《今日美国》报道).
_PERIODICAL = re.compile(
    r"《(?P<title>[^《》\s]{1,20})》(?P<kind>杂志社|杂志|周刊|月刊|半月刊|季刊|画报|日报|晚报|报社|报(?![道告称导到])|)"
)
_PERIODICAL_END = re.compile(r"(?:报|周刊|杂志|月刊|季刊|画报)$")
# Trophies named after people: 汤(姆斯)杯, 尤(伯)杯, 汤尤杯 (both), 戴维斯杯 …
TROPHY_PEOPLE = (
    "汤姆斯", "尤伯", "戴维斯", "苏迪曼", "斯坦利", "霍普曼", "莱德", "斯韦思林", "考比伦",
    "汤", "尤",
)
_TROPHY_NAME = "|".join(TROPHY_PEOPLE)
_TROPHY = re.compile(f"({_TROPHY_NAME})({_TROPHY_NAME})?(?=杯)")
# What may stand before 部长 as the ministry's field: Han characters, not a word of
# tenure (代理部长, 前任部长) nor ending in one of rank or of another body (副部长,
# 总部长, 部部长, 新部长, 该部长).
_MINISTRY = re.compile(r"(?!代理|临时|名誉)[\u4e00-\u9fff]+(?<![副总部新该本前各老任])")
# addressed_surnames: forms of address and titles a family name alone may stand before.
FORMS_OF_ADDRESS = (
    "先生", "小姐", "女士", "老师", "师傅", "大爷", "大妈", "大娘", "大姐", "大哥", "阿姨",
    "同志", "教授", "博士", "医生", "大夫", "市长", "县长", "乡长", "镇长", "村长", "局长",
    "副局长", "处长", "科长", "厂长", "校长", "院长", "所长", "主任", "书记", "经理", "主席",
    "委员", "队长", "连长", "团长", "司令",
)
_ADDRESS_WORDS = frozenset(FORMS_OF_ADDRESS)
# Family names that are mostly words of function (但教授的…, 应市长邀请) are left out.
_FUNCTION_SURNAMES = "但和况由向于何那诸都应相来"
_SURNAMES = "".join(
    sorted(s for s in resource_lines("surnames.txt") if len(s) == 1 and s not in _FUNCTION_SURNAMES)
)
_ADDRESSED = re.compile(
    f"(?<![\u4e00-\u9fff0-9A-Za-z])[{_SURNAMES}](?={'|'.join(FORMS_OF_ADDRESS)})"
)
_REGION = re.compile("(?:[东西][北南]|华[北南东中])(?=地区)|中华(?=民族|儿女)")
# place_bodies: what may stand between a place and the head of a body's name.
MAX_BODY_WORDS = 3
_BODY_TAGS = frozenset({"n", "nz", "vn", "j", "nt", "b", "ns", "nr", "m"})
_SCOPE_WORDS = frozenset(
    {"所有", "全部", "部分", "有关", "相关", "主要", "其他", "其它", "各级", "全国性"}
)
_ORDINAL = re.compile("[第首]?[〇一二三四五六七八九十百千0-9]*[届期]?")
_ONE_CHAR_HEADS = frozenset("队局院校厂社馆")
# Short names of bodies jieba's dictionary does not tag as such (济南|交警, 山西省|残联).
BODY_ABBREVIATIONS = frozenset(
    {"交警", "残联", "妇联", "侨联", "文联", "科协", "足协", "团委", "工商联", "消协", "红会"}
)
# Heads (with what is before them) that name no particular body.
_NO_BODY = re.compile(
    "(?:[东西南北中大总全内外深]部|[上中少大]校|球队|团队|工厂|大厂|高校|部队|报社|日报|副中心|市中心"
    "|命运共同体|格局|有所|失所)$"
)
_PLACE_PAIR = re.compile(
    f"(?<![{PAIR_PLACES}])([{PAIR_PLACES}]{{2,3}})"
    f"(?={'|'.join(sorted(PAIR_RELATIONS, key=len, reverse=True))})"
)


# sports_teams: sentences about a tournament, and lists of three or more countries.
_SPORT = re.compile(
    "比赛|决赛|小组|出线|强队|八强|四强|锦标赛|[a-hA-H]组|联赛|奥运|亚运|杯赛|世界杯"
)
_COUNTRY = re.compile("|".join(_countries()))
_COUNTRY_LIST = re.compile(f"(?:{_COUNTRY.pattern})(?:、(?:{_COUNTRY.pattern})){{2,}}")


# facilities: what ends a facility's name besides place_heads() (博物馆, 体育馆 …).
FACILITY_HEADS = ("太空中心", "航天中心", "展览中心", "会展中心", "文学馆", "大剧院")
_DIVISIONS = "县州邦镇省市区郡"
_STATE_TITLE_BEFORE = re.compile("(?:总理|总统|主席|外长|部长|号|选手|教练|球员)$")
_STATE_TITLE_AFTER = re.compile("总统|总理|首相|外长")


# celestial_bodies: the sun, the moon, the planets and the galaxy (not 金星, also a name).
CELESTIAL_BODIES = frozenset(
    {"地球", "月球", "月亮", "太阳", "水星", "火星", "木星", "土星", "天王星", "海王星", "冥王星",
     "银河", "银河系", "太阳系"}
)
_CELESTIAL = re.compile(
    "(?:"
    + "|".join(
        "(?<!人造)太阳" if name == "太阳" else name  # 人造太阳: a fusion reactor
        for name in sorted(CELESTIAL_BODIES, key=len, reverse=True)
    )
    + ")(?![能镜穴花伞帽翼岛城湾])"  # 太阳能, 太阳翼 …; 太阳岛, 月亮湾 are places of their own
)


# enterprises: state steel works and carmakers known by a short name (邯钢, 鞍钢, 一汽).
_ENTERPRISE = re.compile("[邯鞍宝首武包攀太马本济唐酒涟柳重昆八]钢(?!铁)|[一二]汽(?!车)")


def merge_place_organization(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join a LOC directly followed by an ORG into one ORG (美国 + 国务院 → 美国国务院).

    In the People's Daily convention a place that opens an organization's name is part
    of it; the model sometimes ends the place where the organization word begins. On
    example.dev this raised ORG F1 from 0.687 to 0.693 (CLUENER dev ORG 0.729 → 0.731).

    Args:
        spans: ``(start, end, type)`` in order, as :func:`decode` returns them.
    """
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if out and span[2] == "ORG" and out[-1][2] == "LOC" and out[-1][1] == span[0]:
            out[-1] = (out[-1][0], span[1], "ORG")
        else:
            out.append(span)
    return out


def trim_person_affixes(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Cut the forms of address the People's Daily convention leaves out of a name.

    A family name with 某, 老 or 家 (王某, 胡老, 刘家) keeps the family name; a
    three-character name ending in 老 (启功老) or opening with 小 (小俊平) loses it.
    On example.dev this raised PER F1 from 0.838 to 0.847, every change right.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans.
    """
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if label == "PER":
            size = end - start
            if (size == 2 and text[end - 1] in "某老家") or (size == 3 and text[end - 1] == "老"):
                end -= 1
            elif size == 3 and text[start] == "小":
                start += 1
        out.append((start, end, label))
    return out


def split_place_pairs(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label each character of a pair of one-character place names as a place.

    In 中美关系, 日俄首脑会晤 and 中韩建交 the People's Daily convention labels 中, 美, 日 …
    as separate places; the model often tags the pair as one place (中非), a person
    (韩建交) or nothing. Two or three characters of :data:`PAIR_PLACES` directly before
    a word of :data:`PAIR_RELATIONS` become one LOC each, replacing the spans that
    overlap them, unless an organization holds them and more (美中经贸促进会). On
    example.dev: LOC F1 0.876 → 0.883, micro 0.8371 → 0.8411; 38 of the 39 pairs there
    are labelled so, and the other lies inside an organization the model found.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.

    Returns:
        The new spans in order.
    """
    for match in _PLACE_PAIR.finditer(text):
        start, end = match.span(1)
        overlapping = [s for s in spans if s[0] < end and start < s[1]]
        if any(s[2] == "ORG" and (s[0] < start or s[1] > end) for s in overlapping):
            continue
        spans = [s for s in spans if s not in overlapping]
        spans.extend((i, i + 1, "LOC") for i in range(start, end))
    return sorted(spans)


def publications(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label newspapers and magazines named in 《》 as organizations.

    The People's Daily convention takes a periodical for the body that
    publishes it: the title inside the marks (《纽约时报》 → 纽约时报), or, when a place
    opens it or a word of kind follows it, the whole of 美国《科学》杂志 or
    《时代潮》杂志. A title counts as a periodical when it ends in a word of kind
    (报, 周刊, 杂志 …) or one follows it; other titles (books, laws, plans) stay
    unlabelled. Spans the new one overlaps are replaced.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "《" not in text:
        return spans
    for match in _PERIODICAL.finditer(text):
        start, end = match.span()
        kind = match.group("kind")
        if not (kind or _PERIODICAL_END.search(match.group("title"))):
            continue
        place = next((s for s in spans if s[1] == start and s[2] == "LOC"), None)
        if place is not None:
            start = place[0]
        elif not kind:
            start, end = match.span("title")
        if any(s[2] == "ORG" and s[0] <= start and end <= s[1] for s in spans):
            continue
        spans = [s for s in spans if not (s[0] < end and start < s[1])]
        spans.append((start, end, "ORG"))
    return sorted(spans)


def people_of_trophies(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label the people a trophy is named after (汤杯 → 汤, 尤伯杯 → 尤伯, 汤尤杯 → 汤, 尤).

    The People's Daily convention labels a name inside a trophy's name by its kind; for
    trophies named after people (:data:`TROPHY_PEOPLE`: the Thomas, Uber, Davis,
    Sudirman … cups, in their full and short forms) the model, trained on a corpus that
    writes such names as one word (李宁杯/nz), finds nothing. Spans overlapping the
    names are replaced.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "杯" not in text:
        return spans
    for match in _TROPHY.finditer(text):
        names = [match.span(1)] + ([match.span(2)] if match.group(2) else [])
        for start, end in names:
            spans = [s for s in spans if not (s[0] < end and start < s[1])]
            spans.append((start, end, "PER"))
    return sorted(spans)


def ministries(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label the ministry in a minister's title (司法部长 → 司法部, 埃及石油部长 → 埃及石油部).

    The People's Daily convention labels the ministry inside "X部长" (not inside 部部长
    or 副部长, where it stands apart) as an organization, with the country that opens
    it. Where jieba's dictionary has the title as one word (商务部长) or cuts it into a
    word of two or more characters and 部长 (农林|部长), the word without 长 becomes an
    ORG, joined to a place the model found right before it (or before 前: 美国前商务部).
    Titles a span already overlaps are left alone.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "部长" not in text:
        return spans
    words = _words(text)
    for index, (start, word) in enumerate(words):
        if len(word) >= 4 and word.endswith("部长") and _MINISTRY.fullmatch(word[:-2]):
            end = start + len(word) - 1
        elif (
            word == "部长"
            and index
            and len(words[index - 1][1]) >= 2
            and _MINISTRY.fullmatch(words[index - 1][1])
        ):
            start, end = words[index - 1][0], start + 1
        else:
            continue
        if any(s[0] < end and start < s[1] for s in spans):
            continue
        before = 1 if text[start - 1 : start] == "前" else 0
        place = next((s for s in spans if s[1] == start - before and s[2] == "LOC"), None)
        if place is not None:
            spans = [s for s in spans if s != place]
            start = place[0]
        spans.append((start, end, "ORG"))
    return sorted(spans)


def place_bodies(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join a place to the body named right after it (海口市|中级人民法院 → one ORG).

    The People's Daily convention labels a body with the place that opens its name as
    one organization (芙蓉区人民法院, 马来西亚男队, 香港首届立法会); the model often tags
    the place and leaves the rest unlabelled. A place of two or more characters followed
    by at most :data:`MAX_BODY_WORDS` words the model left alone — nouns, names or
    ordinals (jieba's dictionary tags), the last one a word that ends an organization's
    name (:func:`kg.ner.corpus.is_org_head`) — becomes one ORG. Not for heads that name
    no particular body (球队, 工厂, 部队, 总部, 报社, 东南部, 上校 …), nor across words
    of quantity or scope (所有, 一家, 全国性); a head of one character (队, 局, 院 …)
    only after a word (马来西亚|男|队 but not 风力|有|所), and 中心 only after a word
    (广东奥体中心, not 加沙城中心).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    words: tuple[tuple[int, str], ...] = ()
    index: dict[int, int] | None = None
    out = list(spans)
    for place in spans:
        start, end, label = place
        if label != "LOC" or end - start < 2 or end >= len(text):
            continue
        if index is None:
            words = _words(text)
            index = _word_index(text)
        first = index.get(end)
        if first is None:
            continue
        body_end = None
        for k in range(first, min(first + MAX_BODY_WORDS, len(words))):
            offset, word = words[k]
            if any(s[0] < offset + len(word) and offset < s[1] for s in spans):
                break
            tag = word_tag(word)
            if k == first and word == "中心":  # 加沙城中心, 天安门广场中心: a spot
                break
            if (
                (len(word) > 1 and tag != "x" and is_org_head(word, tag))
                or word in BODY_ABBREVIATIONS
                or (k > first and word in _ONE_CHAR_HEADS)
            ):
                if not _NO_BODY.search(text, 0, offset + len(word)):
                    body_end = offset + len(word)
                break
            if tag not in _BODY_TAGS or word in _SCOPE_WORDS or (
                tag == "m" and not _ORDINAL.fullmatch(word)
            ):
                break
        if body_end is not None:
            out = [s for s in out if s != place]
            out.append((start, body_end, "ORG"))
    return sorted(out)


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """China's divisions: codes by name, and the parent of each code.

    A district (X区) is known by its full name or as X市 (阿城市, a city until 2006),
    not by its short name, which often opens a body's own name (郑州市|二七司法培训学校).
    """
    codes: dict[str, set[str]] = {}
    parents: dict[str, str] = {}
    for row in table("divisions.tsv"):
        code, name, short = row[0], row[1], row[2]
        parents[code] = row[4] if len(row) > 4 else ""
        keys = {name, short + "市"} if name.endswith("区") else {name, short}
        for key in keys:
            if len(key) > 1:
                codes.setdefault(key, set()).add(code)
    return {k: frozenset(v) for k, v in codes.items()}, parents


def _division_at(text: str, start: int, end: int) -> tuple[int, frozenset[str]] | None:
    """Return the end and the codes of the longest division name at ``start``."""
    codes, _ = _divisions()
    for size in range(min(8, end - start), 1, -1):
        found = codes.get(text[start : start + size])
        if found:
            return start + size, found
    return None


def _within(inner: frozenset[str], outer: frozenset[str]) -> bool:
    """Whether a division of ``inner`` lies inside one of ``outer``."""
    _, parents = _divisions()
    for code in inner:
        seen = 0
        while code and seen < 4:
            code = parents.get(code, "")
            if code in outer:
                return True
            seen += 1
    return False


_TOWN = re.compile("[\u4e00-\u9fff]{1,2}[镇乡]")


def leading_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut the higher divisions off an organization that opens with a chain of them.

    The People's Daily convention starts the name of a local body at the last place
    that locates it and labels the places before it apart (辽宁省 / 开原公安交警三中队,
    山东省 / 平度市 / 崔马镇供销社, 衡南县 / 泉溪镇喇叭联校), as the training conversion
    does (:mod:`kg.ner.corpus`). An organization that opens with a Chinese division
    followed by one inside it (``kg/resources/divisions.tsv``), or by a town (X镇, X乡)
    after a county, loses each higher division, which becomes a place; the body keeps
    the last place and at least two characters after it. Foreign places are left alone
    (德国科隆大学医院 and 美国哥伦比亚大学 keep their country in the convention).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    out = list(spans)
    for span in spans:
        start, end, label = span
        if label != "ORG" or end - start < 6:
            continue
        first = _division_at(text, start, end)
        if first is None:
            continue
        places = [(start, first[0])]
        codes = first[1]
        while True:
            at = places[-1][1]
            following = _division_at(text, at, end)
            if following is not None and _within(following[1], codes):
                nxt, codes = following
            else:
                town = _TOWN.match(text, at, end)
                county = any(c[4:] != "00" for c in codes)
                if town is None or not county or places[-1][1] - places[-1][0] < 2:
                    break
                nxt, codes = town.end(), frozenset()
            if end - nxt < 2:
                break
            places.append((at, nxt))
        if len(places) < 2:
            continue
        out.remove(span)
        out.extend((s, e, "LOC") for s, e in places[:-1])
        out.append((places[-1][0], end, "ORG"))
    return sorted(out)


_SESSION = re.compile("第?[一二三四五六七八九十〇0-9]{1,3}届$")
_SESSION_BODY = re.compile(
    "(?:中国|中共)?(?:全国|中央|[\u4e00-\u9fff]{2,3}[省市县区])?"
    "(?:人民代表大会|人大|政协|人民政治协商会议|中央委员会|委员会|代表大会)"
)


def numbered_sessions(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Take the number of its term into a body that sits in terms (第二届|全国人民代表大会).

    The People's Daily convention labels 第二届全国人民代表大会, 六届人大常委会 and
    第六届全国人大 whole; the model finds the body without its term. A plenary session
    (十一届三中全会) is a meeting, not a body: the convention leaves it unlabelled.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    out: Spans = []
    for start, end, label in spans:
        if label == "ORG" and text.endswith("全会", start, end):
            continue
        if label == "ORG" and _SESSION_BODY.match(text, start, end):
            term = _SESSION.search(text, max(0, start - 5), start)
            if term is not None and not any(term.start() < e for _, e, _ in out):
                start = term.start()
        out.append((start, end, label))
    return out


def regions(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label the region in 东北地区, 华南地区 … and 中华 in 中华民族, 中华儿女 as places.

    The People's Daily convention labels these (the corpus copy tags 东北 a noun of
    direction and 中华民族 one word); the model finds 西南地区 but mostly not 东北地区.
    Spans overlapping the region are replaced unless an organization holds it.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    for match in _REGION.finditer(text):
        start, end = match.span()
        if (start, end, "LOC") in spans:
            continue
        overlapping = [s for s in spans if s[0] < end and start < s[1]]
        if any(s[2] == "ORG" for s in overlapping):
            continue
        spans = [s for s in spans if s not in overlapping] + [(start, end, "LOC")]
    return sorted(spans)


def addressed_surnames(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label a family name alone before a form of address or a title (李先生 → 李).

    The People's Daily convention labels the family name in 吴先生, 陈老师, 常副局长,
    习主席 as a person. A one-character family name that jieba cuts as a word of its own
    (or as one word with the title: 李先生) at the start of a phrase (after punctuation,
    a space or a digit, not after a Han character: not 史|书记, 5国|外长) and directly
    before one of :data:`FORMS_OF_ADDRESS` becomes a PER, replacing what overlaps it.
    Titles of state (总统, 外长) are left out: before them a one-character name is a
    country (乌总统, 韩外长).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    matches = list(_ADDRESSED.finditer(text))
    if not matches:
        return spans
    words = dict(_words(text))
    for match in matches:
        start = match.start()
        word = words.get(start, "")
        title = words.get(start + 1, "") if word == text[start] else word[1:]
        if title not in _ADDRESS_WORDS:
            continue
        if (start, start + 1, "PER") not in spans:
            spans = [s for s in spans if not (s[0] <= start < s[1])]
            spans.append((start, start + 1, "PER"))
    return sorted(spans)


def close_brackets(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Extend a span that opens a bracket to the bracket's close (袁（日希 → 袁（日希）).

    People's Daily writes a rare character as its parts in brackets inside a name
    (袁（日希）, 惠（君音）); the model sometimes ends the name before the closing bracket.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    out = []
    for start, end, label in spans:
        piece = text[start:end]
        if text[end : end + 1] == "）" and piece.count("（") > piece.count("）"):
            end += 1
        out.append((start, end, label))
    return out


def organization_starts(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Move an organization that starts inside a jieba word to a start of that word.

    The model sometimes opens an organization on the last characters of a word:
    对外贸|易经济合作部, 访|华新华社. The start moves back to the word's start (对外贸易
    经济合作部), or, when the word is a verb (访华), forward to its end (新华社), unless
    another span lies in the way.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if not any(label == "ORG" for _, _, label in spans):
        return spans
    words = _words(text)
    offsets = [offset for offset, _ in words]
    out = []
    for span in spans:
        start, end, label = span
        inside = None
        if label == "ORG":
            k = bisect_right(offsets, start) - 1  # the word holding start
            if k >= 0 and words[k][0] < start < words[k][0] + len(words[k][1]):
                inside = words[k]
        if inside is not None and "\u4e00" <= inside[1][0] <= "\u9fff":
            word_start, word = inside
            if word_tag(word).startswith("v"):
                if word_start + len(word) < end:
                    start = word_start + len(word)
            elif not any(s[1] > word_start and s[0] < start for s in spans if s != span):
                start = word_start
        out.append((start, end, label))
    return out


# The rules that rewrite the model's spans, in the order they apply; a span they make
# carries the model's marginal of its own labels as its confidence.
def sports_teams(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label countries listed in a tournament's results as teams (organizations).

    The People's Daily convention labels a country that stands for its team as an
    organization: e组的美国、俄罗斯、立陶宛、西班牙; 对中国、丹麦、韩国、马来西亚等强队. In
    a sentence about a tournament (比赛, 决赛, 小组, 出线, 强队, 世界杯 …), each place of a
    list of three or more countries joined by 、 becomes an ORG. Lists outside such
    sentences, and countries the model did not tag as places, stay.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "、" not in text or not _SPORT.search(text):
        return spans
    for listed in _COUNTRY_LIST.finditer(text):
        for country in _COUNTRY.finditer(text, listed.start(), listed.end()):
            place = (country.start(), country.end(), "LOC")
            if place in spans:
                spans = [s for s in spans if s != place] + [(place[0], place[1], "ORG")]
    return sorted(spans)


def _transliterated(name: str) -> bool:
    """Whether every character of ``name`` writes foreign names (or is the dot ·)."""
    chars = transliteration_chars()
    return all(ch in chars or ch == "·" for ch in name)


def _relabel(
    text: str,
    spans: list[tuple[int, int, str]],
    kind: str,
    new: str,
    test: Callable[[str, int, int], bool],
) -> list[tuple[int, int, str]]:
    """Give ``new`` to the spans of ``kind`` whose text, start and end pass ``test``."""
    return [
        (start, end, new if label == kind and test(text[start:end], start, end) else label)
        for start, end, label in spans
    ]


def foreign_places_by_division(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Make a "person" that is a transliterated name and a division a place.

    莱克伍德县, 拉贾斯坦邦, 贾拉拉巴德州, 尼·伯尔切斯库镇: three or more characters, all
    of foreign names but the last, which is 县, 州, 邦, 镇, 省, 市, 区 or 郡.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _relabel(
        text, spans, "PER", "LOC",
        lambda name, _start, _end: (
            len(name) >= 3 and name[-1] in _DIVISIONS and _transliterated(name[:-1])
        ),
    )


# foreign_places_by_ending: endings of Slavic place names (波克罗夫斯克, 托列茨克,
# 斯大林格勒, 康斯坦丁尼夫卡), which some surnames share (马斯克, 图斯克, 普里茨克), and
# what stands after or before a place in a report of fighting or travel.
_SLAVIC_PLACE = re.compile("(?:斯克|茨克|格勒|夫卡)$")
_PLACE_AFTER = re.compile("方向|地区|附近|一带|等地|市|州|战线|前线|郊区|城|、")
_PLACE_BEFORE = re.compile("(?:在|向|攻占|控制|收复|解放|夺取|进攻|包围|撤出|从|、)$")
_TITLE_BEFORE = re.compile("(?:长|主席|总统|总理|首相|大使|发言人|议员|委员|主任|教练)$")


def foreign_places_by_ending(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Make a "person" with the ending of a Slavic place name and a place's context a place.

    波克罗夫斯克, 库皮扬斯克, 托列茨克: four or more characters of foreign names ending
    in 斯克, 茨克, 格勒 or 夫卡, followed by a word of place or direction (方向, 地区,
    附近, 市 …) or 、, or after 在, 向, 攻占, 收复 … or 、; not after a title (州长|普里茨克).
    People's Daily 1998 rarely names these towns; today's news of the war in Ukraine
    names them daily. Surnames of the same form (马斯克, 图斯克) have three characters.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _relabel(
        text, spans, "PER", "LOC",
        lambda name, start, end: (
            len(name) >= 4
            and _SLAVIC_PLACE.search(name) is not None
            and _transliterated(name)
            and not _TITLE_BEFORE.search(text, 0, start)
            and (
                _PLACE_AFTER.match(text, end) is not None
                or _PLACE_BEFORE.search(text, max(0, start - 3), start) is not None
            )
        ),
    )


@lru_cache(maxsize=1)
def _facility_heads() -> tuple[str, ...]:
    return (*sorted(place_heads()), *FACILITY_HEADS)


def facilities(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Make an "organization" named as a facility a place (南非国家博物馆, 香港展览中心).

    The convention labels museums, halls, stadiums, space centres … as places; an ORG
    ending in one of :func:`kg.ner.corpus.place_heads` or :data:`FACILITY_HEADS`
    becomes a LOC.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    heads = _facility_heads()
    return _relabel(text, spans, "ORG", "LOC", lambda name, _start, _end: name.endswith(heads))


def foreign_people_by_title(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Make a "place" that is a foreign name beside a title a person.

    总理内塔尼亚胡, 库马拉通加总统, 9号萨莫拉诺: a LOC of three or more characters of
    foreign names that is not in the place gazetteer, right before 总统, 总理, 首相 or
    外长, or right after a title or a player's number when jieba's dictionary does not
    call it a place (主席|东南亚之行).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """

    def beside_a_title(name: str, start: int, end: int) -> bool:
        if len(name) < 3 or not _transliterated(name) or name in gazetteer_places():
            return False
        if _STATE_TITLE_AFTER.match(text, end):
            return True
        return bool(_STATE_TITLE_BEFORE.search(text, 0, start)) and word_tags().get(name) != "ns"

    return _relabel(text, spans, "LOC", "PER", beside_a_title)


# Words a place runs into without a break: a people (阿尔巴尼亚族), a war or massacre
# named after it (越南战争, 南京大屠杀), the weather of a city in a forecast (银川多云).
_PLACE_COMPOUND = re.compile(
    "族|战争|大屠杀|事变|惨案|多云|晴|阴转|小雨|中雨|大雨|暴雨|雷阵雨|阵雨|雨夹雪|小雪|中雪|大雪"
)
# 华 for China after a verb of going or staying (访华, 侵华, 驻华, 在华).
_CHINA_AFTER_VERB = re.compile("(?<=[访侵在驻来赴援旅离抵返])华")
# A country's one-character name after a verb of going or facing (访美, 赴法, 旅美, 对日出口),
# not 日 of 美元对日元.
_COUNTRY_AFTER_VERB = re.compile("(?<=[访在驻来赴旅离抵返对])[美日法英德俄韩朝印意澳](?!元)")


def places_in_compounds(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label a place inside a compound word or a weather forecast, and 华, 美 after a verb.

    People's Daily labels the place of 阿尔巴尼亚族, 越南战争, 南京大屠杀 and of a forecast's
    银川多云, 华 (China) of 访华, 侵华战争 and the country of 赴法, 旅美, 对日出口; jieba joins
    them into one word and the model leaves them unlabelled. The longest name of the place
    gazetteer right before such a word, a 华 after 访, 侵, 在, 驻, 来, 赴, 援, 旅, 离, 抵 or
    返, and a 美, 日, 法, 英, 德, 俄, 韩, 朝, 印, 意 or 澳 after 访, 在, 驻, 来, 赴, 旅, 离, 抵, 返
    or 对 (not 日 of 对日元), each starting no longer word (华东, 华侨, 在法律上), become
    places where no span touches them.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    found: list[tuple[int, int]] = []
    places = gazetteer_places()
    for match in _PLACE_COMPOUND.finditer(text):
        end = match.start()
        for size in (5, 4, 3, 2):
            if end - size >= 0 and text[end - size:end] in places:
                found.append((end - size, end))
                break
    after_verb = [*_CHINA_AFTER_VERB.finditer(text), *_COUNTRY_AFTER_VERB.finditer(text)]
    if after_verb:
        starts = {offset for offset, word in _words(text) if len(word) > 1}
        found += [(m.start(), m.end()) for m in after_verb if m.start() not in starts]
    if not found:
        return spans
    out = list(spans)
    for start, end in found:
        if not any(s < end and start < e for s, e, _ in out):
            out.append((start, end, "LOC"))
    return sorted(out)


_DIRECTION_PART = re.compile("[东西南北中]{1,3}部")


def place_words(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut 地区 off a place (亚太地区 → 亚太) and drop places that are not ones.

    The convention labels the region without 地区 (no place of example.dev ends in it;
    prefectures named so, 和田地区, stay whole), and no place in 北京时间 (a time zone)
    or 北南/南北双方 (the two sides of a divided country). A part of a country named by
    its directions (我国中东部, 西南部) is no organization, though it ends in 部.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    out = []
    for start, end, label in spans:
        if label == "ORG" and _DIRECTION_PART.fullmatch(text, start, end):
            continue
        if label == "LOC":
            name = text[start:end]
            if name in ("北南", "南北") or (name == "北京" and text.startswith("时间", end)):
                continue
            if len(name) > 3 and name.endswith("地区") and name not in gazetteer_places():
                end -= 2  # but 和田地区, 阿里地区: prefectures of that name
        out.append((start, end, label))
    return out


def celestial_bodies(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label the sun, the moon, the planets and the galaxy as places (人造地球卫星 → 地球).

    The People's Daily NER convention labels them places (地球 all ten times in
    example.dev, also inside 人造地球卫星 and 地球磁场); the corpus the model learned from
    tags them common nouns. Each of :data:`CELESTIAL_BODIES` in the text that no span
    overlaps becomes a LOC; not 太阳 of 太阳能, 太阳翼, 人造太阳, nor the first part of a
    place named after one (太阳岛, 月亮湾).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if not any(name in text for name in ("地球", "月", "太阳", "星", "银河")):
        return spans
    for match in _CELESTIAL.finditer(text):
        start, end = match.span()
        if not any(s[0] < end and start < s[1] for s in spans):
            spans = [*spans, (start, end, "LOC")]
    return sorted(spans)


def enterprises(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label state enterprises known by a short name as organizations (邯钢, 鞍钢, 一汽).

    People's Daily 1998-01 tags 邯钢 a common noun (学习邯钢经验), the convention an
    organization. A steel works of a city (X钢, not 唐钢铁 of 京唐钢铁) or 一汽/二汽 (not
    一汽车) that no span overlaps becomes an ORG.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "钢" not in text and "汽" not in text:
        return spans
    for match in _ENTERPRISE.finditer(text):
        start, end = match.span()
        if not any(s[0] < end and start < s[1] for s in spans):
            spans = [*spans, (start, end, "ORG")]
    return sorted(spans)


# armies: one-character names of countries before 军 (美军, 俄军, 乌军, 以军).
_ARMY = re.compile("([美俄乌以日英法德韩朝印巴伊叙土墨越菲泰苏])军(?:方|队)?")


def armies(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label the country of an army named by one character a place (乌|军, 美|军).

    The convention labels 美 of 美军 (example.dev); the model gets 美军, 俄军 and 以军
    so, and reads 乌军 as a person, an organization or nothing. A span that is the army
    (乌军, 乌军方) gives way to the country; one that goes on past it is left alone.
    The character must stand as a word of its own or open one, and 以 also be followed
    by a word's end (以|军事手段 is "by military means", 予以|军 no country).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    if "军" not in text:
        return spans
    out = list(spans)
    starts: set[int] | None = None
    for match in _ARMY.finditer(text):
        start, end = match.span()
        country = (start, start + 1, "LOC")
        if country in out:
            continue
        if starts is None:
            starts = {offset for offset, _ in _words(text)} | {len(text)}
        if start not in starts or (match.group(1) == "以" and end not in starts):
            continue
        overlapping = [s for s in out if s[0] < end and start < s[1]]
        if all(s[0] == start and s[1] <= end for s in overlapping):
            out = [s for s in out if s not in overlapping]
            out.append(country)
    return sorted(out)


@lru_cache(maxsize=1)
def _known_organizations() -> ahocorasick.Automaton:
    """An automaton of the bodies of ``kg/resources/agencies.tsv`` and their aliases."""
    names = set()
    for row in table("agencies.tsv"):
        names.add(row[0])
        names.update(alias for alias in (row[1].split("|") if len(row) > 1 else ()) if alias)
    # 以军, 美军: the convention labels the country (美 of 美军), not the army.
    return automaton(n for n in names if len(n) > 1 and not (len(n) == 2 and n[1] == "军"))


@lru_cache(maxsize=1)
def _known_people() -> ahocorasick.Automaton:
    """An automaton of the names of ``kg/resources/known_people.txt``."""
    return automaton(n for n in resource_lines("known_people.txt") if len(n) > 1)


# Characters jieba glues to a name (和|普京 as 和普京, 普京|在 as 普京在).
_GLUED = frozenset("和与同及跟对向在将已也还就都是为被把给的了说")


def _listed_names(text: str, spans: Spans, names: ahocorasick.Automaton, label: str) -> Spans:
    """Label the longest matches of ``names`` on word boundaries (see :func:`known_people`)."""
    if names.kind != ahocorasick.AHOCORASICK:  # no names
        return spans
    matches = [(last + 1 - size, last + 1) for last, size in names.iter_long(text)]
    if not matches:
        return spans
    words = _words(text)
    bounds = {offset for offset, _ in words} | {len(text)}
    out = list(spans)
    for start, end in matches:
        if not (start in bounds or text[start - 1] in _GLUED) or not (
            end in bounds or text[end] in _GLUED
        ):
            continue
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in out):
            continue
        out = [s for s in out if not (s[0] < end and start < s[1])]
        out.append((start, end, label))
    return sorted(out)


def known_organizations(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Label the bodies the extraction lists, and their short names, as organizations.

    ``kg/resources/agencies.tsv`` holds central bodies of China and international
    organizations often in its news, with their short names (哈马斯, 胡塞武装, 真主党,
    国家大呼拉尔, 美联储); the 1998 model reads some as persons or places. A listed name
    on word boundaries becomes an organization as :func:`known_people` makes persons;
    not an army's short name (以军), whose country the convention labels (美 of 美军).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _listed_names(text, spans, _known_organizations(), "ORG")


def known_people(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label the people national news names without a title as persons (普京, 李强).

    The model learnt its names from People's Daily 1998; it reads 普京 as a place
    (jieba's dictionary tags it ``ns``) and misses some leaders of today. A name of
    ``kg/resources/known_people.txt`` that stands on word boundaries of the
    recognizer's segmentation (or beside a character jieba glues to names: 和|普京)
    becomes a person, replacing the spans it overlaps, unless a longer span holds it
    (an organization named after the person). Names inside a doctrine's name stay
    persons, as the convention labels 邓小平 of 邓小平理论.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _listed_names(text, spans, _known_people(), "PER")


@lru_cache(maxsize=4)
def _listed_in(name: str) -> ahocorasick.Automaton:
    """An automaton of the entries of the list ``kg/ner/data/<name>``."""
    return automaton(data_lines(name))


def known_companies(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label the short names of well-known companies as organizations (波音, 思科, 华为).

    People's Daily labels a company's short name an organization wherever it stands,
    also before a product (三菱|吉普车, 波音|727); the model learnt few of them from 1998
    and none of today's. A name of ``kg/ner/data/companies.txt`` on word boundaries
    becomes an organization as :func:`known_organizations` makes them, unless a longer
    span holds it (宝马公司, or 松下幸之助 read as a person).

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _listed_names(text, spans, _listed_in("companies.txt"), "ORG")


def known_figures(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label historical figures and writers named without a title as persons (李白, 胡适).

    People's Daily labels them persons, also inside a title (《李白》); the model, trained
    on one month of 1998 news, reads many as nothing or as places. A name of
    ``kg/ner/data/figures.txt`` on word boundaries becomes a person as
    :func:`known_people` makes them, unless a longer span holds it.

    Args:
        text: The sentence the spans index.
        spans: ``(start, end, type)`` spans in order.
    """
    return _listed_names(text, spans, _listed_in("figures.txt"), "PER")


OUTPUT_RULES: tuple[Callable[[str, Spans], Spans], ...] = (
    organization_starts,
    close_brackets,
    place_bodies,
    leading_places,
    numbered_sessions,
    publications,
    ministries,
    people_of_trophies,
    addressed_surnames,
    regions,
    split_place_pairs,
    sports_teams,
    foreign_places_by_division,
    foreign_places_by_ending,
    facilities,
    foreign_people_by_title,
    place_words,
    places_in_compounds,
    celestial_bodies,
    enterprises,
    known_organizations,
    known_companies,
    known_people,
    known_figures,
    armies,
)
