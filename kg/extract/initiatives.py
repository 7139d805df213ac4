"""Initiatives: named campaigns, platforms, projects, plans and services.

* a quoted name with its kind after it: “五进”活动, “执法能力提升年”行动, “包检道”平台;
* a quoted name after its kind: 综合服务平台“蒙检在线”, 示范平台“智慧纤检”;
* an unquoted name ending in a kind word: 国家癌症区域医疗中心建设项目,
  应急救援力量建设三年行动, “十四五”应急体系建设规划.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.extract.spans import extend_left
from kg.records import Mention
from kg.registry import registry

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
_UNQUOTED_HEADS = re.compile(r"建设项目|三年行动|行动计划|专项行动|规划|工程|项目")


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
        name = text[start:match.end()]
        if len(name) >= 6 and name.count("“") == name.count("”"):
            yield Mention("initiative", name, start, match.end(), name, 0.7, NAME, kind_of(name))
