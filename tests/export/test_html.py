"""graph.html: self-contained, offline, safe with hostile text, and usable at scale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.errors import ExportError
from kg.export import export
from kg.export import html as viewer
from kg.graph.store import open_store
from kg.registry import registry
from tests.conftest import HOSTILE
from tests.export.conftest import click_node, node_index


@pytest.fixture(scope="module")
def seed_data(seed_build: Path) -> dict:
    return viewer.viewer_data(open_store(seed_build))


# ---- the page as a file -------------------------------------------------------------

def test_script_json_cannot_close_its_script():
    value = {"h": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = viewer._script_json(value)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value


def test_seed_page_requests_nothing_and_inlines_vis(seed_build: Path):
    page = (seed_build / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img|iframe|object)\b[^>]*\b(?:src|href)=", page)
    for remote in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "node_modules", "lib/bindings"):
        assert remote not in page
    assert "default-src 'none'" in page and "@version 9.1.2" in page
    assert '"Noto Sans CJK SC"' in page


def test_html_is_the_registered_exporter(seed_build: Path, tmp_path: Path):
    assert registry.get("exporter", "html").obj is viewer.write_html
    out = export(seed_build, "html", tmp_path / "g.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_hostile_headline_is_escaped_in_the_source(hostile_build: Path):
    page = (hostile_build / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page


# ---- what the page holds ------------------------------------------------------------

def test_seed_data_has_every_entity_and_article(seed_data: dict):
    kinds = {n["k"] for n in seed_data["nodes"]}
    assert len(seed_data["nodes"]) >= 40
    assert {"person", "organization", "document", "article"} <= kinds
    assert seed_data["meta"]["articlesDrawn"] and not seed_data["meta"]["truncated"]
    assert {e["k"] for e in seed_data["edges"]} >= {"post", "mentions"}


def test_evidence_is_the_quote_in_its_sentence(seed_data: dict, seed_build: Path):
    person = next(n for n in seed_data["nodes"] if n["l"] == "邢国显")
    assert person["ev"] and person["ne"] >= len(person["ev"])
    assert {title for title, *_ in person["p"]} >= {"副厅长"}
    store = open_store(seed_build)
    bodies = {r["body"].value for r in store.query(
        "SELECT ?body WHERE { ?a <https://schema.org/articleBody> ?body }")}
    for article, before, quote, after in person["ev"]:
        assert quote == "邢国显"
        assert any(before + quote + after.rstrip("…") in body for body in bodies)
        assert seed_data["articles"][article][0]
    post = next(e for e in seed_data["edges"] if e["k"] == "post" and e["l"] == "副厅长")
    assert post["ev"] and "副厅长" in "".join(post["ev"][0][1:])


def test_snippet_stops_at_sentence_ends():
    text = "第一句话。这里是邢国显的介绍，内容很长" + "很" * 200 + "。最后"
    start = text.index("邢国显")
    before, quote, after = viewer._snippet(text, start, start + 3, "邢国显")
    assert (before, quote) == ("这里是", "邢国显") and after.endswith("…")
    assert len(after) <= viewer.WINDOW + 1
    assert viewer._snippet(text, 5, 8, "不对") == ("", "不对", "")


def test_focus_draws_one_neighbourhood(seed_build: Path):
    data = viewer.viewer_data(open_store(seed_build), focus="邢国显")
    labels = [n["l"] for n in data["nodes"]]
    assert data["meta"]["centres"] == [labels.index("邢国显")]
    assert "内蒙古自治区应急管理厅" in labels and len(labels) < 40


def test_focus_embeds_more_evidence_for_the_centre(seed_build: Path):
    data = viewer.viewer_data(open_store(seed_build), focus="邢国显")
    centre = data["nodes"][data["meta"]["centres"][0]]
    assert len(centre["ev"]) == min(centre["ne"], viewer.FOCUS_EVIDENCE)


def test_focus_on_an_unknown_name_says_what_exists(seed_build: Path):
    with pytest.raises(ExportError, match="no entity named") as caught:
        viewer.viewer_data(open_store(seed_build), focus="邢国")
    assert "邢国显" in str(caught.value)


def test_past_the_limit_articles_give_way_to_comentions(seed_build: Path, seed_data: dict):
    data = viewer.viewer_data(open_store(seed_build), limit=20)
    meta = data["meta"]
    assert len(data["nodes"]) == 20 and meta["truncated"] and not meta["articlesDrawn"]
    assert all(n["k"] != "article" for n in data["nodes"])
    assert any(e["k"] == "comention" for e in data["edges"])
    most = max((n for n in seed_data["nodes"] if n["k"] != "article"), key=lambda n: n["m"])
    assert most["l"] in {n["l"] for n in data["nodes"]}


def test_annotations_read_through_selectors_give_the_same_quotes(seed_build: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    store = open_store(seed_build)
    bodies = {n for n, in ((r["e"].value,) for r in store.query(
        "SELECT ?e WHERE { ?e a <https://schema.org/Person> }"))}
    fast = viewer._quotes(store, bodies)
    monkeypatch.setattr(viewer, "_ANNOTATION", re.compile(r"(?!)(.)(.)(.)"))
    slow = viewer._quotes(store, bodies)

    def key(q: viewer._Quote) -> tuple:
        return (q.source, q.start, q.end)

    assert fast and {b: sorted(map(key, qs)) for b, qs in fast.items()} == \
        {b: sorted(map(key, qs)) for b, qs in slow.items()}


def test_layout_separates_nodes_and_is_reproducible():
    import numpy as np

    src = np.array([0, 1, 2, 4], dtype=np.intp)
    dst = np.array([1, 2, 0, 5], dtype=np.intp)
    first = viewer._layout(7, src, dst, np.ones(4))
    assert np.array_equal(first, viewer._layout(7, src, dst, np.ones(4)))
    gaps = np.sqrt(((first[:, None] - first[None]) ** 2).sum(-1)) + np.eye(7) * 9
    assert gaps.min() > 0.3


def test_a_layout_continued_with_a_few_new_nodes_moves_only_them():
    """After an update adds a few nodes, the nodes placed before keep their places
    (relative to each other) and the new ones settle beside their neighbours."""
    import numpy as np

    rng = np.random.default_rng(3)
    n = 60
    src = np.arange(1, n, dtype=np.intp)
    dst = rng.integers(0, np.arange(1, n), dtype=np.intp)  # a random tree: one component
    first = viewer._layout(n, src, dst, np.ones(n - 1))
    grown_src = np.r_[src, [n, n + 1]].astype(np.intp)
    grown_dst = np.r_[dst, [5, n]].astype(np.intp)
    start = np.vstack([first, np.full((2, 2), np.nan)])
    grown = viewer._layout(n + 2, grown_src, grown_dst, np.ones(n + 1), start=start)
    assert np.allclose(grown[:n] - grown[0], first - first[0])
    gaps = np.sqrt(((grown[:, None] - grown[None]) ** 2).sum(-1)) + np.eye(n + 2) * 9
    assert gaps.min() > 0.1
    assert np.linalg.norm(grown[n] - grown[5]) < np.ptp(grown[:n], axis=0).max() / 2


# ---- in a browser -------------------------------------------------------------------

@pytest.mark.browser
def test_seed_page_opens_offline_and_draws(open_page, seed_build: Path):
    opened = open_page(seed_build / "graph.html")
    page = opened.page
    assert opened.requests == [] and opened.errors == [] and opened.violations == []
    assert page.evaluate("kgViewer.nodes.length") >= 40
    assert page.evaluate("kgViewer.drawnNodes()") == page.evaluate("kgViewer.nodes.length")
    assert page.locator("#kg-loading").count() == 0
    count = page.evaluate("kgViewer.data.nodes.length")
    assert page.locator("#kg-stats").inner_text().startswith(f"{count} / {count} ")
    assert page.locator("#kg-legend input[data-kind=person]").count() == 1


@pytest.mark.browser
def test_search_finds_a_person(open_page, seed_build: Path):
    page = open_page(seed_build / "graph.html").page
    page.fill("#kg-search", "邢国")
    assert "邢国显" in page.locator("#kg-suggest").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector("#kg-panel:not([hidden])")
    assert page.locator("#kg-panel h2").inner_text() == "邢国显"
    assert page.evaluate("kgViewer.network.getSelectedNodes()") == [node_index(page, "邢国显")]


@pytest.mark.browser
def test_clicking_a_node_shows_its_evidence(open_page, seed_build: Path):
    page = open_page(seed_build / "graph.html").page
    click_node(page, node_index(page, "邢国显"))
    page.wait_for_selector("#kg-panel:not([hidden]) .kg-ev mark")
    panel = page.locator("#kg-panel").inner_text()
    assert "副厅长" in panel and "内蒙古自治区应急管理厅" in panel
    assert page.locator(".kg-ev mark").first.inner_text() == "邢国显"
    assert page.locator(".kg-ev li").first.inner_text().count("邢国显") >= 1


@pytest.mark.browser
def test_clicking_an_edge_shows_the_post(open_page, seed_build: Path):
    page = open_page(seed_build / "graph.html").page
    point = page.evaluate("""() => {
        const D = kgViewer.data, net = kgViewer.network;
        const key = e => Math.min(e.f, e.t) + ':' + Math.max(e.f, e.t);
        const seen = {};
        D.edges.forEach(e => { seen[key(e)] = (seen[key(e)] || 0) + 1; });
        const i = D.edges.findIndex(e => e.k === 'post' && seen[key(e)] === 1);
        if (i < 0) return null;
        const a = net.getPosition(D.edges[i].f), b = net.getPosition(D.edges[i].t);
        const mid = {x: (3 * a.x + b.x) / 4, y: (3 * a.y + b.y) / 4};
        net.moveTo({position: mid, scale: 1.0});
        return Object.assign(net.canvasToDOM(mid), {label: D.edges[i].l});
    }""")
    if point is None:
        pytest.skip("no single post edge in this build")
    box = page.locator("#kg-graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#kg-panel:not([hidden])")
    assert page.locator("#kg-panel h2").inner_text() == point["label"]
    assert page.locator(".kg-ev mark").count() >= 1


@pytest.mark.browser
def test_toggles_dates_and_neighbourhood_filter_the_drawing(open_page, seed_build: Path):
    page = open_page(seed_build / "graph.html").page
    total = page.evaluate("kgViewer.drawnNodes()")
    articles = page.evaluate("kgViewer.data.nodes.filter(n => n.k === 'article').length")
    page.locator("#kg-legend input[data-kind=article]").uncheck()
    assert page.evaluate("kgViewer.drawnNodes()") == total - articles
    page.locator("#kg-legend input[data-kind=article]").check()
    page.evaluate("kgViewer.setDates('2099-01-01', '2099-12-31')")
    assert page.evaluate("kgViewer.drawnNodes()") == 0
    page.click("#kg-dates-reset")
    assert page.evaluate("kgViewer.drawnNodes()") == total
    page.evaluate(f"kgViewer.select({node_index(page, '邢国显')})")
    page.click("#kg-hood")
    hood = page.evaluate("kgViewer.drawnNodes()")
    assert 2 <= hood < total
    page.click("#kg-all")
    assert page.evaluate("kgViewer.drawnNodes()") == total


@pytest.mark.browser
def test_hostile_text_never_runs(open_page, hostile_build: Path):
    opened = open_page(hostile_build / "graph.html")
    page = opened.page
    page.wait_for_timeout(300)
    article = page.evaluate("kgViewer.data.nodes.findIndex(n => n.k === 'article')")
    page.evaluate(f"kgViewer.select({article})")
    assert page.locator("#kg-panel h2").inner_text() == HOSTILE
    assert page.locator("#kg-panel a").count() == 0  # a javascript: url is not a link
    for i in range(page.evaluate("kgViewer.nodes.length")):
        page.evaluate(f"kgViewer.select({i})")
    page.fill("#kg-search", "<")
    page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == []
    assert page.evaluate("document.scripts.length") == 4
    assert page.evaluate("document.querySelectorAll('img').length") == 0


@pytest.mark.browser
def test_an_empty_build_still_opens(open_page, tmp_path: Path):
    import pyoxigraph as ox

    out = tmp_path / "empty.html"
    viewer.write_html(ox.Store(), out)
    opened = open_page(out)
    assert opened.errors == [] and opened.page.evaluate("kgViewer.nodes.length") == 0


@pytest.mark.browser
def test_focus_page_opens_on_its_centre(open_page, seed_build: Path, tmp_path: Path):
    out = tmp_path / "ego.html"
    viewer.write_html(open_store(seed_build), out, focus="邢国显")
    page = open_page(out).page
    assert page.locator("#kg-panel h2").inner_text() == "邢国显"
    assert "邢国显" in page.locator("#kg-note").inner_text()


def _two_article_build(tmp_path: Path, *texts: str) -> Path:
    import json as _json

    from kg.pipeline import build

    source = tmp_path / "in.jsonl"
    source.write_text("".join(
        _json.dumps({"id": f"s{i}", "title": f"标题{i}", "date": "2025-03-05", "text": t},
                    ensure_ascii=False) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "out"
    build([source], out)
    return out


def _people_named(data: dict, name: str) -> list[dict]:
    return [n for n in data["nodes"] if n["k"] == "person" and n["l"] == name]


def test_a_bare_name_and_the_sense_it_is_same_as_are_one_node(tmp_path: Path):
    out = _two_article_build(tmp_path, "上海市委书记陈吉宁调研。", "陈吉宁出席会议并讲话。")
    from kg.export.summary import Summary
    from kg.graph.store import current_path

    summary = Summary.load(current_path(out))
    assert summary is not None
    store = open_store(out)
    for data in (viewer.viewer_data(store, summary=summary), viewer.viewer_data(store)):
        (chen,) = _people_named(data, "陈吉宁")
        assert len(chen["a"]) == 2 and chen["m"] == 2  # both articles, once each
        assert {e[0] for e in chen["ev"]} == set(chen["a"])  # evidence from both
        posts = [e for e in data["edges"] if e["k"] == "post"]
        assert [data["nodes"][e["f"]]["l"] for e in posts] == ["陈吉宁"]
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert page.count('"l":"陈吉宁"') == 1


def test_namesakes_of_two_regions_stay_apart_beside_an_unlinked_bare_name(tmp_path: Path):
    out = _two_article_build(tmp_path, "浙江省发展和改革委员会主任张伟介绍，今年全省投资稳步增长。",
                             "江苏省发展和改革委员会主任张伟表示，将加快重大项目建设。",
                             "张伟在会上发言。")
    assert len(_people_named(viewer.viewer_data(open_store(out)), "张伟")) == 3
