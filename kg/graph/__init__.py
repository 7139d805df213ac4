"""Graph: one :class:`~kg.records.Resolved` article in, its quads out (rdflib terms).

Every triple of an article lives in the article's own named graph, so re-ingesting the
article replaces exactly what it said. Entities are described in every graph that
mentions them (their IRIs are shared), so the union of the graphs — the default graph
of ``kg query`` and ``kg serve`` — holds each entity once with all it is known by.
Terms come from standard vocabularies (schema.org, W3C ORG, PROV-O, Web Annotation,
SKOS, Dublin Core) and from :mod:`kg.vocab`, generated from ``ontology/kg.ttl``.

Plugins bring their own terms: a mention's ``subtype`` and a relation's ``predicate`` may
be absolute IRIs (of a registered ontology extension), and a :class:`~kg.records.Fact`
becomes one triple with a literal object plus its evidence annotation. The prefixes of
registered ontology extensions join :data:`PREFIXES` (used by exports and queries).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS, XSD

from kg import identity
from kg.graph.units import CURRENCIES, UNIT_CODES
from kg.records import Entity, Resolved, _is_iri
from kg.vocab import KG, OA

__all__ = ["PREFIXES", "Quad", "article_quads", "refresh_prefixes", "to_dataset"]

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]
Add = Callable[[URIRef, URIRef, URIRef | Literal], None]

PREFIXES = {
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "kg": "https://w3id.org/kg/ns#",
    "kgid": identity.BASE,
    "xsd": str(XSD),
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
_BASE_PREFIXES = dict(PREFIXES)

_KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "person": (SDO.Person,),
    "organization": (ORG.Organization, SDO.Organization),
    "document": (SDO.CreativeWork,),
    "initiative": (KG.Initiative,),
    "place": (SDO.Place,),
    "event": (SDO.Event,),
}
_SUBTYPE_CLASSES: dict[str, URIRef] = {
    "GovernmentOrganization": SDO.GovernmentOrganization,
    "PolicyDocument": KG.PolicyDocument,
    "Periodical": SDO.Periodical,
    "CampaignInitiative": KG.CampaignInitiative,
    "PlatformInitiative": KG.PlatformInitiative,
    "ProjectInitiative": KG.ProjectInitiative,
    "PlanInitiative": KG.PlanInitiative,
    "ServiceInitiative": KG.ServiceInitiative,
    "Meeting": KG.Meeting,
}
_PREDICATES: dict[str, tuple[URIRef, bool]] = {
    # name: (predicate, whether subject and object swap)
    "issued": (KG.issued, False),
    "amended": (KG.amended, False),
    "held": (KG.held, False),
    "organized": (KG.organized, False),
    "spokeAt": (KG.spokeAt, False),
    "subOrganizationOf": (ORG.subOrganizationOf, False),
}


def _lit(value: str) -> Literal:
    return Literal(value, datatype=XSD.string)


def _confidence(value: float) -> Literal:
    clipped = min(max(value, 0.0), 1.0)
    return Literal(Decimal(f"{clipped:.3f}"), datatype=XSD.decimal)


def _date(value: str) -> Literal | None:
    if len(value) == 10 and value[4] == "-":
        return Literal(value, datatype=XSD.date)
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return None


def content_hash(headline: str, text: str) -> str:
    """SHA-256 of an article's headline and body (unchanged articles are skipped)."""
    return hashlib.sha256(f"{headline}\x1f{text}".encode()).hexdigest()


