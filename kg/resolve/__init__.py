"""Resolve: one :class:`~kg.records.Extraction` in, one :class:`~kg.records.Resolved` out.

Gives every mention its entity: one canonical name and one deterministic IRI.

Organizations are canonicalized in steps: the lexicon (自治区党委 → 中共内蒙古自治区委员会),
the article's region for level-only prefixes (自治区应急管理厅 → 内蒙古自治区应急管理厅),
abbreviated endings (市场监管局 → 市场监督管理局), a short form that ends a longer name of
the same article (行政复议联合党支部 → …司法厅行政复议联合党支部), and a name followed by
another in brackets (北京大学肿瘤医院内蒙古医院(内蒙古自治区肿瘤医院)). A name that opens
with another organization's name is its sub-organization.

An organization is one IRI per canonical name, except a name that only says its level
(省政府, 自治区党委, 县委) in an article whose region is unknown: which body it is stays
unknown, so its IRI is the article's own rather than one shared by every 省政府.

People are one IRI per name and scope: the region of the posts the article shows them
holding (:mod:`kg.resolve.people`), so namesakes of two provinces stay apart while a
person of central posts, or of none, is one IRI across articles.
"""

from __future__ import annotations

import re
from collections import defaultdict

from kg import identity
from kg.extract.lexicon import (
    abbreviations,
    agency_aliases,
    agency_parents,
    divisions_by_name,
    org_suffixes,
    region_aliases,
)
from kg.extract.spans import not_heads
from kg.records import (
    Entity,
    Extraction,
    Mention,
    Post,
    Resolved,
    ResolvedFact,
    ResolvedMention,
    ResolvedPost,
    ResolvedRelation,
)
from kg.resolve.people import names_by_level_only, person_scope

__all__ = ["canonical_org", "resolve"]

_SPACES = re.compile(r"[\s\u3000]+")
_LEVEL_WORDS = ("自治区", "省", "市")


def _bare(text: str) -> str:
    return _SPACES.sub("", text)


def _expand_region(name: str, region: str | None) -> str:
    """自治区应急管理厅 → 内蒙古自治区应急管理厅 when the article speaks for 内蒙古自治区.

    Examples:
        >>> _expand_region("自治区党委", "新疆维吾尔自治区")
        '新疆维吾尔自治区党委'
    """
    if not region:
        return name
    division = divisions_by_name().get(region)
    if division is None or name.startswith(division.name):
        return name
    level = division.level_word
    if level and name.startswith(level) and len(name) > len(level) + 1:
        return division.name + name[len(level):]
    # 新疆维吾尔自治区, 广西壮族自治区 …: papers write 自治区党委, not 维吾尔自治区党委.
    if level.endswith("自治区") and name.startswith("自治区") and len(name) > 4:
        return division.name + name[3:]
    return name


def _expand_abbreviation(name: str) -> str:
    for short, full in abbreviations():
        if name.endswith(short) and not name.endswith(full):
            return name[: len(name) - len(short)] + full
    return name


def canonical_org(name: str, region: str | None) -> str:
    """Return the canonical full name of an organization as written.

    Examples:
        >>> canonical_org("自治区市场监管局", "内蒙古自治区")
        '内蒙古自治区市场监督管理局'
        >>> canonical_org("自治区党委", "内蒙古自治区")
        '中共内蒙古自治区委员会'
    """
    name = _bare(name)
    full = _expand_region(name, region)
    expanded = _expand_abbreviation(full)
    for form in (name, expanded, full):
        known = _known_form(form, region)
        if known is not None:
            return known
    if expanded.startswith("中共中央") and len(expanded) > 4:
        return "中国共产党中央委员会" + expanded[4:]
    return _division_sub_body(expanded)


# A department of a division's Party committee or government, written after the
# division's name: 长沙市委宣传部 → 中共长沙市委员会宣传部, 湖南省政府办公厅 → 湖南省人民政府办公厅.
_DIVISION_SUB_BODY = re.compile(
    r"(?P<d>[\u4e00-\u9fff]{2,12}?[省市县区州盟旗])(?P<body>党委|委|政府)"
    r"(?P<rest>宣传部|组织部|统战部|统一战线工作部|政法委员会|政法委|社会工作部|办公厅|办公室"
    r"|网信办|网络安全和信息化委员会办公室|外事工作委员会办公室|外办|机构编制委员会办公室|编办"
    r"|巡视工作领导小组办公室|巡察工作领导小组办公室|党校|研究室|政策研究室)")


