"""The public API is exactly what kg/__init__.py declares."""

from __future__ import annotations

import kg

EXPECTED = {
    "Article", "Byline", "Entity", "EvalError", "ExportError", "Extraction", "ExtractionError",
    "Fact", "IngestError", "KGError", "Mention", "OntologyError", "PluginError", "Post",
    "QueryError", "Relation", "Resolved", "Span", "StoreError", "__version__", "analyze",
    "build", "export", "ingest", "networkx_graph", "open_store", "query", "recognize", "registry",
}


def test_public_api_is_pinned():
    assert set(kg.__all__) == EXPECTED
    for name in kg.__all__:
        assert hasattr(kg, name), name


def test_every_error_is_a_kg_error():
    for name in kg.__all__:
        obj = getattr(kg, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, kg.KGError)
