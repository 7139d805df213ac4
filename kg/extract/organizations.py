"""Organizations: known bodies from the lexicons, and names ending in an organization suffix.

Two passes over the article:

1. every form of a known body (central agencies, every province's party committee,
   government, congress …, the level-only forms 自治区党委 of the article's region);
2. every organization suffix (厅, 局, 委员会, 支队, 医院 …) ending a token, extended
   leftwards over the name-like tokens before it (自治区 / 应急 / 管理厅).

Candidates made only of generic words (医院党委, 该党支部, 实验室) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.doc import Doc, Token, dictionary_tags
from kg.extract.lexicon import (
    COUNTRY_ABBREVIATIONS,
    Division,
    WorldPlace,
    divisions_by_name,
    is_place_name,
    national_matcher,
    place_matcher,
    regional_matcher,
    suffix_matcher,
    surnames,
    title_matcher,
    titles,
    world_place_matcher,
    world_places,
)
from kg.extract.places import country_of_abbreviation
from kg.extract.spans import extend_left, generic_words, has_cjk, not_heads
from kg.records import Mention
from kg.registry import registry
from kg.resources import lines

__all__ = ["GOVERNMENT_SUFFIXES", "division_named_before", "org_ending_at", "organization_mentions"]

NAME = "kg.organizations.v1"
_GOV_ENDINGS = ("厅", "局", "委员会", "政府", "党委", "人大", "常委会", "部", "署", "办",
                "办公室", "办公厅", "委", "党组", "纪委", "监委", "检察院", "法院", "党支部",
                "支部", "党总支", "工委", "团委", "管委会", "支队", "大队", "总队", "政协")
GOVERNMENT_SUFFIXES = tuple(sorted(_GOV_ENDINGS, key=len, reverse=True))
# Characters after which a name may end inside a jieba token (管委会|对).
_FOLLOWERS = frozenset("对在为的和与于将已是等向从经由把被及、，。；：（(“")
_NOUN_TAGS = frozenset({"n", "nt", "nz", "j", "?", "ns", "nr", "nrt", "ng", "l", "x", "eng"})


_MEETING = re.compile(r".*(?:会议|会)")


def _after_the_meeting(text: str, start: int, suffix_start: int) -> int:
    """全国人大三次会议|江苏代表团, 米兰冬奥会|中国体育代表团: a delegation to a meeting.

    The meeting before a delegation's name is where it goes, not part of it; the name
    starts after it when two characters or more are left.
    """
    found = _MEETING.match(text, start, suffix_start)
    if found is not None and suffix_start - found.end() >= 2:
        return found.end()
    return start


# The states a body has as members, which jieba joins to its name (安理会常任理事国).
_MEMBER_STATES = ("常任理事国", "非常任理事国", "理事国", "成员国", "轮值主席国", "观察员国")


def _ends_cleanly(doc: Doc, end: int) -> bool:
    """True when a name may end at ``end``: a token boundary, a title (委|副主任), a particle.

    A kind of member state after it (安理会|常任理事国, 欧盟|成员国) ends a name too.
    """
    if end in doc.boundaries or end >= len(doc.text) or doc.text[end] in _FOLLOWERS:
        return True
    if doc.text.startswith(_MEMBER_STATES, end):
        return True
    return any(s == 0 for s, _, _, _ in title_matcher().find(doc.text[end:end + 8]))


# One-character adverbs before a verb that is also a one-character suffix (正站在, 又站).
_ADVERBS = frozenset("正又也都还仍就才已曾再")
# Titles held in a body's Party group or committee (党组书记, 党委委员): posts at the body.
_COMMITTEE_MEMBERS = ("书记", "副书记", "常务副书记", "成员", "委员")
# Heads that end in a word heading no name (安全局 ends in 全局, 安全部 in 全部).
_HEADS_DESPITE = ("安全局", "安全部")


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
        # The word may reach over the head token (根基|部 ends in 基部).
        if (any(text.endswith(word, max(0, head.start - 2), end) for word in not_heads())
                and not head_text.endswith(_HEADS_DESPITE)) or (
                end - suffix_start == 1 and head.tag not in _NOUN_TAGS):
            return None
        if head_text in titles():
            return None
        if end - suffix_start == 1 and head.tag == "?" and head_text[:1] in _ADVERBS \
                and head.end - head.start == 2:
            return None  # 世界|正站|在: an adverb and a verb jieba's HMM joined, no 站
    start = extend_left(doc, suffix_start, end, stop=_person_ends(doc))
    start = _after_known_body(text, start, suffix_start, end)
    if text[start:end] not in national_matcher():  # 中央纪委|国家监委 stay two
        start = _known_parent(text, start, suffix_start)
    start = _bracketed_company(doc, start, end)
    own = _after_a_kind_of_company(doc, start, suffix_start)
    described = own != start  # a description before it says that the rest is a name
    start = own
    first = doc.tokens[doc.token_at(start)] if doc.tokens else None
    if first is not None and first.text == "代表" and first.end < suffix_start:
        following = doc.tokens[doc.token_at(first.end)]
        if following.tag in ("ns", "nt", "nz") or following.text in world_places():
            start = first.end  # 代表|中国政府 (on behalf of), not 代表资格审查委员会
    if text.startswith("代表团", suffix_start):
        start = _after_the_meeting(text, start, suffix_start)
        sender = text[start:suffix_start]
        if any(s == 0 and e == len(sender) for s, e, _k, _v in national_matcher().find(sender)):
            return None  # 联合国|代表团, 武警部队|代表团: the body that sends it is the name
    name = text[start:end]
    if suffix_start == end - 2 and _a_kind_of_company(doc, start, suffix_start) \
            and _COMPANY_NEXT.match(text, end, end + 12):
        return None  # 美国日用消费品公司|宝洁公司: a description of the company named next
    if len(name) < 3 or name in generic_words() or name in _SUFFIXES() \
            or _place_and_generic(name) or _COUNTED.match(name):
        return None
    suffix = text[suffix_start:end]
    if suffix == "中心" and (text.startswith(("城市", "地位", "作用", "位置"), end)
                           or text.endswith("副", 0, suffix_start)):
        return None  # 国际消费中心|城市, 联合国中心|地位, 北京城市副中心: no body
    if suffix in _weak() and not described and not _proper_opening(doc, start, end):
        return None
    body_end = suffix_start - start - (1 if text.endswith("原", 0, suffix_start) else 0)
    if suffix in ("党组", "党委") and text.startswith(_COMMITTEE_MEMBERS, end) \
            and (name[:body_end] in national_matcher()
                 or any(e == body_end for _s, e, _k, _v in suffix_matcher().find(name))):
        return None  # 农业农村厅|(原)党组书记: a post at the department, as 党委委员 is
    if suffix == "工会" and (_only_a_place(name[:-2]) or "特色社会主义" in name):
        return None  # 法国|工会, 台湾地区|工会: a country's unions, no one body
    if suffix in _named_heads() and not described and not _named_opening(doc, start, end):
        return None
    return start, end


@lru_cache(maxsize=1)
def _named_heads() -> frozenset[str]:
    return frozenset(lines("named_org_heads.txt"))


# Tags of a first word that names something (a person, brand, abbreviation) or that jieba's
# HMM made up (an unknown proper name): 波音|公司, 福特|公司, 隆基|绿能.
_NAMED_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "j", "eng", "x", "?"})


def _named_opening(doc: Doc, start: int, end: int) -> bool:
    """True when a name with a common head opens with a proper word (波音公司, not 石油公司)."""
    if _proper_opening(doc, start, end):
        return True
    token = doc.tokens[doc.token_at(start)]
    return token.tag in _NAMED_TAGS and _cjk_or_latin(token.text)


def _cjk_or_latin(text: str) -> bool:
    return bool(re.search("[\u4e00-\u9fffA-Za-z]", text))


_BRACKETED = ("集团", "控股", "中国", "股份")


def _bracketed_company(doc: Doc, start: int, end: int) -> int:
    """Where a registered company name with a bracketed part starts.

    百济神州（北京）生物科技有限公司, 江南造船（集团）有限责任公司: the seat or 集团 stands in
    brackets inside the name, which starts before them.
    """
    text = doc.text
    if not text.endswith("公司", 0, end) or start < 3 or text[start - 1] not in "）)":
        return start
    opening = max(text.rfind("（", max(0, start - 8), start), text.rfind("(", max(0, start - 8),
                                                                          start))
    if opening < 1:
        return start
    inner = text[opening + 1:start - 1]
    if inner not in _BRACKETED and inner not in divisions_by_name() \
            and inner not in world_places():
        return start
    before = extend_left(doc, opening - 1, opening, stop=_person_ends(doc))
    return before if before < opening else start


def _after_a_kind_of_company(doc: Doc, start: int, suffix_start: int) -> int:
    """Where a company's own name starts after a description of it.

    美国日用消费品公司|宝洁公司: a company of a kind (a place and common nouns before
    公司) written before the company's own name is no part of it. Not for subsidiaries
    (…集团公司|分公司) nor for names with a proper word before the inner 公司.
    """
    text = doc.text
    inner = text.rfind("公司", start, suffix_start)
    if inner < 0 or not text.startswith("公司", suffix_start) or not doc.tokens \
            or suffix_start - (inner + 2) < 2 or text.startswith(("分", "子", "总"), inner + 2) \
            or not _a_kind_of_company(doc, start, inner):
        return start
    return inner + 2


def _a_kind_of_company(doc: Doc, start: int, stop: int) -> bool:
    """True when ``text[start:stop]`` is a place and common nouns (美国|日用|消费品)."""
    if not doc.tokens:
        return False
    words = _words_between(doc, start, stop)
    return bool(words) and words[0].tag == "ns" and words[0].start == start \
        and all(t.tag in ("ns", "n", "vn") for t in words) and any(t.tag != "ns" for t in words) \
        and words[-1].end == stop


def _words_between(doc: Doc, start: int, stop: int) -> list[Token]:
    """The tokens that lie wholly in ``text[start:stop]``."""
    tokens = doc.tokens[doc.token_at(start):doc.token_at(max(start, stop - 1)) + 1]
    return [t for t in tokens if t.start >= start and t.end <= stop]


def _known_parent(text: str, start: int, suffix_start: int) -> int:
    """上海合作组织|科技创新合作中心: a known body written right before a name is its parent.

    The leftward growth stops at a verb-like word (组织); a lexicon name ending exactly
    where the name starts is taken in, so the sub-body keeps its parent.
    """
    if start >= suffix_start or start == 0:
        return start
    window = text[max(0, start - 16):start]
    offset = max(0, start - 16)
    best = start
    for s, e, _, _ in national_matcher().find(window):
        if offset + e == start and e - s >= 4:
            best = min(best, offset + s)
    return best


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


_SUFFIX_CHARS = frozenset("厅局部委院办署所站馆队社会司处科组村镇乡县市区省州旗盟屯庄寨")


def _person_ends(doc: Doc) -> frozenset[int]:
    """Offsets where a person's name ends (an organization name cannot run through one)."""
    cached = doc.cache.get("person_ends")
    if not isinstance(cached, frozenset):
        family = surnames()
        # Inside a listed body's name no person ends: 胡塞|武装 (胡 is a surname).
        inside = {k for s, e, _key, _value in national_matcher().find(doc.text)
                  for k in range(s + 1, e)}
        cached = frozenset(t.end for t in doc.tokens
                           if t.tag in ("nr", "nrfg", "?") and 2 <= len(t.text) <= 3
                           and t.text[0] in family and t.text[-1] not in _SUFFIX_CHARS
                           and t.end not in inside
                           and t.text not in world_places()  # 乌克兰 is tagged nr
                           and not _city(t.text)  # and 阳泉 (a city) too
                           and not _division_before(doc.text, t.end, t.text))  # 吴江|区
        doc.cache["person_ends"] = cached
    return cached


