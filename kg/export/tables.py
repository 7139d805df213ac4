"""Table and network exports: CSV of quads, GraphML and GEXF (Gephi) via networkx."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.export.views import entity_graph
from kg.graph.store import named_quads
from kg.registry import registry

__all__ = ["write_csv", "write_gexf", "write_graphml"]


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy of ``graph`` with list attributes joined by ``|`` (GraphML/GEXF need scalars)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: "|".join(v) if isinstance(v, list) else v
                               for k, v in data.items()})
    for s, o, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(s, o, key=key, **data)
    return flat


@registry.exporter("graphml", suffix=".graphml", media_type="application/graphml+xml")
def write_graphml(store: ox.Store, out: Path) -> None:
    """Write the entity network as GraphML."""
    nx.write_graphml(_flat(entity_graph(store)), str(out))


@registry.exporter("gexf", suffix=".gexf", media_type="application/gexf+xml")
def write_gexf(store: ox.Store, out: Path) -> None:
    """Write the entity network as GEXF (Gephi)."""
    nx.write_gexf(_flat(entity_graph(store)), str(out))


@registry.exporter("csv", suffix=".csv", media_type="text/csv")
def write_csv(store: ox.Store, out: Path) -> None:
    """Write every quad as a CSV row: subject, predicate, object, datatype, language, graph."""
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["subject", "predicate", "object", "datatype", "language", "graph"])
        for quad in named_quads(store):
            obj = quad.object
            datatype = obj.datatype.value if isinstance(obj, ox.Literal) else ""
            language = (obj.language or "") if isinstance(obj, ox.Literal) else ""
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            writer.writerow([str(getattr(quad.subject, "value", quad.subject)),
                             quad.predicate.value, str(getattr(obj, "value", obj)), datatype,
                             language, graph])
