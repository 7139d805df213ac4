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

from kg.extract.doc import Doc, dictionary_tags
from kg.extract.lexicon import (
    COUNTRY_ABBREVIATIONS,
    Matcher,
    divisions_by_name,
    suffix_matcher,
    surnames,
    title_matcher,
    titles,
    world_place_matcher,
    world_places,
)
from kg.extract.model import model_spans
from kg.extract.organizations import _subtype, division_named_before, org_ending_at
from kg.extract.places import country_of_abbreviation
from kg.records import Mention, Post
from kg.registry import registry
from kg.resources import lines, table

__all__ = ["is_person_name", "name_at", "name_before"]

NAME = "kg.people.v1"
LISTS = "kg.people.lists.v1"
_NAME_TAGS = frozenset({"?", "nr", "nrfg", "nrt", "x"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]{1,3}[\u4e00-\u9fff]){1,2}")
_SURNAME_TAGS = frozenset({"?", "nr", "nrfg", "nrt", "x", "n", "ng", "zg", "q", "nz", "a",
                           "r"})  # 何 is tagged r
_QUALIFIERS = ("时任", "原", "前", "代理", "代", "兼", "常务")
_SEPARATORS = "、，, \u3000"


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(lines("not_names.txt"))


@lru_cache(maxsize=1)
def _translit() -> frozenset[str]:
    return frozenset("".join(lines("translit_chars.txt")))


@lru_cache(maxsize=1)
def _known() -> Matcher:
    return Matcher(dict.fromkeys(_known_names(), "person"))


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    return frozenset(lines("known_people.txt"))


_DOCTRINE = re.compile(r"[\u4e00-\u9fff]{0,14}思想")


def _transliterated(doc: Doc, pos: int) -> tuple[int, int, str] | None:
    """A foreign name written without dots right after a title (秘书长|古特雷斯|说)."""
    text = doc.text
    chars = _translit()
    end = pos
    while end < len(text) and end - pos < 10 and text[end] in chars:
        end += 1
    # Give back characters until the name ends on a token boundary (if one is near) or
    # before a function word jieba glued to it (佩特|罗在).
    full = end
    while end - pos >= 2 and end not in doc.boundaries and text[end:end + 1] not in _AFTER_NAME:
        end -= 1
    if end - pos < 2:
        end = full
    while end - pos > 2 and text[end - 1] in _NOT_LAST:
        end -= 1  # 特朗普|本月: a word's first character is no part of the name
    if end - pos < 2 or text[pos:end] in _not_names() or _is_place(doc, pos, end) \
            or dictionary_tags().get(text[pos:end], "nr") not in _DICTIONARY_NAME_TAGS:
        return None  # 专家|扎根 is a verb
    return pos, end, text[pos:end]


_REGNAL = re.compile("[一二三四五六七八九十]{1,3}世")
# Characters that start the word after a name in news prose (在, 说, 表示, 对, 向 …).
_AFTER_NAME = frozenset("在说表称对向与和同是将已于的了等为就也都还认指强宣呼发会讲作致互此")


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """True when jieba knows ``[start, end)`` as a place (吉隆坡), not a person."""
    token = doc.tokens[doc.token_at(start)]
    return token.start == start and token.end == end and token.tag == "ns" and end - start > 2


@lru_cache(maxsize=1)
def _speech_verbs() -> tuple[str, ...]:
    return tuple(sorted(lines("speech_verbs.txt"), key=len, reverse=True))


def is_person_name(name: str) -> bool:
    """True when ``name`` looks like a bare personal name.

    Examples:
        >>> is_person_name("邢国显"), is_person_name("艾某某"), is_person_name("纾困")
        (True, False, False)
    """
    if any(mark in name for mark in "·•・-"):
        parts = re.split("[·•・-]", name)
        return all(_CJK.fullmatch(c) for p in parts for c in p) and all(parts)
    if not 2 <= len(name) <= 4 or not all(_CJK.fullmatch(c) for c in name):
        return False
    if "某" in name or name.endswith(("先生", "女士", "同志", "老师", "师傅", "说")):
        return False
    if len(name) == 2 and name[0] == name[1]:
        return False  # 殷殷, 常常: a reduplicated word
    if name in _not_names() or name in titles():
        return False
    family = surnames()
    if len(name) == 4:
        return name[:2] in family
    return name[0] in family or name[:2] in family


def name_at(doc: Doc, pos: int) -> tuple[int, int, str] | None:
    """Return ``(start, end, bare name)`` of a personal name starting at ``pos``."""
    text = doc.text
    for start, end, name, _ in _known().find(text[pos:pos + 12]):
        if start == 0:
            return pos, pos + end, name
    foreign = _dotted_after(text, pos)
    if foreign is not None:
        return foreign
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
    # A verb glued into the token: 张三说 → 张三, 丛斌作|关于…的报告 → 丛斌.
    if 3 <= len(first.text) <= 4 and _glued_verb(text, first.end - 1) \
            and is_person_name(first.text[:-1]):
        return first.start, first.end - 1, first.text[:-1]
    # Given name split by a glued verb: 周光|权作|关于 → 周光权.
    if 2 <= len(first.text) <= 2 and i + 1 < len(tokens) and len(tokens[i + 1].text) == 2 \
            and _glued_verb(text, tokens[i + 1].start + 1) \
            and is_person_name(first.text + tokens[i + 1].text[0]):
        return first.start, first.end + 1, first.text + tokens[i + 1].text[0]
    if first.tag == "?" and 3 <= len(first.text) <= 4 and first.text[-1] in _NOT_LAST \
            and is_person_name(first.text[:-1]):
        return first.start, first.end - 1, first.text[:-1]  # 莫塔时|，鲍泽等|民主党人
    if 2 <= len(first.text) <= 4 and first.tag == "nz" and is_person_name(first.text) \
            and _model_says_exactly(doc, first.start, first.end):
        return first.start, first.end, first.text  # 副总统|万斯 (jieba: a brand, nz)
    if 2 <= len(first.text) <= 4 and first.tag in _NAME_TAGS and is_person_name(first.text):
        third = tokens[i + 1] if len(first.text) == 2 and i + 1 < len(tokens) else None
        if third is not None and len(third.text) == 1 and third.text not in _NOT_GIVEN and (
                third.tag in _GIVEN_TAGS or _model_says_exactly(doc, first.start, third.end)) \
                and _CJK.fullmatch(third.text) \
                and first.text + third.text not in dictionary_tags():
            # 韩文|秀, 莫高|义; 刘正|才 (an adverb) where the model reads 刘正才
            return first.start, third.end, first.text + third.text
        return first.start, first.end, first.text
    # A verb glued to the given name: 龚/正说 → 龚正.
    if len(first.text) == 1 and i + 1 < len(tokens) and first.tag in _SURNAME_TAGS:
        glued = tokens[i + 1].text
        if len(glued) >= 2 and glued[1:] in _speech_verbs() \
                and is_person_name(first.text + glued[0]):
            return first.start, first.end + 1, first.text + glued[0]
    # Surname and given name split into short tokens: 王/丹, 刘/琪, 张/媛媛.
    if len(first.text) <= 2 and i + 1 < len(tokens) and first.tag in _SURNAME_TAGS:
        second = tokens[i + 1]
        joined = first.text + second.text
        if len(second.text) == 2 and text.startswith(_VERBS_AFTER_NAME, second.start + 1) \
                and is_person_name(first.text + second.text[0]):
            return first.start, second.start + 1, first.text + second.text[0]  # 王|杰出|舱
        if len(second.text) <= 2 and 2 <= len(joined) <= 3 and is_person_name(joined) \
                and (second.tag in _NAME_TAGS | {"ng", "n", "a", "nz", "vg", "ag"}
                     or (second.tag == "v" and _speech_follows(doc, i + 2))
                     or (second.tag == "t" and _model_says_person(doc, first.start, second.end))) \
                and not _word_continues(doc, i + 2):
            # 石|登高|表示: a verb as given name; 刘|元春 (a time word) if the model agrees.
            return first.start, second.end, joined
    return _model_name_at(doc, pos)


