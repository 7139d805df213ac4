"""Text of graphs: N-Quads, N-Triples and TriG blocks.

N-Quads and N-Triples for quads of rdflib terms are the bulk format the store loads
fastest; TriG blocks of one graph each make ``graph.trig`` without reading the store back.

Typed literals are written in the canonical form Oxigraph stores them in (``0.850`` as
``0.85``), so the text and the store hold the same terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, XSD

if TYPE_CHECKING:
    from kg.records import Resolved

__all__ = ["article_ntriples", "nquads_of", "to_nquads", "to_ntriples", "trig_blocks",
           "unique_ntriples"]

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


# ---- one article's N-Triples straight from its records ---------------------------------

def _iri(value: object) -> str:
    return f"<{value}>"


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def _string(value: str) -> str:
    return f'"{value.translate(_ESCAPES)}"'


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    """The N-Triples text of every fixed term :func:`kg.graph.article_quads` writes."""
    from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS

    from kg.vocab import KG, OA

    names = {
        "NewsArticle": SDO.NewsArticle, "headline": SDO.headline,
        "articleBody": SDO.articleBody, "identifier": SDO.identifier,
        "contentHash": KG.contentHash, "sourceFile": KG.sourceFile, "url": SDO.url,
        "dateline": KG.dateline, "region": KG.region, "section": SDO.articleSection,
        "publisher": DCTERMS.publisher, "author": DCTERMS.creator, "byline": SDO.author,
        "mentions": SDO.mentions, "photographer": KG.photographer,
        "contributor": SDO.contributor, "Membership": ORG.Membership, "member": ORG.member,
        "role": ORG.role, "Role": ORG.Role, "prefLabel": SKOS.prefLabel,
        "organization": ORG.organization, "qualifier": KG.qualifier,
        "wasDerivedFrom": PROV.wasDerivedFrom, "name": SDO.name, "altLabel": SKOS.altLabel,
        "subOrganizationOf": ORG.subOrganizationOf, "Annotation": OA.Annotation,
        "motivatedBy": OA.motivatedBy, "identifying": OA.identifying,
        "describing": OA.describing, "hasBody": OA.hasBody, "hasTarget": OA.hasTarget,
        "confidence": KG.confidence, "extractor": KG.extractor,
        "SpecificResource": OA.SpecificResource, "hasSource": OA.hasSource,
        "hasSelector": OA.hasSelector, "TextPositionSelector": OA.TextPositionSelector,
        "start": OA.start, "end": OA.end, "TextQuoteSelector": OA.TextQuoteSelector,
        "exact": OA.exact, "quantity": KG.quantity,
        "QuantitativeValue": SDO.QuantitativeValue, "MonetaryAmount": SDO.MonetaryAmount,
        "currency": SDO.currency, "value": SDO.value, "unitText": SDO.unitText,
        "unitCode": SDO.unitCode, "measure": KG.measure,
    }
    return {key: _iri(term) for key, term in names.items()}


def article_ntriples(resolved: Resolved, digest: str = "") -> tuple[list[str], int]:
    r"""Return the triples of one article as N-Triples lines, without building rdflib terms.

    The same triples, in the same text, as ``to_ntriples(article_quads(resolved, digest))``
    (:func:`kg.graph.article_quads` stays the reference; a test compares the two on the
    corpus), about four times faster: the terms are written as strings in one pass.

    Args:
        resolved: The resolved article.
        digest: The ``kg:contentHash`` to record (by default, of headline and body).

    Returns:
        ``(lines, count)``: the lines (each ending ``" .\n"``, in the order
        :func:`~kg.graph.article_quads` gives them, repeats kept) and their number.
    """
    from decimal import Decimal

    from kg import graph as g
    from kg import identity
    from kg.graph.units import CURRENCIES, UNIT_CODES
    from kg.records import _is_iri

    t = _terms()
    article = resolved.article
    text = article.text
    a = _iri(resolved.iri)
    out: list[str] = []
    add = out.append
    add(f"{a} {_RDF_TYPE} {t['NewsArticle']} .\n")
    add(f"{a} {t['headline']} {_string(article.headline)} .\n")
    add(f"{a} {t['articleBody']} {_string(text)} .\n")
    add(f"{a} {t['identifier']} {_string(article.id)} .\n")
    add(f"{a} {t['contentHash']} "
        f"{_string(digest or g.content_hash(article.headline, text))} .\n")
    if article.source:
        name = article.source.replace("\\", "/").rsplit("/", 1)[-1]
        add(f"{a} {t['sourceFile']} {_string(name)} .\n")
    if article.date and (date := g._date(article.date)) is not None:
        predicate = SDO.datePublished if date.datatype == XSD.date else DCTERMS.date
        add(f"{a} {_iri(predicate)} {_term(date)} .\n")
    if article.url:
        url = _iri(article.url) if g._safe_iri(article.url) else _string(article.url)
        add(f"{a} {t['url']} {url} .\n")
    if article.dateline:
        add(f"{a} {t['dateline']} {_string(article.dateline)} .\n")
    if article.region:
        add(f"{a} {t['region']} {_string(article.region)} .\n")
    for key in ("section", "publisher", "author"):
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            add(f"{a} {t[key]} {_string(value.strip())} .\n")

    for entity in resolved.entities:
        e = _iri(entity.iri)
        for cls in g._KIND_CLASSES[entity.kind]:
            add(f"{e} {_RDF_TYPE} <{cls}> .\n")
        if entity.subtype in g._SUBTYPE_CLASSES:
            add(f"{e} {_RDF_TYPE} <{g._SUBTYPE_CLASSES[entity.subtype]}> .\n")
        elif entity.subtype and _is_iri(entity.subtype):
            add(f"{e} {_RDF_TYPE} <{entity.subtype}> .\n")
        add(f"{e} {t['name']} {_string(entity.name)} .\n")
        for alias in entity.aliases:
            add(f"{e} {t['altLabel']} {_string(alias)} .\n")
        if entity.parent:
            add(f"{e} {t['subOrganizationOf']} <{entity.parent}> .\n")
    for person in resolved.authors:
        add(f"{a} {t['byline']} <{person.iri}> .\n")

    def annotate(body: str, start: int, end: int, confidence: float, extractor: str,
                 motivation: str) -> None:
        ann = identity.annotation(resolved.iri, start, end, body)
        s = f"<{ann}>"
        target, position, quote = (f"<{i}>" for i in identity.annotation_parts(ann))
        clipped = min(max(confidence, 0.0), 1.0)
        add(f"{s} {_RDF_TYPE} {t['Annotation']} .\n")
        add(f"{s} {t['motivatedBy']} {motivation} .\n")
        add(f"{s} {t['hasBody']} <{body}> .\n")
        add(f"{s} {t['hasTarget']} {target} .\n")
        add(f"{s} {t['confidence']} {_decimal(f'{clipped:.3f}')} .\n")
        if extractor:
            add(f"{s} {t['extractor']} {_string(extractor)} .\n")
        add(f"{target} {_RDF_TYPE} {t['SpecificResource']} .\n")
        add(f"{target} {t['hasSource']} {a} .\n")
        add(f"{target} {t['hasSelector']} {position} .\n")
        add(f"{target} {t['hasSelector']} {quote} .\n")
        add(f"{position} {_RDF_TYPE} {t['TextPositionSelector']} .\n")
        add(f'{position} {t["start"]} "{start}"^^{_XSD_INTEGER} .\n')
        add(f'{position} {t["end"]} "{end}"^^{_XSD_INTEGER} .\n')
        add(f"{quote} {_RDF_TYPE} {t['TextQuoteSelector']} .\n")
        add(f"{quote} {t['exact']} {_string(text[start:end])} .\n")

    identifying = t["identifying"]
    contributors = {b.start for b in article.bylines if b.role == "contributor"}
    for rm in resolved.mentions:
        mention = rm.mention
        e = f"<{rm.entity.iri}>"
        add(f"{a} {t['mentions']} {e} .\n")
        annotate(rm.entity.iri, mention.start, mention.end, mention.confidence,
                 mention.extractor, identifying)
        if mention.kind == "person" and mention.subtype == "photographer":
            add(f"{a} {t['photographer']} {e} .\n")
        if mention.kind == "organization" and mention.extractor and \
                mention.start in contributors:
            add(f"{a} {t['contributor']} {e} .\n")
    for post in resolved.posts:
        m = f"<{post.iri}>"
        role = f"<{identity.role(post.title)}>"
        add(f"{m} {_RDF_TYPE} {t['Membership']} .\n")
        add(f"{m} {t['member']} <{post.person.iri}> .\n")
        add(f"{m} {t['role']} {role} .\n")
        add(f"{role} {_RDF_TYPE} {t['Role']} .\n")
        add(f"{role} {t['prefLabel']} {_string(post.title)} .\n")
        if post.org is not None:
            add(f"{m} {t['organization']} <{post.org.iri}> .\n")
        if post.qualifier:
            add(f"{m} {t['qualifier']} {_string(post.qualifier)} .\n")
        add(f"{m} {t['wasDerivedFrom']} {a} .\n")
        annotate(post.iri, post.start, post.end, post.confidence, post.extractor,
                 identifying)
    for rel in resolved.relations:
        if rel.predicate in g._PREDICATES:
            predicate, swap = g._PREDICATES[rel.predicate]
        elif _is_iri(rel.predicate):
            predicate, swap = URIRef(rel.predicate), False
        else:
            continue
        s, o = rel.subject.iri, rel.object.iri
        if swap:
            s, o = o, s
        add(f"<{s}> <{predicate}> <{o}> .\n")
    for fact in resolved.facts:
        datatype = URIRef(fact.datatype) if fact.datatype else XSD.string
        value = _term(Literal(fact.value, datatype=datatype))
        add(f"<{fact.subject.iri}> <{fact.predicate}> {value} .\n")
        annotate(fact.subject.iri, fact.start, fact.end, fact.confidence, fact.extractor,
                 t["describing"])
    for quantity in resolved.quantities:
        q_iri = identity.quantity(resolved.iri, quantity.start, quantity.end)
        q = f"<{q_iri}>"
        add(f"{a} {t['quantity']} {q} .\n")
        add(f"{q} {_RDF_TYPE} {t['QuantitativeValue']} .\n")
        if quantity.unit in CURRENCIES:
            add(f"{q} {_RDF_TYPE} {t['MonetaryAmount']} .\n")
            add(f"{q} {t['currency']} {_string(CURRENCIES[quantity.unit])} .\n")
        add(f"{q} {t['value']} {_term(Literal(Decimal(quantity.value), datatype=XSD.decimal))} .\n")
        add(f"{q} {t['unitText']} {_string(quantity.unit)} .\n")
        if quantity.unit in UNIT_CODES:
            add(f"{q} {t['unitCode']} {_string(UNIT_CODES[quantity.unit])} .\n")
        if quantity.measure:
            add(f"{q} {t['measure']} {_string(quantity.measure)} .\n")
        annotate(q_iri, quantity.start, quantity.end, quantity.confidence, quantity.extractor,
                 t["describing"])
    return out, len(out)


@lru_cache(maxsize=4096)
def _decimal(lexical: str) -> str:
    """A confidence (``f"{x:.3f}"``) as :func:`kg.graph.article_quads` writes it."""
    from decimal import Decimal

    return _term(Literal(Decimal(lexical), datatype=XSD.decimal))
