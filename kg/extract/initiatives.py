"""Initiatives: named campaigns, platforms, projects, plans and services.

* a quoted name with its kind after it: “五进”活动, “执法能力提升年”行动, “包检道”平台;
* a quoted name after its kind: 综合服务平台“蒙检在线”, 示范平台“智慧纤检”;
* quoted names listed before 等 and their kind: “京通”“一网通办”等平台;
* an unquoted name ending in a kind word: 国家癌症区域医疗中心建设项目,
  应急救援力量建设三年行动, “十四五”应急体系建设规划;
* a campaign or pilot named by what it does, after the verb that launches it:
  部署开展|美丽河湖保护与建设行动, 实施好|中小企业数字化赋能专项行动,
  开展|物流数据开放互联试点 (or opening a clause when its head says 专项行动 or 提升行动:
  此外，|红树林保护修复专项行动);
* railways and roads named by their ends (西安至延安高铁, 贵州黄桶至广西百色铁路,
  重庆至厦门高铁重庆东至黔江段), by the ends' abbreviations (渝昆高铁, 淮宿蚌城际铁路,
  中老铁路) or by number (国道338线中卫至孟家湾段, 国道351线夹金山隧道); bridges and
  tunnels by their places (贵州花江峡谷大桥); projects named in apposition
  (骨干工程——平陆运河);
* rounds and missions named by number (二十届中央第五轮巡视, 天问二号任务), and the national
  strategies of ``initiatives.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.doc import Doc, Token
from kg.extract.lexicon import (
    COUNTRY_ABBREVIATIONS,
    Matcher,
    divisions,
    is_place_name,
    world_places,
)
from kg.extract.spans import extend_left, has_cjk, openers, verbs
from kg.records import Mention
from kg.registry import registry
from kg.resources import lines, table

__all__ = ["initiatives", "kind_of"]

NAME = "kg.initiatives.v1"

_KINDS = {
    "行动": "CampaignInitiative", "专项行动": "CampaignInitiative", "活动": "CampaignInitiative",
    "主题活动": "CampaignInitiative", "工程": "ProjectInitiative", "项目": "ProjectInitiative",
    "建设项目": "ProjectInitiative", "平台": "PlatformInitiative", "规划": "PlanInitiative",
    "计划": "PlanInitiative", "行动计划": "PlanInitiative", "方案": "PlanInitiative",
    "行动方案": "PlanInitiative", "战略": "PlanInitiative", "服务": "ServiceInitiative",
    "试点": "ProjectInitiative", "基地": "ProjectInitiative", "宣传月": "CampaignInitiative",
    "宣传周": "CampaignInitiative", "活动月": "CampaignInitiative", "试验区": "ProjectInitiative",
}
_KIND_WORDS = "|".join(sorted(_KINDS, key=len, reverse=True))
_Q = r"“[^“”\n]{1,40}”"
# Between the quoted name and its kind no function word: not “一带一路”|为主要|平台.
_FILLER = "(?:(?![为的是在和与同及把等])[\u4e00-\u9fff—])"
_QUOTED_KIND = re.compile(rf"{_Q}(?:(?:暨){_Q})*(?:{_FILLER}{{0,24}}?)(?:{_KIND_WORDS})")
# A quoted name before 政策 or 任务 names the policy or mission (“澳车北上”政策,
# “和谐使命-2024”任务); the quoted part is the name.
_QUOTED_POLICY = re.compile(rf"({_Q})(?:政策|任务)")
# A quoted name right after the verb that launches it, with no kind word after it
# (举办“学雷锋榜样思政课”, 开设“AI梦想课堂”, 推出“跟着电影去旅游”).
_LAUNCHED_QUOTED = re.compile(
    rf"(?:举办|开展|推出|启动|开设|发起|上线)了?({_Q})(?=[，。、；：！？和及\n]|$)")
# Quoted names listed before 等 and their kind: “京通”“一网通办”等平台,
# “跟着电影去旅游”等促消费活动.
_LISTED = re.compile(
    rf"((?:{_Q}[、和及]?){{1,6}})等{_FILLER}{{0,8}}?(?:活动|行动|工程|平台|赛事|项目|服务)")
_KIND_QUOTED = re.compile(rf"(?:平台|品牌|工程|项目|活动|行动)({_Q})")
# A quoted name that ends in its kind itself: “八八战略”, “双十工程”, “百日千万招聘专项行动”.
_QUOTED_WHOLE = re.compile(
    r"“([^“”\n]{1,30}?(?:战略|工程|专项行动|行动|活动|计划|平台|项目|倡议|服务季))”")
_UNQUOTED_HEADS = re.compile(r"建设项目|三年行动|行动计划|专项整治行动|专项行动|提升行动|"
                             r"行动|保卫战|攻坚战|规划|工程|项目|示范区|引领区|试验区|宣传月|宣传周|"
                             r"活动月|平台")
# Years two countries hold together: 中越人文交流年, 中瑞文化和旅游年, 哈萨克斯坦中国旅游年.
_YEAR_OF = re.compile(
    "((?:[\u4e00-\u9fff]{2,6}中国|中国[\u4e00-\u9fff]{2,6}|中[\u4e00-\u9fff]|[\u4e00-\u9fff]中))"
    "(?:人文交流|文化和旅游|文化交流|文化|旅游|友好交流)年(?![代度初底末前后间内来份])")
# One-character forms of the regions such years are held with (中非, 中欧, 中阿, 中拉).
_REGIONS = frozenset("非欧阿拉")


def _names_two_parties(pair: str) -> int | None:
    """Where the parties start in ``pair`` (中越, 越中, 哈萨克斯坦中国), or None.

    A one-character party is the first character of a country's name or a region's form.
    """
    if len(pair) == 2:
        other = pair[1] if pair[0] == "中" else pair[0]
        return 0 if other in _country_initials() or other in _REGIONS else None
    if pair.startswith("中国"):
        return 0 if pair[2:] in world_places() else None
    # 是哈萨克斯坦中国: the country may start after a word the pattern took in.
    other = pair.removesuffix("中国")
    return next((cut for cut in range(len(other) - 1) if other[cut:] in world_places()), None)


@lru_cache(maxsize=1)
def _country_initials() -> frozenset[str]:
    return frozenset(name[0] for name, place in world_places().items()
                     if place.kind == "country")


# A field and a rank before the head name a kind of project (能源重点工程, 水利重大项目).
_FIELD_AND_RANK = re.compile("[\u4e00-\u9fff]{2}(?:重点|重大)(?:工程|项目)")
# Words that point back to a project named before (该|高铁桥梁工程).
_DEMONSTRATIVES = ("该", "此", "这", "这个", "这一", "这项", "本")
# Heads of campaigns and pilots named by the work they do (verbs inside the name), the
# verbs that launch them, and what may not stand inside such a name.
_GOVERNED_HEADS = re.compile(r"专项整治行动|专项行动|行动|试点|工程|项目|活动|平台|示范")
_CLAUSE_HEADS = ("专项行动", "提升行动", "攻坚行动", "振兴行动", "三年行动", "整治行动")
_GOVERNING = frozenset({
    "开展", "实施", "启动", "部署", "推进", "推动", "开启", "组织", "深化", "落实", "设立",
    "举办", "发起", "印发", "出台", "实行", "核准", "批复", "推出", "搭建", "启动实施",
    "组织实施", "开展好", "实施好", "部署开展", "组织开展", "推进实施", "扎实推进", "深入实施",
    "深入开展",
})
_NOT_INSIDE = frozenset({
    "的", "了", "等", "之", "是", "在", "将", "对", "把", "被", "从", "向", "并", "也", "已",
    "还", "又", "都", "为", "以", "于", "有关", "相关", "这", "该", "各", "各类", "各项",
    "一系列", "一批", "多项", "多次", "更多", "系列", "具体", "其", "此次", "这次", "进一步",
    "计划", "开工", "新开工", "落地", "签约", "投产", "竣工", "在建", "拟",
    "决定", "称", "报道", "要求",
})
_SEASONS = frozenset({"春季", "夏季", "秋季", "冬季", "暑期", "寒假", "暑假", "新春"})
_COUNT = re.compile(r"[\d一二三四五六七八九十百千两几多]+[大个项次批类条家座所处]")
# Words of kinds of projects, not of one project: 重大|交通|项目, 特色|非遗|项目.
_PROJECT_KINDS = frozenset({"重大", "重点", "特色", "一批", "多个", "各类", "前沿", "外商", "主要",
                            "代表性"})
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz", "?", "eng"})
_PHASE = re.compile(r"[\d一二三四五六七八九十]+期")  # 一期工程 (jieba: 一期/d)
_NOT_INSIDE_TAGS = frozenset({"r", "c", "d", "u", "q", "p", "t"})
# Adverbs (jieba's ``d`` also tags nouns and verbs such as 更新 and 一期) and numerals.
_ADVERBS = frozenset({
    "进一步", "不断", "持续", "全面", "大力", "积极", "深入", "切实", "继续", "已经", "正在",
    "随即", "同时", "共同", "首次", "再次", "逐步", "加快", "进而", "一起", "一直", "仍然",
})
_NUMERAL_CHARS = frozenset("0123456789〇一二三四五六七八九十百千万亿两几多数")
_HOSTILE = re.compile("军事|搜捕|突袭|空袭|袭击|围剿|清剿|报复|地面|斩首|反恐|抓捕|逮捕|打击")
_YEAR = re.compile(r"(?:\d{4}|[一二三四五六七八九十]+)年(?:度)?")
# Railways and roads (see the module's docstring).
_LINE_HEADS = "城际铁路|高速铁路|高速公路|高铁|铁路"
_END = "(?:(?![的和与及等])[\u4e00-\u9fff]){2,6}?"
_SEGMENT = rf"(?:{_END}至{_END}段)?"
_ENDS_HEADS = (rf"{_LINE_HEADS}|高速|特高压(?:(?:直流|交流)?输电工程)?|(?:直流|交流)?输电工程"
                r"|(?:天然气|输气)管道|(?:快速|货运)?班列")
_LINE_BY_ENDS = re.compile(rf"(?:{_END}至){{1,3}}{_END}(?:{_ENDS_HEADS}){_SEGMENT}")
_NUM = "[一二三四五六七八九十]+"
# Bridges, tunnels and power stations named by their places: 贵州花江峡谷大桥, 宁夏中卫
# 黑山峡黄河大桥, 江苏宁扬|长江大桥, 漳州核电1号机组, 叶巴滩水电站.
_CROSSING = re.compile(
    rf"特大桥|大桥|隧道|抽水蓄能电站|水电站|核电站|核电(?:\d+|{_NUM})号机组")
_STATIONS = ("电站", "机组")
# Words a station's own name may be (叶巴滩: jieba knows no such place).
_STATION_NAME_TAGS = frozenset({"ns", "?", "nz", "j", "nr", "ng"})
_CROSSING_TAGS = frozenset({"ns", "n", "nz", "?", "j", "nr"})
_LINE_WORDS = frozenset({"高铁", "铁路", "高速", "公路", "高速公路", "城际铁路", "线"})
# Words a project named in apposition ends in.
_PROJECT_ENDS = re.compile("项目|工程|水库|运河|大桥|特大桥|隧道|机场|通道|电站|基地|枢纽")
# An appositive names a project after its kind: 骨干工程——平陆运河, 先导性项目——三亚凤凰
# 国际机场三期改扩建项目.
_APPOSITIVE = re.compile(r"(?:工程|项目)——([\u4e00-\u9fff]{2,30})")
# …or in quotes after a facility: 压气储能电站——“能储一号”.
_QUOTED_APPOSITIVE = re.compile(
    r"(?:工程|项目|电站|大桥|隧道|机场|港口|枢纽|基地)——“([^“”\n]{2,20})”")
_LINE_HEAD = re.compile(_LINE_HEADS)
_NATIONAL_ROAD = re.compile(rf"国道\d+线(?:{_END}至{_END}段|{_END}(?:隧道|特大桥|大桥))?")
_PROVINCE_ABBREVIATIONS = (
    "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新蒙港澳台")
_ABBREVIATION_TAGS = frozenset({"j", "ns", "nz", "nr", "?"})
_NOT_ABBREVIATIONS = frozenset("前后上下里让的月年沿和与及两各等这该其在对向从到经")
# After the line's name: a station, bureau or company of it, not the line.
_LINE_PARTS = frozenset("站局段线网公集路桥")
_COUNTERS = frozenset("项个批家条座所处类")
# Named by number: inspection rounds, environmental inspections, crewed space missions.
_NUMBERED = re.compile(
    rf"(?:{_NUM}届)?中央第{_NUM}轮巡视(?!组)|(?:全国人大常委会|全国政协)党组第{_NUM}轮专项巡视(?!组)"
    rf"|第{_NUM}轮第{_NUM}批中央生态环境保护督察(?!组)"
    rf"|神舟{_NUM}号载人飞行任务|(?:嫦娥|天问){_NUM}号任务|天舟{_NUM}号")


@lru_cache(maxsize=1)
def _known() -> Matcher:
    """National strategies and campaigns of ``initiatives.tsv``: form → (canonical, class)."""
    entries: dict[str, object] = {}
    for row in table("initiatives.tsv"):
        canonical, kind = row[0], row[2] if len(row) > 2 and row[2] else "Initiative"
        for form in [canonical, *(row[1].split("|") if len(row) > 1 and row[1] else [])]:
            entries.setdefault(form, (canonical, kind))
    return Matcher(entries)


def kind_of(name: str) -> str:
    """Return the initiative class for ``name`` by its ending (CampaignInitiative ...)."""
    for word in sorted(_KINDS, key=len, reverse=True):
        if name.endswith(word):
            return _KINDS[word]
    return "Initiative"


@registry.extractor(NAME, order=15)
def initiatives(doc: Doc) -> Iterator[Mention]:
    """Find named initiatives."""
    text = doc.text
    for match in _QUOTED_KIND.finditer(text):
        name = match.group()
        if _HOSTILE.search(name, name.rindex("”")):
            continue  # “杜鲁门”号航母打击群…军事行动
        yield Mention("initiative", name, match.start(), match.end(), name, 0.85, NAME,
                      kind_of(name))
    for match in _QUOTED_WHOLE.finditer(text):
        if re.match(rf"(?:{_KIND_WORDS})", text[match.end():match.end() + 4]):
            continue  # “…行动”专项活动: the longer name is the quoted one with its kind
        if _HOSTILE.search(match.group(1)):
            continue  # 以军开展“有针对性的地面行动”: an operation of war, no initiative
        s, e = match.span(1)
        yield Mention("initiative", text[s:e], s, e, text[s:e], 0.8, NAME, kind_of(text[s:e]))
    for match in _LAUNCHED_QUOTED.finditer(text):
        s, e = match.span(1)
        if not _HOSTILE.search(text, s, e) and not _QUOTED_WHOLE.fullmatch(text, s, e):
            yield Mention("initiative", text[s:e], s, e, text[s:e], 0.7, NAME, "Initiative")
    for match in _QUOTED_POLICY.finditer(text):
        s, e = match.span(1)
        if not _HOSTILE.search(text, s, e):
            yield Mention("initiative", text[s:e], s, e, text[s:e], 0.75, NAME, "Initiative")
    for match in _LISTED.finditer(text):
        for quoted in re.finditer(_Q, match.group(1)):
            s, e = match.start(1) + quoted.start(), match.start(1) + quoted.end()
            yield Mention("initiative", text[s:e], s, e, text[s:e], 0.75, NAME,
                          kind_of(match.group()))
    for match in _KIND_QUOTED.finditer(text):
        s, e = match.span(1)
        if e < len(text) and re.match(rf"(?:{_KIND_WORDS})", text[e:e + 4]):
            continue
        kind = kind_of(match.group()[: s - match.start()])
        yield Mention("initiative", text[s:e], s, e, text[s:e], 0.8, NAME, kind)
    for match in _UNQUOTED_HEADS.finditer(text):
        if match.end() not in doc.boundaries:
            continue
        start = extend_left(doc, match.start(), match.end(), quotes=True)
        while start < match.start() and text[start] in _COUNTERS \
                and (start == 0 or text[start - 1].isdigit() or text[start - 1] in "多余"):
            start += 1  # 200项|医学检验项目: the counter belongs to the number
        start = _after_a_builder(doc, start, match.start())
        name = text[start:match.end()]
        if text[max(0, start - 2):start].endswith(_DEMONSTRATIVES):
            continue  # 该|高铁桥梁工程 points back to a project named before
        if _FIELD_AND_RANK.fullmatch(name):
            continue  # 多个|能源重点工程: a kind of project, not one named
        if len(name) >= 6 and name.count("“") == name.count("”") \
                and not _holds_a_clause(doc, start, match.start()) \
                and not _HOSTILE.search(name) \
                and (not name.endswith(("项目", "规划", "平台"))
                     or _names_its_project(doc, start, match.start())) \
                and (not name.endswith(("平台", "试验区")) or _names_a_zone(doc, start, name)) \
                and not _only_places(doc, start, match.start()):
            yield Mention("initiative", name, start, match.end(), name, 0.7, NAME, kind_of(name))
    for match in _GOVERNED_HEADS.finditer(text):
        begin = _governed_start(doc, match)
        if begin is not None:
            name = text[begin:match.end()]
            yield Mention("initiative", name, begin, match.end(), name, 0.65, NAME,
                          kind_of(name))
    for match in _APPOSITIVE.finditer(text):
        start = match.start(1)
        stop = _appositive_end(text, start, match.end(1))
        if stop is not None and (stop in doc.boundaries or text.startswith("建设", stop)):
            name = text[start:stop]
            yield Mention("initiative", name, start, stop, name, 0.7, NAME, kind_of(name))
    for match in _QUOTED_APPOSITIVE.finditer(text):
        name = match.group(1)
        yield Mention("initiative", name, match.start(1), match.end(1), name, 0.7, NAME,
                      "ProjectInitiative")
    for start, end in _lines(doc):
        name = text[start:end]
        yield Mention("initiative", name, start, end, name, 0.75, NAME, "ProjectInitiative")
    for match in _YEAR_OF.finditer(text):
        cut = _names_two_parties(match.group(1))
        start = match.start() + (cut or 0)
        if cut is not None and start in doc.boundaries:
            name = text[start:match.end()]
            yield Mention("initiative", name, start, match.end(), name, 0.8, NAME,
                          "CampaignInitiative")
    for match in _NUMBERED.finditer(text):
        name = match.group()
        yield Mention("initiative", name, match.start(), match.end(), name, 0.85, NAME,
                      "ProjectInitiative" if "号" in name else "CampaignInitiative")
    for start, end, _form, value in _known().longest(text):
        if start not in doc.boundaries and text[start] != "“":
            continue
        assert isinstance(value, tuple)
        canonical, kind = str(value[0]), str(value[1])
        yield Mention("initiative", text[start:end], start, end, canonical, 0.9, NAME, kind)


def _governed_start(doc: Doc, head: re.Match[str]) -> int | None:
    """Return where a campaign named by its work starts, or None when it names none.

    The name runs left from its head (``行动``, ``专项行动``, ``试点``, ``工程``) over any
    words, verbs included (保护 修复, 数字化 赋能), to the verb that launches it (开展,
    实施好, 部署开展) or, for heads that say 专项行动/提升行动 …, to the opening of a
    clause. Names holding a function word (的, 等, 这), a count (七大, 27个), an adverb or a
    conjunction other than 与, and military operations (联合军事行动), are none.

    Args:
        doc: The article.
        head: The match of the head word.
    """
    text = doc.text
    end = head.end()
    if head.start() not in doc.boundaries or (end not in doc.boundaries and not (
            text.startswith("工作", end) and end + 2 in doc.boundaries)):
        return None  # 试点工作 is one word
    following = doc.tokens[doc.token_at(end)] if end < len(text) else None
    if following is not None and following.start == end and following.tag.startswith("n") \
            and following.text != "工作":
        return None  # 试点|城市, 工程|师: the head is part of a longer noun
    tokens = doc.tokens
    i = doc.token_at(head.start()) - 1
    start: int | None = None
    opened_clause = False
    while i >= 0 and end - tokens[i].start <= 28:
        token = tokens[i]
        if _launches(token.text) or (token.text == "好" and i > 0
                                     and _launches(tokens[i - 1].text)):
            start = token.end
            break
        if token.text == "年" and i > 0 and re.fullmatch(r"\d{4}", tokens[i - 1].text):
            i -= 2  # 2025|年 opens 2025年全国城市联合招聘高校毕业生春季专场活动
            continue
        if not has_cjk(token.text):
            if token.text in "“”" or not token.text.strip():
                return None
            start, opened_clause = token.end, True
            break
        if _breaks_a_name(token):
            return None
        i -= 1
    if start is None:
        if i >= 0:
            return None
        start, opened_clause = 0, True
    name = text[start:end]
    if text[head.start() - 1] in "与和及":
        return None  # 产业发展与|工程
    if name.endswith("活动") and not re.match(r"\d{4}年", name) \
            and not re.search("[季月周]活动$", name):
        return None  # 主题宣讲活动, 群众文化活动: kinds of events, not 创业资源对接服务季活动
    if name.endswith(("项目", "平台")) and not _names_its_project(doc, start, head.start()):
        return None
    if opened_clause and not _opens_a_clause(doc, start, name):
        return None
    if not 6 <= len(name) <= 28 or _HOSTILE.search(name):
        return None
    return start



@lru_cache(maxsize=1)
def _place_starts() -> frozenset[str]:
    """Characters that open a place name, the ones a line's abbreviated name is made of."""
    chars = set(_PROVINCE_ABBREVIATIONS)
    chars.update(d.short[0] for d in divisions())
    chars.update(name[0] for name in world_places())
    return frozenset(chars)


