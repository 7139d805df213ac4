"""kg: knowledge graphs (RDF) from Chinese public-sector news.

The pipeline runs one way — ``ingest → extract → resolve → graph → export/serve``::

    import kg

    report = kg.build(["examples/000_e63576df4a57bece.txt"], "output")
    rows = kg.query("output", "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }")

Extend it from your own code with the registry (``@kg.registry.extractor(...)``).
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.api import analyze, build, export, ingest, networkx_graph, open_store, query, recognize
from kg.errors import (
    EvalError,
    ExportError,
    ExtractionError,
    IngestError,
    KGError,
    OntologyError,
    PluginError,
    QueryError,
    StoreError,
)
from kg.records import (
    Article,
    Byline,
    Entity,
    Extraction,
    Fact,
    Mention,
    Post,
    Relation,
    Resolved,
    Span,
)
from kg.registry import registry

__all__ = [
    "Article",
    "Byline",
    "Entity",
    "EvalError",
    "ExportError",
    "Extraction",
    "ExtractionError",
    "Fact",
    "IngestError",
    "KGError",
    "Mention",
    "OntologyError",
    "PluginError",
    "Post",
    "QueryError",
    "Relation",
    "Resolved",
    "Span",
    "StoreError",
    "__version__",
    "analyze",
    "build",
    "export",
    "ingest",
    "networkx_graph",
    "open_store",
    "query",
    "recognize",
    "registry",
]
