"""Network projections of a build for networkx: who sits where, who appears with whom.

Three projections, each an undirected weighted :class:`networkx.Graph` whose nodes are
entity IRIs with ``kind`` and ``label`` attributes:

* :func:`person_agency`: persons and the organizations they hold posts at (bipartite);
  edge ``weight`` = articles stating a post there, ``titles`` = the titles.
* :func:`agency_comention`: organizations linked when an article mentions both;
  ``weight`` = such articles.
* :func:`initiative_agency`: initiatives and the organizations that issued, organized
  or (optionally) appeared with them (bipartite); ``weight`` = articles,
  ``relations`` = the stated relations (``issued``, ``organized``).

Then the usual measures, as plain functions of a graph:

* :func:`centrality`: degree, weighted degree, betweenness, eigenvector or PageRank;
* :func:`communities`: Louvain communities (:func:`networkx.community.louvain_communities`),
  largest first, reproducible for a given ``seed``;
* :func:`top`: the best-ranked nodes of a centrality with their labels.

Examples:
    >>> from kg.analysis import networks
    >>> g = networks.agency_comention("output")                    # doctest: +SKIP
    >>> networks.top(g, networks.centrality(g, "pagerank"), 3)     # doctest: +SKIP
    [('外交部', 0.083), ('国务院', 0.071), ('中国共产党中央委员会', 0.069)]
"""

from __future__ import annotations

import os
from collections import defaultdict
from itertools import combinations
from typing import Any, Literal

import networkx as nx
import pyoxigraph as ox

from kg.errors import KGError
from kg.graph import PREFIXES
from kg.graph.store import open_store

__all__ = [
    "Measure",
    "agency_comention",
    "centrality",
    "communities",
    "initiative_agency",
    "person_agency",
    "top",
]

Target = str | os.PathLike[str] | ox.Store
Measure = Literal["degree", "weighted_degree", "betweenness", "eigenvector", "pagerank"]

_LABELS = """
SELECT ?e ?name WHERE {
  VALUES ?type { schema:Person org:Organization kg:Initiative }
  ?e a ?type ; schema:name ?name .
}"""
_POSTS = """
SELECT ?person ?org ?title (COUNT(DISTINCT ?article) AS ?n) WHERE {
  ?post a org:Membership ; org:member ?person ; org:organization ?org ;
        org:role/skos:prefLabel ?title ; prov:wasDerivedFrom ?article .
} GROUP BY ?person ?org ?title"""
_ORG_MENTIONS = """
SELECT ?article ?org WHERE {
  ?article a schema:NewsArticle ; schema:mentions ?org . ?org a org:Organization .
}"""
_INITIATIVE_RELATIONS = """
SELECT ?org ?rel ?initiative (COUNT(DISTINCT ?g) AS ?n) WHERE {
  VALUES ?rel { kg:issued kg:organized }
  GRAPH ?g { ?org ?rel ?initiative }
  ?org a org:Organization . ?initiative a kg:Initiative .
} GROUP BY ?org ?rel ?initiative"""
_INITIATIVE_MENTIONS = """
SELECT ?article ?org ?initiative WHERE {
  ?article a schema:NewsArticle ; schema:mentions ?org, ?initiative .
  ?org a org:Organization . ?initiative a kg:Initiative .
}"""


def _store(target: Target) -> ox.Store:
    return target if isinstance(target, ox.Store) else open_store(target)


def _rows(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql, use_default_graph_as_union=False, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def _labels(store: ox.Store) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in _rows(store, _LABELS):
        labels.setdefault(row["e"], row["name"])
    return labels


def _node(graph: nx.Graph, iri: str, kind: str, labels: dict[str, str]) -> None:
    if iri not in graph:
        graph.add_node(iri, kind=kind, label=labels.get(iri, iri.rsplit("/", 1)[-1]))


def person_agency(target: Target) -> nx.Graph:
    """Return the bipartite graph of persons and the organizations they hold posts at.

    Args:
        target: A build folder or an open store.

    Returns:
        Nodes with ``kind`` (``person`` or ``organization``), ``label`` and ``bipartite``
        (0 for persons, 1 for organizations); edges with ``weight`` (articles stating a
        post) and ``titles`` (sorted).
    """
    store = _store(target)
    labels = _labels(store)
    graph = nx.Graph(projection="person-agency")
    for row in _rows(store, _POSTS):
        person, org = row["person"], row["org"]
        _node(graph, person, "person", labels)
        _node(graph, org, "organization", labels)
        graph.nodes[person]["bipartite"], graph.nodes[org]["bipartite"] = 0, 1
        if graph.has_edge(person, org):
            edge = graph.edges[person, org]
            edge["weight"] += int(row["n"])
            edge["titles"] = sorted({*edge["titles"], row["title"]})
        else:
            graph.add_edge(person, org, weight=int(row["n"]), titles=[row["title"]])
    return graph


def agency_comention(target: Target, *, min_articles: int = 1) -> nx.Graph:
    """Return organizations linked by the articles that mention both.

    Args:
        target: A build folder or an open store.
        min_articles: Keep edges with at least this many articles.

    Returns:
        Organization nodes (``kind``, ``label``, ``articles`` = articles mentioning it);
        edges with ``weight`` = articles mentioning both.
    """
    store = _store(target)
    labels = _labels(store)
    by_article: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _ORG_MENTIONS):
        by_article[row["article"]].add(row["org"])
    graph = nx.Graph(projection="agency-comention")
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for orgs in by_article.values():
        for org in orgs:
            _node(graph, org, "organization", labels)
            graph.nodes[org]["articles"] = graph.nodes[org].get("articles", 0) + 1
        for a, b in combinations(sorted(orgs), 2):
            weights[a, b] += 1
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items()
                                  if w >= min_articles)
    return graph