def _opens_with_place(name: str) -> bool:
    return any(is_place_name(name[:k]) for k in range(2, min(len(name), 7) + 1))


def _lines(doc: Doc) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of railways and roads named in ``doc`` (see the docstring)."""
    text = doc.text
    bounds = doc.boundaries
    for match in _LINE_BY_ENDS.finditer(text):
        first = match.start()
        # The first end is the longest tail of the run that opens with a place on a word
        # boundary: 新建|西宁至成都铁路, 黑龙江|佳木斯至同江铁路.
        # 新建|西宁至成都铁路 (新建 is a district too), 黑龙江|佳木斯至同江铁路; a first end
        # no gazetteer knows stands after punctuation (、黄桶至百色铁路).
        stop = text.index("至", first)
        starts = [k for k in range(first, stop - 1) if k in bounds]
        start = next((k for k in starts if is_place_name(text[k:stop])), None)
        if start is None:
            start = next((k for k in starts if _opens_with_place(text[k:stop])), None)
        if start is None and first in starts and (first == 0 or not has_cjk(text[first - 1])):
            start = first
        if start is not None and match.end() in bounds:
            yield start, match.end()
    for match in _LINE_HEAD.finditer(text):
        stop, end = match.span()
        if stop not in bounds or end not in bounds \
                or (end < len(text) and text[end] in _LINE_PARTS):
            continue
        for start in (stop - 3, stop - 2):  # 淮宿蚌|城际铁路, 的|拉日|铁路
            if start >= 0 and _abbreviates_ends(doc, start, stop):
                yield start, end
                break
    for match in _NATIONAL_ROAD.finditer(text):
        if match.start() in bounds:
            yield match.span()
    for match in _CROSSING.finditer(text):
        start = _crossing_start(doc, match.start(), match.group().endswith(_STATIONS))
        if start is not None and match.end() in bounds:
            yield start, match.end()


def _abbreviates_ends(doc: Doc, start: int, stop: int) -> bool:
    """Whether ``text[start:stop]`` abbreviates a line's ends (渝昆, 淮宿蚌, 中老)."""
    abbreviation = doc.text[start:stop]
    if start not in doc.boundaries or is_place_name(abbreviation) or any(
            c not in _place_starts() or c in _NOT_ABBREVIATIONS for c in abbreviation):
        return False
    tokens = doc.tokens[doc.token_at(start):doc.token_at(stop - 1) + 1]
    return not any((len(t.text) > 1 and (t.tag not in _ABBREVIATION_TAGS or t.text in verbs()))
                   or t.tag in _NOT_INSIDE_TAGS for t in tokens)