def _division_sub_body(name: str) -> str:
    """The full name of a division's committee's or government's department, if it is one.

    Examples:
        >>> _division_sub_body("长沙市委宣传部"), _division_sub_body("湖南省政府办公厅")
        ('中共长沙市委员会宣传部', '湖南省人民政府办公厅')
        >>> _division_sub_body("某市委宣传部")
        '某市委宣传部'
    """
    match = _DIVISION_SUB_BODY.fullmatch(name)
    if match is None or match["d"] not in divisions_by_name():
        return name
    if match["body"] == "政府":
        return f"{match['d']}人民政府{match['rest']}"
    return f"中共{match['d']}委员会{match['rest']}"


def _known_form(form: str, region: str | None) -> str | None:
    """The canonical name of a form the lexicons know, if they do."""
    return region_aliases(region).get(form) or agency_aliases().get(form)


def _bracket_aliases(text: str, orgs: list[Mention]) -> dict[str, str]:
    """Map ``A`` to ``B`` (or back) for ``A(B)``: the bracketed name's abbreviation stays alias."""
    by_start = {m.start: m for m in orgs}
    out: dict[str, str] = {}
    for outer in orgs:
        if outer.end < len(text) and text[outer.end] in "(（":
            inner = by_start.get(outer.end + 1)
            if inner is None or inner.end >= len(text) or text[inner.end] not in ")）":
                continue
            if _is_abbreviation(inner.name, outer.name):
                out[inner.name] = outer.name
            else:
                out[outer.name] = inner.name
    return out


def _is_abbreviation(short: str, full: str) -> bool:
    if len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def resolve(extraction: Extraction) -> Resolved:
    """Resolve an article's mentions, posts and relations to entities."""
    article = extraction.article
    region = article.region
    text = article.text
    mentions = list(extraction.mentions)
    orgs = [m for m in mentions if m.kind == "organization"]
    for post in extraction.posts:
        if post.org is not None and post.org not in orgs:
            orgs.append(post.org)

    canonical: dict[tuple[str, str], str] = {}
    for m in mentions + [p.org for p in extraction.posts if p.org is not None]:
        canonical[(m.kind, m.name)] = _canonical(m, region)
    # A short form ending a longer organization name of this article is that organization.
    org_names = {canonical[("organization", m.name)] for m in orgs}
    for m in orgs:
        name = canonical[("organization", m.name)]
        longer = [o for o in org_names if o != name and o.endswith(name) and len(name) >= 5]
        if longer:
            canonical[("organization", m.name)] = min(longer, key=lambda o: (len(o), o))
    for alias, target in _bracket_aliases(text, orgs).items():
        canonical[("organization", alias)] = canonical.get(("organization", target), target)

    entities: dict[tuple[str, str], Entity] = {}
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    subtypes: dict[tuple[str, str], str | None] = {}

    def entity_for(m: Mention) -> tuple[str, str]:
        key = (m.kind, canonical.get((m.kind, m.name), m.name))
        written = _bare(m.text).strip("《》")
        for form in {written, m.name}:
            if form != key[1]:
                aliases[key].add(form)
        subtypes.setdefault(key, m.subtype)
        return key

    resolved_keys = [(m, entity_for(m)) for m in mentions]
    post_keys = []
    for post in extraction.posts:
        pkey = entity_for(post.person)
        okey = entity_for(post.org) if post.org is not None else None
        post_keys.append((post, pkey, okey))
    byline_people = []
    for byline in article.bylines:
        if byline.role == "contributor":
            continue
        byline_people.append((byline.role, ("person", _bare(byline.name))))
    for _, key in byline_people:
        aliases.setdefault(key, set())
        subtypes.setdefault(key, None)

    scopes = _person_scopes(post_keys)
    parents = _parents({name for kind, name in subtypes if kind == "organization"})
    for key in list(subtypes):
        kind, name = key
        parent = parents.get(name) if kind == "organization" else None
        if parent is not None and ("organization", parent) not in subtypes:
            subtypes[("organization", parent)] = "GovernmentOrganization"
    for key, subtype in subtypes.items():
        kind, name = key
        parent = parents.get(name) if kind == "organization" else None
        if kind == "person":
            iri = identity.person(name, scopes.get(name))
        elif kind == "organization":
            iri = _org_iri(name, article.id)
        else:
            iri = identity.entity(kind, name)
        entities[key] = Entity(
            iri=iri,
            kind=kind,  # type: ignore[arg-type]
            name=name,
            aliases=tuple(sorted(aliases.get(key, ()))),
            subtype=subtype,
            parent=_org_iri(parent, article.id) if parent else None,
        )

    resolved_mentions = tuple(ResolvedMention(m, entities[key]) for m, key in resolved_keys)
    posts = []
    for post, pkey, okey in post_keys:
        person = entities[pkey]
        org = entities[okey] if okey is not None else None
        posts.append(ResolvedPost(
            iri=identity.membership(person.iri, post.title, org.iri if org else None),
            person=person, title=post.title, org=org, start=post.start, end=post.end,
            qualifier=post.qualifier, confidence=post.confidence, extractor=post.extractor,
        ))
    relations = []
    for rel in extraction.relations:
        skey = (rel.subject.kind, canonical.get((rel.subject.kind, rel.subject.name),
                                                rel.subject.name))
        okey2 = (rel.object.kind, canonical.get((rel.object.kind, rel.object.name),
                                                rel.object.name))
        if skey in entities and okey2 in entities:
            relations.append(ResolvedRelation(entities[skey], rel.predicate, entities[okey2],
                                              rel.start, rel.end, rel.confidence, rel.extractor))
    authors = tuple(entities[key] for role, key in byline_people if role in ("reporter", "author"))
    facts = []
    for fact in extraction.facts:
        fkey = (fact.subject.kind, canonical.get((fact.subject.kind, fact.subject.name),
                                                 fact.subject.name))
        if fkey in entities:
            facts.append(ResolvedFact(entities[fkey], fact.predicate, fact.value, fact.start,
                                      fact.end, fact.datatype, fact.confidence, fact.extractor))
    return Resolved(
        article=article,
        iri=identity.article(article.id),
        entities=tuple(sorted(entities.values(), key=lambda e: e.iri)),
        mentions=resolved_mentions,
        posts=tuple(posts),
        relations=tuple(relations),
        authors=authors,
        facts=tuple(facts),
        quantities=extraction.quantities,
    )