def initiative_agency(target: Target, *, comention: bool = False) -> nx.Graph:
    """Return the bipartite graph of initiatives and the organizations behind them.

    Args:
        target: A build folder or an open store.
        comention: Also link an initiative to every organization mentioned in the same
            article (not only those stated to have issued or organized it).

    Returns:
        Nodes with ``kind`` (``initiative`` or ``organization``), ``label`` and
        ``bipartite`` (0 for initiatives, 1 for organizations); edges with ``weight``
        (articles) and ``relations`` (the stated relations, sorted; empty for
        co-mentions only).
    """
    store = _store(target)
    labels = _labels(store)
    graph = nx.Graph(projection="initiative-agency")

    def link(initiative: str, org: str, weight: int, relation: str | None) -> None:
        _node(graph, initiative, "initiative", labels)
        _node(graph, org, "organization", labels)
        graph.nodes[initiative]["bipartite"], graph.nodes[org]["bipartite"] = 0, 1
        if not graph.has_edge(initiative, org):
            graph.add_edge(initiative, org, weight=0, relations=[])
        edge = graph.edges[initiative, org]
        edge["weight"] = max(edge["weight"], weight) if relation is None else \
            edge["weight"] + weight
        if relation is not None:
            edge["relations"] = sorted({*edge["relations"], relation})

    for row in _rows(store, _INITIATIVE_RELATIONS):
        link(row["initiative"], row["org"], int(row["n"]), row["rel"].rsplit("#", 1)[-1])
    if comention:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for row in _rows(store, _INITIATIVE_MENTIONS):
            counts[row["initiative"], row["org"]] += 1
        for (initiative, org), n in sorted(counts.items()):
            link(initiative, org, n, None)
    return graph


def centrality(graph: nx.Graph, measure: Measure = "degree") -> dict[str, float]:
    """Return a centrality of every node, highest first.

    Args:
        graph: A projection (or any networkx graph with ``weight`` on its edges).
        measure: ``degree`` (normalized), ``weighted_degree`` (sum of edge weights),
            ``betweenness`` (unweighted shortest paths), ``eigenvector`` (weighted, per
            connected component, scaled by its share of the nodes) or ``pagerank``
            (weighted).

    Raises:
        KGError: for an unknown measure.
    """
    if graph.number_of_nodes() == 0:
        return {}
    values: dict[str, float]
    if measure == "degree":
        values = nx.degree_centrality(graph)
    elif measure == "weighted_degree":
        values = {n: float(d) for n, d in graph.degree(weight="weight")}
    elif measure == "betweenness":
        values = nx.betweenness_centrality(graph, weight=None)
    elif measure == "eigenvector":
        values = _eigenvector(graph)
    elif measure == "pagerank":
        values = nx.pagerank(graph, weight="weight")
    else:
        raise KGError(f"unknown centrality {measure!r}",
                      hint="choose degree, weighted_degree, betweenness, eigenvector or "
                      "pagerank")
    return dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by the component's share.

    A disconnected graph has no single leading eigenvector; each component's (unit
    norm) vector is weighted by its share of the nodes, so hubs of large components
    rank above hubs of small ones. Isolated nodes get 0.
    """
    values: dict[str, float] = dict.fromkeys(graph, 0.0)
    n = graph.number_of_nodes()
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        sub = graph.subgraph(component)
        share = len(component) / n
        found = nx.eigenvector_centrality(sub, max_iter=1000, weight="weight")
        for node, value in found.items():
            values[node] = abs(float(value)) * share
    return values


def communities(graph: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Return Louvain communities of a projection, largest first.

    Args:
        graph: A projection.
        seed: Random seed (the same seed gives the same communities).
        resolution: Above 1 favours smaller communities, below 1 larger ones.
    """
    if graph.number_of_nodes() == 0:
        return []
    found: list[set[str]] = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def top(graph: nx.Graph, values: dict[str, float], n: int = 10) -> list[tuple[str, float]]:
    """Return the ``n`` best-ranked nodes as ``(label, value)``, values rounded to 3 places."""
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    out: list[tuple[str, float]] = []
    for node, value in ranked:
        label: Any = graph.nodes[node].get("label", node) if node in graph else node
        out.append((str(label), round(value, 3)))
    return out