def _model_name_at(doc: Doc, pos: int) -> tuple[int, int, str] | None:
    """A name of Han characters the model reads from ``pos`` to a word's end, sure enough.

    The names jieba cuts into single characters of any tag (嘎|玛|泽|登, a Tibetan name):
    where no rule reads a name, the model's own person span is taken.
    """
    for span in model_spans(doc):
        if span.type == "PER" and span.start == pos and 2 <= span.end - pos <= 4 \
                and span.confidence >= MODEL_AGREEMENT and span.end in doc.boundaries \
                and _CJK_NAME.fullmatch(span.text):
            return span.start, span.end, span.text
    return None


_CJK_NAME = re.compile("[\u4e00-\u9fff]{2,4}")


# Tags jieba gives the last character of a three-character name it cut off (韩文|秀 ag,
# 莫高|义 ng), and characters that end a word after a name instead (王伟|家, 李明|等).
_GIVEN_TAGS = frozenset({"ag", "ng", "nr", "zg", "j", "n"})
_NOT_GIVEN = frozenset("家人们方面处里上下中内外前后时等和在说互共均各亦")


# Verbs that follow a name and whose first character jieba joined to the given name
# (王|杰出|舱 is 王杰 出舱).
_VERBS_AFTER_NAME = ("出舱", "出席", "出访", "出任", "出发", "出台", "出镜")


def _speech_follows(doc: Doc, index: int) -> bool:
    """True when the token at ``index`` is a speech verb (表示, 说, 介绍)."""
    return index < len(doc.tokens) and doc.tokens[index].text in _speech_verbs()


def _glued_verb(text: str, pos: int) -> bool:
    """True when ``text[pos]`` is a verb glued to a name: 说, or 作 before what is reported."""
    if text[pos:pos + 1] == "说":
        return True
    return text[pos:pos + 1] == "作" and text.startswith(
        ("关于", "了", "说明", "报告", "工作报告", "的", "讲解", "发言", "介绍", "交流发言",
         "辅导报告", "主旨"), pos + 1)


_DOTS = "·•・-"
# Characters a transliteration run may take from the next word (杜鲁门|曾经).
_NOT_LAST = frozenset("曾在说称对向就也都还将已于的了等为致表本时到通互此是")
_MAX_PART = 8


def _translit_run(text: str, pos: int, step: int) -> int:
    """Offset where a run of transliteration characters from ``pos`` ends (step ±1)."""
    chars = _translit()
    n = 0
    i = pos
    while 0 <= i < len(text) and text[i] in chars and n < _MAX_PART:
        i += step
        n += 1
    return i


def _dotted_after(text: str, pos: int) -> tuple[int, int, str] | None:
    """A dotted foreign name starting at ``pos`` (阿努拉·库马拉·迪萨纳亚克, 迪亚斯-卡内尔).

    The part before the first dot may be any Chinese characters (阿衣木沙·托合塔洪); the
    following parts run over transliteration characters.
    """
    end = _translit_run(text, pos, 1)
    dot = pos
    while dot < len(text) and dot - pos < _MAX_PART and _CJK.fullmatch(text[dot]):
        dot += 1
    if end < dot <= pos + 5 and dot < len(text) and text[dot] in "·•・" \
            and not list(title_matcher().find(text[pos:dot])):
        end = dot  # 阿衣木沙·托合塔洪, not 委员|会秘书长侯赛因·谢赫
    parts = 1
    while end > pos and end + 1 < len(text) and text[end] in _DOTS:
        after = _translit_run(text, end + 1, 1)
        if after == end + 1 and text[end] != "-":
            # A short last part of other characters before punctuation (勒纳·钱，).
            short = end + 1
            while short < len(text) and short - end <= 3 and _CJK.fullmatch(text[short]):
                short += 1
            if short - end - 1 in (1, 2) and (short == len(text) or not _CJK.fullmatch(
                    text[short])):
                after = short
        if after == end + 1:
            break
        end, parts = after, parts + 1
    if parts < 2:
        return None
    while end - 1 > pos and text[end - 1] in _NOT_LAST and text[end - 2] not in _DOTS:
        end -= 1  # 哈里·杜鲁门|曾经
    if text.startswith(("日前", "日内", "日电"), end - 1) and text[end - 2] not in _DOTS:
        end -= 1  # 凯勒-祖特尔|日前
    lead = re.match("之一|之|和|与|及|的", text[pos:end])
    if lead is not None and text.find("·", pos, end) > pos + lead.end():
        pos += lead.end()  # 创始人之一|哈卡姆·伊萨
    name = re.sub("[•・]", "·", text[pos:end])
    tags = dictionary_tags()
    parts_of = re.split("[·-]", name)
    first_part = parts_of[0]
    if any(part in world_places() or part in divisions_by_name() for part in parts_of) \
            or (len(first_part) > 1
                and tags.get(first_part, "nr") not in _DICTIONARY_NAME_TAGS):
        return None  # 对话·南京 is a programme, 中国·东盟 a pair of names
    return pos, end, name


def _dotted_before(text: str, end: int) -> tuple[int, int, str] | None:
    """A dotted foreign name ending at ``end``."""
    start = _translit_run(text, end - 1, -1) + 1
    parts = 1
    while start < end and start - 2 >= 0 and text[start - 1] in _DOTS:
        before = _translit_run(text, start - 2, -1) + 1
        if before == start - 1:
            # The first part may be any characters, as after a name (库尔班古力·别尔德…).
            first = start - 1
            while first > 0 and start - 1 - first < 5 and _CJK.fullmatch(text[first - 1]) \
                    and text[first - 1] not in _BEFORE_NAME:
                first -= 1
            if start - 1 - first >= 2 and not list(title_matcher().find(text[first:start - 1])):
                start, parts = first, parts + 1
            break
        start, parts = before, parts + 1
    if parts < 2:
        return None
    return start, end, re.sub("[•・]", "·", text[start:end])


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
    known = max((name for _s, stop, name, _ in _known().find(doc.text[max(0, end - 12):end])
                 if max(0, end - 12) + stop == end), key=len, default=None)
    if known is not None and len(known) > len(token.text):
        return end - len(known), end, known  # 蔡奇丁|薛祥 → 丁薛祥
    if 2 <= len(token.text) <= 4 and token.tag in _NAME_TAGS and is_person_name(token.text):
        if _is_body(doc, token.start, end):
            return None  # 慕安会|主席: a body, not a name
        if token.tag == "?" and len(token.text) == 2 and token.text[0] in "和同与及向对在":
            return None  # 中央军委和习|主席: a conjunction glued to a family name
        return _whole_transliteration(doc, token.start, end) \
            or _family_name_before(doc, token.start, end, token.text) \
            or (token.start, token.end, token.text)
    if known is not None:
        return end - len(known), end, known
    return _dotted_before(doc.text, end) or _transliterated_before(doc, end) \
        or _model_name(doc, end=end)


