"""The public API is exactly what kg/__init__.py declares."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_analyze_reads_the_text_of_one_article_like_a_jsonl_line():
    text = "本报讯(记者王丹)自治区应急管理厅党委委员、副厅长邢国显出席会议并讲话。"
    resolved = kg.analyze(text)
    assert resolved.article.text == text
    assert resolved.article.dateline == "本报讯"
    assert [b.name for b in resolved.article.bylines] == ["王丹"]
    names = {m.entity.name for m in resolved.mentions if m.mention.kind == "person"}
    assert "邢国显" in names
    posts = {(p.person.name, p.title) for p in resolved.posts}
    assert any(name == "邢国显" and "副厅长" in title for name, title in posts)
    assert kg.analyze(text, region="内蒙古自治区").article.region == "内蒙古自治区"
    assert kg.analyze(text).iri == resolved.iri != kg.analyze(text + "会议强调安全。").iri


def test_analyze_refuses_empty_huge_or_foreign_input_with_a_kg_error():
    for bad, words in (("", "empty"), ("  \n ", "empty"), ("长" * 60_000, "longer than one"),
                       (42, "not int")):
        with pytest.raises(kg.KGError, match=words):
            kg.analyze(bad)