# What a country before them does not make a name: 美国|科技公司 (but 美国|政府, and
# 美国|航空公司, American Airlines).
_KINDS_OF_COMPANY = frozenset({"科技公司", "科技企业", "科技巨头", "企业", "公司", "金融中心",
                               "国际金融中心", "经济中心", "科技创新中心"})
# A company named right after (no punctuation or function word between).
_COMPANY_NEXT = re.compile(r"[^，。；、：:,\s“”《》（）()与和及同跟对向在]{2,10}?公司")
# A count before a body's head is no name: 三所|院属高校, 两家|公司.
_COUNTED = re.compile(r"[\d一二三四五六七八九十两几多数]+[所家个座批类支]")


# A country's missions abroad, named by both countries: 中国驻古巴大使馆.
_MISSIONS = ("大使馆", "使馆", "总领事馆", "领事馆")
# Hosts that name no one country: 我驻多国使馆, 驻外使馆.
_NO_HOST = ("多国", "外", "各国", "有关国家", "相关国家")


def _mission(doc: Doc, start: int, name: str) -> tuple[int, str] | None:
    """The full name of a mission written after 驻, or None for missions of no one host.

    中国|驻|古巴使馆 → 中国驻古巴大使馆 (使馆 is the short form), 我|驻|希腊大使馆 → 中国驻…,
    美国|驻|丹麦使馆 → 美国驻丹麦大使馆; a mission named without 驻 stays as written.
    """
    text = doc.text
    if name.startswith("驻"):
        start, name = start + 1, name[1:]  # 我|驻多国使馆 read as one word
    if not text.endswith("驻", 0, start):
        return start, name
    if name.startswith(_NO_HOST):
        return None
    if name.endswith("使馆") and not name.endswith(("大使馆", "领使馆")):
        name = name[:-2] + "大使馆"
    before = start - 1
    if text.endswith("我", 0, before):
        return before - 1, "中国驻" + name
    for s, e, _key, place in world_place_matcher().find(text[max(0, before - 8):before]):
        offset = max(0, before - 8)
        if offset + e == before and isinstance(place, WorldPlace) and place.kind == "country":
            return offset + s, place.canonical + "驻" + name
    if text.endswith("中国", 0, before):
        return before - 2, "中国驻" + name
    return start, name


