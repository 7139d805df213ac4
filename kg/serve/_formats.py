"""Result formats of the endpoint: content negotiation and the SPARQL results writers.

Solutions are written here rather than by pyoxigraph's ``serialize`` because the endpoint
counts rows as it reads them (the result-size limit) and pyoxigraph can only serialize a
whole, unread result. The writers follow the W3C formats: SPARQL 1.1 Query Results JSON,
XML, CSV and TSV. Graph results (CONSTRUCT, DESCRIBE) are written by pyoxigraph.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring as _quote  # the C function, no ASCII escapes
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = [
    "GRAPH_TYPES",
    "SOLUTION_TYPES",
    "accepted",
    "choose",
    "dump",
    "rdf_format",
    "write_boolean",
    "write_solutions",
]

# media type -> short name, in the order offered when the client has no preference.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# ``format=`` parameter values -> media type; a media type is accepted as well.
FORMAT_PARAM: dict[str, tuple[str, str]] = {
    # name: (for solutions, for graphs)
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", ""),
    "tsv": ("text/tab-separated-values", ""),
    "turtle": ("", "text/turtle"),
    "ttl": ("", "text/turtle"),
    "nt": ("", "application/n-triples"),
    "ntriples": ("", "application/n-triples"),
    "n-triples": ("", "application/n-triples"),
    "jsonld": ("", "application/ld+json"),
    "json-ld": ("", "application/ld+json"),
    "rdfxml": ("", "application/rdf+xml"),
    "rdf": ("", "application/rdf+xml"),
    "rdf+xml": ("", "application/rdf+xml"),
    "n3": ("", "text/turtle"),
    "html": ("", ""),
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def accepted(accept: str | None, formats: Sequence[str] = ()) -> list[str]:
    """Return the media types a client accepts, best first.

    Args:
        accept: The ``Accept`` header (``None`` or empty: anything).
        formats: ``format`` parameters (``json``, ``csv``, ``ttl``… or media types, as
            SPARQLWrapper and Virtuoso clients send them); when one is known it overrides
            ``Accept``.

    Returns:
        Media types (lower case, parameters dropped); ``*/*`` stands for anything.

    Examples:
        >>> accepted("text/csv;q=0.5, application/sparql-results+json")
        ['application/sparql-results+json', 'text/csv']
        >>> accepted(None, ["tsv", "text/tab-separated-values"])
        ['text/tab-separated-values']
    """
    chosen: list[str] = []
    for fmt in formats:
        name = fmt.strip().lower()
        media = list(FORMAT_PARAM.get(name, ())) or ([name.split(";")[0].strip()]
                                                      if "/" in name else [])
        chosen += [m for m in media if m and m not in chosen]
    if chosen:
        return chosen
    if not accept or not accept.strip():
        return ["*/*"]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media_type = pieces[0].lower()
        if not media_type:
            continue
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media_type))
    ranked.sort()
    return [media_type for _, _, media_type in ranked]


def choose(preferences: Sequence[str], offered: dict[str, str]) -> str | None:
    """Return the first media type of ``offered`` the preferences allow, or None.

    ``*/*`` and ``type/*`` wildcards match the first offered type that fits.
    """
    for media in preferences:
        if media in offered:
            return media
        if media == "*/*":
            return next(iter(offered))
        if media.endswith("/*"):
            major = media[:-1]
            for candidate in offered:
                if candidate.startswith(major):
                    return candidate
    return None


def rdf_format(media_type: str) -> ox.RdfFormat:
    """Return the pyoxigraph format writing graph results as ``media_type``."""
    return _RDF_FORMATS[GRAPH_TYPES[media_type]]


def dump(triples: Iterable[Any], fmt: ox.RdfFormat) -> bytes:
    """Serialize triples with pyoxigraph (the predeclared prefixes where the format has them)."""
    from kg.graph import PREFIXES

    body = ox.serialize(triples, format=fmt, prefixes=PREFIXES)
    return body if body is not None else b""


def _json_term(term: Any) -> str:
    """One RDF term as a SPARQL JSON results object (text: faster than dicts and dumps)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if kind is ox.Literal:
        value = _quote(term.value)
        language = term.language
        if language:
            direction = getattr(term, "direction", None)
            its = ("" if direction is None
                   else ',"its:dir":' + _quote(str(direction.name).lower()))
            return ('{"type":"literal","value":' + value + ',"xml:lang":' + _quote(language)
                    + its + "}")
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return '{"type":"literal","value":' + value + "}"
        return '{"type":"literal","value":' + value + ',"datatype":' + _quote(datatype) + "}"
    if kind is ox.BlankNode:
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    return ('{"type":"triple","value":{"subject":' + _json_term(term.subject)
            + ',"predicate":' + _json_term(term.predicate) + ',"object":'
            + _json_term(term.object) + "}}")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
            f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}"
            f"</object></triple>")


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term.value)
    return str(term)


def _tsv_term(term: Any) -> str:
    return "" if term is None else str(term)


def write_solutions(variables: Sequence[str], rows: Iterable[Sequence[Any]], kind: str) -> bytes:
    r"""Write solutions as SPARQL results (``json``, ``xml``, ``csv`` or ``tsv``), UTF-8.

    Args:
        variables: The projected variable names, without ``?``.
        rows: One sequence of pyoxigraph terms (or None when unbound) per solution.
        kind: The short format name.

    Examples:
        >>> import pyoxigraph as ox
        >>> write_solutions(["x"], [[ox.Literal("a,b")]], "csv")
        b'x\r\n"a,b"\r\n'
    """
    if kind == "json":
        keys = [_quote(name) + ":" for name in variables]
        body = ",".join("{" + ",".join([key + _json_term(term) for key, term in zip(
            keys, row, strict=True) if term is not None]) + "}" for row in rows)
        return ('{"head":{"vars":[' + ",".join(_quote(name) for name in variables)
                + ']},"results":{"bindings":[' + body + "]}}").encode("utf-8")
    if kind == "xml":
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
                 '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(name)}/>" for name in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                      for name, term in zip(variables, row, strict=True) if term is not None]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if kind == "tsv":
        lines = ["\t".join(f"?{name}" for name in variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {kind!r}")


def write_boolean(value: bool, kind: str) -> bytes:
    """Write an ASK answer in a SPARQL results format (CSV and TSV: ``true``/``false``)."""
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if kind == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/'
                f'2005/sparql-results#"><head/><boolean>{str(value).lower()}</boolean>'
                "</sparql>\n").encode()
    return (str(value).lower() + "\n").encode("utf-8")
