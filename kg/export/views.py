"""networkx views of a build, for analysis and for the HTML graph.

:func:`entity_graph` returns a :class:`networkx.MultiDiGraph` whose nodes are the
entities (and, optionally, the articles) and whose edges are posts (person →
organization, labelled with the title), stated relations and mentions.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pyoxigraph as ox

__all__ = ["KINDS", "entity_graph"]

KINDS = {
    "https://schema.org/Person": "person",
    "http://www.w3.org/ns/org#Organization": "organization",
    "https://schema.org/CreativeWork": "document",
    "https://w3id.org/kg/ns#Initiative": "initiative",
    "https://schema.org/Place": "place",
    "https://schema.org/Event": "event",
    "https://schema.org/NewsArticle": "article",
}

_PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

_NODES = _PREFIXES + """
SELECT ?e ?type ?name (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases) WHERE {
  VALUES ?type { %s }
  ?e a ?type .
  OPTIONAL { ?e schema:name ?name }
  OPTIONAL { ?e schema:headline ?name }
  OPTIONAL { ?e skos:altLabel ?alias }
} GROUP BY ?e ?type ?name
"""
_ARTICLES = _PREFIXES + """
SELECT ?a ?date WHERE { ?a a schema:NewsArticle . OPTIONAL { ?a schema:datePublished ?date } }
"""
_MENTIONS = _PREFIXES + "SELECT ?a ?e WHERE { ?a a schema:NewsArticle ; schema:mentions ?e }"
_POSTS = _PREFIXES + """
SELECT ?m ?p ?title ?o (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?m a org:Membership ; org:member ?p ; org:role/skos:prefLabel ?title ; prov:wasDerivedFrom ?a .
  OPTIONAL { ?m org:organization ?o }
} GROUP BY ?m ?p ?title ?o
"""
_RELATIONS = _PREFIXES + """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { kg:issued kg:amended kg:held kg:organized kg:spokeAt org:subOrganizationOf }
  ?s ?p ?o
}
"""


def _rows(store: ox.Store, query: str) -> list[dict[str, Any]]:
    result = store.query(query, use_default_graph_as_union=False)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def entity_graph(store: ox.Store, *, articles: bool = False) -> nx.MultiDiGraph:
    """Return the entities of a build and the edges between them.

    Args:
        store: The build's store (:func:`kg.graph.store.open_store`).
        articles: Whether to add article nodes with ``mentions`` edges.

    Returns:
        Nodes keyed by IRI with ``kind``, ``label``, ``aliases`` and ``mentions`` (the
        number of articles mentioning them); edges with ``kind`` (post, relation
        name, mentions) and ``label``.
    """
    graph = nx.MultiDiGraph()
    kinds = dict(KINDS)
    if not articles:
        kinds.pop("https://schema.org/NewsArticle")
    values = " ".join(f"<{iri}>" for iri in kinds)
    for row in _rows(store, _NODES % values):
        node = row["e"]
        kind = kinds[row["type"]]
        if node in graph and graph.nodes[node]["kind"] != "organization":
            continue
        aliases = sorted(a for a in (row["aliases"] or "").split("|") if a)
        graph.add_node(node, kind=kind, label=row["name"] or node.rsplit("/", 1)[-1],
                       aliases=aliases, mentions=0)
    counts: Counter[str] = Counter()
    for row in _rows(store, _MENTIONS):
        counts[row["e"]] += 1
        if articles and row["a"] in graph and row["e"] in graph:
            graph.add_edge(row["a"], row["e"], kind="mentions", label="")
    for node, n in counts.items():
        if node in graph:
            graph.nodes[node]["mentions"] = n
    if articles:
        for row in _rows(store, _ARTICLES):
            if row["a"] in graph and row["date"]:
                graph.nodes[row["a"]]["date"] = row["date"]
    for row in _rows(store, _POSTS):
        if row["p"] in graph and row["o"] in graph:
            graph.add_edge(row["p"], row["o"], key=row["m"], kind="post", label=row["title"],
                           articles=int(row["n"]))
        elif row["p"] in graph:
            titles = graph.nodes[row["p"]].setdefault("titles", [])
            titles.append(row["title"])
    for row in _rows(store, _RELATIONS):
        if row["s"] in graph and row["o"] in graph:
            kind = row["p"].rsplit("#", 1)[-1]
            graph.add_edge(row["s"], row["o"], kind=kind, label=kind)
    return graph