def _inside_a_place(text: str, start: int) -> bool:
    """Whether a place name runs across ``start`` (白|俄罗斯: the name opens inside it)."""
    offset = max(0, start - 4)
    return any(offset + s < start < offset + e
               for s, e, _key, _place in world_place_matcher().find(text[offset:start + 6]))


# One-character countries that are no common word before a body (以 and 印 are: 以|联合国为
# 核心, 印|发), and the bodies a state has of its own (not 联合国 or 党中央).
_ABROAD_CHARS = frozenset("美俄英法德日韩乌菲越泰叙墨吉哈")
_STATE_BODY_ENDINGS = ("部", "央行", "议会", "空军", "海军", "陆军", "总统府")


def _abroad_form(doc: Doc, start: int, key: str) -> str | None:
    """A Chinese body's short form after a one-character country names that country's.

    美|司法部 is the United States Department of Justice (美国司法部), 德|央行 Germany's
    central bank, not China's 司法部 and 中国人民银行: the full name is the country's name
    and the form as written. Only for a character standing alone as a word.
    """
    if start < 1 or doc.text[start - 1] not in _ABROAD_CHARS or not doc.tokens \
            or not key.endswith(_STATE_BODY_ENDINGS):
        return None
    token = doc.tokens[doc.token_at(start - 1)]
    if token.start != start - 1 or token.end != start or key.startswith(("中国", "中央", "全国")):
        return None
    if start >= 2 and has_cjk(doc.text[start - 2]) \
            and doc.tokens[doc.token_at(start - 2)].end == start - 1 \
            and (doc.text[start - 2] in COUNTRY_ABBREVIATIONS or doc.text[start - 2] == "中"):
        return None  # 中|美|… a pair of countries, not one
    country = country_of_abbreviation(doc, doc.text[start - 1])
    return None if country is None else country + key


