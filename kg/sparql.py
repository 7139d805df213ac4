"""SPARQL over a build, answered by Oxigraph's engine (never rdflib's: 10–90× slower here)."""

from __future__ import annotations

import io
import json
import os
import unicodedata
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph import PREFIXES
from kg.graph.store import open_store

__all__ = ["FORMATS", "format_results", "query_prefixes", "run_query"]

FORMATS = ("table", "json", "csv", "tsv", "xml")


def query_prefixes() -> dict[str, str]:
    """Return the prefixes predeclared in queries: kg's and every registered extension's.

    Reading the registry loads the installed plugins' entry points, so the prefix an
    ontology extension binds (``mylab:`` of ``examples/plugin``) needs no ``PREFIX`` line.

    Raises:
        PluginError: when an installed plugin cannot be loaded.
        OntologyError: when an extension rebinds a prefix to another namespace.
    """
    from kg.graph import refresh_prefixes
    from kg.registry import registry

    registry.all()
    refresh_prefixes()
    return PREFIXES


def run_query(target: str | os.PathLike[str] | ox.Store, sparql: str) -> Any:
    """Run a SPARQL query; the default graph is the union of the articles' graphs.

    The prefixes ``schema org prov oa skos dcterms kg kgid xsd time`` are predeclared,
    and those of every registered ontology extension (:func:`query_prefixes`).

    Raises:
        QueryError: when the query does not parse or fails.
    """
    store = target if isinstance(target, ox.Store) else open_store(target)
    try:
        return store.query(sparql, use_default_graph_as_union=False,
                           prefixes=query_prefixes())
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}", hint="check the query syntax") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cell(term: Any) -> str:
    if term is None:
        return ""
    return str(term.value) if hasattr(term, "value") else str(term)


def format_results(result: Any, fmt: str = "table") -> str:
    """Render query results as a table, JSON, CSV, TSV or XML (SPARQL results formats).

    CONSTRUCT and DESCRIBE results are rendered as Turtle.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    if isinstance(result, ox.QueryTriples):
        buffer = io.BytesIO()
        ox.serialize(result, buffer, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return buffer.getvalue().decode("utf-8")
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result)})
        return "true" if result else "false"
    if fmt != "table":
        results_format = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                          "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[fmt]
        buffer = io.BytesIO()
        result.serialize(buffer, results_format)
        return buffer.getvalue().decode("utf-8")
    names = [v.value for v in result.variables]
    rows = [[_cell(row[n]) for n in names] for row in result]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
