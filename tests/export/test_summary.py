"""graph.html is drawn from a summary kept per named graph (kg.export.summary) and updated
by delta; it must read what the store-based queries read, and stay right across updates.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.export import html as viewer
from kg.export.summary import Summary, fragment_of, summary_path
from kg.export.views import entity_graph
from kg.graph.store import current_path, open_store
from kg.pipeline import build
from tests.conftest import CORPUS, needs_shared


def _stories(path: Path, start: int, stop: int) -> Path:
    with CORPUS.open(encoding="utf-8") as handle:
        lines = [line for n, line in enumerate(handle) if start <= n < stop]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _kept(out: Path) -> Summary:
    summary = Summary.load(current_path(out))
    assert summary is not None
    return summary


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 stories, then 50 more added: the build folder (its summary made by delta)."""
    root = tmp_path_factory.mktemp("summary")
    out = root / "build"
    build([_stories(root / "a.jsonl", 0, 150)], out, workers=1)
    build([_stories(root / "b.jsonl", 150, 200)], out, workers=1)
    return out


def test_a_build_keeps_a_summary_beside_its_generation(seed_build):
    live = current_path(seed_build)
    assert live is not None and summary_path(live).is_file()
    assert _kept(seed_build).fragments


@needs_shared(CORPUS)
@pytest.mark.slow
def test_the_summary_made_by_delta_equals_one_read_from_the_store(corpus_build):
    store = open_store(corpus_build)
    assert _kept(corpus_build).fragments == Summary.from_store(store).fragments


@needs_shared(CORPUS)
@pytest.mark.slow
def test_the_summary_reads_what_the_store_queries_read(corpus_build):
    store = open_store(corpus_build)
    summary = _kept(corpus_build)
    ours, theirs = summary.entity_graph(), entity_graph(store, articles=True)

    def nodes(graph):
        return {n: {k: v for k, v in d.items() if k != "titles"} | {
            "titles": sorted(d.get("titles", []))} for n, d in graph.nodes(data=True)}

    def edges(graph):
        return sorted((s, o, tuple(sorted(d.items()))) for s, o, d in graph.edges(data=True))

    assert nodes(ours) == nodes(theirs) and len(ours) > 500
    assert edges(ours) == edges(theirs)
    posts = {m: (p.person, p.title, p.org, p.articles) for m, p in viewer._posts(store).items()}
    assert summary.posts() == posts
    bodies = set(ours) | set(posts)
    quotes = {b: sorted((q.source, q.start, q.end) for q in qs)
              for b, qs in viewer._quotes(store, bodies).items()}
    assert {b: [q[:3] for q in qs] for b, qs in summary.quotes(bodies).items()} == quotes
    assert summary.articles() == {row["a"]: row for row in viewer._rows(store, viewer._ARTICLES)}


@needs_shared(CORPUS)
@pytest.mark.slow
def test_the_page_drawn_from_the_summary_shows_what_the_store_gives(corpus_build):
    store = open_store(corpus_build)
    ours = viewer.viewer_data(store, summary=_kept(corpus_build), limit=300)
    theirs = viewer.viewer_data(store, limit=300)

    def shown(data):
        return sorted((n["k"], n["l"], n.get("m"), json.dumps(n.get("ev"), ensure_ascii=False))
                      for n in data["nodes"])

    assert shown(ours) == shown(theirs)
    assert ours["articles"] == theirs["articles"] and ours["meta"] == theirs["meta"]


def test_an_unchanged_drawing_keeps_its_layout_and_a_changed_one_starts_from_it(seed_build):
    store = open_store(seed_build)
    summary = _kept(seed_build)
    first = viewer.viewer_data(store, summary=summary)
    again = viewer.viewer_data(store, summary=summary)
    assert [(n["x"], n["y"]) for n in again["nodes"]] == [(n["x"], n["y"]) for n in first["nodes"]]
    fewer = viewer.viewer_data(store, summary=summary, limit=len(first["nodes"]) - 5)
    assert len(fewer["nodes"]) < len(first["nodes"])


def test_a_build_folder_without_a_summary_gets_one_from_its_store(tmp_path, seed_path):
    out = tmp_path / "out"
    build([seed_path], out, workers=1, html=False)
    made = _kept(out)
    for kept in (out / "store").glob("gen-*.view.pickle"):
        kept.unlink()  # as after `kg serve --allow-update`, or a build by an older kg
    other = tmp_path / "other.txt"
    other.write_text("# 国务院召开常务会议\n\n"
                     "本报讯(记者李明)国务院总理李强主持召开国务院常务会议。\n", encoding="utf-8")
    build([other], out, workers=1)
    summary = _kept(out)
    assert summary.fragments == Summary.from_store(open_store(out)).fragments
    assert summary.fragments == Summary.from_trig(out / "graph.trig").fragments
    assert set(made.fragments) < set(summary.fragments)
    assert len(list((out / "store").glob("gen-*.view.pickle"))) == 1
    assert (out / "graph.html").stat().st_size > 0


def test_a_fragment_holds_the_article_its_entities_posts_and_evidence(seed_articles):
    from kg.graph.nquads import article_ntriples
    from kg.pipeline import analyze

    resolved = analyze(seed_articles[0])
    fragment = fragment_of("".join(article_ntriples(resolved)[0]))
    assert [a[0] for a in fragment.articles] == [resolved.iri]
    assert {e[0] for e in fragment.entities} == {e.iri for e in resolved.entities}
    assert {p[0] for p in fragment.posts} == {p.iri for p in resolved.posts}
    text = resolved.article.text
    assert fragment.quotes and all(text[s:e] == exact for _, _, s, e, exact in fragment.quotes)
    assert not fragment_of("")


def test_copying_a_build_folder_keeps_the_summary_usable(tmp_path, seed_build):
    copy = tmp_path / "copy"
    shutil.copytree(seed_build, copy)
    assert _kept(copy).fragments == _kept(seed_build).fragments


@needs_shared(CORPUS)
@pytest.mark.slow
def test_the_summary_from_the_records_is_the_summary_of_their_graph():
    """Workers summarise from the records (no parsing); it must be the graph's summary."""
    import itertools

    from kg.export.summary import fragment_of_records
    from kg.graph.nquads import article_ntriples
    from kg.ingest import ingest
    from kg.pipeline import analyze, article_hash

    for article in itertools.islice(ingest([CORPUS]), 150):
        resolved = analyze(article)
        text = "".join(article_ntriples(resolved, article_hash(article))[0])
        assert fragment_of_records(resolved) == fragment_of(text), article.id
