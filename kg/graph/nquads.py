"""Text of graphs: N-Quads, N-Triples and TriG blocks.

N-Quads and N-Triples for quads of rdflib terms are the bulk format the store loads
fastest; TriG blocks of one graph each make ``graph.trig`` without reading the store back.

Typed literals are written in the canonical form Oxigraph stores them in (``0.850`` as
``0.85``), so the text and the store hold the same terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["nquads_of", "to_nquads", "to_ntriples", "trig_blocks", "unique_ntriples"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


_XSD_STRING = str(XSD.string)
_str = str.__str__  # the plain text of a URIRef or Literal, without rdflib's overrides


def _term(term: URIRef | Literal) -> str:
    # Called four times a quad: plain str operations only (rdflib's __eq__, __add__ and
    # namespace attribute lookups run Python code).
    if type(term) is URIRef:
        return f"<{term}>"
    if isinstance(term, Literal):
        value = _str(term).translate(_ESCAPES)
        language = term.language
        if language:
            return f'"{value}"@{language}'
        datatype = term.datatype
        if datatype is not None:
            name = _str(datatype)
            if name != _XSD_STRING:
                return f'"{_canonical(value, name)}"^^<{name}>'
        return f'"{value}"'
    return f"<{term}>"


def to_nquads(quads: Iterable[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]) -> str:
    r"""Return ``quads`` as N-Quads text, one quad a line.

    Examples:
        >>> from rdflib import URIRef, Literal
        >>> to_nquads([(URIRef("urn:s"), URIRef("urn:p"), Literal("a\\nb"), URIRef("urn:g"))])
        '<urn:s> <urn:p> "a\\\\nb" <urn:g> .\n'
    """
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} {_term(g)} .\n" for s, p, o, g in quads)


def to_ntriples(quads: Iterable[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]) -> str:
    """Return the triples of ``quads`` (graph dropped) as N-Triples text."""
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o, _ in quads)


_SUBJECT = ox.NamedNode("urn:kg:canonical")


@lru_cache(maxsize=1 << 16)
def _canonical(value: str, datatype: str) -> str:
    """The lexical form (escaped) Oxigraph stores ``value`` of ``datatype`` in.

    Oxigraph keeps numbers, booleans and dates as values: ``"0.850"^^xsd:decimal`` comes
    back as ``"0.85"``. Asked of a one-quad in-memory store, and cached.
    """
    store = ox.Store()
    store.add(ox.Quad(_SUBJECT, _SUBJECT, ox.Literal(value, datatype=ox.NamedNode(datatype))))
    canonical = next(iter(store)).object.value
    return canonical.translate(_ESCAPES) if canonical != value else value


def unique_ntriples(ntriples: str) -> str:
    r"""Return N-Triples text sorted, each triple once (the same graph, the same text).

    The text is one triple a line, as :func:`to_ntriples` writes it.

    Examples:
        >>> unique_ntriples('<urn:b> <urn:p> "x" .\n<urn:a> <urn:p> "y" .\n<urn:b> <urn:p> "x" .\n')
        '<urn:a> <urn:p> "y" .\n<urn:b> <urn:p> "x" .\n'
    """
    lines = set(ntriples.split("\n"))
    lines.discard("")
    return "".join(line + "\n" for line in sorted(lines))


def nquads_of(ntriples: str, graph: str) -> str:
    r"""Put every triple of ``ntriples`` into the graph ``graph`` (N-Quads text).

    The text must be as :func:`to_ntriples` writes it: one triple a line, each ending
    ``" .\n"``, line breaks inside literals escaped.

    Examples:
        >>> nquads_of('<urn:s> <urn:p> "o" .\n', "urn:g")
        '<urn:s> <urn:p> "o" <urn:g> .\n'
    """
    return ntriples.replace(" .\n", f" <{graph}> .\n")


def trig_blocks(quads: str | Iterable[ox.Quad], prefixes: Mapping[str, str]) -> str:
    """Return TriG for named-graph quads, without the ``@prefix`` lines.

    Args:
        quads: N-Quads text, or quads; all of one graph must come together.
        prefixes: The prefixes to abbreviate with (their lines are left out: the file
            they go into declares them once).

    Returns:
        One block a graph: a line ``GRAPH {``, its triples (each line starting with a
        tab; line breaks inside literals are escaped), and a line ``}``.
    """
    if isinstance(quads, str):
        # Not validated again: the same text is validated when the store loads it.
        quads = ox.parse(quads, format=ox.RdfFormat.N_QUADS, lenient=True)
    text = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(prefixes))
    body = text.decode("utf-8") if text else ""
    start = 0
    while body.startswith("@prefix ", start):
        start = body.index("\n", start) + 1
    return body[start:]


def trig_header(prefixes: Mapping[str, str]) -> str:
    """Return the ``@prefix`` lines Oxigraph writes for ``prefixes`` (in its order)."""
    probe = ox.Quad(_SUBJECT, _SUBJECT, _SUBJECT, _SUBJECT)
    text = (ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=dict(prefixes))
            or b"").decode("utf-8")
    return "".join(line + "\n" for line in text.split("\n") if line.startswith("@prefix "))
