"""Tenures: dated observations of posts merged into ``org:memberDuring`` intervals.

Every article that states a post (an ``org:Membership`` with ``prov:wasDerivedFrom`` the
article) and has a ``schema:datePublished`` is one dated observation: on that day the
paper said the person held the post. A post's observations merge into one W3C Time
interval, from the first day it was seen to the last, with the articles as evidence::

    <post> org:memberDuring <post/during> .
    <post/during> a time:Interval ;
        time:hasBeginning <instant/2025-01-15> ; time:hasEnd <instant/2025-11-25> ;
        prov:wasDerivedFrom <article₁>, <article₂>, … .
    <instant/2025-01-15> a time:Instant ; time:inXSDDate "2025-01-15"^^xsd:date .

An article that writes the title as former (原, 时任, 前) does not count as an observation.
The intervals live in the derived named graph :data:`TENURES_GRAPH`, recomputed from the
whole store at the end of every build (:func:`write_tenures`), so they always cover
every article built so far. "First and last seen" is what the papers show, not the
official start and end of a term.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import ORG, PROV, XSD, Namespace

from kg import identity
from kg.errors import QueryError
from kg.graph import PREFIXES
from kg.graph.nquads import to_ntriples, unique_ntriples
from kg.graph.store import open_store, replace_graph

if TYPE_CHECKING:
    from kg.export.summary import Summary

__all__ = [
    "CAREER_QUERY",
    "TENURES_GRAPH",
    "TIME",
    "CareerPost",
    "Observation",
    "Tenure",
    "career",
    "observations",
    "summary_observations",
    "summary_tenures",
    "tenure_quads",
    "tenures",
    "write_tenures",
]

TIME = Namespace("http://www.w3.org/2006/time#")
TENURES_GRAPH = identity.derived_graph("tenures")
"""IRI of the derived named graph holding every tenure interval."""

# Qualifiers that say the post was held before the article, not on its date.
_FORMER = frozenset({"原", "时任", "前"})

_OBSERVATIONS = """
SELECT ?post ?article ?date WHERE {
  ?post a org:Membership ; prov:wasDerivedFrom ?article .
  ?article a schema:NewsArticle ; schema:datePublished ?date .
}"""
_QUALIFIED = "SELECT ?post ?g ?q WHERE { GRAPH ?g { ?post kg:qualifier ?q } }"

CAREER_QUERY = """\
# A person's career: every post the papers show them holding, across agencies, with the
# first and last day an article showed it (from the derived tenures graph) and the
# articles behind those dates. Namesakes the graph tells apart (posts in two provinces)
# are two values of ?person; a name-only IRI the derived people graph links to its one
# sense (owl:sameAs) counts as that sense. Change the name in VALUES, then:
#   kg query BUILD @examples/queries/career.rq
# Python: kg.analysis.career(BUILD, "王毅") runs this query.
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>

SELECT ?person ?name ?title ?organization ?organizationName ?firstSeen ?lastSeen
       (COUNT(DISTINCT ?article) AS ?articles)
       (GROUP_CONCAT(DISTINCT STR(?seen); separator=" ") AS ?evidence)
