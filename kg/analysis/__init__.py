"""Research toolkit: tenures and careers from dated articles, and network projections.

* tenures: each dated article is an observation of the posts it states
  (:func:`observations`); observations merge into ``org:memberDuring`` intervals (W3C
  Time) with the articles as evidence (:func:`tenures`), written as the derived graph
  :data:`TENURES_GRAPH` at the end of every build. :func:`career` answers "which posts
  did this person hold, and when".
* people: the build-level step of person identity (:data:`PEOPLE_GRAPH`): a name-only
  person IRI ``owl:sameAs`` the one regional sense of its name, recomputed on every build.
* :mod:`kg.analysis.networks`: person–agency, agency co-mention and initiative–agency
  projections for networkx, with centrality and Louvain communities.

Examples:
    >>> import kg.analysis
    >>> for post in kg.analysis.career("output", "王毅"):  # doctest: +SKIP
    ...     print(post.first_seen, post.last_seen, post.organization_name, post.title)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.analysis import networks
from kg.analysis._people import PEOPLE_GRAPH, Senses, senses, summary_people, write_people
from kg.analysis._tenures import (
    CAREER_QUERY,
    TENURES_GRAPH,
    CareerPost,
    Observation,
    Tenure,
    career,
    observations,
    summary_tenures,
    tenures,
    write_tenures,
)
from kg.graph.store import update_graph

if TYPE_CHECKING:
    from kg.export.summary import Summary

__all__ = [
    "CAREER_QUERY",
    "DERIVED_GRAPHS",
    "PEOPLE_GRAPH",
    "TENURES_GRAPH",
    "CareerPost",
    "Observation",
    "Senses",
    "Tenure",
    "career",
    "derive",
    "networks",
    "observations",
    "senses",
    "tenures",
]

DERIVED_GRAPHS = (TENURES_GRAPH, PEOPLE_GRAPH)
"""IRIs of the named graphs computed from the whole build rather than from one article."""


def derive(store: ox.Store, summary: Summary | None = None) -> list[str]:
    """Recompute every derived graph of a store being written; return their IRIs.

    :func:`kg.pipeline.build` calls this after its article loop, so derived graphs
    always reflect every article of the build (old and new).

    With the build's ``summary`` (:class:`kg.export.summary.Summary`, every article
    graph's fragment), the graphs are computed from it instead of queried from the
    store, and written by difference with the text the summary kept of them
    (:func:`kg.graph.store.update_graph`): an update's cost follows the articles it
    adds, not the build. The summary then keeps the new text. The same graphs either
    way (a test compares them).
    """
    if summary is None:
        return [write_tenures(store), write_people(store)]
    for graph, text in ((TENURES_GRAPH, summary_tenures(summary)),
                        (PEOPLE_GRAPH, summary_people(summary))):
        update_graph(store, ox.NamedNode(graph), text, summary.derived.get(graph))
        summary.derived[graph] = text
    return list(DERIVED_GRAPHS)
