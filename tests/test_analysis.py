"""kg.analysis: tenures derived from dated articles, careers, network projections."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

import kg.analysis
from kg.analysis import TENURES_GRAPH, networks
from kg.errors import KGError
from kg.graph.store import open_store
from kg.pipeline import build
from kg.sparql import run_query

WANG = "https://w3id.org/kg/id/person/王毅"
MINISTER = "外交部部长王毅同来访的外国外长举行会谈。"


def _jsonl(path: Path, *stories: tuple[str, str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "title": "外交", "date": d, "text": t},
                                       ensure_ascii=False) + "\n" for i, d, t in stories),
                    encoding="utf-8")
    return path


def _rows(target: object, sparql: str) -> list[tuple[str | None, ...]]:
    result = run_query(target, sparql)  # type: ignore[arg-type]
    names = [v.value for v in result.variables]
    return [tuple(r[n].value if r[n] is not None else None for n in names) for r in result]


def _minister(build_dir: Path) -> kg.analysis.CareerPost:
    posts = [p for p in kg.analysis.career(build_dir, "王毅") if p.organization_name == "外交部"]
    assert len(posts) == 1
    return posts[0]


# ---------------------------------------------------------------- tenures
def test_observations_merge_into_first_and_last_seen(tmp_path: Path) -> None:
    page = _jsonl(tmp_path / "in.jsonl",
                  ("a", "2025-03-05", MINISTER),
                  ("b", "2025-01-03", MINISTER),
                  ("c", "2025-06-01", "原外交部部长王毅出席活动。"),  # former: not an observation
                  ("d", "", MINISTER))                                # undated
    build([page], tmp_path / "out", workers=1, html=False)
    post = _minister(tmp_path / "out")
    assert (post.first_seen, post.last_seen) == (date(2025, 1, 3), date(2025, 3, 5))
    assert post.articles == 4 and len(post.evidence) == 2
    dates = {_rows(tmp_path / "out", f"SELECT ?d WHERE {{ <{a}> schema:datePublished ?d }}")[0][0]
             for a in post.evidence}
    assert dates == {"2025-01-03", "2025-03-05"}
    tenures = kg.analysis.tenures(tmp_path / "out")
    assert any(t.articles == post.evidence and t.first_seen == post.first_seen
               for t in tenures)


def test_the_tenures_graph_is_w3c_time(tmp_path: Path) -> None:
    page = _jsonl(tmp_path / "in.jsonl", ("a", "2025-01-03", MINISTER),
                  ("b", "2025-02-04", MINISTER))
    build([page], tmp_path / "out", workers=1, html=False)
    rows = _rows(tmp_path / "out", f"""
        SELECT ?begin ?end (COUNT(?a) AS ?n) WHERE {{
          GRAPH <{TENURES_GRAPH}> {{
            ?post org:memberDuring ?i . ?i a time:Interval ;
              time:hasBeginning ?b ; time:hasEnd ?e ; prov:wasDerivedFrom ?a .
            ?b a time:Instant ; time:inXSDDate ?begin . ?e a time:Instant ; time:inXSDDate ?end .
          }}
          ?post org:member <{WANG}> ; org:organization/schema:name "外交部" .
          ?a a schema:NewsArticle .
        }} GROUP BY ?begin ?end""")
    assert rows == [("2025-01-03", "2025-02-04", "2")]
    trig = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert "time:Interval" in trig and "kgid:graph\\/tenures" in trig


def test_tenures_follow_incremental_builds_and_the_union_stays_right(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _jsonl(tmp_path / "1.jsonl", ("a", "2025-01-03", MINISTER))
    second = _jsonl(tmp_path / "2.jsonl", ("b", "2025-04-09", MINISTER))
    build([first], out, workers=1, html=False)
    assert (_minister(out).first_seen, _minister(out).last_seen) == (date(2025, 1, 3),) * 2
    build([second], out, workers=1, html=False)
    assert _minister(out).last_seen == date(2025, 4, 9)
    build([first, second], tmp_path / "both", workers=1, html=False)
    assert _minister(tmp_path / "both") == _minister(out)
    # article b no longer names the post: the interval shrinks back, no stale end remains
    _jsonl(second, ("b", "2025-04-09", "外交部举行例行记者会。"))
    build([second], out, workers=1, html=False)
    assert _minister(out).last_seen == date(2025, 1, 3)
    ends = _rows(out, "SELECT DISTINCT ?d WHERE { ?i time:hasEnd/time:inXSDDate ?d }")
    assert ends == [("2025-01-03",)]  # the default graph (union) agrees with the named graphs


def test_seed_tenures(seed_build: Path) -> None:
    (post,) = kg.analysis.career(seed_build, "冯晔")
    assert (post.title, post.organization_name) == ("二级巡视员", "内蒙古自治区市场监督管理局")
    assert post.first_seen == post.last_seen == date(2023, 1, 31)
    undated = kg.analysis.career(seed_build, "邢国显")
    assert {p.title for p in undated} == {"副厅长", "党委委员"}
    assert all(p.first_seen is None and p.evidence == () for p in undated)
    assert kg.analysis.career(seed_build, "无此人") == []
    for obs in kg.analysis.observations(seed_build):
        assert obs.date.year == 2023


def test_career_names_are_escaped(seed_build: Path) -> None:
    assert kg.analysis.career(seed_build, 'x" } ?s ?p ?o { "') == []


# ---------------------------------------------------------------- networks
def test_person_agency(seed_build: Path) -> None:
    g = networks.person_agency(seed_build)
    by_label = {d["label"]: n for n, d in g.nodes(data=True)}
    edge = g.edges[by_label["邢国显"], by_label["内蒙古自治区应急管理厅"]]
    assert edge["titles"] == ["党委委员", "副厅长"] and edge["weight"] == 2
    assert nx.is_bipartite(g)
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}


def test_agency_comention(seed_build: Path) -> None:
    g = networks.agency_comention(seed_build)
    assert all(d["kind"] == "organization" for _, d in g.nodes(data=True))
    assert all(w >= 1 for _, _, w in g.edges(data="weight"))
    assert networks.agency_comention(seed_build, min_articles=2).number_of_edges() <= \
        g.number_of_edges()


def test_initiative_agency(seed_build: Path) -> None:
    stated = networks.initiative_agency(seed_build)
    relations = {r for _, _, rs in stated.edges(data="relations") for r in rs}
    assert relations == {"organized"}
    both = networks.initiative_agency(seed_build, comention=True)
    assert set(stated.edges) <= set(both.edges) and both.number_of_edges() > \
        stated.number_of_edges()


@pytest.mark.parametrize("measure", ["degree", "weighted_degree", "betweenness", "eigenvector",
                                     "pagerank"])
def test_centrality(seed_build: Path, measure: networks.Measure) -> None:
    g = networks.agency_comention(seed_build)
    values = networks.centrality(g, measure)
    assert set(values) == set(g) and list(values.values()) == sorted(values.values(),
                                                                     reverse=True)
    ranked = networks.top(g, values, 3)
    assert len(ranked) == 3 and all(isinstance(label, str) for label, _ in ranked)


def test_communities_are_reproducible(seed_build: Path) -> None:
    g = networks.agency_comention(seed_build)
    found = networks.communities(g, seed=1)
    assert found == networks.communities(g, seed=1)
    assert set().union(*found) == set(g)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)


def test_empty_graphs_and_unknown_measures() -> None:
    assert networks.centrality(nx.Graph(), "pagerank") == {}
    assert networks.communities(nx.Graph()) == []
    g = nx.Graph([("a", "b")])
    with pytest.raises(KGError, match="unknown centrality"):
        networks.centrality(g, "closeness")  # type: ignore[arg-type]


def test_the_store_can_be_passed_open(seed_build: Path) -> None:
    store = open_store(seed_build)
    assert networks.person_agency(store).number_of_edges() == \
        networks.person_agency(seed_build).number_of_edges()
    assert kg.analysis.career(store, "冯晔") == kg.analysis.career(seed_build, "冯晔")


def test_docstring_examples() -> None:
    import doctest

    import kg.analysis._tenures
    import kg.analysis.networks
    import kg.ontology

    for module in (kg.analysis, kg.analysis._tenures, kg.analysis._people, kg.analysis.networks,
                   kg.ontology):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_public_api_is_pinned() -> None:
    assert set(kg.analysis.__all__) == {
        "CAREER_QUERY", "DERIVED_GRAPHS", "PEOPLE_GRAPH", "TENURES_GRAPH", "CareerPost",
        "Observation", "Senses", "Tenure", "career", "derive", "networks", "observations",
        "senses", "tenures"}
    assert set(networks.__all__) == {
        "Measure", "agency_comention", "centrality", "communities", "initiative_agency",
        "person_agency", "top"}