def _holds_a_clause(doc: Doc, start: int, stop: int) -> bool:
    """Whether the words before a head are a clause, not a name (军队|随即|采取|行动).

    Args:
        doc: The article.
        start: Where the name would start.
        stop: Where its head starts.
    """
    return any(_launches(t.text) or t.text in _outside_names() or t.text == "采取"
               or (t.tag in ("d", "r", "p") and not _PHASE.fullmatch(t.text))
               or _COUNT.fullmatch(t.text)
               for t in _words(doc, start, stop))


def _launches(word: str) -> bool:
    """Whether ``word`` is a verb that launches a campaign (开展, 具体实施, 实施好)."""
    return word in _GOVERNING or (len(word) <= 4 and word.endswith(("实施", "开展", "启动")))


_BUILDING = frozenset({"建设", "打造", "创建", "建成", "争创", "获批", "设立", "申建"})
_MANNER = frozenset({"高质量", "高水平", "高标准", "加快", "全面"})
# Openings of a platform's or zone's name: a place, a body, the state (国家算力监测调度平台).
_ZONE_OPENERS = frozenset({"ns", "nt", "j"})


def _after_a_builder(doc: Doc, start: int, stop: int) -> int:
    """Where a zone's or platform's name starts after who builds it (浙江|建设|国家…试验区)."""
    words = _words(doc, start, stop)
    for k, word in enumerate(words[:3]):
        if word.text in _BUILDING and len(words) > k + 1 and all(
                w.tag == "ns" or w.text in _MANNER for w in words[:k]):
            return word.end  # 高质量|建设|自由贸易试验区
    return start