def _place_and_generic(name: str) -> bool:
    """True for a country or region before a kind of company (美国|科技公司, 欧洲|企业)."""
    return any(s == 0 and name[e:] in _KINDS_OF_COMPANY
               for s, e, _key, _place in world_place_matcher().find(name))


def _only_a_place(name: str) -> bool:
    """True for a country's, a division's or a region's name alone (法国, 台湾地区)."""
    return is_place_name(name) or (name.endswith("地区") and len(name) <= 6)


def _division_before(text: str, end: int, name: str) -> bool:
    """True when ``name`` and the suffix right after it name a division (吴江|区, 正定|县)."""
    return text[end:end + 1] in _DIVISION_SUFFIXES and name + text[end] in divisions_by_name()


_DIVISION_SUFFIXES = frozenset("省市区县旗镇乡州盟")


def _city(name: str) -> bool:
    """True for a province's or a prefecture's name, full or short (阳泉, 山西省)."""
    division = divisions_by_name().get(name)
    return division is not None and division.level in ("province", "prefecture")


_COMPANY_ENDINGS = ("公司", "集团")


def _one_region(name: str) -> int:
    """How many characters of a company's name are a province before its own city.

    A registered company name holds one administrative region (行政区划 + 字号 + 行业 +
    组织形式); a story writes the province before it: 河南|洛阳轴承集团股份有限公司,
    山西|阳泉阀门股份有限公司. Returns 0 when the name opens otherwise.
    """
    if not name.endswith(_COMPANY_ENDINGS):
        return 0
    by_name = divisions_by_name()
    matcher = place_matcher()
    for s, e, key, province in matcher.find(name):
        if s != 0 or getattr(province, "level", None) != "province" or key != name[:e]:
            continue
        for s2, e2, key2, city in matcher.find(name[e:e + 8]):
            if s2 == 0 and len(name) - e - e2 >= 4 and getattr(city, "parent", None) == \
                    getattr(province, "code", None) and by_name.get(key2) is city:
                return e
    return 0


def _under_known_body(doc: Doc, start: int, name: str) -> str:
    """A sub-body written under a known body's short form takes its full name.

    哈马斯|政治局 → 巴勒斯坦伊斯兰抵抗运动政治局, 全国政协|党组 →
    中国人民政治协商会议全国委员会党组: the longest lexicon form that opens the name on a
    word boundary and is not all of it is written out. A company's subsidiary keeps the
    name it is registered under (中国电信|天翼云科技有限公司), so a company's short form is
    left as written.
    """
    best = None
    for s, e, key, canonical in national_matcher().find(name):
        if s == 0 and e < len(name) - 1 and start + e in doc.boundaries \
                and (best is None or e > best[0]):
            best = (e, str(key), str(canonical))
    if best is None or best[1] == best[2] or len(best[1]) < 2 \
            or best[2].endswith(_COMPANY_ENDINGS) or "集团" in best[2]:
        return name
    return best[2] + name[best[0]:]


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
        if _inside_a_place(text, start):
            continue  # 白|俄罗斯安全会议: Belarus's, not Russia's
        if key == "中国共产党" and text.startswith(("员", "人"), end):
            continue  # 中国共产党|员, 中国共产党|人: its members, not the Party
        abroad = _abroad_form(doc, start, str(key))
        if abroad is not None:
            found.append(Mention("organization", text[start - 1:end], start - 1, end, abroad,
                                 0.95, NAME, _subtype(abroad)))
            continue
        found.append(Mention("organization", key, start, end, str(canonical), 0.95, NAME,
                             _subtype(str(canonical))))
    for start, end, _key, _ in suffix_matcher().find(text):
        if not _ends_cleanly(doc, end):
            continue
        span = org_ending_at(doc, end, start)
        if span is None:
            continue
        s, e = _two_portfolios(doc, *span)
        if text.endswith(("中国—", "中国－"), 0, s):
            s -= 3  # 中国—柬埔寨中药中心: a body of two parties keeps both
        s, name = _with_country(doc, s, e)
        if name.endswith(_MISSIONS):
            mission = _mission(doc, s, name)
            if mission is None:
                continue
            s, name = mission
        cut = _one_region(name)
        s, name = s + cut, _under_known_body(doc, s + cut, name[cut:])
        found.append(Mention("organization", text[s:e], s, e, name, 0.8, NAME,
                             _subtype(name)))
    found = [m for m in found if not m.text.endswith("纪委监委")]  # two bodies: see below
    found = [_of_named_division(doc, m) for m in found]
    found.extend(_level_only_bodies(doc))
    found.extend(_congress_bodies(doc))
    found.extend(_division_bodies(doc))
    found.extend(_military_units(doc))
    found.extend(_township_committees(doc))
    for byline in doc.article.bylines:
        if byline.role == "contributor":
            name = text[byline.start:byline.end]
            found.append(Mention("organization", name, byline.start, byline.end, name, 0.9, NAME,
                                 _subtype(name)))
    found.extend(_shared_heads(doc, found))
    return _longest(_without_lead_ins(found))


