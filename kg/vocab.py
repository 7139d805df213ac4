"""Python names for ontology terms. GENERATED from ontology/kg.ttl by
``python -m kg.ontology``: do not edit by hand.

Unknown names raise ``AttributeError`` (rdflib ``DefinedNamespace``), so a typo
fails at once instead of minting a wrong IRI."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KG", "OA"]


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``)."""

    _fail = True
    CampaignInitiative: URIRef
    Initiative: URIRef
    Meeting: URIRef
    PlanInitiative: URIRef
    PlatformInitiative: URIRef
    PolicyDocument: URIRef
    ProjectInitiative: URIRef
    ServiceInitiative: URIRef
    amended: URIRef
    confidence: URIRef
    contentHash: URIRef
    dateline: URIRef
    extractor: URIRef
    held: URIRef
    issued: URIRef
    issuedBy: URIRef
    organized: URIRef
    photographer: URIRef
    qualifier: URIRef
    quantity: URIRef
    region: URIRef
    sourceFile: URIRef
    spokeAt: URIRef

    _NS = Namespace("https://w3id.org/kg/ns#")


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary terms kg uses."""

    _fail = True
    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    describing: URIRef
    hasBody: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    identifying: URIRef
    motivatedBy: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef

    _NS = Namespace("http://www.w3.org/ns/oa#")
