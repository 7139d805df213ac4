"""People: the build-level step of person identity, the derived graph :data:`PEOPLE_GRAPH`.

Each article mints its people's IRIs from its own evidence (:mod:`kg.resolve.people`): the
bare name, plus the region of the posts it shows them holding. An article that shows
陈吉宁 as 上海市委书记 says ``person/陈吉宁/上海市``; one that only writes 陈吉宁 says
``person/陈吉宁``. Whether that bare 陈吉宁 is the 上海市 one depends on every other
article, so it is decided here, over the whole store, at the end of every build::

    <person/陈吉宁> owl:sameAs <person/陈吉宁/上海市> .

A name-only IRI is linked to the one regional sense of its name that fits it: every post
the name-only IRI holds at a central body (中共中央政治局委员) must be held by that sense
too, since a central post no regional sense holds makes the name-only IRI a person of its
own (张军, 最高人民法院院长, is not 张军 of a county bureau). So does being one of the
papers' own staff (a byline, or a title such as 记者): 记者李俊 is not 包头市科委主任李俊.
A bare name (no central post) fits every regional sense, so it is linked only when the
name has exactly one; names of two or more stay unlinked: the papers do not say which one
a bare mention means.

The graph is recomputed from the store like the tenures graph, so building A then B gives
what building A and B together gives.

To follow the links in SPARQL::

    SELECT ?post WHERE { ?p schema:name "陈吉宁" .
                         ?p (owl:sameAs|^owl:sameAs)* ?same . ?post org:member ?same }
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import identity
from kg.graph import PREFIXES
from kg.graph.nquads import unique_ntriples
from kg.graph.store import replace_graph
from kg.resolve.people import CENTRAL, org_scope

if TYPE_CHECKING:
    from kg.export.summary import Summary

__all__ = ["OWL_SAME_AS", "PEOPLE_GRAPH", "Senses", "people_triples", "senses",
           "summary_people", "summary_senses", "write_people"]

PEOPLE_GRAPH = identity.derived_graph("people")
"""IRI of the derived named graph linking name-only person IRIs to their one sense."""

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

_PERSONS = "SELECT DISTINCT ?p WHERE { ?p a schema:Person }"
_POSTS = """SELECT DISTINCT ?p ?title ?org ?name WHERE {
  ?m a org:Membership ; org:member ?p ; org:role/skos:prefLabel ?title .
  OPTIONAL { ?m org:organization ?org . ?org schema:name ?name } }"""
_BYLINES = "SELECT DISTINCT ?p WHERE { { ?a schema:author ?p } UNION { ?a kg:photographer ?p } }"
# Titles of the papers' own staff: a reporter named like an official is not that official.
_REPORTER_TITLES = ("记者", "通讯员")
_REPORTER = ("记者", "")


@dataclass(frozen=True, slots=True)
class Senses:
    """The person IRIs of one name in a build.

    Attributes:
        name_iri: The name-only IRI (``person/陈吉宁``).
        regional: The IRIs with a regional scope (``person/陈吉宁/上海市``), sorted.
        name_only_seen: Whether any article uses the name-only IRI.
        fitting: The regional IRIs that hold every central post of the name-only IRI
            (and are of the papers' staff when it is).
    """

    name_iri: str
    regional: tuple[str, ...]
    name_only_seen: bool
    fitting: tuple[str, ...]

    @property
    def link(self) -> str | None:
        """The regional IRI the name-only IRI is the same as, if exactly one fits."""
        if self.name_only_seen and len(self.fitting) == 1:
            return self.fitting[0]
        return None


def _column(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql, use_default_graph_as_union=False, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(row[n].value if row[n] is not None else "" for n in names) for row in result]


def senses(store: ox.Store) -> list[Senses]:
    """Group a build's person IRIs by name: one :class:`Senses` per name, sorted by IRI."""
    return _senses((iri for (iri,) in _column(store, _PERSONS)), _column(store, _POSTS),
                   (person for (person,) in _column(store, _BYLINES)))


def summary_senses(summary: Summary) -> list[Senses]:
    """:func:`senses` from the build's summary (no store query; a test compares them)."""
    persons: set[str] = set()
    bylines: set[str] = set()
    names: dict[str, set[str]] = defaultdict(set)
    for fragment in summary.fragments.values():
        persons.update(fragment.persons)
        bylines.update(fragment.bylines)
        for iri, _kind, name, _aliases in fragment.entities:
            if name is not None:
                names[iri].add(name)
    rows: set[tuple[str, str, str, str]] = set()
    for fragment in summary.fragments.values():
        for _m, person, title, org, _derived in fragment.posts:
            # As _POSTS's OPTIONAL: an organization counts only with a name.
            if org is not None and names.get(org):
                rows.update((person, title, org, name) for name in names[org])
            else:
                rows.add((person, title, "", ""))
    return _senses(persons, rows, bylines)


def _senses(persons: Iterable[str], posts: Iterable[tuple[str, ...]],
            bylines: Iterable[str]) -> list[Senses]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for iri in persons:
        by_name[identity.person_name_iri(iri)].add(iri)
    held: dict[str, set[tuple[str, str]]] = defaultdict(set)
    central: dict[str, set[tuple[str, str]]] = defaultdict(set)  # posts that must be shared
    for person, title, org, name in posts:
        if title.endswith(_REPORTER_TITLES):
            held[person].add(_REPORTER)
            central[person].add(_REPORTER)
        elif org:
            held[person].add((title, org))
            if org_scope(name) == CENTRAL:
                central[person].add((title, org))
    for person in bylines:
        held[person].add(_REPORTER)
        central[person].add(_REPORTER)
    out = []
    for name_iri, iris in sorted(by_name.items()):
        regional = tuple(sorted(iris - {name_iri}))
        fitting = tuple(r for r in regional if central[name_iri] <= held[r])
        out.append(Senses(name_iri, regional, name_iri in iris, fitting))
    return out


def people_triples(store: ox.Store) -> list[ox.Triple]:
    """Return the triples of the people graph (:data:`PEOPLE_GRAPH`) for a build."""
    return _triples(senses(store))


def summary_people(summary: Summary) -> str:
    """The people graph of the build ``summary`` describes, as sorted N-Triples."""
    data = ox.serialize(_triples(summary_senses(summary)), format=ox.RdfFormat.N_TRIPLES)
    return unique_ntriples(data.decode("utf-8")) if data else ""


def _triples(found: list[Senses]) -> list[ox.Triple]:
    same = ox.NamedNode(OWL_SAME_AS)
    return [ox.Triple(ox.NamedNode(s.name_iri), same, ox.NamedNode(s.link))
            for s in found if s.link is not None]


def write_people(store: ox.Store) -> str:
    """Recompute the people graph of a store being written; return its IRI.

    The graph is replaced through :func:`kg.graph.store.replace_graph`, so the union
    default graph stays right; an empty result removes the graph.
    """
    data = ox.serialize(people_triples(store), format=ox.RdfFormat.N_TRIPLES)
    replace_graph(store, ox.NamedNode(PEOPLE_GRAPH), data.decode("utf-8") if data else "")
    return PEOPLE_GRAPH
