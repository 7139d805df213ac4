"""Codes for the units of quantities, by the unit as Chinese news writes it.

UN/CEFACT common codes (``schema:unitCode``) and ISO 4217 currencies (``schema:currency``).
"""

from __future__ import annotations

__all__ = ["CURRENCIES", "UNIT_CODES"]

UNIT_CODES = {
    "吨": "TNE", "公斤": "KGM", "千克": "KGM", "克": "GRM", "公里": "KMT", "千米": "KMT",
    "米": "MTR", "厘米": "CMT", "平方公里": "KMK", "平方米": "MTK", "公顷": "HAR", "千瓦": "KWT",
    "千瓦时": "KWH", "度": "KWH", "瓦": "WTT", "兆瓦": "MAW", "吉瓦": "A90", "立方米": "MTQ",
    "小时": "HUR", "分钟": "MIN", "天": "DAY", "年": "ANN", "%": "P1", "％": "P1",
}
CURRENCIES = {"元": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP",
              "卢布": "RUB", "港元": "HKD"}
