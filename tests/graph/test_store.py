"""The on-disk store: deterministic, idempotent, incremental, atomic."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.graph.store import named_quads, open_store
from kg.pipeline import build


def _quads(out) -> set[str]:
    return {str(q) for q in named_quads(open_store(out))}


def _page(path, headline: str, body: str):
    path.write_text(f"# {headline}\n\n{body}\n", encoding="utf-8")
    return path


def test_building_twice_gives_the_same_quads(tmp_path, seed_path):
    build([seed_path], tmp_path / "a", workers=1)
    build([seed_path], tmp_path / "b", workers=1)
    assert _quads(tmp_path / "a") == _quads(tmp_path / "b")
    first, second = (tmp_path / "a" / "graph.trig"), (tmp_path / "b" / "graph.trig")
    assert first.read_bytes() == second.read_bytes()


def test_rebuilding_into_the_same_folder_skips_unchanged_articles(tmp_path, seed_path):
    first = build([seed_path], tmp_path, workers=1)
    before = _quads(tmp_path)
    again = build([seed_path], tmp_path, workers=1)
    assert (first.articles, again.articles, again.unchanged) == (6, 0, 6)
    assert _quads(tmp_path) == before


def test_building_a_then_b_equals_building_both(tmp_path, seed_path):
    other = _page(tmp_path / "other.txt", "国务院召开常务会议",
                  "本报讯(记者李明)国务院总理李强主持召开国务院常务会议。")
    build([seed_path], tmp_path / "ab", workers=1)
    build([other], tmp_path / "ab", workers=1)
    build([seed_path, other], tmp_path / "both", workers=1)
    assert _quads(tmp_path / "ab") == _quads(tmp_path / "both")


def test_reingesting_a_changed_article_replaces_its_graph(tmp_path):
    page = _page(tmp_path / "p.txt", "标题", "本报讯(记者王丹)自治区应急管理厅副厅长邢国显出席。")
    build([page], tmp_path / "out", workers=1, region="内蒙古自治区")
    _page(page, "标题", "本报讯(记者王丹)自治区市场监管局二级巡视员冯晔出席。")
    build([page], tmp_path / "out", workers=1, region="内蒙古自治区")
    store = open_store(tmp_path / "out")
    names = {r["n"].value for r in store.query(
        "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n }")}
    assert names == {"王丹", "冯晔"}
    assert len(list(store.named_graphs())) == 1


def test_a_failing_build_leaves_the_earlier_build_as_it_was(tmp_path, seed_path, monkeypatch):
    out = tmp_path / "out"
    build([seed_path], out, workers=1)
    before = _quads(out)
    trig = (out / "graph.trig").read_bytes()
    import kg.pipeline

    def boom(article):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.pipeline, "analyze", boom)  # what every worker task runs first
    other = _page(tmp_path / "new.txt", "新", "正文。")
    with pytest.raises(RuntimeError):
        build([other], out, workers=1)
    assert _quads(out) == before
    assert (out / "graph.trig").read_bytes() == trig
    assert len([p for p in (out / "store").iterdir() if p.is_dir()]) == 1


def test_nothing_to_build_is_an_error_and_creates_no_build(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    with pytest.raises(KGError):
        build([empty], tmp_path / "out", workers=1)
    with pytest.raises(KGError, match="no kg build"):
        open_store(tmp_path / "out")


def test_parallel_workers_give_the_same_quads_as_one(tmp_path, seed_path):
    pages = []
    for i in range(70):  # enough to use the worker pool
        page = tmp_path / "in" / f"p{i:03d}.txt"
        page.parent.mkdir(exist_ok=True)
        shutil.copy(seed_path, page)
        pages.append(page)
    build([tmp_path / "in"], tmp_path / "one", workers=1, html=False)
    build([tmp_path / "in"], tmp_path / "two", workers=2, html=False)
    assert _quads(tmp_path / "one") == _quads(tmp_path / "two")
    assert isinstance(open_store(tmp_path / "two"), ox.Store)
