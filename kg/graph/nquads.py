"""N-Quads text for quads of rdflib terms (the bulk format the store loads fastest)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["to_nquads", "to_ntriples"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _term(term: URIRef | Literal) -> str:
    if isinstance(term, Literal):
        value = str(term).translate(_ESCAPES)
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{value}"^^<{term.datatype}>'
        return f'"{value}"'
    return f"<{term}>"


def to_nquads(quads: Iterable[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]) -> str:
    r"""Return ``quads`` as N-Quads text, one quad a line.

    Examples:
        >>> from rdflib import URIRef, Literal
        >>> to_nquads([(URIRef("urn:s"), URIRef("urn:p"), Literal("a\\nb"), URIRef("urn:g"))])
        '<urn:s> <urn:p> "a\\\\nb" <urn:g> .\\n'
    """
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} {_term(g)} .\n" for s, p, o, g in quads)


def to_ntriples(quads: Iterable[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]) -> str:
    """Return the triples of ``quads`` (graph dropped) as N-Triples text."""
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o, _ in quads)