def _shared_heads(doc: Doc, found: list[Mention]) -> Iterator[Mention]:
    """Bodies of divisions listed before one body's name (上海、江苏、浙江|人大常委会).

    Each division of the list has the body the last one names: 上海市人民代表大会常务委员会,
    江苏省…, 浙江省…. Only for divisions of the same level joined by 、, and only the longest
    body named at the last division (not its parent 浙江省人民代表大会 as well).
    """
    text = doc.text
    longest: dict[int, Mention] = {}
    for mention in found:
        if mention.start not in longest or mention.end > longest[mention.start].end:
            longest[mention.start] = mention
    for mention in longest.values():
        last = _division_opening(text, mention.start, mention.name)
        if last is None:
            continue
        rest = mention.name[len(last.name):]
        pos = mention.start
        while pos > 1 and text[pos - 1] == "、":
            listed = next(
                ((k, division) for k in range(2, 9) if pos - 1 - k >= 0
                 and (division := divisions_by_name().get(text[pos - 1 - k:pos - 1])) is not None
                 and division.level == last.level and pos - 1 - k in doc.boundaries), None)
            if listed is None:
                break
            k, division = listed
            pos = pos - 1 - k
            yield Mention("organization", text[pos:pos + k], pos, pos + k, division.name + rest,
                          0.85, NAME, mention.subtype)


def _division_opening(text: str, start: int, name: str) -> Division | None:
    """The division a body's canonical name opens with, written where it starts."""
    for k in range(8, 1, -1):
        division = divisions_by_name().get(text[start:start + k])
        if division is not None and name.startswith(division.name) \
                and len(name) > len(division.name):
            return division
    return None


_NUM = "[一二三四五六七八九十百零〇]+"
# 十四届全国人大三次会议主席团, 第十四届全国人民代表大会常务委员会, 政协第十四届全国委员会,
# 全国政协十四届三次会议: term numbers go from standing bodies, stay in a session's own.
_NPC = re.compile(
    rf"(?:中华人民共和国)?第?(?P<term>{_NUM})届全国(?:人民代表大会|人大)"
    rf"(?P<standing>常务委员会|常委会)?(?:第?(?P<session>{_NUM})次(?:全体)?会议)?"
    r"(?P<body>主席团|秘书处)?")
_CPPCC = re.compile(
    rf"(?:(?:中国人民)?政治协商会议|(?:中国人民)?政协)第?(?P<term>{_NUM})届全国委员会"
    rf"(?P<standing>常务委员会|常委会)?(?:第?(?P<session>{_NUM})次(?:全体)?会议)?"
    r"(?P<body>主席团|秘书处)?"
    rf"|全国政协第?(?P<term2>{_NUM})届(?:第?(?P<session2>{_NUM})次会议)(?P<body2>主席团|秘书处)?")
_ASSEMBLY = re.compile(r"大会(主席团|秘书处|(?=副?秘书长|新闻发言人|发言人))"
                       r"|(?<![会届])(主席团)(?=常务主席|第)")


def _congress_bodies(doc: Doc) -> Iterator[Mention]:
    """Bodies of the NPC and the CPPCC named with their term or session.

    A session's presidium and secretariat keep term and session (第十四届全国人民代表大会第三次
    会议主席团); a standing body drops its term (第十四届全国人大常委会 → 全国人民代表大会常务
    委员会). 大会主席团 in an article about one session is that session's presidium.
    """
    text = doc.text
    sessions: list[str] = []
    for match in _NPC.finditer(text):
        term, session, body = match["term"], match["session"], match["body"]
        if match["standing"]:
            name = "全国人民代表大会常务委员会"
            end = match.start("standing") + len(match["standing"])
        elif session:
            prefix = f"第{term}届全国人民代表大会第{session}次会议"
            sessions.append(prefix)
            if not body:
                continue  # the session itself is a meeting (an event), not a body
            name, end = prefix + body, match.end()
        else:
            name, end = "全国人民代表大会", match.end()
        yield Mention("organization", text[match.start():end], match.start(), end, name, 0.95,
                      NAME, "GovernmentOrganization")
    for match in _CPPCC.finditer(text):
        term = match["term"] or match["term2"]
        session = match["session"] or match["session2"]
        body = match["body"] or match["body2"]
        if match["standing"]:
            name = "中国人民政治协商会议全国委员会常务委员会"
            end = match.start("standing") + len(match["standing"])
        elif session:
            prefix = f"中国人民政治协商会议第{term}届全国委员会第{session}次会议"
            sessions.append(prefix)
            if not body:
                continue
            name, end = prefix + body, match.end()
        else:
            name, end = "中国人民政治协商会议全国委员会", match.end()
        yield Mention("organization", text[match.start():end], match.start(), end, name, 0.95,
                      NAME)
    session = _the_session(doc.article.headline, sessions)
    if session is not None:
        for match in _ASSEMBLY.finditer(text):
            name = session + (match[1] or match[2] or "")
            yield Mention("organization", match[0], match.start(), match.end(), name, 0.9, NAME)


