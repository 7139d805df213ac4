"""Quantities: numbers with their units, as statistics are reported (1349084亿元, 5.0%, 2亿亩).

Each becomes a :class:`~kg.records.Quantity` with the value in plain units (亿 and 万
multiplied out, so ``43.8万亿元`` is 43800000000000 元), the unit as written, and the words
before it in its clause (``我国国内生产总值达``), which name what was measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from kg.extract.doc import Doc
from kg.records import Quantity
from kg.registry import registry

__all__ = ["quantities"]

NAME = "kg.quantities.v1"

# Units after the number, longest first so that 平方公里 wins over 公里; the currency
# and percentage forms are kept apart because they map to other classes.
_UNIT_WORDS = """
元 美元 欧元 日元 英镑 卢布 港元 吨 公斤 千克 克 斤 公里 千米 米 厘米 平方公里 平方米 公顷 亩
千瓦 千瓦时 度 瓦 兆瓦 吉瓦 立方米 标准箱 人次 人 户 家 个 项 件 台 辆 架 艘 座 所 场 次 批 套 部
条 株 头 只 位 名 篇 册 年 天 小时 分钟 倍 个百分点 百分点 % ％
"""
_UNITS = sorted(_UNIT_WORDS.split(), key=len, reverse=True)
_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4,
                "千": Decimal(1000), "百": Decimal(100)}
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.．])(?P<num>\d+(?:[.．]\d+)?)(?P<mult>万亿|亿|万|千|百)?(?:多|余)?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})")
_CLAUSE = re.compile("[，。；：！？、,;:!?\n（）()“”《》]")
# A number that dates something (2024年, 10月) or ranks it (第21号) is no quantity.
_NOT_AFTER = ("号", "月", "日", "届", "期")


@registry.extractor(NAME, order=70)
def quantities(doc: Doc) -> Iterator[Quantity]:
    """Find numbers with units; years (2024年) and dates are left out."""
    text = doc.text
    for match in _NUMBER.finditer(text):
        unit = match["unit"]
        if unit == "年" and not match["mult"] and len(match["num"]) == 4:
            continue  # a year, not a span of years
        if text.startswith(_NOT_AFTER, match.end()) or text.endswith("第", 0, match.start()):
            continue
        try:
            value = Decimal(match["num"].replace("．", "."))
        except InvalidOperation:
            continue
        if match["mult"]:
            value *= _MULTIPLIERS[match["mult"]]
        yield Quantity(match.group(), match.start(), match.end(), _plain(value),
                       "%" if unit == "％" else unit, _measure(text, match.start()), 0.9, NAME)


def _plain(value: Decimal) -> str:
    """The decimal's lexical form without exponent or trailing zeros (43800000000000)."""
    text = format(value.normalize(), "f")
    return text


def _measure(text: str, start: int) -> str | None:
    """The words before the number in its clause (我国国内生产总值达), if any."""
    clause_start = 0
    for match in _CLAUSE.finditer(text, max(0, start - 40), start):
        clause_start = match.end()
    words = text[max(clause_start, start - 40):start].strip()
    return words or None