WHERE {
  VALUES ?name { "王毅" }
  ?member a schema:Person ; schema:name ?name .
  OPTIONAL { ?member owl:sameAs ?sense }
  BIND (COALESCE(?sense, ?member) AS ?person)
  ?post a org:Membership ; org:member ?member ; org:role/skos:prefLabel ?title ;
        prov:wasDerivedFrom ?article .
  OPTIONAL { ?post org:organization ?organization .
             OPTIONAL { ?organization schema:name ?organizationName } }
  OPTIONAL { ?post org:memberDuring ?during .
             ?during time:hasBeginning/time:inXSDDate ?firstSeen ;
                     time:hasEnd/time:inXSDDate ?lastSeen ;
                     prov:wasDerivedFrom ?seen }
}
GROUP BY ?person ?name ?title ?organization ?organizationName ?firstSeen ?lastSeen
ORDER BY (!BOUND(?firstSeen)) ?firstSeen ?lastSeen ?title ?organizationName
"""
_NAME_VALUES = re.compile(r'VALUES \?name \{ "[^"]*" \}')

Target = str | os.PathLike[str] | ox.Store


@dataclass(frozen=True, slots=True)
class Observation:
    """One article showing one post on its publication date.

    Attributes:
        post: IRI of the ``org:Membership``.
        article: IRI of the article.
        date: The article's ``schema:datePublished``.
    """

    post: str
    article: str
    date: date


@dataclass(frozen=True, slots=True)
class Tenure:
    """A post's observations merged: first and last seen, and the articles that show it.

    Attributes:
        post: IRI of the ``org:Membership``.
        first_seen: The earliest observation's date.
        last_seen: The latest observation's date.
        articles: IRIs of the observing articles, sorted.
    """

    post: str
    first_seen: date
    last_seen: date
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CareerPost:
    """One row of a career (:func:`career`): a post and when the papers showed it.

    Attributes:
        person: IRI of the person.
        name: The person's name.
        title: The title (``skos:prefLabel`` of the role).
        organization: IRI of the organization, when the post names one.
        organization_name: Its name.
        first_seen: First day an article showed the post (None when no article was dated).
        last_seen: Last day an article showed it.
        articles: How many articles state the post (dated or not, former titles included).
        evidence: IRIs of the dated articles behind ``first_seen`` and ``last_seen``.
    """

    person: str
    name: str
    title: str
    organization: str | None
    organization_name: str | None
    first_seen: date | None
    last_seen: date | None
    articles: int
    evidence: tuple[str, ...]


def _store(target: Target) -> ox.Store:
    return target if isinstance(target, ox.Store) else open_store(target)


def _select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    try:
        result = store.query(sparql, use_default_graph_as_union=False, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def observations(target: Target) -> list[Observation]:
    """Return every dated observation of a post in a build, sorted.

    Args:
        target: A build folder or an open store.

    Returns:
        One :class:`Observation` per (post, dated article), leaving out articles that
        write the title as former (原, 时任, 前).
    """
    store = _store(target)
    former = {(row["post"], row["g"]) for row in _select(store, _QUALIFIED)
              if row["q"] in _FORMER}
    found = set()
    for row in _select(store, _OBSERVATIONS):
        day = _date(row["date"])
        if day is None or (row["post"], identity.article_graph(row["article"])) in former:
            continue
        found.add(Observation(row["post"], row["article"], day))
    return sorted(found, key=lambda o: (o.post, o.date, o.article))


def summary_observations(summary: Summary) -> list[Observation]:
    """Return the dated observations of a build from its summary (no store query).

    The same as :func:`observations` of the build the summary describes (a test
    compares them on a corpus build): each fragment's posts with the articles they
    are derived from, the articles' ``schema:datePublished``, and the qualifiers each
    article's graph states.
    """
    dates: dict[str, set[str]] = defaultdict(set)
    former: set[tuple[str, str]] = set()
    for graph, fragment in summary.fragments.items():
        for article, _headline, day, _url in fragment.articles:
            if day is not None:
                dates[article].add(day)
        former.update((post, graph) for post, q in fragment.qualifiers if q in _FORMER)
    found = set()
    for fragment in summary.fragments.values():
        for post, _person, _title, _org, derived in fragment.posts:
            for article in derived:
                if (post, identity.article_graph(article)) in former:
                    continue
                for text in dates.get(article, ()):
                    seen = _date(text)
                    if seen is not None:
                        found.add(Observation(post, article, seen))
    return sorted(found, key=lambda o: (o.post, o.date, o.article))


def tenures(target: Target) -> list[Tenure]:
    """Merge a build's observations into one tenure per post (first and last seen).

    Args:
        target: A build folder or an open store.
    """
    return _merge(observations(target))


def _merge(seen: list[Observation]) -> list[Tenure]:
    by_post: dict[str, list[Observation]] = defaultdict(list)
    for obs in seen:
        by_post[obs.post].append(obs)
    return [
        Tenure(post, min(o.date for o in seen), max(o.date for o in seen),
               tuple(sorted({o.article for o in seen})))
        for post, seen in sorted(by_post.items())
    ]


def _instant(day: date) -> URIRef:
    return URIRef(identity.instant(day.isoformat()))


def tenure_quads(target: Target) -> list[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
    """Return the quads of the tenures graph (:data:`TENURES_GRAPH`) for a build."""
    return _quads(tenures(target))


def summary_tenures(summary: Summary) -> str:
    """The tenures graph of the build ``summary`` describes, as sorted N-Triples."""
    return unique_ntriples(to_ntriples(_quads(_merge(summary_observations(summary)))))


def _quads(merged: list[Tenure]) -> list[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
    g = URIRef(TENURES_GRAPH)
    out: list[tuple[URIRef, URIRef, URIRef | Literal, URIRef]] = []
    instants: set[date] = set()
    for tenure in merged:
        post = URIRef(tenure.post)
        during = URIRef(identity.tenure(tenure.post))
        begin, end = _instant(tenure.first_seen), _instant(tenure.last_seen)
        out += [(post, ORG.memberDuring, during, g),
                (during, RDF.type, TIME.Interval, g),
                (during, TIME.hasBeginning, begin, g),
                (during, TIME.hasEnd, end, g)]
        out += [(during, PROV.wasDerivedFrom, URIRef(a), g) for a in tenure.articles]
        instants |= {tenure.first_seen, tenure.last_seen}
    for day in sorted(instants):
        out += [(_instant(day), RDF.type, TIME.Instant, g),
                (_instant(day), TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date), g)]
    return out


def write_tenures(store: ox.Store) -> str:
    """Recompute the tenures graph of a store being written; return its IRI.

    The graph is replaced through :func:`kg.graph.store.replace_graph`, so the union
    default graph stays right; an empty result removes the graph.
    """
    replace_graph(store, ox.NamedNode(TENURES_GRAPH), to_ntriples(tenure_quads(store)))
    return TENURES_GRAPH


def career_query(name: str) -> str:
    """Return :data:`CAREER_QUERY` for the person called ``name``."""
    literal = json.dumps(name, ensure_ascii=False)
    return _NAME_VALUES.sub(lambda _: f"VALUES ?name {{ {literal} }}", CAREER_QUERY, count=1)


def career(target: Target, name: str) -> list[CareerPost]:
    """Return a person's posts over time, across agencies (the query ``career.rq``).

    Args:
        target: A build folder or an open store.
        name: The person's name as the graph writes it (``schema:name``, e.g. ``"王毅"``).

    Returns:
        One :class:`CareerPost` per post, dated ones first in order of first sight.
        Namesakes the graph tells apart come as different ``person`` IRIs.

    Examples:
        >>> for post in career("output", "王毅"):  # doctest: +SKIP
        ...     print(post.first_seen, post.last_seen, post.organization_name, post.title)
        2025-01-15 2025-11-25 中央外事工作委员会办公室 主任
    """
    rows = _select(_store(target), career_query(name))
    return [_career_post(row) for row in rows]


def _career_post(row: dict[str, Any]) -> CareerPost:
    first = _date(row["firstSeen"]) if "firstSeen" in row else None
    last = _date(row["lastSeen"]) if "lastSeen" in row else None
    return CareerPost(
        person=row["person"], name=row["name"], title=row["title"],
        organization=row.get("organization"), organization_name=row.get("organizationName"),
        first_seen=first, last_seen=last, articles=int(row["articles"]),
        evidence=tuple(sorted(row.get("evidence", "").split())),
    )
