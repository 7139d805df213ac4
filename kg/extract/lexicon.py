"""The shipped lexicons as fast lookups: Aho–Corasick automata and sets, built once.

Every table comes from a data file in :mod:`kg.resources`; this module only indexes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg.resources import lines, table

__all__ = [
    "COUNTRY_ABBREVIATIONS",
    "Division",
    "Matcher",
    "WorldPlace",
    "abbreviations",
    "agency_aliases",
    "divisions",
    "divisions_by_name",
    "is_place_name",
    "national_matcher",
    "org_suffixes",
    "region_aliases",
    "regional_matcher",
    "surnames",
    "titles",
    "world_place_matcher",
    "world_places",
]


class Matcher:
    """Finds every occurrence of many strings in a text at once (Aho–Corasick).

    Examples:
        >>> m = Matcher({"副厅长": "title", "厅长": "title"})
        >>> [(s, e, k) for s, e, k, _ in m.find("副厅长邢国显")]
        [(0, 3, '副厅长'), (1, 3, '厅长')]
    """

    def __init__(self, entries: dict[str, object]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            if key:
                self._automaton.add_word(key, (key, value))
        self._empty = not entries
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, str, object]]:
        """Yield ``(start, end, key, value)`` for every occurrence, by end offset."""
        if self._empty:
            return
        for last, (key, value) in self._automaton.iter(text):
            yield last - len(key) + 1, last + 1, key, value

    def longest(self, text: str, keep: Callable[[int, int], bool] | None = None,
                ) -> list[tuple[int, int, str, object]]:
        """Return non-overlapping occurrences, preferring the longest, left to right.

        Args:
            text: The text to search.
            keep: Only occurrences ``(start, end)`` it accepts compete (all by default).
        """
        found = sorted((m for m in self.find(text) if keep is None or keep(m[0], m[1])),
                       key=lambda m: (m[0], -(m[1] - m[0])))
        out: list[tuple[int, int, str, object]] = []
        end = -1
        for match in found:
            if match[0] >= end:
                out.append(match)
                end = match[1]
        return out

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._automaton


@dataclass(frozen=True, slots=True)
class Division:
    """An administrative division (内蒙古自治区, 呼和浩特市)."""

    code: str
    name: str
    short: str
    level: str
    parent: str

    @property
    def level_word(self) -> str:
        """The generic word its name ends in (自治区, 省, 市, 盟, 县, 旗)."""
        return self.name[len(self.short):] if self.name.startswith(self.short) else ""


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Official titles (副厅长, 二级巡视员)."""
    return frozenset(lines("titles.txt"))