# What a foreign name before its title follows (习近平主席同|呼日勒苏赫|总统, 和|拉乔利纳|总统).
_BEFORE_NAME = frozenset("同和与及向对在的，、。：；（“")


def _whole_transliteration(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """The whole foreign name when jieba cut off its head (同呼|日勒|苏赫, 拉|乔利纳).

    ``[start, end)`` is a name of transliteration characters; when the run of them goes
    further back to a word that ends a clause or links two names (同, 和, 与, punctuation),
    the name starts there — after a place that opens the run (同|巴西|卢拉 → 卢拉).
    """
    text = doc.text
    chars = _translit()
    if not all(c in chars for c in text[start:end]):
        return None
    run = _translit_run(text, end - 1, -1) + 1
    if run >= start or (run > 0 and text[run - 1] not in _BEFORE_NAME):
        return None
    for s, e, _, _ in world_place_matcher().find(text[run:start]):
        if s == 0:
            run += e
            break
    if run >= start:
        return None
    name = text[run:end]
    if name in _not_names() or name in world_places():
        return None
    return run, end, name


def _title_ends(text: str, pos: int) -> bool:
    """True when a title ends at ``pos`` (团长|乌梅罗夫)."""
    return text.endswith(_title_endings(), 0, pos)


@lru_cache(maxsize=1)
def _title_endings() -> tuple[str, ...]:
    return tuple(t for t in titles() if len(t) >= 2)


def _transliterated_before(doc: Doc, end: int) -> tuple[int, int, str] | None:
    """A foreign name of three or more characters right before a title (迪萨纳亚克|总统)."""
    text = doc.text
    start = _translit_run(text, end - 1, -1) + 1
    # 同拉乔利纳 is one unknown token; after a title or a clause's start the run is the name
    # (团长|乌梅罗夫, 。阿希姆巴耶夫).
    glued = start > 0 and (text[start - 1] in _BEFORE_NAME or not _CJK.fullmatch(
        text[start - 1]) or _title_ends(text, start))
    while start < end and start not in doc.boundaries and not glued:
        start += 1
    name = text[start:end]
    if len(name) < 3 or name in _not_names() or _is_place(doc, start, end) \
            or name in world_places() or not all(_CJK.fullmatch(c) for c in name) \
            or any(s == 0 for s, _, _, _ in world_place_matcher().find(name)):
        return None  # 在|卡塔尔多哈|出席: places, not a name
    return start, end, name


# Titles that are posts only at a body the text names (哈马斯政治局成员, 真主党领导人).
_MEMBER_TITLES = frozenset({"成员", "高级成员", "领导人", "负责人", "高级官员"})


# Envoys' titles keep where they are posted (哥伦比亚驻美国大使 → 驻美国大使, org null).
_ENVOY_TITLES = frozenset({"大使", "总领事", "副总领事", "公使", "特命全权大使"})
_ENVOY_POST = re.compile(r"驻[\u4e00-\u9fff]{1,8}?(?:特命全权)?$")


# Titles that are posts only in a people's congress (全国人大代表, 省人大代表).
_DEPUTY_TITLES = frozenset({"代表"})
_DEPUTY_BODIES = ("人民代表大会",)


@dataclass
class _Item:
    title: str
    start: int  # where the item starts: its organization, qualifier or title
    title_start: int
    end: int
    qualifier: str | None
    org: Mention | None


def _title_items(doc: Doc, orgs: list[Mention]) -> list[list[_Item]]:
    """Find ``[organization][qualifier]title`` items and group adjacent ones into chains.

    中共中央总书记、国家主席、中央军委主席 is one chain of three items; an item without an
    organization of its own (副厅长 in 应急管理厅党委委员、副厅长) takes the previous item's,
    unless it is a title that stands alone (国家主席).
    """
    text = doc.text
    chains: list[list[_Item]] = []
    for start, end, title in _titles(doc):
        if any(m.start <= start and end <= m.end for m in orgs):
            continue  # 书记 inside 中央书记处 is part of a name, not a title
        posted = _ENVOY_POST.search(text, max(0, start - 10), start) \
            if title in _ENVOY_TITLES else None
        if posted is not None:
            start, title = posted.start(), posted[0] + title  # 驻美国大使: the post as written
        qualifier = None
        item_start = start
        for q in _QUALIFIERS:
            if text.endswith(q, 0, start):
                qualifier, item_start = q, start - len(q)
                break
        if qualifier == "常务":  # 常务副县长 is a title of its own, as 常务副市长 is
            title, start, qualifier = "常务" + title, item_start, None
            for q in _QUALIFIERS:
                if text.endswith(q, 0, start):
                    qualifier, item_start = q, start - len(q)
                    break
        split = _committee_split(doc, start, end, title, orgs)
        org: Mention | None
        if split is not None:
            org, title = split
            start = org.end
        else:
            org = _org_before(doc, item_start, orgs) or _government_of(doc, item_start, title) \
                or _org_across(doc, item_start, title, orgs)
            if org is None:
                org = _implied_org(doc, start, end, title) or _portfolio(doc, start, title)
                if org is not None and title.endswith("部长") and len(title) > 3:
                    title = title[-2:]  # 外交部长 → 部长 at 外交部, as 外交部部长 reads
                if org is not None and org.start < item_start:
                    item_start = org.start
        if title in _DEPUTY_TITLES and (org is None or not org.name.endswith(_DEPUTY_BODIES)):
            continue  # 无党派人士代表 speaks for a group; 全国人大代表 sits in a congress
        if title in _MEMBER_TITLES and org is None:
            continue  # 卓越领导人, 宣讲团成员: no post without the body it is held in
        if org is not None:
            item_start = org.start
            if qualifier is None:
                for q in _QUALIFIERS:
                    if text.endswith(q, 0, org.start):
                        qualifier, item_start = q, org.start - len(q)
                        break
        last = chains[-1][-1] if chains else None
        if org is not None and qualifier is None and last is not None:
            for place in doc.of_kind("place"):
                if place.end == item_start and org.name.startswith(place.name) \
                        and _joins(text, last.end, place.start):
                    item_start = place.start  # 美方牵头人、|美国|财政部长: the country opens it
        item = _Item(title, item_start, start, end, qualifier, org)
        if last is not None and last.end == item.start and title in _STAFF_TITLES \
                and item.org is None:
            # 总统|新闻秘书: the first title names whose staff the second is, no post.
            item.start, item.org, item.qualifier = last.start, last.org, last.qualifier
            chains[-1][-1] = item
            continue
        if last is not None and _joins(text, last.end, item.start):
            item.org = _under_committee(item.org, last.org)
            if item.org is None and title not in _standalone() and title not in _implied():
                item.org = _government_beside(doc, last.org, title) or last.org
            if item.qualifier is None:
                item.qualifier = last.qualifier  # 原党组书记、主席: former in both
            chains[-1].append(item)
        else:
            if item.org is None:
                item.org = _government_in_paragraph(doc, item.start, title)
            chains.append([item])
    return chains


# Departments of a Party committee, written bare after a title held in the committee
# (长沙市委常委、宣传部部长).
_COMMITTEE_DEPARTMENTS = frozenset({
    "宣传部", "组织部", "统战部", "统一战线工作部", "政法委员会", "政法委", "社会工作部",
    "办公厅", "办公室"})


def _under_committee(org: Mention | None, committee: Mention | None) -> Mention | None:
    """A bare department after a committee's title is the committee's (中共长沙市委员会宣传部)."""
    if org is None or committee is None or org.name not in _COMMITTEE_DEPARTMENTS \
            or not committee.name.startswith("中共") or not committee.name.endswith("委员会"):
        return org
    return Mention("organization", org.text, org.start, org.end, committee.name + org.name,
                   0.9, NAME, "GovernmentOrganization")


# Titles of someone's staff: written right after their principal's title (总统新闻秘书,
# 总理特别代表), which is then no post of the holder's.
_STAFF_TITLES = frozenset({"新闻秘书", "秘书", "发言人", "新闻发言人", "顾问", "助理", "特使",
                           "特别代表", "特别助理", "首席顾问", "特别顾问",
                           "首席特别顾问", "国家安全事务助理", "中东问题特使",
                           "乌克兰问题特使"})

def _titles(doc: Doc) -> list[tuple[int, int, str]]:
    """Titles in the text, longest first, none starting inside a place (泰国|王太后, not 国王)."""
    places = [(m.start, m.end) for m in doc.of_kind("place")]
    found = title_matcher().longest(
        doc.text, keep=lambda s, _e: not any(ps < s < pe for ps, pe in places))
    return [(s, e, k) for s, e, k, _ in found]


_COMMITTEE_PREFIXES = ("党委", "党组", "党工委", "政治局", "纪委")


def _committee_split(doc: Doc, start: int, end: int, title: str,
                     orgs: list[Mention]) -> tuple[Mention, str] | None:
    """自治区党委书记: the committee is a known body, so 书记 at 中共…委员会, not 党委书记.

    So is a committee named with its place (吴江区七都镇开弦弓村党委|书记).
    """
    for prefix in _COMMITTEE_PREFIXES:
        if title.startswith(prefix) and len(title) > len(prefix):
            cut = start + len(prefix)
            for mention in orgs:
                if mention.end == cut and mention.start < start and (
                        mention.confidence >= 0.95 or (title[len(prefix):] in _SECRETARIES
                                                       and _opens_with_division(mention.text))):
                    return mention, title[len(prefix):]
    return None


# The officers of a party committee itself; its 委员, 成员 are posts at the body it leads.
_SECRETARIES = frozenset({"书记", "副书记", "常务副书记"})


def _opens_with_division(name: str) -> bool:
    """True when a name opens with a division's full name (江苏省…, 吴江区…, 七都镇…)."""
    return any(name.startswith(n) and len(n) >= 3 and n[-1] in "省市区县旗镇乡"
               for n in (name[:k] for k in range(3, 8)) if n in divisions_by_name())


@lru_cache(maxsize=1)
def _government_heads() -> frozenset[str]:
    return frozenset(lines("government_heads.txt"))


def _government_of(doc: Doc, pos: int, title: str) -> Mention | None:
    """上海市|市长: a place's head holds a post at its people's government."""
    if title not in _government_heads():
        return None
    for mention in doc.of_kind("place"):
        if mention.end == pos and mention.subtype in ("province", "prefecture", "county"):
            name = mention.name + "人民政府"
            return Mention("organization", mention.text, mention.start, mention.end, name,
                           0.8, NAME, "GovernmentOrganization")
    return None


def _government_in_paragraph(doc: Doc, pos: int, title: str) -> Mention | None:
    """A bare head's title opening a clause: at the government the paragraph names before it.

    长沙市委书记吴桂英，市长周海兵: 市长 is at 长沙市人民政府, the last division named earlier
    in the paragraph, of its level (市); a nearer division of another level gives none.
    """
    if title not in _government_heads() or pos == 0 or doc.text[pos - 1] not in "，；：。！？":
        return None
    level = title.removeprefix("常务").removeprefix("副")[0]  # 市长 → 市
    division = division_named_before(doc, pos, level)
    if division is None:
        return None
    place = next((m for m in reversed(doc.of_kind("place")) if m.end <= pos
                  and divisions_by_name().get(m.name) is division), None)
    if place is None:
        return None
    return Mention("organization", place.text, place.start, place.end,
                   division.name + "人民政府", 0.8, NAME, "GovernmentOrganization")


def _government_beside(doc: Doc, committee: Mention | None, title: str) -> Mention | None:
    """The people's government of a head's title written after a party committee's.

    厦门市委常委、常务副市长: 常务副市长 is at 厦门市人民政府, not at the committee.
    """
    if committee is None or not committee.name.startswith("中共") \
            or title not in _government_heads():
        return None
    for place in doc.of_kind("place"):
        if committee.start <= place.start < committee.end:
            return _government_of(doc, place.end, title)
    named = _COMMITTEE_OF.fullmatch(committee.name)  # 区委 named 中共金凤区委员会 from before
    if named is not None and named[1] in divisions_by_name():
        return Mention("organization", committee.text, committee.start, committee.end,
                       named[1] + "人民政府", 0.8, NAME, "GovernmentOrganization")
    return None


_COMMITTEE_OF = re.compile("中共(.{2,12}[省市县区州盟旗])委员会")


@lru_cache(maxsize=1)
def _implied() -> dict[str, tuple[str, bool]]:
    """Title → (organization, abroad only) from ``implied_orgs.tsv``."""
    return {row[0]: (row[1], row[2:3] == ("abroad",))
            for row in table("implied_orgs.tsv") if len(row) >= 2}


def _country_before_chain(text: str, start: int) -> str | None:
    """德国副总理兼|财政部长: the country written before the titles joined to this one."""
    pos = start
    for _ in range(3):
        if pos > 0 and text[pos - 1] in "兼、":
            pos -= 1
        else:
            return None
        found = [t for t in titles() if text.endswith(t, 0, pos)]
        if not found:
            return None
        pos -= len(max(found, key=len))
        country = next((c for c in _country_names() if text.endswith(c, 0, pos)), None)
        if country is not None:
            return country
    return None


_JOINED_MINISTRY = re.compile("[\u4e00-\u9fff]{2}[与和及]$")


_PORTFOLIO = re.compile("[\u4e00-\u9fff]{2,7}$")


def _portfolio(doc: Doc, start: int, title: str) -> Mention | None:
    """澳大利亚贸易|部长, 波兰内政和行政|部长: a foreign minister named by the portfolio.

    The ministry is the country and the portfolio written before 部长, with 部: 澳大利亚贸易部.
    """
    if title != "部长" or doc.text[start - 1:start] == "部":
        return None
    text = doc.text
    window = text[max(0, start - 12):start]
    for country in _country_names():
        cut = window.rfind(country)
        if cut == -1:
            continue
        portfolio = window[cut + len(country):]
        if _PORTFOLIO.fullmatch(portfolio) and not any(t in portfolio for t in titles()):
            org_start = start - len(portfolio) - len(country)
            name = world_places()[country].canonical + portfolio + "部"
            return Mention("organization", text[org_start:start + 1], org_start, start + 1,
                           name, 0.7, NAME, "GovernmentOrganization")
    # 以|国家安全|部长: a one-character country form opening a clause or after 、/和.
    short = re.search(r"(?:^|[，。、；：和与（])([\u4e00-\u9fff])([\u4e00-\u9fff]{2,6})$", window)
    if short is not None and short[1] in COUNTRY_ABBREVIATIONS \
            and not any(t in short[2] for t in titles()):
        org_start = start - len(short[2]) - 1
        name = COUNTRY_ABBREVIATIONS[short[1]] + short[2] + "部"
        return Mention("organization", text[org_start:start + 1], org_start, start + 1, name,
                       0.7, NAME, "GovernmentOrganization")
    return None


def _implied_org(doc: Doc, start: int, end: int, title: str) -> Mention | None:
    """委员长 is at the NPC Standing Committee: titles that name their body.

    A minister's ministry (外长, 交通部长) and a chamber's head (参议长) belong to the country
    written before the title, in full (俄罗斯外长) or by one character (俄外长, 马参议长);
    China's national titles (委员长) abroad name no body of ours.
    """
    implied = _implied().get(title)
    if implied is None:
        return None
    name, abroad_only = implied
    window = doc.text[max(0, start - 8):start]
    joined = _JOINED_MINISTRY.search(window) if name.endswith("部") else None
    if joined is not None and not any(
            doc.text.endswith(c, 0, start - len(joined[0])) for c in _country_names()):
        joined = None  # 国务委员和|外交部长 (two titles), 埃及|外长 (及 ends the country)
    if joined is not None:
        # 法国经济与|财政部长: a ministry of two portfolios is named in full.
        start -= len(joined[0])
        name = doc.text[start:end - 1]
        window = doc.text[max(0, start - 8):start]
    country = next((c for c in _country_names() if window.endswith(c)), None) \
        or _country_before_chain(doc.text, start)
    if country is not None:
        country = world_places()[country].canonical
    elif window and (window[-1] in COUNTRY_ABBREVIATIONS or (
            start - 1 in doc.boundaries and doc.tokens[doc.token_at(start - 1)].end == start)):
        country = country_of_abbreviation(doc, window[-1])  # 俄外长, 马参议长
    if country is not None:
        if not (name.endswith("部") or abroad_only):
            return None  # 委员长 abroad is some other country's
        name = country + name
    elif abroad_only:
        return None
    return Mention("organization", doc.text[start:end], start, end, name, 0.7, NAME,
                   "GovernmentOrganization")


@lru_cache(maxsize=1)
def _ministries() -> frozenset[str]:
    """The ministries a bare minister's title names in ``implied_orgs.tsv`` (外交部长 → 外交部).

    China's, unless the holder's name is a foreign one (see :func:`_ministry_abroad`).
    """
    return frozenset(org for org, abroad in _implied().values()
                     if org.endswith("部") and not abroad)


def _foreign_name(name: str) -> bool:
    """True for a transliterated name (耶伦, 赫格塞思, 塔赫特-拉万希), not 王毅."""
    bare = name.replace("·", "").replace("-", "")
    return len(bare) >= 2 and (bare[0] not in surnames() or len(bare) > 3) \
        and all(c in _translit() for c in bare)


def _ministry_abroad(doc: Doc, org: Mention, pos: int) -> Mention | None:
    """The ministry of the country the paragraph names last before ``pos``, if not China."""
    text = doc.text
    paragraph = text.rfind("\n", 0, pos) + 1
    last, where = None, -1
    for name in _country_names():
        found = text.rfind(name, paragraph, pos)
        if found > where or (found == where and last is not None and len(name) > len(last)):
            last, where = name, found
    if last is None:
        return None
    country = world_places()[last].canonical
    if country in ("中国", "中华人民共和国"):
        return None
    return Mention("organization", org.text, org.start, org.end, country + org.name, 0.6,
                   NAME, "GovernmentOrganization")


@lru_cache(maxsize=1)
def _standalone() -> frozenset[str]:
    return frozenset(lines("standalone_titles.txt"))


def _joins(text: str, left_end: int, right_start: int) -> bool:
    gap = text[left_end:right_start]
    return left_end <= right_start and len(gap) <= 1 and all(c in _SEPARATORS for c in gap)


# Words that point back to the organization named last (该机构|执行主任达席尔瓦).
_POINTING_BACK = ("该机构", "该组织", "该公司", "该集团")


def _named_before(doc: Doc, pos: int, orgs: list[Mention], word: str) -> Mention | None:
    """The organization named last before ``pos``, within two sentences; a company for 该公司."""
    text = doc.text
    floor = max(text.rfind("。", 0, max(0, text.rfind("。", 0, pos))), 0)
    earlier = [m for m in orgs if floor <= m.start and m.end <= pos]
    if word in ("该公司", "该集团"):
        earlier = [m for m in earlier if m.name.endswith(("公司", "集团"))]
    else:  # an institution, not an army (巴勒斯坦红新月会…指责以军…该机构主席)
        earlier = [m for m in earlier if not m.name.endswith(("军", "部队", "军方"))]
    return max(earlier, key=lambda m: m.end, default=None)


def _org_before(doc: Doc, pos: int, orgs: list[Mention]) -> Mention | None:
    """Return the organization written right before ``pos`` (a title's start)."""
    text = doc.text
    for mention in orgs:
        if mention.end == pos and mention.start < pos:
            return mention
    if text[pos - 1:pos] in "）)" and pos > 0:  # 巴勒斯坦伊斯兰抵抗运动（哈马斯）|高级官员
        for mention in orgs:
            if mention.end == pos - 1 and text[mention.start - 1:mention.start] in "（(":
                return mention
    for word in _POINTING_BACK:
        if text.endswith(word, 0, pos):
            return _named_before(doc, pos - len(word), orgs, word)
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


# Titles of a university's staff, written after the field they teach (密歇根大学|经济学和公共
# 政策|教授), and the bodies that hold them.
_ACADEMIC_TITLES = frozenset({"教授", "副教授", "研究员", "副研究员", "讲师", "博士生导师"})
_ACADEMIES = ("大学", "学院", "研究院", "研究所", "科学院", "社会科学院")
_FIELD = re.compile("[\u4e00-\u9fff]{2,10}")


def _org_across(doc: Doc, pos: int, title: str, orgs: list[Mention]) -> Mention | None:
    """The body of a title written a field or a place away from it.

    密歇根大学|经济学和公共政策|教授: a university's professor of a field;
    哈马斯|加沙地带|安全负责人: a body's officer for a place the text names. The gap holds no
    punctuation and no other organization.
    """
    text = doc.text
    for mention in orgs:
        if not 0 < pos - mention.end <= 10:
            continue
        gap = text[mention.end:pos]
        if any(o.start >= mention.end and o.end <= pos for o in orgs):
            continue
        if title in _ACADEMIC_TITLES and mention.name.endswith(_ACADEMIES) \
                and _FIELD.fullmatch(gap) and not any(w in gap for w in _NOT_IN_FIELD) \
                and not any(True for _ in suffix_matcher().find(gap)) \
                and "分校" not in gap and "校区" not in gap:  # 伯克利分校: a sub-body
            return mention
        if any(p.start == mention.end and text[p.end:pos] in ("", "地带", "地区")
               for p in doc.of_kind("place")):
            return mention
    return None


# Words that make a gap a clause rather than a field of study (大学|举办|…).
_NOT_IN_FIELD = ("举办", "举行", "召开", "发布", "邀请", "组织", "的", "在", "是", "将", "与会")


def _in_japan(doc: Doc, item: _Item) -> bool:
    """True when a title belongs to Japan (日本首相, 日中友好协会…事务局长)."""
    start = item.org.start if item.org is not None else item.start
    return doc.text.endswith(("日本", "日", "自民党", "公明党"), 0, start) or (
        item.org is not None and item.org.name.startswith(_JAPANESE_BODIES))


# Bodies whose officers are Japanese (their names are read as Japanese names).
_JAPANESE_BODIES = ("日本", "日中", "自民党", "自由民主党", "公明党", "立宪民主党")


def _japanese_name(doc: Doc, pos: int) -> tuple[int, int, str] | None:
    """A Japanese name after a title, which jieba splits or does not know.

    Family and given name, three or four characters: 高市|早苗, 北中|一永, 岸田文雄.
    """
    if pos not in doc.boundaries:
        return None
    tokens = doc.tokens
    i = doc.token_at(pos)
    if i >= len(tokens) or tokens[i].start != pos:
        return None
    parts = [tokens[i]]
    if len(parts[0].text) == 2 and i + 1 < len(tokens) and len(tokens[i + 1].text) <= 2:
        parts.append(tokens[i + 1])
    name = "".join(t.text for t in parts)
    if not 3 <= len(name) <= 4 or not all(_CJK.fullmatch(c) for c in name) \
            or any(t.tag not in _NAME_TAGS for t in parts) or name[-1] in _AFTER_NAME \
            or name in world_places() or name in titles():
        return None
    return pos, pos + len(name), name


def _person(text: str, start: int, end: int, name: str, confidence: float) -> Mention:
    return Mention("person", text[start:end], start, end, name, confidence, NAME)


def _split_after_known(doc: Doc, chains: list[list[_Item]]) -> list[list[_Item]]:
    """Cut a chain at a comma when a known person's name stands before it.

    In 冯德莱恩主席，国务院总理李强 the title after the known name is hers, and the rest,
    after the comma, is the next name's.
    """
    text = doc.text
    out: list[list[_Item]] = []
    for chain in chains:
        before = name_before(doc, chain[0].start)
        cut = next((i for i in range(1, len(chain))
                    if any(c in "，," for c in text[chain[i - 1].end:chain[i].start])), None)
        if cut is not None and before is not None and before[2] in _known_names():
            out += [chain[:cut], chain[cut:]]
        else:
            out.append(chain)
    return out


def _posts_and_people(doc: Doc) -> tuple[list[Mention], list[Post], list[Mention]]:
    text = doc.text
    orgs = doc.of_kind("organization")
    people: list[Mention] = []
    posts: list[Post] = []
    post_orgs: list[Mention] = []
    for chain in _split_after_known(doc, _title_items(doc, orgs)):
        first, last = chain[0], chain[-1]
        before = name_before(doc, first.start)
        after = None if before and before[2] in _known() else (
            name_at(doc, last.end) or _transliterated(doc, last.end)
            or _model_name(doc, start=last.end, followed=False))  # 厅长|王国|发
        if _in_japan(doc, first):
            after = _japanese_name(doc, last.end) or after  # 日本首相|高市|早苗
        if after is None and first.qualifier == "时任" and text.startswith("的", last.end):
            after = name_at(doc, last.end + 1)  # 时任浙江省委书记的|习近平同志
        if after is not None and (regnal := _REGNAL.match(text, after[1])) is not None:
            after = (after[0], regnal.end(), text[after[0]:regnal.end()])  # 费利佩|六世
        if after is not None and (_abroad(doc, first) or all(c in _translit() for c in after[2])):
            # 埃及总理|马德|布利: a foreign name runs on over transliteration characters.
            longer = _transliterated(doc, last.end)
            if longer is not None and longer[1] > after[1] and "·" not in after[2]:
                after = longer
        before = None if after else before
        found = after or before
        if found is None:
            continue
        holders = [found]
        # 副主席何报翔、王东峰、蒋作君: every name of the list holds the posts.
        while after and holders[-1][1] < len(text) - 1 and text[holders[-1][1]] == "、":
            following = name_at(doc, holders[-1][1] + 1) \
                or _model_name(doc, start=holders[-1][1] + 1)
            if following is None:
                break
            holders.append(following)
        for s, e, name in holders:
            person = _person(text, s, e, name, 0.9 if after else 0.8)
            people.append(person)
            for item in chain:
                org = item.org  # 免去杨小伟|政协…委员会|副主任: the org between is the title's
                if org is not None and org.name in _ministries() and org.start >= s - 12 \
                        and _foreign_name(name):
                    org = _ministry_abroad(doc, org, item.start)  # 财政部长|耶伦
                if org is not None and org.extractor == NAME:
                    post_orgs.append(org)
                evidence = (min(item.start, s), max(e, item.end))
                posts.append(Post(person, item.title, *evidence, org, item.qualifier,
                                  person.confidence, NAME))
    return people, _carried_over(text, posts), post_orgs


# Titles of a committee's members: in 宪法法律委副主任委员丛斌作…，主任委员信春鹰作…, the
# second holder's committee is the first's.
_COMMITTEE_TITLES = frozenset({"主任委员", "副主任委员", "委员", "主任", "副主任", "秘书长",
                               "副秘书长"})
_SENTENCE_ENDS = re.compile("[。；！？\n]")


def _carried_over(text: str, posts: list[Post]) -> list[Post]:
    """Give a committee title without organization the committee named before it.

    Only within one sentence, and only between committee titles.
    """
    out: list[Post] = []
    last: Post | None = None
    for post in sorted(posts, key=lambda p: p.start):
        if last is not None and _SENTENCE_ENDS.search(text, last.end, post.start):
            last = None
        if post.title in _COMMITTEE_TITLES:
            if post.org is None and last is not None and last.org is not None \
                    and post.qualifier is None:
                post = Post(post.person, post.title, post.start, post.end, last.org, None,
                            post.confidence * 0.9, post.extractor)
            if post.org is not None:
                last = post
        out.append(post)
    return out


def _abroad(doc: Doc, item: _Item) -> bool:
    """True when a title belongs abroad: a country right before it or its organization."""
    text = doc.text
    start = item.org.start if item.org is not None else item.start
    window = text[max(0, start - 8):start]
    places = world_places()
    if any(window.endswith(name) for name in _country_names()):
        return True
    if item.org is not None:
        return any(item.org.name.startswith(name) for name in _country_names()) or \
            (item.org.name[:1] in COUNTRY_ABBREVIATIONS and item.org.name[:2] not in places)
    return False


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    return tuple(name for name, place in world_places().items() if place.kind == "country")


# The closing formula of a meeting's report: who else attended (何维|参加会谈).
_ATTENDING = ("参加会见", "参加会谈", "参加上述活动", "陪同会见", "陪同出席")


def _speakers(doc: Doc) -> Iterator[Mention]:
    """Names before a speech verb (范明政|表示) or the formula of who attended (何维|参加会谈).

    The weakest of the rules: a word jieba's dictionary holds (宣言, 白宫, 比亚迪 — its
    dictionary tags them ``nr``) is a speaker only when the sequence model reads the same
    span as a person with a confidence of at least :data:`MODEL_AGREEMENT`.
    """
    text = doc.text
    for verb in (*_speech_verbs(), *_ATTENDING):
        pos = text.find(verb)
        while pos != -1:
            found = name_before(doc, pos)
            if found is not None:
                start, end, name = _surname_before(doc, *found)
                start, name = _foreign_start(doc, start, end, name)
                if name not in dictionary_tags() or _model_says_person(doc, start, end):
                    yield _person(text, start, end, name, 0.75)
            pos = text.find(verb, pos + 1)


def _foreign_start(doc: Doc, start: int, end: int, name: str) -> tuple[int, str]:
    """A foreign name jieba cut apart that the model reads whole (乌梅|罗夫|表示).

    A model person ending at ``end`` that starts up to three characters earlier, sure
    to ``MODEL_AGREEMENT`` and written in transliteration characters, is the name.
    """
    for span in model_spans(doc):
        if span.type == "PER" and span.end == end and start - 3 <= span.start < start \
                and span.confidence >= MODEL_AGREEMENT and span.start in doc.boundaries \
                and all(c in _translit() for c in doc.text[span.start:end]):
            return span.start, doc.text[span.start:end]
    return start, name


# The sequence model agrees that a weak guess is a person when a PER span of at least this
# confidence covers it (the t11 model reads 比亚迪|表示 as a person at 0.53).
MODEL_AGREEMENT = 0.8


def _model_name(doc: Doc, *, start: int | None = None, end: int | None = None,
                followed: bool = True) -> tuple[int, int, str] | None:
    """A name jieba cut apart that the model reads whole, starting or ending at a word boundary.

    杨士|莪|院士 and 张|兴海 (a list after 全国政协委员): a model person of two to four
    characters, sure to ``MODEL_AGREEMENT``, that starts at ``start`` (and, if ``followed``,
    is followed by a list's or a clause's punctuation) or ends at ``end``.
    """
    text = doc.text
    for span in model_spans(doc):
        if span.type != "PER" or span.confidence < MODEL_AGREEMENT \
                or not 2 <= span.end - span.start <= 4 or span.start not in doc.boundaries:
            continue
        name = text[span.start:span.end]
        if not is_person_name(name):
            continue
        if start is not None and span.start == start \
                and (not followed or text[span.end:span.end + 1] in _LISTED):
            return span.start, span.end, name
        if end is not None and span.end == end:
            return span.start, span.end, name
    return None


# What follows a name in a list of names (张树新、张兴海，也…).
_LISTED = frozenset("、，。；和及等")


def _model_says_exactly(doc: Doc, start: int, end: int) -> bool:
    """True when the model reads exactly ``text[start:end]`` as a person, sure enough."""
    return any(s.type == "PER" and s.start == start and s.end == end
               and s.confidence >= MODEL_AGREEMENT for s in model_spans(doc))


def _model_says_person(doc: Doc, start: int, end: int) -> bool:
    return any(s.type == "PER" and s.start <= start and end <= s.end
               and s.confidence >= MODEL_AGREEMENT for s in model_spans(doc))


# Characters of function words jieba's HMM glues after a name (李希在|主持).
_GLUED_AFTER = frozenset("在将已也还就都")


def _surname_before(doc: Doc, start: int, end: int, name: str) -> tuple[int, int, str]:
    """Repair the cuts jieba makes around a name before a verb.

    A family name left as a token of its own joins the given name (范|明政 → 范明政,
    蔡奇|丁|薛祥 → 丁薛祥); a function word glued to the end of an unknown token leaves it
    (李希在 → 李希).
    """
    if len(name) == 3 and name[-1] in _GLUED_AFTER and name not in dictionary_tags() \
            and is_person_name(name[:2]):
        return start, end - 1, name[:2]
    return _family_name_before(doc, start, end, name) or (start, end, name)


def _family_name_before(doc: Doc, start: int, end: int, name: str,
                        ) -> tuple[int, int, str] | None:
    """曹|卫星|常委, 范|明政|表示: a family name jieba left alone joins the given name.

    Only where the family name opens a clause or follows another name (蔡奇|丁|薛祥).
    """
    text = doc.text
    if len(name) != 2 or start < 1 or start not in doc.boundaries:
        return None
    token = doc.tokens[doc.token_at(start - 1)]
    joined = text[token.start:end]
    if token.end == start and len(token.text) == 1 and token.text in surnames() \
            and is_person_name(joined) and (
                token.start == 0 or not _CJK.fullmatch(text[token.start - 1])
                or _person_token_ends(doc, token.start) or _title_ends(text, token.start)):
        return token.start, end, joined
    return None


# Last characters of a word for a body (慕安会, 民盟): before a title it is no name.
_BODY_ENDINGS = frozenset("会委党社盟")


def _is_body(doc: Doc, start: int, end: int) -> bool:
    """True when an unknown word before a title ends like a body's name (慕安会|主席)."""
    return end - start == 3 and doc.text[end - 1] in _BODY_ENDINGS \
        and doc.tokens[doc.token_at(start)].tag == "?"


def _person_token_ends(doc: Doc, pos: int) -> bool:
    """True when a name token ends at ``pos`` (王沪宁蔡奇|丁薛祥)."""
    token = doc.tokens[doc.token_at(pos - 1)]
    return token.end == pos and token.tag in _NAME_TAGS and is_person_name(token.text)


_LIST_SEPARATORS = "、/／"
_LIST_ITEM = re.compile(r"[\u4e00-\u9fff·]{2,12}")


def _list_members(doc: Doc, found: list[Mention]) -> list[Mention]:
    """The other names of a list in which two or more names are already known to be persons.

    由李磊、池春雪、陈玲双、迪妮格尔·衣拉木江组成: when 李磊 and another item are persons, the
    items between separators are names too — Tibetan (次仁占堆) and Uyghur names included,
    which no family-name rule finds; the last item is read like a name after a title.
    """
    text = doc.text
    persons = {(m.start, m.end) for m in found}
    items: list[tuple[int, int]] = []  # the items of the list being read
    out: list[Mention] = []

    def close() -> None:
        known = sum(any(s < item[1] and item[0] < e for s, e in persons)
                    or _likely_name(doc, *item) for item in items)
        if known >= 2 and len(items) >= 3:
            for start, end in items:
                name = text[start:end]
                if (start, end) in persons or any(s < end and start < e for s, e in persons):
                    if (start, end) not in persons and _plain_name(doc, start, end):
                        out.append(_person(text, start, end, name, 0.7))  # 陈玲|双
                    continue
                if _plain_name(doc, start, end) and _name_like(doc, start, end):
                    out.append(_person(text, start, end, name, 0.7))
        items.clear()

    pos = 0
    for sep in re.finditer(f"[{_LIST_SEPARATORS}]", text):
        left = _LIST_ITEM.search(text, max(pos, sep.start() - 12), sep.start())
        while left is not None and left.end() != sep.start():
            left = _LIST_ITEM.search(text, left.end(), sep.start())
        if left is None:
            close()
            pos = sep.end()
            continue
        start = left.start()
        if items and items[-1][1] + 1 == start:
            items.append((start, sep.start()))
        else:
            close()
            # The first item: the person found ending here, or a name read backwards.
            first = next(((s, e) for s, e in persons if e == sep.start()), None)
            if first is None and (start == 0 or text[start - 1] in _LIST_OPENERS) \
                    and _plain_name(doc, start, sep.start()):
                first = (start, sep.start())  # ，次旦玉珍/布鲁尔、…
            if first is not None:
                items.append(first)
        pos = sep.end()
        following = _LIST_ITEM.match(text, sep.end())
        if following is None or text[following.end():following.end() + 1] not in \
                _LIST_SEPARATORS:
            # The last item: as a name after a title is read.
            last = _dotted_after(text, sep.end()) or name_at(doc, sep.end()) \
                if following is not None else None
            if last is not None and items:
                items.append((last[0], last[1]))
            close()
    close()
    return out


@registry.extractor(LISTS, order=65)
def person_lists(doc: Doc) -> Iterator[Mention]:
    """Names in lists of which two are known persons (after the rules and the model ran)."""
    found = list(doc.of_kind("person"))
    for member in _list_members(doc, found):
        yield Mention("person", member.text, member.start, member.end, member.name,
                      member.confidence, LISTS)


def _name_like(doc: Doc, start: int, end: int) -> bool:
    """A list item is no word jieba's dictionary holds as something other than a name.

    Keeps slogans (不忘初心、牢记使命) out of a list that also names people; unknown words
    (次仁占堆) and dictionary names (宝林) pass.
    """
    name = doc.text[start:end]
    if "·" in name:
        return True
    if name not in dictionary_tags():
        return len(name) < 4 or is_person_name(name) or name[:2] in _tibetan() \
            or name[2:] in _tibetan() or _model_says_person(doc, start, end)
    return dictionary_tags()[name] in _DICTIONARY_NAME_TAGS


@lru_cache(maxsize=1)
def _tibetan() -> frozenset[str]:
    """Elements of Tibetan names (次仁, 扎西 …) from ``tibetan_name_parts.txt``."""
    return frozenset(lines("tibetan_name_parts.txt"))


# Characters after which a list's first item starts a clause (，次旦玉珍、…).
_LIST_OPENERS = frozenset("，,。：:；;（(\n")


def _likely_name(doc: Doc, start: int, end: int) -> bool:
    """A three-character list item that reads as a Chinese name jieba does not know.

    于婧萱 between separators: a family name and two characters that are no dictionary word,
    no place and no title. Such items count towards the two persons a list needs.
    """
    name = doc.text[start:end]
    return len(name) == 3 and is_person_name(name) and name not in dictionary_tags() \
        and name not in divisions_by_name() and name not in world_places() \
        and _plain_name(doc, start, end) and _model_says_person(doc, start, end)


def _plain_name(doc: Doc, start: int, end: int) -> bool:
    """True when ``[start, end)`` may be a name in a list.

    Two to four characters (or a dotted name), no place, no word jieba knows as
    something else.
    """
    name = doc.text[start:end]
    if "·" in name:
        return all(2 <= len(part) <= 8 for part in name.split("·"))
    if not 2 <= len(name) <= 4 or name in _not_names() or name in titles():
        return False
    probe = Mention("person", name, start, end, name)
    return not not_a_person(doc, probe)


def _dotted_people(doc: Doc) -> Iterator[Mention]:
    """Foreign names written with a middle dot, wherever they stand (勒纳·钱, 哈里·杜鲁门)."""
    text = doc.text
    pos = text.find("·")
    while pos != -1:
        start = _translit_run(text, pos - 1, -1) + 1
        while start < pos and start not in doc.boundaries:
            start += 1
        if start < pos and (found := _dotted_after(text, start)) is not None:
            yield _person(text, *found, 0.8)
            pos = text.find("·", found[1])
        else:
            pos = text.find("·", pos + 1)


# Function words jieba glues to a name before a verb (韩正同|当选: 韩正 with …).
_GLUED = frozenset("同和与跟在对向将为也就又还都")


def _known_people(doc: Doc) -> Iterator[Mention]:
    """Names of the known-people lexicon, on word boundaries, outside doctrine names."""
    text = doc.text
    for start, end, name, _ in _known().find(text):
        glued = text[end:end + 1] in _GLUED and end + 1 in doc.boundaries  # 韩正同|当选
        if start not in doc.boundaries or (end not in doc.boundaries and not glued):
            continue
        if _DOCTRINE.match(text, end):
            continue
        yield _person(text, start, end, name, 0.85)


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
    # Longer names claim their occurrences first (丁薛祥 before 薛祥), in a fixed order
    # so that extraction never depends on the hash seed.
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        if len(name) < 2:
            continue
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            if all(end <= s or pos >= e for s, e in blocked) \
                    and not text.startswith("主义", end):
                yield _person(text, pos, end, name, 0.85)
                blocked.append((pos, end))
            pos = text.find(name, end)


def not_a_person(doc: Doc, mention: Mention) -> bool:
    """A place (吉隆坡, 共和县) or the founder of a doctrine (马克思|主义) is no person here."""
    name = mention.name
    if len(name) == 3 and name[2] in "内外中上下后前里间" \
            and dictionary_tags().get(name[:2], "nr") not in _DICTIONARY_NAME_TAGS:
        return True  # 任期|内
    if name in world_places() or _inside_place(doc, mention):
        return True
    if doc.text[mention.start - 1:mention.start] == "“" and doc.text.startswith("”号", mention.end):
        return True  # “卡尔·文森”号 (航母): a ship named after a person
    if len(name) == 2 and name[1] == "方" and (
            name[0] in COUNTRY_ABBREVIATIONS or name[0] in _SIDES):
        return True  # 欧方, 中方: a side in talks
    division = divisions_by_name().get(name)
    if division is not None and (division.name == name or len(name) >= 3
                                 or division.level != "county"):
        return True
    tag = dictionary_tags().get(name, "nr")
    if tag not in _DICTIONARY_NAME_TAGS and name not in _known_names() and not (
            tag == "nz" and _model_says_exactly(doc, mention.start, mention.end)):
        return True  # a word jieba knows as something else (通道, 依托), not 万斯 (nz)
    return doc.text.startswith("主义", mention.end)


# First characters of 2-character words for a side (欧方, 我方, 双方), with country forms.
_SIDES = frozenset("欧中我双各外对军警官校院巴马哥沙伊阿埃叙黎约")


def _inside_place(doc: Doc, mention: Mention) -> bool:
    """True when the name is part of a foreign place written around it (拉姆|安拉, 卡塔尔多哈)."""
    text = doc.text
    lo = max(0, mention.start - 6)
    for s, e, _, _ in world_place_matcher().find(text[lo:mention.end + 4]):
        s, e = s + lo, e + lo
        if s < mention.end and mention.start < e and (s < mention.start or e > mention.end):
            return True  # a place reaching out of the name (not 尼斯 inside 阿尔巴尼斯)
    return False


# Tags of jieba dictionary words that may be names (普京 and 萨苏 are tagged ns).
_DICTIONARY_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns"})


def _without_tails(text: str, found: list[Mention]) -> list[Mention]:
    """Drop a name that is the end of a longer name found, written out there (姆南加|古瓦).

    The longer name's other mentions are found again at that place (see :func:`_repeats`).
    """
    names = {m.name for m in found}
    here = {(m.start, m.end) for m in found}
    return [m for m in found if not any(
        len(n) > len(m.name) and n.endswith(m.name) and text[max(0, m.end - len(n)):m.end] == n
        and (m.end - len(n), m.end) not in here  # found elsewhere, cut short here
        for n in names)]


@registry.extractor(NAME, order=50)
def people(doc: Doc) -> Iterator[Mention | Post]:
    """Find people, their posts, and the organizations their posts name."""
    by_people, by_posts = _bylines(doc)
    titled, posts, post_orgs = _posts_and_people(doc)
    speakers = list(_speakers(doc)) + list(_known_people(doc)) + list(_dotted_people(doc))
    inside = [(m.start, m.end) for m in doc.mentions if m.kind in ("organization", "document")]
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    posts = [post for post in posts if not not_a_person(doc, post.person)]
    for mention in [*by_people, *titled, *speakers]:
        if mention.extractor == NAME and mention.subtype is None \
                and not_a_person(doc, mention):
            continue
        if any(s <= mention.start and mention.end <= e and (s, e) != (mention.start, mention.end)
               for s, e in inside):
            continue
        if (mention.start, mention.end) in spans:
            continue
        spans.append((mention.start, mention.end))
        found.append(mention)
    found = _without_tails(doc.text, found)
    spans = [(m.start, m.end) for m in found]
    yield from found
    yield from _repeats(doc, (m.name for m in found), spans)
    yield from post_orgs
    yield from by_posts
    yield from posts
