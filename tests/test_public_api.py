"""The public API is exactly what kg/__init__.py declares."""

from __future__ import annotations

from pathlib import Path

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


def test_ingest_and_export_stay_callable_after_their_packages_are_imported(tmp_path):
    import kg.export.html  # rebinds kg.export to the package
    import kg.ingest.page  # rebinds kg.ingest to the package

    page = Path(__file__).parent.parent / "examples" / "000_e63576df4a57bece.txt"
    assert len(list(kg.ingest([page]))) == 6
    kg.build([page], tmp_path / "out", html=False)
    out = kg.export(tmp_path / "out", "nt", tmp_path / "graph.nt")
    assert out.stat().st_size > 0
