"""Events: party congresses and plenums, named meetings, press conferences."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.records import Mention
from kg.registry import registry

__all__ = ["events"]

NAME = "kg.events.v1"
_NUM = "[一二三四五六七八九十百零〇]+"
_PATTERNS = (
    re.compile(rf"(?:中国共产党第{_NUM}次全国代表大会|党的{_NUM}大)"),
    re.compile(rf"(?:党的)?{_NUM}届(?:中央委员会第)?{_NUM}中全会|{_NUM}届{_NUM}次(?:会议|全会)"),
    re.compile(rf"(?:第{_NUM}届)?全国人民代表大会(?:第{_NUM}次会议)?|全国两会"),
    re.compile(r"(?:中央|全国)[\u4e00-\u9fff]{2,8}工作会议"),
    re.compile(rf"(?:第{_NUM}届|\d{{4}}年?)[\u4e00-\u9fff“”]{{2,16}}(?:运动会|博览会|论坛|峰会|大会|会议)"),
    re.compile(r"新闻发布会|记者招待会|常务会议|政治局会议|政治局常务委员会会议"),
)


@registry.extractor(NAME, order=40)
def events(doc: Doc) -> Iterator[Mention]:
    """Find named events by pattern."""
    text = doc.text
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            name = match.group()
            subtype = "Meeting" if re.search("会议|大会|全会|发布会|招待会|大$", name) else None
            yield Mention("event", name, match.start(), match.end(), name, 0.8, NAME, subtype)