def _names_a_zone(doc: Doc, start: int, name: str) -> bool:
    """Whether a platform or trial zone is named (国家算力监测调度平台, 上海自贸试验区).

    It opens with a place, a body or 国家/全国, holds no quoted name (“阳光志愿”平台 is
    the quoted one) and a platform runs to eight characters.
    """
    first = doc.tokens[doc.token_at(start)]
    return "“" not in name and (len(name) >= 8 or not name.endswith("平台")) and (
        first.start == start and (first.tag in _ZONE_OPENERS or first.text in ("国家", "全国")))


def _names_its_project(doc: Doc, start: int, stop: int) -> bool:
    """Whether the words before 项目 or 规划 name one (民主村社区|城市更新|二期|项目).

    A project is named by a place, a body or a proper word (国家癌症区域医疗中心建设项目,
    北京西城区白塔寺区域改造项目); 医学检验项目, 生态农业项目 and 河南重大交通项目 are
    kinds of projects.

    Args:
        doc: The article.
        start: Where the name would start.
        stop: Where 项目 (or 建设项目) starts.
    """
    words = doc.text[start:stop]
    if any(kind in words for kind in _PROJECT_KINDS):
        return False
    if "“" in words:
        return True  # “天空之谷”文旅项目
    return any((t.tag in _PROPER_TAGS and has_cjk(t.text)) or t.text in openers()
               or any(c.isdigit() for c in t.text) for t in _words(doc, start, stop))


