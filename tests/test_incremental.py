"""Batched store writes, graph.trig assembled from text, and incremental builds.

A build writes articles through :class:`kg.graph.store.GraphWriter` (batched bulk loads)
and assembles ``graph.trig`` from per-graph TriG blocks instead of reading the store
back. These tests pin that the result is what one ``replace_graph`` per article gave,
that ``graph.trig`` holds exactly the store's named graphs, and that adding articles to
a build touches only their graphs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import named_quads, open_store, replace_graph, write_generation
from kg.pipeline import build, process
from tests.conftest import CORPUS, needs_shared

pytestmark = [needs_shared(CORPUS)]

_DEFAULT = ox.DefaultGraph()


def _stories(path: Path, start: int, stop: int, *, suffix: str = "") -> Path:
    """Write stories ``start``..``stop`` of the corpus (ids made unique with ``suffix``)."""
    lines = []
    with CORPUS.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= stop:
                break
            if number >= start:
                record = json.loads(line)
                record["id"] = f"story-{number}{suffix}"
                lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _named(out: Path) -> set[ox.Quad]:
    return set(named_quads(open_store(out)))


def _default(out: Path) -> set[ox.Triple]:
    return {q.triple for q in open_store(out).quads_for_pattern(None, None, None, _DEFAULT)}


def _trig(out: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """200 stories built with two workers: (input file, build folder)."""
    root = tmp_path_factory.mktemp("incremental")
    source = _stories(root / "stories.jsonl", 0, 200)
    out = root / "build"
    build([source], out, workers=2, html=False)
    return source, out


@pytest.mark.slow
def test_batched_writes_equal_one_replace_graph_per_article(first, tmp_path):
    """The store a build writes equals the one the per-article path gives (before/after)."""
    from kg.ingest import ingest

    source, out = first
    old = tmp_path / "old"
    with write_generation(old, fresh=True) as generation:
        for article in ingest([source]):
            graph, ntriples, _ = process(article)
            replace_graph(generation.store, ox.NamedNode(graph), ntriples)
    from kg.analysis import DERIVED_GRAPHS

    derived = {ox.NamedNode(g) for g in DERIVED_GRAPHS}
    built = {q for q in _named(out) if q.graph_name not in derived}
    assert built == _named(old)
    union = {q.triple for q in named_quads(open_store(out))}
    assert _default(out) == union


@pytest.mark.slow
def test_graph_trig_holds_exactly_the_named_graphs(first):
    _, out = first
    assert _trig(out) == _named(out)


@pytest.mark.slow
def test_adding_articles_touches_only_their_graphs(first, tmp_path):
    source, out = first
    grown = tmp_path / "grown"
    import shutil

    shutil.copytree(out, grown)
    before = {g.value: set(open_store(grown).quads_for_pattern(None, None, None, g))
              for g in open_store(grown).named_graphs()}
    more = _stories(tmp_path / "more.jsonl", 200, 300)
    report = build([source, more], grown, workers=2, html=False)
    assert (report.articles, report.unchanged) == (100, 200)
    from kg.analysis import DERIVED_GRAPHS

    articles = [g for g in report.graphs if g not in DERIVED_GRAPHS]
    assert len(articles) == 100 and not set(articles) & set(before)
    store = open_store(grown)
    for graph, quads in before.items():
        if graph not in DERIVED_GRAPHS:
            assert set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))) == quads
    # The same as building all 300 at once, graph.trig byte for byte.
    both = tmp_path / "both"
    build([source, more], both, workers=1, html=False)
    assert _named(grown) == _named(both)
    assert _default(grown) == _default(both)
    assert (grown / "graph.trig").read_bytes() == (both / "graph.trig").read_bytes()


@pytest.mark.slow
def test_a_changed_article_replaces_its_graph_and_its_trig_block(first, tmp_path):
    source, out = first
    import shutil

    changed = tmp_path / "changed"
    shutil.copytree(out, changed)
    lines = source.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[5])
    record["text"] = "本报讯(记者王丹)自治区应急管理厅副厅长邢国显出席。"
    lines[5] = json.dumps(record, ensure_ascii=False)
    edited = tmp_path / "stories.jsonl"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([edited], changed, workers=1, html=False)
    assert (report.articles, report.unchanged) == (1, 199)
    fresh = tmp_path / "fresh"
    build([edited], fresh, workers=2, html=False)
    assert _named(changed) == _named(fresh)
    assert _default(changed) == _default(fresh)
    assert _trig(changed) == _named(changed)


def test_graph_trig_is_rebuilt_from_the_store_when_it_cannot_be_trusted(tmp_path, seed_path):
    out = tmp_path / "out"
    build([seed_path], out, workers=1, html=False)
    for kept in (out / "store").glob("gen-*.trig.json"):
        kept.unlink()  # as after `kg serve --allow-update`, or a build by an older kg
    other = tmp_path / "other.txt"
    other.write_text("# 国务院召开常务会议\n\n"
                     "本报讯(记者李明)国务院总理李强主持召开国务院常务会议。\n", encoding="utf-8")
    build([other], out, workers=1, html=False)
    assert _trig(out) == _named(out)
    assert len({q.graph_name for q in _trig(out)}) >= 7


@pytest.mark.slow
def test_derived_graphs_written_by_difference_equal_those_queried_from_the_store(first,
                                                                                 tmp_path):
    """An update computes tenures and people from the summary and writes only the triples
    that changed; the graphs must be what the store-wide queries give, in the store, in
    the union default graph and in graph.trig."""
    import shutil

    from kg.analysis import PEOPLE_GRAPH, TENURES_GRAPH
    from kg.analysis._people import people_triples
    from kg.analysis._tenures import tenure_quads
    from kg.export.summary import Summary
    from kg.graph.nquads import to_ntriples
    from kg.graph.store import current_path

    source, out = first
    grown = tmp_path / "grown"
    shutil.copytree(out, grown)
    lines = source.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[7])  # one old article loses its posts: tenures shrink too
    record["text"] = "本报讯(记者王丹)自治区应急管理厅副厅长邢国显出席。"
    lines[7] = json.dumps(record, ensure_ascii=False)
    edited = tmp_path / "stories.jsonl"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    more = _stories(tmp_path / "more.jsonl", 200, 260)
    before = Summary.load(current_path(out))
    assert before is not None and set(before.derived) == {TENURES_GRAPH, PEOPLE_GRAPH}
    report = build([edited, more], grown, workers=1, html=False)
    assert (report.articles, report.unchanged) == (61, 199)
    store = open_store(grown)
    tenures = ox.parse(to_ntriples(tenure_quads(store)), format=ox.RdfFormat.N_TRIPLES)
    expected = {TENURES_GRAPH: set(tenures), PEOPLE_GRAPH: set(people_triples(store))}
    assert expected[TENURES_GRAPH] != {q.triple for q in _graph_quads(out, TENURES_GRAPH)}
    assert expected[TENURES_GRAPH]
    for graph, triples in expected.items():
        node = ox.NamedNode(graph)
        assert _graph_quads(grown, graph) == {ox.Quad(t.subject, t.predicate, t.object, node)
                                              for t in triples}
    assert _default(grown) == {q.triple for q in named_quads(store)}
    assert _trig(grown) == _named(grown)
    after = Summary.load(current_path(grown))
    assert after is not None
    assert {g: set(ox.parse(after.derived[g], format=ox.RdfFormat.N_TRIPLES))
            for g in expected} == expected


def _graph_quads(out: Path, graph: str) -> set[ox.Quad]:
    """The quads of one named graph of a build."""
    return set(open_store(out).quads_for_pattern(None, None, None, ox.NamedNode(graph)))