def _the_session(headline: str, sessions: list[str]) -> str | None:
    """The session an article's 大会 and 主席团 refer to.

    The one its headline names, else the one the body names most (十四届全国人大三次会议,
    with the next session named in passing).
    """
    named = set(_sessions(headline))
    if len(named) == 1:
        return named.pop()
    ranked = Counter(sessions).most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _sessions(text: str) -> list[str]:
    """Canonical names of the NPC and CPPCC sessions ``text`` names."""
    out = []
    for match in _NPC.finditer(text):
        if match["session"] and not match["standing"]:
            out.append(f"第{match['term']}届全国人民代表大会第{match['session']}次会议")
    for match in _CPPCC.finditer(text):
        term, session = match["term"] or match["term2"], match["session"] or match["session2"]
        if session and not match["standing"]:
            out.append(f"中国人民政治协商会议第{term}届全国委员会第{session}次会议")
    return out


# Bodies every division has, written after its name (厦门市委, 昭觉县纪委监委, 宁德地委):
# ending → canonical template ({D}: the division's full name, {S}: its short name).
_DIVISION_BODIES = (
    ("纪委监委", ("中共{D}纪律检查委员会", "{D}监察委员会")),
    ("人大常委会", ("{D}人民代表大会常务委员会",)),
    ("纪委", ("中共{D}纪律检查委员会",)),
    ("监委", ("{D}监察委员会",)),
    ("党委", ("中共{D}委员会",)),
    ("政协", ("中国人民政治协商会议{D}委员会",)),
    ("政府", ("{D}人民政府",)),
    ("地委", ("中共{S}地区委员会",)),
    ("委", ("中共{D}委员会",)),
)


def _division_bodies(doc: Doc) -> Iterator[Mention]:
    """Party committees, governments and congresses named by their division's name.

    ``纪委监委`` is two bodies (the Party's discipline commission and the state supervisory
    commission): two mentions, ``…纪委`` and ``监委``.
    """
    text = doc.text
    for place in doc.of_kind("place"):
        division = divisions_by_name().get(place.name)
        if division is None or place.subtype not in ("province", "prefecture", "county"):
            continue
        pos = place.end
        level = division.level_word
        if place.text != division.name and level:
            for word in dict.fromkeys((level, level[-1])):  # 厦门|市|委, 凉山|州|委
                if text.startswith(word, pos) and not text.startswith("委", pos + len(word) - 1):
                    pos += len(word)
                    break
        for ending, templates in _DIVISION_BODIES:
            if not text.startswith(ending, pos):
                continue
            if ending == "地委" and pos != place.end:
                break
            if ending == "委" and ((pos == place.end and place.text != division.name)
                                   or text.startswith(("委员", "委托"), pos)):
                break  # 厦门委… is no committee; 市委员 is
            end = pos + len(ending)
            if not _ends_cleanly(doc, end) and ending != "委":
                break
            names = [t.format(D=division.name, S=division.short) for t in templates]
            if len(names) == 2:
                cut = end - 2
                yield Mention("organization", text[place.start:cut], place.start, cut,
                              names[0], 0.95, NAME, "GovernmentOrganization")
                yield Mention("organization", text[cut:end], cut, end, names[1], 0.95, NAME,
                              "GovernmentOrganization")
            else:
                yield Mention("organization", text[place.start:end], place.start, end,
                              names[0], 0.95, NAME, "GovernmentOrganization")
            break


# A body named by its level only (市政府, 市委, 县纪委): the level word opening a word.
_LEVEL_BODY = re.compile("([市县区])(委|政府|人民政府|人大常委会|政协|纪委)")
_LEVEL_TEMPLATES = {"委": "中共{D}委员会", "政府": "{D}人民政府", "人民政府": "{D}人民政府",
                    "人大常委会": "{D}人民代表大会常务委员会",
                    "政协": "中国人民政治协商会议{D}委员会", "纪委": "中共{D}纪律检查委员会"}


def division_named_before(doc: Doc, pos: int, level: str) -> Division | None:
    """The division of ``level`` (市, 县, 区) the paragraph names last before ``pos``.

    None where a division of another level is named after it (长沙县 after 长沙市): the
    level word then may mean either.
    """
    paragraph = doc.text.rfind("\n", 0, pos)
    for place in reversed(doc.of_kind("place")):
        if place.end > pos or place.start <= paragraph:
            continue
        division = divisions_by_name().get(place.name)
        if division is None or place.subtype not in ("province", "prefecture", "county"):
            continue
        return division if division.level_word == level else None
    return None


