"""Initiatives: named campaigns, platforms, projects, plans and services.

* a quoted name with its kind after it: “五进”活动, “执法能力提升年”行动, “包检道”平台;
* a quoted name after its kind: 综合服务平台“蒙检在线”, 示范平台“智慧纤检”;
* an unquoted name ending in a kind word: 国家癌症区域医疗中心建设项目,
  应急救援力量建设三年行动, “十四五”应急体系建设规划.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.doc import Doc
from kg.extract.lexicon import Matcher
from kg.extract.spans import extend_left
from kg.records import Mention
from kg.registry import registry
from kg.resources import table

__all__ = ["initiatives", "kind_of"]

NAME = "kg.initiatives.v1"

_KINDS = {
    "行动": "CampaignInitiative", "专项行动": "CampaignInitiative", "活动": "CampaignInitiative",
    "主题活动": "CampaignInitiative", "工程": "ProjectInitiative", "项目": "ProjectInitiative",
    "建设项目": "ProjectInitiative", "平台": "PlatformInitiative", "规划": "PlanInitiative",
    "计划": "PlanInitiative", "行动计划": "PlanInitiative", "方案": "PlanInitiative",
    "行动方案": "PlanInitiative", "战略": "PlanInitiative", "服务": "ServiceInitiative",
    "试点": "ProjectInitiative", "基地": "ProjectInitiative",
}
_KIND_WORDS = "|".join(sorted(_KINDS, key=len, reverse=True))
_Q = r"“[^“”\n]{1,40}”"
_QUOTED_KIND = re.compile(rf"{_Q}(?:(?:暨){_Q})*(?:[\u4e00-\u9fff—]{{0,24}}?)(?:{_KIND_WORDS})")
_KIND_QUOTED = re.compile(rf"(?:平台|品牌|工程|项目|活动|行动)({_Q})")
# A quoted name that ends in its kind itself: “八八战略”, “双十工程”, “百日千万招聘专项行动”.
_QUOTED_WHOLE = re.compile(
    r"“([^“”\n]{1,30}?(?:战略|工程|专项行动|行动|活动|计划|平台|项目|倡议|服务季))”")
_UNQUOTED_HEADS = re.compile(r"建设项目|三年行动|行动计划|专项整治行动|专项行动|提升行动|"
                             r"行动|保卫战|攻坚战|规划|工程|项目|示范区|引领区")
_NUM = "[一二三四五六七八九十]+"
_COUNTERS = frozenset("项个批家条座所处类")
# Named by number: inspection rounds, environmental inspections, crewed space missions.
_NUMBERED = re.compile(
    rf"(?:{_NUM}届)?中央第{_NUM}轮巡视(?!组)|第{_NUM}轮第{_NUM}批中央生态环境保护督察(?!组)"
    rf"|神舟{_NUM}号载人飞行任务|嫦娥{_NUM}号任务|天舟{_NUM}号")


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
        yield Mention("initiative", name, match.start(), match.end(), name, 0.85, NAME,
                      kind_of(name))
    for match in _QUOTED_WHOLE.finditer(text):
        if re.match(rf"(?:{_KIND_WORDS})", text[match.end():match.end() + 4]):
            continue  # “…行动”专项活动: the longer name is the quoted one with its kind
        s, e = match.span(1)
        yield Mention("initiative", text[s:e], s, e, text[s:e], 0.8, NAME, kind_of(text[s:e]))
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
        name = text[start:match.end()]
        if len(name) >= 6 and name.count("“") == name.count("”"):
            yield Mention("initiative", name, start, match.end(), name, 0.7, NAME, kind_of(name))
    for match in _NUMBERED.finditer(text):
        name = match.group()
        yield Mention("initiative", name, match.start(), match.end(), name, 0.85, NAME,
                      "ProjectInitiative" if "神舟" in name or "嫦娥" in name
                      else "CampaignInitiative")
    for start, end, _form, value in _known().longest(text):
        if start not in doc.boundaries and text[start] != "“":
            continue
        assert isinstance(value, tuple)
        canonical, kind = str(value[0]), str(value[1])
        yield Mention("initiative", text[start:end], start, end, canonical, 0.9, NAME, kind)
