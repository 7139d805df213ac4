"""The HTML pages: the query page at ``/`` and the page of an entity (``/id/…``).

Pages are rendered on the server, need no script and load nothing from elsewhere (the
style sheet is inline and allowed by its hash in the Content-Security-Policy). Every
value from the graph or the request goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from kg import identity
from kg.graph import PREFIXES

__all__ = ["CSP", "EXAMPLES", "entity_page", "error_page", "query_page"]

_STYLE = """
body{font:15px/1.45 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#222}
header{background:#24394d;color:#fff;padding:.6em 1.2em}header a{color:#cde}
main{padding:1em 1.2em;max-width:1400px}h1{font-size:1.25em;margin:0}
h2{font-size:1.1em;margin:1.4em 0 .4em}textarea{width:100%;font:13px/1.4 monospace;
box-sizing:border-box}table{border-collapse:collapse;margin:.4em 0}
td,th{border:1px solid #ccd;padding:.2em .5em;vertical-align:top;text-align:left}
th{background:#eef2f6}tr:nth-child(even) td{background:#fafbfc}.muted{color:#667;font-size:.9em}
.error{background:#fdecea;border:1px solid #e0a0a0;padding:.6em;white-space:pre-wrap}
mark{background:#ffe98a}pre{white-space:pre-wrap;background:#f6f8fa;padding:.6em}
ul.examples{padding-left:1.2em}button{font-size:1em;padding:.2em 1.2em;margin:.3em 0}
.lang,.dt{color:#887;font-size:.8em}
"""
CSP = ("default-src 'none'; style-src 'sha256-"
       + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
       + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")

_HEADER = ("PREFIX schema: <https://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\n"
           "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
EXAMPLES: list[tuple[str, str]] = [
    ("Officials of an agency", _HEADER + """
SELECT ?agency ?name ?title ?person WHERE {
  ?org schema:name ?agency . FILTER(CONTAINS(?agency, "应急管理厅"))
  ?post org:organization ?org ; org:member ?person ; org:role/skos:prefLabel ?title .
  ?person schema:name ?name .
} ORDER BY ?agency ?title ?name LIMIT 200"""),
    ("A person's posts, with the articles that state them", _HEADER + """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?name ?title ?agency ?headline WHERE {
  ?person a schema:Person ; schema:name ?name . FILTER(?name = "邢国显")
  ?post org:member ?person ; org:role/skos:prefLabel ?title .
  OPTIONAL { ?post org:organization/schema:name ?agency }
  OPTIONAL { ?post prov:wasDerivedFrom/schema:headline ?headline }
} ORDER BY ?title"""),
    ("Agencies most mentioned", _HEADER + """
SELECT ?agency ?name (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?article schema:mentions ?agency . ?agency a org:Organization ; schema:name ?name .
} GROUP BY ?agency ?name ORDER BY DESC(?articles) LIMIT 20"""),
    ("Initiatives by agency (organized, or named in the same article)", _HEADER + """
PREFIX kg: <https://w3id.org/kg/ns#>
SELECT ?agencyName ?initiativeName (GROUP_CONCAT(DISTINCT ?how; separator=", ") AS ?link)
       (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?initiative a kg:Initiative ; schema:name ?initiativeName .
  ?agency a org:Organization ; schema:name ?agencyName .
  { ?agency kg:organized ?initiative . BIND("organized" AS ?how) }
  UNION
  { ?article schema:mentions ?agency , ?initiative . BIND("co-mentioned" AS ?how) }
} GROUP BY ?agencyName ?initiativeName ORDER BY DESC(?articles) LIMIT 100"""),
    ("Evidence: where each person is named", _HEADER + """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?name ?exact ?start ?headline WHERE {
  ?person a schema:Person ; schema:name ?name .
  ?ann oa:hasBody ?person ; oa:hasTarget ?t .
  ?t oa:hasSource ?article ; oa:hasSelector ?q , ?pos .
  ?q oa:exact ?exact . ?pos oa:start ?start . ?article schema:headline ?headline .
} ORDER BY ?name ?start LIMIT 200"""),
]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_PREFIXES = {**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
             "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def compact(iri: str) -> str:
    """Return ``iri`` as ``prefix:local`` when a predeclared prefix fits.

    Examples:
        >>> compact("https://schema.org/name")
        'schema:name'
    """
    best = ""
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(_PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(_PREFIXES[best]):]}" if best else iri


def entity_href(iri: str) -> str:
    """Return the link to an IRI's page on this server (``/id/…`` for the build's IRIs).

    Examples:
        >>> entity_href("https://w3id.org/kg/id/person/王丹")
        '/id/person/%E7%8E%8B%E4%B8%B9'
        >>> entity_href("https://schema.org/Person")
        '/entity?iri=https%3A%2F%2Fschema.org%2FPerson'
    """
    if iri.startswith(identity.BASE):
        return "/id/" + quote(iri[len(identity.BASE):], safe="/%-._~")
    return "/entity?" + urlencode({"iri": iri})


def _page(title: str, body: str) -> bytes:
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>"
            "<header><h1><a href=\"/\">kg</a> · " + _e(title) + "</h1></header>"
            f"<main>{body}</main></body></html>\n").encode("utf-8")


def _term_html(term: dict[str, Any] | Sequence[str] | None, label: str = "") -> str:
    """Render a term given as SPARQL JSON (dict) or as a task's plain tuple."""
    if not term:
        return ""
    if isinstance(term, dict):
        kind, value = term.get("type", ""), str(term.get("value", ""))
        lang, datatype = str(term.get("xml:lang", "")), str(term.get("datatype", ""))
    else:
        kind, value = term[0], term[1]
        lang = term[2] if len(term) > 2 else ""
        datatype = term[3] if len(term) > 3 else ""
    if kind == "uri":
        text = label or compact(value)
        return f'<a href="{_e(entity_href(value))}" title="{_e(value)}">{_e(text)}</a>'
    if kind == "bnode":
        return f"_:{_e(value)}"
    if kind == "triple" and isinstance(term, dict):
        inner = term["value"]
        return "&lt;&lt; " + " ".join(_term_html(inner[k]) for k in
                                     ("subject", "predicate", "object")) + " &gt;&gt;"
    out = _e(value)
    if lang:
        out += f' <span class="lang">@{_e(lang)}</span>'
    elif datatype:
        out += f' <span class="dt">{_e(compact(datatype))}</span>'
    return out


def _downloads(query: str, graph: bool) -> str:
    names = (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML")
             ) if graph else (("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"))
    links = [f'<a href="/sparql?{_e(urlencode({"query": query, "format": fmt}))}" download>'
             f"{label}</a>" for fmt, label in names]
    return '<p class="muted">Download: ' + " · ".join(links) + "</p>"


def query_page(build_name: str, query: str, outcome: dict[str, Any] | None,
               display_rows: int) -> bytes:
    """Render the query page, with the outcome of ``query`` when one was run.

    Args:
        build_name: The build folder's name, for the title.
        query: The query in the editor.
        outcome: None, or ``{"error": str, "status": int}``, or ``{"json": parsed SPARQL
            results}``, or ``{"graph": Turtle text, "count": int}``.
        display_rows: The most rows shown (downloads carry them all).
    """
    examples = "".join(
        f'<li><a href="/?{_e(urlencode({"query": text}))}">{_e(title)}</a></li>'
        for title, text in EXAMPLES)
    parts = [
        '<form method="get" action="/"><label for="q" class="muted">SPARQL query — prefixes '
        + _e(", ".join(PREFIXES)) + " are predeclared; the default graph is the union of the "
        "articles' graphs.</label>"
        f'<textarea id="q" name="query" rows="14" spellcheck="false">{_e(query)}</textarea>'
        '<button type="submit">Run</button> <span class="muted">Endpoint: '
        '<a href="/sparql">/sparql</a> (SPARQL 1.1 Protocol)</span></form>',
        f'<h2>Examples</h2><ul class="examples">{examples}</ul>',
    ]
    if outcome is not None:
        parts.append("<h2>Results</h2>")
        if "error" in outcome:
            parts.append(f'<div class="error">{_e(outcome["status"])}: '
                         f'{_e(outcome["error"])}</div>')
        elif "graph" in outcome:
            parts.append(f'<p class="muted">{outcome["count"]} triples</p>'
                         + _downloads(query, graph=True) + f'<pre>{_e(outcome["graph"])}</pre>')
        else:
            parts.append(_results_table(outcome["json"], display_rows) + _downloads(query, False))
    return _page(f"SPARQL — {build_name}", "".join(parts))


def _results_table(results: dict[str, Any], display_rows: int) -> str:
    if "boolean" in results:
        return f"<p><strong>{'true' if results['boolean'] else 'false'}</strong></p>"
    names = [str(v) for v in results["head"]["vars"]]
    bindings = results["results"]["bindings"]
    head = "".join(f"<th>?{_e(n)}</th>" for n in names)
    rows = "".join("<tr>" + "".join(f"<td>{_term_html(b.get(n))}</td>" for n in names) + "</tr>"
                   for b in bindings[:display_rows])
    note = f"{len(bindings)} row{'s' if len(bindings) != 1 else ''}"
    if len(bindings) > display_rows:
        note += f", the first {display_rows} shown (download them all below)"
    return f'<p class="muted">{note}</p><table><thead><tr>{head}</tr></thead>' \
           f"<tbody>{rows}</tbody></table>"


def _value(term: Sequence[str] | None) -> str:
    return term[1] if term else ""


def _table(headers: Sequence[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_NAME = "https://schema.org/name"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_HEADLINE = "https://schema.org/headline"
_BODY = "https://schema.org/articleBody"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def entity_page(data: dict[str, Any], limit: int) -> bytes:
    """Render the page of an entity from what :func:`kg.serve._tasks.entity` gathered."""
    iri = data["iri"]
    out = data["out"]
    values: dict[str, list[Sequence[str]]] = {}
    for row in out:
        values.setdefault(_value(row["p"]), []).append(row["o"])
    names = [_value(t) for t in values.get(_NAME, []) + values.get(_PREF, [])
             + values.get(_HEADLINE, [])]
    title = names[0] if names else compact(iri)
    types = ", ".join(_term_html(t) for t in values.get(_TYPE, []))
    parts = [f"<h2>{_e(title)}</h2><p class=\"muted\">{_e(iri)}<br>{types}</p>"]
    aliases = [_value(t) for t in values.get(_ALT, [])]
    if aliases or len(names) > 1:
        parts.append("<p>Also: " + "、".join(_e(n) for n in names[1:] + aliases) + "</p>")
    turtle = entity_href(iri) + ("&" if "?" in entity_href(iri) else "?") + "format=ttl"
    parts.append(f'<p class="muted"><a href="{_e(turtle)}">Turtle</a> · '
                 f'mentioned in {_e(data["articles"])} article(s)</p>')
    if data["posts"]:
        rows = [[_e(_value(r["title"])), _term_html(r["org"], _value(r["orgName"])),
                 _e(_value(r["qualifier"])), _e(_value(r["sources"])),
                 _term_html(r["post"])] for r in data["posts"]]
        parts.append("<h2>Posts</h2>" + _table(
            ["title", "organization", "qualifier", "articles", "post"], rows))
    if data["members"]:
        rows = [[_term_html(r["person"], _value(r["name"])), _e(_value(r["title"])),
                 _e(_value(r["qualifier"])), _e(_value(r["sources"]))] for r in data["members"]]
        parts.append("<h2>People holding posts here</h2>" + _table(
            ["person", "title", "qualifier", "articles"], rows))
    if data["evidence"]:
        rows = [[_e(_value(r["date"])), _term_html(r["article"], _value(r["headline"])),
                 f'…{_e(_value(r["before"]))}<mark>{_e(_value(r["exact"]))}</mark>'
                 f'{_e(_value(r["after"]))}…',
                 f'{_e(_value(r["start"]))}–{_e(_value(r["end"]))}',
                 _e(_value(r["confidence"]))] for r in data["evidence"]]
        more = f" (the first {limit})" if len(data["evidence"]) >= limit else ""
        parts.append(f"<h2>Evidence{more}</h2>" + _table(
            ["date", "article", "quote in context", "characters", "confidence"], rows))
    if data["mentioned"]:
        rows = [[_term_html(r["entity"], _value(r["name"])), _term_html(r["type"])]
                for r in data["mentioned"]]
        parts.append("<h2>Mentions</h2>" + _table(["entity", "type"], rows))
    if _BODY in values:
        parts.append("<h2>Text</h2><pre>" + _e(_value(values[_BODY][0])) + "</pre>")
    rows = [[_term_html(r["p"]), _term_html(r["o"], _value(r["label"]))] for r in out
            if _value(r["p"]) != _BODY]
    parts.append("<h2>Statements</h2>" + _table(["property", "value"], rows))
    if data["in"]:
        rows = [[_term_html(r["s"], _value(r["label"])), _term_html(r["p"])] for r in data["in"]]
        parts.append("<h2>Referenced by</h2>" + _table(["subject", "property"], rows))
    return _page(title, "".join(parts))


def error_page(status: int, message: str) -> bytes:
    """A small HTML page for an error shown to a browser."""
    return _page(f"{status}", f'<div class="error">{_e(status)}: {_e(message)}</div>'
                 '<p><a href="/">Query page</a></p>')