def _level_only_bodies(doc: Doc) -> Iterator[Mention]:
    """市政府, 市委 … after the paragraph named its city: that city's government, committee.

    长沙市委书记吴桂英说，市政府要… → 长沙市人民政府. Only where the level word opens a word
    (not 城|市政府) and the paragraph's last division is of that level.
    """
    text = doc.text
    for match in _LEVEL_BODY.finditer(text):
        if match.start() not in doc.boundaries or not _ends_cleanly(doc, match.end()):
            continue
        division = division_named_before(doc, match.start(), match[1])
        if division is not None:
            name = _LEVEL_TEMPLATES[match[2]].format(D=division.name)
            yield Mention("organization", match[0], match.start(), match.end(), name, 0.8,
                          NAME, "GovernmentOrganization")


def _of_named_division(doc: Doc, mention: Mention) -> Mention:
    """市公安局, 市委宣传部 after the paragraph named its city: that city's body."""
    name = mention.name
    if mention.extractor != NAME or name[:1] not in "市县区" or len(name) < 4 \
            or name.startswith(("市场", "市民", "市区", "县城", "区域", "市级", "县级", "区级")) \
            or mention.start not in doc.boundaries:
        return mention
    division = division_named_before(doc, mention.start, name[0])
    if division is None:
        return mention
    full = division.name + name[1:]
    return Mention(mention.kind, mention.text, mention.start, mention.end, full,
                   mention.confidence, mention.extractor, mention.subtype)


_TOWNSHIP = re.compile("(镇|乡|街道)(党委|政府)")


def _township_committees(doc: Doc) -> Iterator[Mention]:
    """A township's Party committee or government, under the county the article names.

    古里镇党委 → 中共昭觉县古里镇委员会: the county is the one written right before the
    township (昭觉县古里镇), else the last one the article names before it; without one the
    township's name stands alone.
    """
    text = doc.text
    counties = [m for m in doc.of_kind("place") if m.subtype == "county"]
    for match in _TOWNSHIP.finditer(text):
        county = next((c for c in reversed(counties) if c.end <= match.start()), None)
        if county is not None and 2 <= match.start() - county.end <= 4:
            begin, town_start = county.start, county.end  # 昭觉县|古里|镇党委
        else:
            token = doc.tokens[doc.token_at(match.start() - 1)] if match.start() else None
            if token is None or token.end != match.start() or not 2 <= len(token.text) <= 4:
                continue
            begin = town_start = token.start
        town = text[town_start:match.end(1)]
        if town[0] in "各全本该每" or town in ("乡镇", "城镇", "集镇") or not all(
                "\u4e00" <= c <= "\u9fff" for c in town):
            continue
        prefix = county.name if county is not None else ""
        name = f"中共{prefix}{town}委员会" if match[2] == "党委" else f"{prefix}{town}人民政府"
        yield Mention("organization", text[begin:match.end()], begin, match.end(), name, 0.95,
                      NAME, "GovernmentOrganization")


_ARMED_POLICE = re.compile("武警([\u4e00-\u9fff]{2,3}?)总队")
_MILITARY_DISTRICT = re.compile("(西藏|新疆)军区")


def _military_units(doc: Doc) -> Iterator[Mention]:
    """武警西藏总队 → 中国人民武装警察部队西藏自治区总队; 西藏军区 → 中国人民解放军西藏军区."""
    text = doc.text
    for match in _ARMED_POLICE.finditer(text):
        division = divisions_by_name().get(match[1])
        if division is not None and division.level == "province":
            name = f"中国人民武装警察部队{division.name}总队"
            yield Mention("organization", match[0], match.start(), match.end(), name, 0.95,
                          NAME)
    for match in _MILITARY_DISTRICT.finditer(text):
        if not text.endswith("解放军", 0, match.start()):
            yield Mention("organization", match[0], match.start(), match.end(),
                          f"中国人民解放军{match[0]}", 0.95, NAME)


# Endings of companies, universities and the like: their names do not carry the country
# a news story writes before them (美国|密歇根大学, 瑞士|诺华公司).
_NON_STATE_ENDINGS = ("公司", "集团", "大学", "学院", "医院", "基金会", "银行", "交易所",
                      "俱乐部", "博物馆")


