"""Person identity: which evidence tells two people of one name apart.

A person's IRI is minted from the bare name plus a *scope*: the province-level region
of the organizations where the article shows them holding a post (浙江省, 内蒙古自治区).
Two 张伟 holding posts in different provinces are two people; 王毅, whose posts are at
central bodies (外交部, 中央外事工作委员会办公室), and every person shown with no
regional post (bare names, foreign leaders, people at bodies of no stated region) keep
the name-only IRI, so that one person seen in many articles is one IRI.

The scope depends on one article only, so articles are built independently, in any
order, and an unchanged article never has to be rebuilt. Linking a name-only IRI to
the one regional sense of its name needs every article; that is the build-level
``people`` graph (:mod:`kg.analysis`).

Examples:
    >>> org_scope("中共浙江省委员会")
    '浙江省'
    >>> org_scope("杭州市西湖区人民政府")
    '浙江省'
    >>> org_scope("外交部") == CENTRAL
    True
    >>> org_scope("北京大学") is None
    True
    >>> person_scope([("副厅长", "内蒙古自治区应急管理厅", None),
    ...               ("委员", "中国共产党中央委员会", None)])
    '内蒙古自治区'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from kg.extract.lexicon import _template_aliases, agency_aliases, divisions
from kg.resources import table

__all__ = ["CENTRAL", "FORMER", "names_by_level_only", "org_scope", "person_scope"]

CENTRAL = "中央"
"""The scope of central bodies (中共中央, 国务院 and its ministries, 全国人大 …)."""

FORMER = frozenset({"原", "时任", "前"})
"""Qualifiers that say a post was held before the article: not evidence of who one is now."""

# Leading words before the region in canonical names: 中共浙江省委员会,
# 中国人民政治协商会议浙江省委员会, 共青团浙江省委员会.
_OPENERS = ("中国共产党", "中国人民政治协商会议", "中共", "共青团")
_CENTRAL_OPENERS = ("中央", "全国", "国务院", "国家", "中华人民共和国", "最高人民")


@lru_cache(maxsize=1)
def _provinces_by_name() -> dict[str, str]:
    """Full division name → its province-level region, for names of one region only."""
    by_code = {d.code: d for d in divisions()}
    found: dict[str, set[str]] = {}
    for division in divisions():
        if division.level == "province":
            province = division.name
        else:
            top = by_code.get(division.code[:2] + "0000")
            if top is None:
                continue
            province = top.name
        found.setdefault(division.name, set()).add(province)
    return {name: next(iter(p)) for name, p in found.items() if len(p) == 1 and len(name) >= 2}


@lru_cache(maxsize=1)
def _level_only() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """Level-only forms, named province-level bodies, and the regions of each level word.

    Returns:
        The lexicon's level-only forms (自治区党委), every form and canonical name of its
        named province-level bodies, and per level word (省, 自治区 …) the regions
        named with it.
    """
    named, level_only = _template_aliases()
    forms = frozenset(form for by_form in level_only.values() for form in by_form)
    regions: dict[str, set[str]] = {}
    for division in divisions():
        if division.level == "province" and division.level_word:
            regions.setdefault(division.level_word, set()).add(division.name)
    bodies = frozenset(named) | frozenset(named.values())
    return forms, bodies, {word: frozenset(names) for word, names in regions.items()}


def names_by_level_only(name: str) -> bool:
    """Whether an organization name says only the level of its region (自治区党委, 省政府).

    Such a name names one body only where the article's region is known (kg.resolve
    expands it there); elsewhere it says which kind of body, not which one.

    Examples:
        >>> names_by_level_only("自治区党委"), names_by_level_only("省市场监督管理局")
        (True, True)
        >>> names_by_level_only("内蒙古自治区人民政府"), names_by_level_only("市场监督管理总局")
        (False, False)
    """
    forms, bodies, regions = _level_only()
    if name in forms:
        return True
    for word in sorted(regions, key=len, reverse=True):
        if name.startswith(word) and len(name) > len(word):
            rest = name[len(word):]
            return any(region + rest in bodies for region in regions[word])
    return False


@lru_cache(maxsize=1)
def _regional_bodies() -> dict[str, str]:
    """Lexicon bodies of one province-level region (首都规划建设委员会 → 北京市)."""
    return {row[0]: row[3] for row in table("agencies.tsv") if len(row) > 3 and row[3]}


@lru_cache(maxsize=1)
def _central_bodies() -> frozenset[str]:
    """Canonical names of the central bodies the lexicon knows."""
    return frozenset(agency_aliases().values()) - set(_regional_bodies())


@lru_cache(maxsize=4096)
def org_scope(name: str | None) -> str | None:
    """Return the province-level region an organization belongs to.

    Args:
        name: The organization's canonical full name (None when the post names none).

    Returns:
        The full name of the province-level region its name opens with (after 中共,
        共青团 …), a prefecture or county of one province counting for that province;
        :data:`CENTRAL` for central bodies; None when the name says neither (a school,
        a company, a foreign body, a county name shared by two provinces).
    """
    if not name:
        return None
    if name in _regional_bodies():
        return _regional_bodies()[name]
    if name in _central_bodies():
        return CENTRAL
    rest = name
    for opener in _OPENERS:
        if rest.startswith(opener):
            rest = rest[len(opener):]
            break
    if rest.startswith(_CENTRAL_OPENERS):
        return CENTRAL
    provinces = _provinces_by_name()
    for cut in range(min(len(rest), 12), 1, -1):
        province = provinces.get(rest[:cut])
        if province is not None:
            return province
    return None


def person_scope(posts: Iterable[tuple[str, str | None, str | None]]) -> str | None:
    """Return the scope that disambiguates a person from the posts one article shows.

    Args:
        posts: ``(title, organization canonical name or None, qualifier or None)`` of
            every post the article gives the person.

    Returns:
        The province-level region of their current posts, several joined by ``、`` in
        sorted order (rare: a transfer stated in one sentence); None when no current post
        is at a regional body — the person keeps the name-only IRI. A central post beside
        a regional one (中共中央政治局委员、上海市委书记) does not count: the regional post
        is the more specific evidence.
    """
    regions = {
        scope for _title, org, qualifier in posts
        if qualifier not in FORMER and (scope := org_scope(org)) not in (None, CENTRAL)
    }
    return "、".join(sorted(regions)) if regions else None