def _only_places(doc: Doc, start: int, stop: int) -> bool:
    """Whether only places stand before the head: 约旦河|西岸|地区|行动 is no campaign."""
    return all(t.tag == "ns" or t.text in ("地区", "地带", "境内", "一带")
               for t in _words(doc, start, stop))


def _words(doc: Doc, start: int, stop: int) -> list[Token]:
    """Return the tokens from the one holding ``start`` to the last starting before ``stop``."""
    tokens = doc.tokens[doc.token_at(start):doc.token_at(max(start, stop - 1)) + 1]
    return [t for t in tokens if t.start < stop]


def _opens_a_clause(doc: Doc, start: int, name: str) -> bool:
    """Whether a campaign named by its work may open a clause without a verb before it.

    专项行动 and the like say what they are (此外，|红树林保护修复专项行动); a year opens a
    yearly one (2025年全国城市联合招聘高校毕业生春季专场活动); a place or a national
    body opens a project or platform (北京西城区白塔寺区域改造项目, 国家算力监测调度平台).
    ``建设行动`` after a comma is none.
    """
    if name.endswith(_CLAUSE_HEADS) or re.match(r"\d{4}年", name):
        return True
    first = doc.tokens[doc.token_at(start)]
    return name.endswith(("项目", "工程", "平台")) and (
        first.tag == "ns" or first.text in openers())