_LEVEL_ONLY = re.compile(
    "(?:自治区|省|市|州|盟|县|旗|区|乡|镇)(?:人民政府|政府|党委|委员会|委|纪委|监委|纪委监委|人大|"
    "人大常委会|政协)")


def _org_iri(name: str, article_id: str) -> str:
    """The IRI of an organization; an article-own one for a name that only says its level."""
    return identity.organization(name, article_id if _level_only(name) else "")


def _level_only(name: str) -> bool:
    """Whether a canonical name names a body by its level only (省政府, 自治区党委办公厅).

    Examples:
        >>> _level_only("自治区党委"), _level_only("县委"), _level_only("内蒙古自治区人民政府")
        (True, True, False)
        >>> _level_only("市场监督管理总局")
        False
    """
    return bool(_LEVEL_ONLY.fullmatch(name)) or names_by_level_only(name)


def _person_scopes(
    post_keys: list[tuple[Post, tuple[str, str], tuple[str, str] | None]],
) -> dict[str, str | None]:
    """Each person's scope in this article, from the posts it shows them holding."""
    held: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for post, (_, person), okey in post_keys:
        held[person].append((post.title, okey[1] if okey else None, post.qualifier))
    return {person: person_scope(posts) for person, posts in held.items()}


def _canonical(m: Mention, region: str | None) -> str:
    if m.kind == "organization":
        return canonical_org(m.name, region)
    if m.kind == "document":
        return _expand_region(_bare(m.name), region)
    if m.kind == "person":
        return _bare(m.name)
    return _bare(m.name)


def _parents(names: set[str]) -> dict[str, str]:
    """Map each organization to the organization its name opens with, if any."""
    suffixes = org_suffixes()
    long_suffixes = tuple(x for x in suffixes if len(x) > 1)
    heads_of_nothing = tuple(not_heads())
    lexicon_parents = agency_parents()
    out: dict[str, str] = {}
    for name in names:
        if name in lexicon_parents:
            out[name] = lexicon_parents[name]
            continue
        best = ""
        for other in names:
            if other != name and name.startswith(other) and len(other) > len(best) \
                    and len(name) - len(other) >= 2:
                best = other
        if not best:
            for cut in range(len(name) - 3, 3, -1):
                prefix = name[:cut]
                if prefix.endswith(suffixes) and prefix.endswith(("厅", "局", "委员会", "部")) \
                        and len(prefix) >= 6 and not name[:cut + 1].endswith(long_suffixes) \
                        and not prefix.endswith(heads_of_nothing):
                    best = prefix  # but not 中国人民武装警察部|队, 哈马斯内部|安全部队
                    break
        if best:
            out[name] = best
    return out