def _two_portfolios(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """巴勒斯坦外交和|侨民部: a foreign ministry of two portfolios joined by 和 or 与.

    The name grows over ``X和`` when a country is written right before the two-character
    portfolio ``X``; China's ministries are in the lexicon under their full names.
    """
    text = doc.text
    if start < 3 or text[start - 1] not in "和与" or not _CJK2.fullmatch(text[start - 3:start - 1]):
        return start, end
    if any(text.endswith(c, 0, start - 3) for c, p in world_places().items()
           if p.kind == "country"):
        return start - 3, end
    return start, end


_CJK2 = re.compile("[\u4e00-\u9fff]{2}")
# State bodies whose name opens with 国: after a one-character country they read as that
# country's (美国务院 is 美|国务院 → 美国国务院, not 美国|务院).
_STATE_BODIES_OF_GUO = ("国务院", "国会", "国防部", "国土安全部", "国家安全局", "国家安全委员会",
                        "国家航空航天局")


def _with_country(doc: Doc, start: int, end: int) -> tuple[int, str]:
    """A foreign body's name with its country in full: 俄国防部 → 俄罗斯国防部.

    A country written just before the name joins it (乌克兰|武装部队 → 乌克兰武装部队), and a
    one-character country form that jieba keeps apart (俄|国防部) is written out.

    Returns:
        The name's start and its full name.
    """
    text = doc.text
    name = text[start:end]
    if name.startswith(("香港特区", "澳门特区")):
        name = name[:2] + "特别行政区" + name[4:]  # 澳门特区政府文化局: the region in full
    country = COUNTRY_ABBREVIATIONS.get(name[:1])
    if country == name[:2] and name[1:].startswith(_STATE_BODIES_OF_GUO):
        return start, country + name[1:]  # 美|国务院 written 美国务院
    opening = max(((e, key, place) for s, e, key, place in world_place_matcher().find(name)
                   if s == 0 and isinstance(place, WorldPlace)), default=None,
                  key=lambda found: found[0])
    if opening is not None and len(opening[1]) < len(opening[2].canonical) \
            and opening[0] < len(name) and not name.endswith(_NON_STATE_ENDINGS):
        # A short form written out: 加州|高铁管理局 → 加利福尼亚州…, 印尼|政府 → 印度尼西亚政府.
        name = opening[2].canonical + name[opening[0]:]
    for s, e, _key, place in world_place_matcher().find(name):
        if s == 0 and isinstance(place, WorldPlace) and place.kind != "country" and any(
                s2 == e and isinstance(p2, WorldPlace) and p2.kind == "country"
                for s2, _e2, _k2, p2 in world_place_matcher().find(name)):
            start, name = start + e, name[e:]  # 阿斯塔纳|哈萨克斯坦国家博物馆: where, not who
            break
    if name.endswith(_NON_STATE_ENDINGS):
        for s, e, _key, place in world_place_matcher().find(name):
            if s == 0 and isinstance(place, WorldPlace) and place.kind == "country" \
                    and len(name) - e >= 3 and not name.startswith(("国家", "国立", "皇家"), e) \
                    and (not doc.tokens or _named_opening(doc, start + e, start + len(name))):
                # 哈萨克斯坦国家博物馆 is the country's own, and so is 俄罗斯|石油公司
                # (Rosneft): without the country the name says only what it does.
                return start + e, name[e:]
        return start, name
    if doc.tokens:
        token = doc.tokens[doc.token_at(start)]
        short = text[start]
        # One character alone, or a whole word of the name (俄国防部/nt) whose first two
        # characters are no other word than a country's (法律|委员会 is no 法|律委员会).
        alone = token.end == start + 1 or (
            token.end == end and len(name) >= 4
            and dictionary_tags().get(name[:2], "ns") == "ns")
        country = country_of_abbreviation(doc, short) if token.start == start and alone \
            and not name.startswith("中国") else None  # 中国政府 is no 中非's
        if country is not None and text.endswith("中", 0, start):
            return start - 1, "中" + name  # 中|阿投资合作高级别委员会: a body of two countries
        if country is not None \
                and not any(s == 0 for s, _, _, _ in world_place_matcher().find(name)):
            return start, country + name[1:]
    for s, e, _key, place in world_place_matcher().find(text[max(0, start - 8):start]):
        offset = max(0, start - 8)
        if offset + e == start and isinstance(place, WorldPlace) and place.kind == "country" \
                and offset + s in doc.boundaries and not name.startswith(place.canonical):
            return offset + s, place.canonical + name
    return start, name


def _without_lead_ins(found: list[Mention]) -> list[Mention]:
    """Drop a suffix-headed name that only adds words before a surer one (指导|陕西省纪委).

    A name the lexicons or the division rules know (confidence ≥ 0.95) that ends where a
    longer suffix-headed name ends is the name; what the longer one adds in front is a
    verb or a modifier jieba's dictionary took for a noun.
    """
    sure = [m for m in found if m.confidence >= 0.95]

    def lead_in(m: Mention, s: Mention) -> bool:
        # 政协第十四届全国委员会|教科卫体委员会: a known body before it is its parent, kept;
        # so is a country (美国|海军 is not the 海军 of the lexicon).
        return s.end == m.end and s.start > m.start and not any(
            p.start == m.start and p.end == s.start for p in sure) \
            and m.text[:s.start - m.start] not in world_places()

    out = []
    for m in found:
        if m.confidence < 0.95 and any(lead_in(m, s) for s in sure):
            continue
        if m.confidence < 0.95:
            m = _composed(m, sure)
        out.append(m)
    return out


def _composed(m: Mention, sure: list[Mention]) -> Mention:
    """A parent and a sub-body written together get the sub-body's canonical name."""
    for child in sure:
        if child.end == m.end and child.start > m.start:
            for parent in sure:
                if parent.start == m.start and parent.end == child.start:
                    name = child.name if child.name.startswith(parent.name) \
                        else parent.name + child.name
                    return Mention(m.kind, m.text, m.start, m.end, name, 0.9, m.extractor,
                                   m.subtype)
    return m


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