@lru_cache(maxsize=1)
def _outside_names() -> frozenset[str]:
    """Words no campaign's name holds.

    The function and clause words above, and the speech verbs of ``speech_verbs.txt``
    (宣布, 表示, 指出 …) with which a clause around a name goes on.
    """
    return _NOT_INSIDE | frozenset(lines("speech_verbs.txt"))


def _breaks_a_name(token: Token) -> bool:
    """Whether a word cannot stand inside a campaign's name (的, 进一步, 七大, 这).

    jieba's dictionary tags are coarse: 大宗/m and 更新/d stand in 大宗消费更新升级行动,
    so a numeral must hold a number and an adverb be one.
    """
    text, tag = token.text, token.tag
    if text in _outside_names() or _COUNT.fullmatch(text):
        return True
    if text in ("与", "暨") or text in _SEASONS or _YEAR.fullmatch(text):
        return False
    if tag == "d":
        return len(text) == 1 or text in _ADVERBS
    if tag == "m":
        return any(c in _NUMERAL_CHARS for c in text)
    return tag in _NOT_INSIDE_TAGS


def _crossing_start(doc: Doc, head: int, station: bool = False) -> int | None:
    """Return where a bridge's, tunnel's or power station's name starts.

    Nouns back to its first place (贵州|花江|峡谷|大桥), or to the line it is on
    (西安至十堰高铁|西岭|隧道: the tunnel names itself). A head jieba joined to a place
    starts at that word (江苏|宁扬|长江大桥); a power station may start at a name jieba
    does not know (叶巴滩|水电站).
    """
    tokens = doc.tokens
    start = None
    if head not in doc.boundaries:
        token = tokens[doc.token_at(head)]
        if token.tag != "ns":  # a bridge inside a word of another kind
            return None
        # 南京长江大桥 names itself; 长江大桥 needs a place before it (江苏|宁扬|长江大桥).
        start = token.start if head - token.start >= 3 else None
        head = token.start
    tags = _CROSSING_TAGS | _STATION_NAME_TAGS if station else _CROSSING_TAGS
    place = None
    i = doc.token_at(head) - 1
    while i >= 0 and head - tokens[i].start <= 12:
        token = tokens[i]
        if token.text in _LINE_WORDS:
            first = tokens[i + 1]
            return first.start if head - first.start >= 2 and first.tag in _PROPER_TAGS \
                else None  # not 高铁|全线|隧道
        if token.tag not in tags or not has_cjk(token.text) or token.text in _outside_names():
            break
        if token.tag == "ns":
            start = place = token.start
        elif station and token.tag in _STATION_NAME_TAGS and place is None \
                and not _NOT_ABBREVIATIONS.intersection(token.text):
            start = token.start  # 叶巴滩|水电站; not 中广核|广东陆丰核电 (the owner)
        i -= 1
    if start is not None and start + 1 < head and doc.text[start] in COUNTRY_ABBREVIATIONS \
            and tokens[doc.token_at(start)].end == start + 1:
        start += 1  # 俄|斯摩棱斯克核电站: the country's one character stays outside
    return start


def _appositive_end(text: str, start: int, end: int) -> int | None:
    """Where a project named in apposition ends (平陆运河|的, …改扩建项目|的现场).

    It ends at its last project word (项目, 工程, 运河 …) before a clause goes on (的,
    建设, 现场, 施工 …); without one it names no project (工程——天塔狮舞).
    """
    span = text[start:end]
    cut = re.search("[的在是将已正，。；、]|建设|现场|施工", span)
    if cut:
        span = span[:cut.start()]
    ends = [m.end() for m in _PROJECT_ENDS.finditer(span)]
    return start + ends[-1] if ends and ends[-1] >= 4 else None
