"""What the worker processes do: run a query, gather an entity's page, write the store.

Every task takes the worker's read-only store first (None for the writer's tasks, which
open a new generation themselves) and returns plain picklable values.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.graph.store import current_path, replace_graph, write_generation
from kg.serve._engine import _Failure
from kg.serve._formats import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    choose,
    dump,
    rdf_format,
    write_boolean,
    write_solutions,
)
from kg.sparql import query_prefixes

__all__ = ["TASKS", "Term"]

# A term as the parent sees it: ("uri", iri) | ("bnode", id) | ("literal", value, lang, dt)
Term = tuple[str, ...]
_DEFAULT = ox.DefaultGraph()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _too_large(limit: int, what: str) -> _Failure:
    return _Failure(422, f"the result has more than {limit} {what} (the server's limit)",
                    "add LIMIT and OFFSET to page through it, or use `kg export`")


def _node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise _Failure(400, f"not a valid IRI: {iri!r} ({exc})") from None


def ping(store: Any) -> bool:
    """Nothing (the worker has opened the store)."""
    return True


def query(store: Any, sparql: str, default_graphs: Sequence[str] | None,
          named_graphs: Sequence[str] | None, preferences: Sequence[str],
          max_results: int, deadline: float | None = None) -> tuple[str, bytes, int]:
    """Run a query; return ``(media type, body, rows or triples)``.

    Args:
        store: The store to query.
        sparql: The query.
        default_graphs: ``default-graph-uri`` values (None: the store's default graph).
        named_graphs: ``named-graph-uri`` values (None: every named graph).
        preferences: The media types the client accepts, best first.
        max_results: The most rows or triples the answer may have.
        deadline: A :func:`time.monotonic` time past which reading results stops (for
            queries answered in the server's own process; a worker is stopped by its
            parent instead).

    Raises:
        _Failure: 406 when no acceptable format fits the query's form, 422 past the limit,
            503 past the deadline.
        SyntaxError: when the query does not parse (400).
    """
    options: dict[str, Any] = {}
    if default_graphs is not None:
        options["default_graph"] = [_node(g) for g in default_graphs]
    if named_graphs is not None:
        options["named_graphs"] = [_node(g) for g in named_graphs]
    result = store.query(sparql, prefixes=query_prefixes(), **options)
    if isinstance(result, ox.QueryBoolean):
        media = _pick(preferences, SOLUTION_TYPES, "an ASK answer")
        return media, write_boolean(bool(result), SOLUTION_TYPES[media]), 1
    if isinstance(result, ox.QuerySolutions):
        media = _pick(preferences, SOLUTION_TYPES, "query solutions")
        variables = [v.value for v in result.variables]
        rows: list[tuple[Any, ...]] = []
        for solution in result:
            rows.append(tuple(solution))
            if len(rows) > max_results:
                raise _too_large(max_results, "rows")
            if deadline is not None and not len(rows) % 256:
                _check(deadline)
        return media, write_solutions(variables, rows, SOLUTION_TYPES[media]), len(rows)
    media = _pick(preferences, GRAPH_TYPES, "a graph (CONSTRUCT or DESCRIBE)")
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > max_results:
            raise _too_large(max_results, "triples")
        if deadline is not None and not len(triples) % 256:
            _check(deadline)
    return media, _serialize(triples, media), len(triples)


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise _Failure(503, "the query ran past the server's time limit and was stopped",
                       "narrow it down, or ask for a longer --timeout")


def _pick(preferences: Sequence[str], offered: dict[str, str], what: str) -> str:
    media = choose(preferences, offered)
    if media is None:
        raise _Failure(406, f"none of the formats asked for ({', '.join(preferences)}) can "
                       f"carry {what}", "accept one of " + ", ".join(sorted(set(offered))))
    return media


def _serialize(triples: list[Any], media: str) -> bytes:
    return dump(triples, rdf_format(media))


def graph(store: Any, iri: str | None, preferences: Sequence[str],
          max_results: int) -> tuple[str, bytes, int]:
    """Return one graph (None: the default graph) for the Graph Store Protocol's GET.

    Raises:
        _Failure: 404 when the named graph does not exist, 406, 422.
    """
    name = _DEFAULT if iri is None else _node(iri)
    if iri is not None and not store.contains_named_graph(name):
        raise _Failure(404, f"no graph {iri}")
    media = _pick(preferences, GRAPH_TYPES, "a graph")
    triples = []
    for quad in store.quads_for_pattern(None, None, None, name):
        triples.append(quad.triple)
        if len(triples) > max_results:
            raise _too_large(max_results, "triples")
    return media, _serialize(triples, media), len(triples)


# -------------------------------------------------------------------- entity pages

def _plain(term: Any) -> Term:
    if term is None:
        return ()
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        return ("literal", term.value, term.language or "",
                "" if datatype == _XSD_STRING else datatype)
    return ("literal", str(term), "", "")


def _select(store: Any, sparql: str, this: ox.NamedNode) -> list[dict[str, Term]]:
    # The IRI was checked by pyoxigraph (NamedNode), so its N-Triples form is safe to
    # splice in; SPARQL substitutions would need ?this in every projection.
    result = store.query(sparql.replace("?this", str(this)), prefixes=query_prefixes())
    names = [v.value for v in result.variables]
    return [{n: _plain(t) for n, t in zip(names, solution, strict=True)} for solution in result]


_LABEL = "OPTIONAL {{ {var} schema:name|skos:prefLabel|schema:headline {label} }}"
_OUT = f"""SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE {{ ?this ?p ?o .
  {_LABEL.format(var="?o", label="?l")} }} GROUP BY ?p ?o ORDER BY ?p ?o LIMIT %d"""
_IN = f"""SELECT ?s ?p (SAMPLE(?l) AS ?label) WHERE {{ ?s ?p ?this .
  FILTER(?p NOT IN (oa:hasBody, schema:mentions, org:member, org:organization))
  {_LABEL.format(var="?s", label="?l")} }} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT %d"""
_POSTS = """SELECT ?post ?title ?qualifier ?org (SAMPLE(?on) AS ?orgName)
    (COUNT(DISTINCT ?article) AS ?sources) WHERE {
  ?post org:member ?this .
  OPTIONAL { ?post org:role/skos:prefLabel ?title }
  OPTIONAL { ?post kg:qualifier ?qualifier }
  OPTIONAL { ?post org:organization ?org OPTIONAL { ?org schema:name ?on } }
  OPTIONAL { ?post prov:wasDerivedFrom ?article }
} GROUP BY ?post ?title ?qualifier ?org ORDER BY ?orgName ?title LIMIT %d"""
_MEMBERS = """SELECT ?post ?person (SAMPLE(?n) AS ?name) ?title ?qualifier
    (COUNT(DISTINCT ?article) AS ?sources) WHERE {
  ?post org:organization ?this ; org:member ?person .
  OPTIONAL { ?person schema:name ?n }
  OPTIONAL { ?post org:role/skos:prefLabel ?title }
  OPTIONAL { ?post kg:qualifier ?qualifier }
  OPTIONAL { ?post prov:wasDerivedFrom ?article }
} GROUP BY ?post ?person ?title ?qualifier ORDER BY ?title ?name LIMIT %d"""
_EVIDENCE = """SELECT ?article ?headline ?date ?exact ?start ?end ?before ?after ?confidence
WHERE {
  ?ann oa:hasBody ?this ; oa:hasTarget ?target .
  OPTIONAL { ?ann kg:confidence ?confidence }
  ?target oa:hasSource ?article ; oa:hasSelector ?quote , ?position .
  ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:articleBody ?body }
  BIND(IF(?start > 40, ?start - 40, 0) AS ?from)
  BIND(SUBSTR(?body, ?from + 1, ?start - ?from) AS ?before)
  BIND(SUBSTR(?body, ?end + 1, 40) AS ?after)
} ORDER BY DESC(?date) ?article ?start LIMIT %d"""
_MENTIONED = """SELECT ?entity (SAMPLE(?n) AS ?name) (SAMPLE(?t) AS ?type) WHERE {
  ?this schema:mentions ?entity .
  OPTIONAL { ?entity schema:name ?n } OPTIONAL { ?entity a ?t }
} GROUP BY ?entity ORDER BY ?type ?name LIMIT %d"""
_COUNTS = """SELECT (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  { ?article schema:mentions ?this } UNION {
    ?post org:member|org:organization ?this ; prov:wasDerivedFrom ?article } }"""


def entity(store: Any, candidates: Sequence[str], limit: int) -> dict[str, Any] | None:
    """Gather what the page of an entity shows; None when no candidate IRI is in the store.

    Args:
        store: The store.
        candidates: IRIs to try, in order (a path may spell one several ways).
        limit: The most rows of each section.

    Returns:
        ``{"iri", "out", "in", "posts", "members", "evidence", "mentioned", "articles"}``;
        each section a list of ``{variable: Term}``.
    """
    for iri in candidates:
        try:
            this = ox.NamedNode(iri)
        except ValueError:
            continue
        if next(iter(store.quads_for_pattern(this, None, None, _DEFAULT)), None) is None and \
                next(iter(store.quads_for_pattern(None, None, this, _DEFAULT)), None) is None:
            continue
        counts = _select(store, _COUNTS, this)
        return {
            "iri": iri,
            "out": _select(store, _OUT % limit, this),
            "in": _select(store, _IN % limit, this),
            "posts": _select(store, _POSTS % limit, this),
            "members": _select(store, _MEMBERS % limit, this),
            "evidence": _select(store, _EVIDENCE % limit, this),
            "mentioned": _select(store, _MENTIONED % limit, this),
            "articles": counts[0]["articles"][1] if counts and counts[0]["articles"] else "0",
        }
    return None


def describe(store: Any, candidates: Sequence[str], preferences: Sequence[str],
             max_results: int) -> tuple[str, bytes, int] | None:
    """The triples about an entity (as subject or object), for content negotiation."""
    for iri in candidates:
        try:
            this = ox.NamedNode(iri)
        except ValueError:
            continue
        triples = [q.triple for q in store.quads_for_pattern(this, None, None, _DEFAULT)]
        triples += [q.triple for q in store.quads_for_pattern(None, None, this, _DEFAULT)]
        if not triples:
            continue
        if len(triples) > max_results:
            raise _too_large(max_results, "triples")
        media = _pick(preferences, GRAPH_TYPES, "a graph")
        return media, _serialize(triples, media), len(triples)
    return None


# -------------------------------------------------------------------- writes

def update(store: Any, build_dir: str, sparql: str) -> str:
    """Apply a SPARQL Update to a new generation; keep the default graph the union.

    The default graph is derived: after the update it is made the union of the named
    graphs again. An update that writes into the default graph directly (``INSERT DATA
    { <s> <p> <o> }`` without ``GRAPH``) or deletes from it directly is refused (400),
    since the next derivation would silently undo it.

    Returns:
        A one-line summary.
    """
    root = Path(build_dir)
    with write_generation(root) as generation:
        live = current_path(root)
        before = ox.Store.read_only(str(live)) if live is not None else None
        new = generation.store
        new.update(sparql, prefixes=query_prefixes())
        added, removed = _reconcile(new, before)
        del before, new
    return f"update applied; default graph: +{added} -{removed} triples"


# MINUS, which Oxigraph answers with one hash table, not FILTER NOT EXISTS, which it
# answers with a lookup per row: 7 s against 30 s each on a 1 M-triple build here.
_MISSING = "SELECT DISTINCT ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } MINUS { ?s ?p ?o } }"
_ORPHANS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o MINUS { GRAPH ?g { ?s ?p ?o } } }"
_DIRECT = ("the default graph is the union of the named graphs and cannot be written directly",
           "write into a named graph: INSERT DATA { GRAPH <…> { … } }, DELETE … GRAPH <…>")


def _reconcile(store: Any, before: Any) -> tuple[int, int]:
    """Make the default graph the union of the named graphs again; return (+, -)."""

    def was(s: Any, p: Any, o: Any) -> bool:
        return before is not None and next(iter(
            before.quads_for_pattern(s, p, o, _DEFAULT)), None) is not None

    missing = [tuple(r) for r in store.query(_MISSING)]
    orphans = [tuple(r) for r in store.query(_ORPHANS)]
    if any(was(*t) for t in missing) or any(not was(*t) for t in orphans):
        raise _Failure(400, *_DIRECT)
    for s, p, o in missing:
        store.add(ox.Quad(s, p, o, _DEFAULT))
    for s, p, o in orphans:
        store.remove(ox.Quad(s, p, o, _DEFAULT))
    return len(missing), len(orphans)


def put_graph(store: Any, build_dir: str, iri: str, data: bytes, media: str,
              merge: bool) -> bool:
    """Replace (PUT) or extend (POST) a named graph; return True when it was created.

    Raises:
        _Failure: 415 for a format that is not a triples format, 400 when it does not parse.
    """
    name = _node(iri)
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None or fmt.supports_datasets:
        raise _Failure(415, f"cannot load {media or 'a body without Content-Type'} into a "
                       "graph", "send text/turtle, application/n-triples, "
                       "application/rdf+xml or application/ld+json")
    try:
        triples = [q.triple for q in ox.parse(data, format=fmt, base_iri=iri)]
    except SyntaxError as exc:
        raise _Failure(400, f"the body does not parse as {fmt.name}: {exc}") from None
    root = Path(build_dir)
    with write_generation(root) as generation:
        new = generation.store
        existed = bool(new.contains_named_graph(name))
        if merge and existed:
            triples = [q.triple for q in new.quads_for_pattern(None, None, None, name)] + triples
        text = dump(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8")
        replace_graph(new, name, text)
        if not text:
            new.add_graph(name)
        del new
    return not existed


def delete_graph(store: Any, build_dir: str, iri: str) -> bool:
    """Delete a named graph (keeping the union); return False when it did not exist."""
    name = _node(iri)
    root = Path(build_dir)
    with write_generation(root) as generation:
        new = generation.store
        if not new.contains_named_graph(name):
            raise _Failure(404, f"no graph {iri}")
        replace_graph(new, name, "")
        new.remove_graph(name)
        del new
    return True


TASKS: dict[str, Callable[..., Any]] = {
    "ping": ping,
    "query": query,
    "graph": graph,
    "entity": entity,
    "describe": describe,
    "update": update,
    "put_graph": put_graph,
    "delete_graph": delete_graph,
}