@lru_cache(maxsize=1)
def title_matcher() -> Matcher:
    """A matcher over :func:`titles`."""
    return Matcher(dict.fromkeys(titles(), "title"))


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    """Organization name endings, longest first."""
    return tuple(sorted(set(lines("org_suffixes.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def suffix_matcher() -> Matcher:
    """A matcher over :func:`org_suffixes`."""
    return Matcher(dict.fromkeys(org_suffixes(), "suffix"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Chinese family names, single and compound."""
    return frozenset(lines("surnames.txt"))


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """``(short ending, full ending)`` pairs, longest short ending first."""
    rows = [(r[0], r[1]) for r in table("org_abbreviations.tsv") if len(r) >= 2]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every administrative division."""
    out = []
    for row in table("divisions.tsv"):
        if len(row) >= 4:
            code, name, short, level = row[:4]
            parent = row[4] if len(row) > 4 else ""
            out.append(Division(code, name, short or name, level, parent))
    return tuple(out)


@lru_cache(maxsize=1)
def divisions_by_name() -> dict[str, Division]:
    """Divisions by full and short name (the higher level wins a shared short name)."""
    rank = {"province": 0, "prefecture": 1, "county": 2}
    out: dict[str, Division] = {}
    for division in sorted(divisions(), key=lambda d: -rank.get(d.level, 3)):
        out[division.short] = division
        out[division.name] = division
    for division in divisions():
        out.setdefault(division.name, division)
    return out


@lru_cache(maxsize=1)
def place_matcher() -> Matcher:
    """A matcher over division names, full and short (short forms of ≥ 2 characters)."""
    entries: dict[str, object] = {}
    for name, division in divisions_by_name().items():
        if len(name) >= 2:
            entries[name] = division
    return Matcher(entries)


@dataclass(frozen=True)
class WorldPlace:
    """A place outside China: a country, one of its regions, or a city (莫斯科)."""

    name: str
    kind: str  # country | region | city
    country: str  # ISO 3166-1 alpha-2
    canonical: str


@lru_cache(maxsize=1)
def world_places() -> dict[str, WorldPlace]:
    """Places outside China by every written form (``world_places.tsv``)."""
    out: dict[str, WorldPlace] = {}
    for row in table("world_places.tsv"):
        if len(row) >= 4:
            out.setdefault(row[0], WorldPlace(row[0], row[1], row[2], row[3]))
    return out


def is_place_name(name: str) -> bool:
    """Whether ``name`` is a place's name alone: a division, a place abroad, 中国 or 全国.

    Examples:
        >>> is_place_name("法国"), is_place_name("呼和浩特市"), is_place_name("法国政府")
        (True, True, False)
    """
    return name in world_places() or name in divisions_by_name() or name in ("中国", "全国")


@lru_cache(maxsize=1)
def world_place_matcher() -> Matcher:
    """A matcher over the names of places outside China."""
    return Matcher(dict(world_places()))


# One-character forms of countries in compounds (俄国防部, 美共和党, 日政府): only these,
# whose character does not also abbreviate a Chinese region in such compounds.
COUNTRY_ABBREVIATIONS = {
    "美": "美国", "俄": "俄罗斯", "英": "英国", "法": "法国", "德": "德国", "日": "日本",
    "韩": "韩国", "朝": "朝鲜", "乌": "乌克兰", "以": "以色列", "印": "印度", "菲": "菲律宾",
    "越": "越南", "泰": "泰国", "土": "土耳其", "叙": "叙利亚",
    "哈": "哈萨克斯坦", "吉": "吉尔吉斯斯坦", "墨": "墨西哥",
}


@lru_cache(maxsize=1)
def agency_aliases() -> dict[str, str]:
    """Central bodies: every written form (canonical included) → canonical name."""
    out: dict[str, str] = {}
    for row in table("agencies.tsv"):
        canonical = row[0]
        out[canonical] = canonical
        if len(row) > 1 and row[1]:
            for alias in row[1].split("|"):
                out.setdefault(alias.strip(), canonical)
    return out


@lru_cache(maxsize=1)
def agency_parents() -> dict[str, str]:
    """Known bodies: canonical name → parent's canonical name, where the lexicons say.

    Central bodies from ``agencies.tsv``; province-level ones from the templates, for
    every province-level region.
    """
    out = {row[0]: row[2] for row in table("agencies.tsv") if len(row) > 2 and row[2]}
    # The special administrative regions have bodies of their own (香港特别行政区政府, not
    # 人民政府): they are in agencies.tsv, not made from the mainland templates.
    provinces = [d for d in divisions()
                 if d.level == "province" and not d.name.endswith("特别行政区")]
    for row in table("agency_templates.tsv"):
        if len(row) > 2 and row[2]:
            for division in provinces:
                out.setdefault(_expand(row[0], division), _expand(row[2], division))
    return out


def _expand(template: str, division: Division) -> str:
    return (template.replace("{R}", division.name).replace("{r}", division.short)
            .replace("{L}", division.level_word))


@lru_cache(maxsize=1)
def _template_aliases() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Province-level bodies: (forms naming a region, level-only forms per region)."""
    named: dict[str, str] = {}
    level_only: dict[str, dict[str, str]] = {}
    # The special administrative regions have bodies of their own (香港特别行政区政府, not
    # 人民政府): they are in agencies.tsv, not made from the mainland templates.
    provinces = [d for d in divisions()
                 if d.level == "province" and not d.name.endswith("特别行政区")]
    for row in table("agency_templates.tsv"):
        template = row[0]
        aliases = row[1].split("|") if len(row) > 1 and row[1] else []
        levels = row[3].split("|") if len(row) > 3 and row[3] else []
        for division in provinces:
            if levels and division.level_word not in levels:
                continue
            canonical = _expand(template, division)
            for alias in [template, *aliases]:
                form = _expand(alias, division)
                if "{L}" in alias and "{R}" not in alias and "{r}" not in alias:
                    level_only.setdefault(division.name, {})[form] = canonical
                else:
                    named.setdefault(form, canonical)
    return named, level_only


def region_aliases(region: str | None) -> _RegionAliases:
    """Province-level bodies: written form → canonical name.

    Forms that name the region (内蒙古自治区党委, 浙江省委) hold everywhere; forms that
    only say the level (自治区党委) hold for the article's ``region``.
    """
    return _RegionAliases(region)


class _RegionAliases:
    """A read-only view of the named forms plus one region's level-only forms."""

    def __init__(self, region: str | None) -> None:
        self._named, level_only = _template_aliases()
        self._local = level_only.get(region or "", {})

    def get(self, form: str) -> str | None:
        return self._local.get(form) or self._named.get(form)


@lru_cache(maxsize=1)
def national_matcher() -> Matcher:
    """A matcher over every known organization form that names its body in full."""
    entries: dict[str, object] = dict(_template_aliases()[0])
    entries.update(agency_aliases())
    return Matcher(entries)


@lru_cache(maxsize=64)
def regional_matcher(region: str | None) -> Matcher:
    """A matcher over the level-only forms (自治区党委) of ``region``'s bodies."""
    return Matcher(dict(_template_aliases()[1].get(region or "", {})))
