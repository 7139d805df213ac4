"""RDF exports of a build.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold their union
(each article's graph merged into one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.graph import PREFIXES
from kg.graph.store import named_quads
from kg.registry import registry

__all__ = ["union_triples", "write_trig"]

def union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Return the union of every named graph (the store's default graph), as triples."""
    return (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


@registry.exporter("trig", suffix=".trig", media_type="application/trig")
def write_trig(store: ox.Store, out: Path) -> None:
    """Write the dataset as TriG, one graph per article."""
    ox.serialize(named_quads(store), str(out), ox.RdfFormat.TRIG, prefixes=PREFIXES)


@registry.exporter("nq", suffix=".nq", media_type="application/n-quads")
def write_nquads(store: ox.Store, out: Path) -> None:
    """Write the dataset as N-Quads."""
    ox.serialize(named_quads(store), str(out), ox.RdfFormat.N_QUADS)


@registry.exporter("jsonld", suffix=".jsonld", media_type="application/ld+json")
def write_jsonld(store: ox.Store, out: Path) -> None:
    """Write the dataset as JSON-LD (named graphs kept)."""
    ox.serialize(named_quads(store), str(out), ox.RdfFormat.JSON_LD, prefixes=PREFIXES)


@registry.exporter("ttl", suffix=".ttl", media_type="text/turtle")
def write_turtle(store: ox.Store, out: Path) -> None:
    """Write the union graph as Turtle."""
    ox.serialize(union_triples(store), str(out), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


@registry.exporter("nt", suffix=".nt", media_type="application/n-triples")
def write_ntriples(store: ox.Store, out: Path) -> None:
    """Write the union graph as N-Triples."""
    ox.serialize(union_triples(store), str(out), ox.RdfFormat.N_TRIPLES)