def article_quads(resolved: Resolved, digest: str = "") -> list[Quad]:
    """Return every quad of one article, all in the article's named graph.

    Args:
        resolved: The resolved article.
        digest: The ``kg:contentHash`` to record (by default, of headline and body).

    Returns:
        Quads ``(subject, predicate, object, graph)``; no blank nodes.
    """
    article = resolved.article
    a = URIRef(resolved.iri)
    g = URIRef(identity.article_graph(resolved.iri))
    out: list[Quad] = []

    def add(s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        out.append((s, p, o, g))

    add(a, RDF.type, SDO.NewsArticle)
    add(a, SDO.headline, _lit(article.headline))
    add(a, SDO.articleBody, _lit(article.text))
    add(a, SDO.identifier, _lit(article.id))
    add(a, KG.contentHash, _lit(digest or content_hash(article.headline, article.text)))
    if article.source:
        add(a, KG.sourceFile, _lit(article.source.replace("\\", "/").rsplit("/", 1)[-1]))
    if article.date and (date := _date(article.date)) is not None:
        add(a, SDO.datePublished if date.datatype == XSD.date else DCTERMS.date, date)
    if article.url:
        add(a, SDO.url, URIRef(article.url) if _safe_iri(article.url) else _lit(article.url))
    if article.dateline:
        add(a, KG.dateline, _lit(article.dateline))
    if article.region:
        add(a, KG.region, _lit(article.region))
    for key in ("section", "publisher", "author"):
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            predicate = {"section": SDO.articleSection, "publisher": DCTERMS.publisher,
                         "author": DCTERMS.creator}[key]
            add(a, predicate, _lit(value.strip()))

    for entity in resolved.entities:
        _describe(entity, add)
    for person in resolved.authors:
        add(a, SDO.author, URIRef(person.iri))
    for rm in resolved.mentions:
        entity_iri = URIRef(rm.entity.iri)
        add(a, SDO.mentions, entity_iri)
        _annotate(a, rm.entity.iri, rm.mention.start, rm.mention.end, rm.mention.confidence,
                  rm.mention.extractor, article.text, add)
        if rm.mention.kind == "person" and rm.mention.subtype == "photographer":
            add(a, KG.photographer, entity_iri)
        if rm.mention.kind == "organization" and rm.mention.extractor and \
                any(b.role == "contributor" and b.start == rm.mention.start
                    for b in article.bylines):
            add(a, SDO.contributor, entity_iri)
    for post in resolved.posts:
        m = URIRef(post.iri)
        role = URIRef(identity.role(post.title))
        add(m, RDF.type, ORG.Membership)
        add(m, ORG.member, URIRef(post.person.iri))
        add(m, ORG.role, role)
        add(role, RDF.type, ORG.Role)
        add(role, SKOS.prefLabel, _lit(post.title))
        if post.org is not None:
            add(m, ORG.organization, URIRef(post.org.iri))
        if post.qualifier:
            add(m, KG.qualifier, _lit(post.qualifier))
        add(m, PROV.wasDerivedFrom, a)
        _annotate(a, post.iri, post.start, post.end, post.confidence, post.extractor,
                  article.text, add)
    for rel in resolved.relations:
        if rel.predicate in _PREDICATES:
            predicate, swap = _PREDICATES[rel.predicate]
        elif _is_iri(rel.predicate):
            predicate, swap = URIRef(rel.predicate), False
        else:
            continue
        s, o = URIRef(rel.subject.iri), URIRef(rel.object.iri)
        add(*((o, predicate, s) if swap else (s, predicate, o)))
    for fact in resolved.facts:
        datatype = URIRef(fact.datatype) if fact.datatype else XSD.string
        add(URIRef(fact.subject.iri), URIRef(fact.predicate),
            Literal(fact.value, datatype=datatype))
        _annotate(a, fact.subject.iri, fact.start, fact.end, fact.confidence, fact.extractor,
                  article.text, add, OA.describing)
    for quantity in resolved.quantities:
        q = URIRef(identity.quantity(resolved.iri, quantity.start, quantity.end))
        add(a, KG.quantity, q)
        add(q, RDF.type, SDO.QuantitativeValue)
        if quantity.unit in CURRENCIES:
            add(q, RDF.type, SDO.MonetaryAmount)
            add(q, SDO.currency, _lit(CURRENCIES[quantity.unit]))
        add(q, SDO.value, Literal(Decimal(quantity.value), datatype=XSD.decimal))
        add(q, SDO.unitText, _lit(quantity.unit))
        if quantity.unit in UNIT_CODES:
            add(q, SDO.unitCode, _lit(UNIT_CODES[quantity.unit]))
        if quantity.measure:
            add(q, KG.measure, _lit(quantity.measure))
        _annotate(a, str(q), quantity.start, quantity.end, quantity.confidence,
                  quantity.extractor, article.text, add, OA.describing)
    return out


def _describe(entity: Entity, add: Add) -> None:
    e = URIRef(entity.iri)
    for cls in _KIND_CLASSES[entity.kind]:
        add(e, RDF.type, cls)
    if entity.subtype in _SUBTYPE_CLASSES:
        add(e, RDF.type, _SUBTYPE_CLASSES[entity.subtype])
    elif entity.subtype and _is_iri(entity.subtype):
        add(e, RDF.type, URIRef(entity.subtype))
    add(e, SDO.name, _lit(entity.name))
    for alias in entity.aliases:
        add(e, SKOS.altLabel, _lit(alias))
    if entity.parent:
        add(e, ORG.subOrganizationOf, URIRef(entity.parent))


def _annotate(article: URIRef, body: str, start: int, end: int, confidence: float,
              extractor: str, text: str, add: Add, motivation: URIRef = OA.identifying) -> None:
    ann = URIRef(identity.annotation(str(article), start, end, body))
    target, position, quote = (URIRef(i) for i in identity.annotation_parts(str(ann)))
    add(ann, RDF.type, OA.Annotation)
    add(ann, OA.motivatedBy, motivation)
    add(ann, OA.hasBody, URIRef(body))
    add(ann, OA.hasTarget, target)
    add(ann, KG.confidence, _confidence(confidence))
    if extractor:
        add(ann, KG.extractor, _lit(extractor))
    add(target, RDF.type, OA.SpecificResource)
    add(target, OA.hasSource, article)
    add(target, OA.hasSelector, position)
    add(target, OA.hasSelector, quote)
    add(position, RDF.type, OA.TextPositionSelector)
    add(position, OA.start, Literal(start, datatype=XSD.integer))
    add(position, OA.end, Literal(end, datatype=XSD.integer))
    add(quote, RDF.type, OA.TextQuoteSelector)
    add(quote, OA.exact, _lit(text[start:end]))


def refresh_prefixes() -> None:
    """Make :data:`PREFIXES` the built-in prefixes plus those of registered ontology extensions.

    Updated in place, so every module that imported ``PREFIXES`` (exports, queries, the
    server) binds the extensions' prefixes. The registry calls this whenever an ontology
    extension is registered or removed.

    Raises:
        OntologyError: when an extension rebinds a built-in prefix to another namespace.
    """
    from kg.ontology import extension_prefixes

    extra = extension_prefixes()
    PREFIXES.clear()
    PREFIXES.update(_BASE_PREFIXES)
    for prefix, namespace in extra.items():
        PREFIXES.setdefault(prefix, namespace)


def _safe_iri(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(
        c in value for c in ' <>"{}|\\^`\n\r\t')


def to_dataset(quads: list[Quad]) -> Dataset:
    """Return an rdflib :class:`~rdflib.Dataset` holding ``quads`` (prefixes bound)."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for s, p, o, g in quads:
        dataset.graph(g).add((s, p, o))
    return dataset
