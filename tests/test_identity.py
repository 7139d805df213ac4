"""Cross-article identity: one IRI per person, namesakes of two provinces kept apart.

Covers :mod:`kg.identity` (minting), :mod:`kg.resolve.people` (the scope an article gives
a person) and the derived people graph (:mod:`kg.analysis`), through real builds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.analysis
from kg import identity
from kg.analysis import PEOPLE_GRAPH
from kg.graph.store import named_quads, open_store
from kg.pipeline import build
from kg.resolve.people import CENTRAL, org_scope, person_scope
from kg.sparql import run_query
from tests.conftest import CORPUS, needs_shared

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

ZHEJIANG = "浙江省发展和改革委员会主任张伟介绍，今年全省投资稳步增长。"
JIANGSU = "江苏省发展和改革委员会主任张伟表示，将加快重大项目建设。"
BARE_ZHANG = "张伟在会上发言。"
MINISTER = "外交部部长王毅同来访的外国外长举行会谈。"
FOREIGN_AFFAIRS = "中共中央政治局委员、中央外办主任王毅会见客人。"
SHANGHAI_BOTH = "中共中央政治局委员、上海市委书记陈吉宁出席活动。"
SHANGHAI = "上海市委书记陈吉宁调研。"
BARE_CHEN = "陈吉宁出席会议并讲话。"


def _jsonl(path: Path, *texts: str, first: int = 0) -> Path:
    path.write_text("".join(
        json.dumps({"id": f"s{first + i}", "title": f"标题{first + i}", "date": "2025-03-05",
                    "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8")
    return path


def _build(tmp_path: Path, *texts: str) -> Path:
    out = tmp_path / "out"
    build([_jsonl(tmp_path / "in.jsonl", *texts)], out, workers=1, html=False)
    return out


def _persons(out: Path, name: str) -> set[str]:
    rows = run_query(out, f'SELECT ?p WHERE {{ ?p a schema:Person ; schema:name "{name}" }}')
    return {row["p"].value for row in rows}


def _same_as(out: Path) -> set[tuple[str, str]]:
    store = open_store(out)
    return {(str(q.subject.value), str(q.object.value))  # type: ignore[union-attr]
            for q in store.quads_for_pattern(None, ox.NamedNode(SAME_AS), None,
                                             ox.NamedNode(PEOPLE_GRAPH))}


# ---------------------------------------------------------------- scope of one article
def test_org_scope_is_the_province_level_region_or_central() -> None:
    assert org_scope("中共浙江省委员会") == "浙江省"
    assert org_scope("中国人民政治协商会议西藏自治区委员会") == "西藏自治区"
    assert org_scope("杭州市委") == "浙江省"  # a prefecture counts for its province
    assert org_scope("外交部") == CENTRAL
    assert org_scope("中国共产党中央委员会政治局") == CENTRAL
    assert org_scope("北京大学") is None  # names 北京 but is no body of 北京市
    assert org_scope("俄罗斯外交部") is None
    assert org_scope(None) is None


def test_former_posts_do_not_scope_a_person() -> None:
    assert person_scope([("书记", "中共浙江省委员会", "时任")]) is None
    assert person_scope([("书记", "中共浙江省委员会", "时任"),
                         ("书记", "中共上海市委员会", None)]) == "上海市"


def test_a_regional_post_is_more_specific_than_a_central_one() -> None:
    assert person_scope([("委员", "中国共产党中央委员会政治局", None),
                         ("书记", "中共上海市委员会", None)]) == "上海市"
    assert person_scope([("部长", "外交部", None)]) is None


# ---------------------------------------------------------------- builds
def test_namesakes_with_posts_in_two_provinces_are_two_iris(tmp_path: Path) -> None:
    out = _build(tmp_path, ZHEJIANG, JIANGSU)
    assert _persons(out, "张伟") == {identity.person("张伟", "浙江省"),
                                     identity.person("张伟", "江苏省")}
    orgs = {(p.person, p.organization_name) for p in kg.analysis.career(out, "张伟")}
    assert orgs == {(identity.person("张伟", "浙江省"), "浙江省发展和改革委员会"),
                    (identity.person("张伟", "江苏省"), "江苏省发展和改革委员会")}


def test_the_same_person_across_articles_with_compatible_posts_is_one_iri(
        tmp_path: Path) -> None:
    out = _build(tmp_path, MINISTER, FOREIGN_AFFAIRS, SHANGHAI_BOTH, SHANGHAI)
    assert _persons(out, "王毅") == {identity.person("王毅")}
    career = kg.analysis.career(out, "王毅")
    assert {p.organization_name for p in career} >= {"外交部",
                                                    "中国共产党中央外事工作委员会办公室"}
    assert {p.person for p in career} == {identity.person("王毅")}
    assert _persons(out, "陈吉宁") == {identity.person("陈吉宁", "上海市")}


def test_a_bare_name_is_linked_to_the_one_sense_of_its_name(tmp_path: Path) -> None:
    out = _build(tmp_path, SHANGHAI, BARE_CHEN)
    bare, sense = identity.person("陈吉宁"), identity.person("陈吉宁", "上海市")
    assert _persons(out, "陈吉宁") == {bare, sense}  # SPARQL by name finds both
    assert _same_as(out) == {(bare, sense)}
    rows = run_query(out, f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?a WHERE {{ <{sense}> (owl:sameAs|^owl:sameAs)* ?p . ?a schema:mentions ?p }}""")
    assert len({row["a"].value for row in rows}) == 2


def test_a_bare_name_of_two_senses_stays_unlinked(tmp_path: Path) -> None:
    out = _build(tmp_path, ZHEJIANG, JIANGSU, BARE_ZHANG)
    assert len(_persons(out, "张伟")) == 3
    assert _same_as(out) == set()


def test_a_central_post_no_regional_sense_holds_keeps_its_own_person(tmp_path: Path) -> None:
    out = _build(tmp_path, "最高人民法院院长张军作工作报告。", "浙江省交通运输厅厅长张军介绍情况。")
    assert _persons(out, "张军") == {identity.person("张军"), identity.person("张军", "浙江省")}
    assert _same_as(out) == set()


def test_a_central_post_the_regional_sense_also_holds_links(tmp_path: Path) -> None:
    out = _build(tmp_path, SHANGHAI_BOTH, "中共中央政治局委员陈吉宁出席会议。")
    assert _same_as(out) == {(identity.person("陈吉宁"), identity.person("陈吉宁", "上海市"))}


def test_a_reporter_of_the_paper_is_not_linked_to_an_official_namesake(tmp_path: Path) -> None:
    out = _build(tmp_path, "本报讯（记者李俊）包头市今年粮食丰收。",
                 "本报记者李俊报道：包头市新建学校。", "包头市科学技术委员会主任李俊介绍了情况。")
    assert _persons(out, "李俊") == {identity.person("李俊"),
                                     identity.person("李俊", "内蒙古自治区")}
    assert _same_as(out) == set()


def test_identity_is_independent_of_input_order_and_of_incremental_builds(
        tmp_path: Path) -> None:
    texts = [ZHEJIANG, BARE_CHEN, MINISTER, SHANGHAI, JIANGSU, FOREIGN_AFFAIRS, BARE_ZHANG]
    a, b = _jsonl(tmp_path / "a.jsonl", *texts[:4]), _jsonl(tmp_path / "b.jsonl", *texts[4:],
                                                            first=4)
    together, reverse, a_then_b, b_then_a = (tmp_path / n for n in ("ab", "ba", "a-b", "b-a"))
    build([a, b], together, workers=1, html=False)
    build([b, a], reverse, workers=1, html=False)
    build([a], a_then_b, workers=1, html=False)
    build([b], a_then_b, workers=1, html=False)
    build([b], b_then_a, workers=1, html=False)
    build([a], b_then_a, workers=1, html=False)
    expected = set(named_quads(open_store(together)))
    assert _same_as(together) == {(identity.person("陈吉宁"), identity.person("陈吉宁", "上海市"))}
    for other in (reverse, a_then_b, b_then_a):
        assert set(named_quads(open_store(other))) == expected, other.name


def test_a_build_with_links_and_article_own_agencies_passes_the_shapes(tmp_path: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    from kg.export.rdf import union_triples
    from kg.ontology import ontology_graph, shapes_graph

    out = _build(tmp_path, SHANGHAI, BARE_CHEN, "省政府副省长王五出席。")
    assert _same_as(out)
    turtle = ox.serialize(union_triples(open_store(out)), format=ox.RdfFormat.TURTLE)
    assert turtle is not None
    union = rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes_graph(),
                                           ont_graph=ontology_graph(), inference="none")
    assert conforms, report


def test_a_link_goes_when_a_second_sense_arrives(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([_jsonl(tmp_path / "a.jsonl", ZHEJIANG, BARE_ZHANG)], out, workers=1, html=False)
    assert _same_as(out) == {(identity.person("张伟"), identity.person("张伟", "浙江省"))}
    build([_jsonl(tmp_path / "b.jsonl", JIANGSU, first=2)], out, workers=1, html=False)
    assert _same_as(out) == set()


# ---------------------------------------------------------------- the 2025 corpus
def _corpus_stories(path: Path, *names: str) -> Path:
    with CORPUS.open(encoding="utf-8") as handle:
        lines = [line for line in handle if any(n in line for n in names)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def officials_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 2025 story that names 尹力 or 王毅, built."""
    root = tmp_path_factory.mktemp("officials")
    out = root / "out"
    build([_corpus_stories(root / "in.jsonl", "尹力", "王毅")], out, workers=2, html=False)
    return out


@pytest.mark.slow
@needs_shared(CORPUS)
def test_wang_yi_is_one_iri_over_all_2025_stories(officials_2025: Path) -> None:
    """王毅 (外交部部长, 中央外办主任, 政治局委员): his posts over 2025 in one answer."""
    assert _persons(officials_2025, "王毅") == {identity.person("王毅")}
    career = kg.analysis.career(officials_2025, "王毅")
    assert {p.person for p in career} == {identity.person("王毅")}
    assert {("部长", "外交部"), ("主任", "中国共产党中央外事工作委员会办公室")} <= \
        {(p.title, p.organization_name) for p in career}


@pytest.mark.slow
@needs_shared(CORPUS)
def test_corpus_officials_are_one_person_over_2025(officials_2025: Path) -> None:
    """尹力 (北京市委书记, 中共中央政治局委员) in all 19 stories that name him: one sense."""
    out = officials_2025
    sense = identity.person("尹力", "北京市")
    assert _persons(out, "尹力") <= {identity.person("尹力"), sense}
    if identity.person("尹力") in _persons(out, "尹力"):
        assert (identity.person("尹力"), sense) in _same_as(out)
    career = kg.analysis.career(out, "尹力")
    assert {p.person for p in career} == {sense}
    assert ("书记", "中共北京市委员会") in {(p.title, p.organization_name) for p in career}


# ---------------------------------------------------------------- agencies
def _orgs(out: Path, name: str) -> set[str]:
    rows = run_query(out, f'SELECT ?o WHERE {{ ?o a org:Organization ; schema:name "{name}" }}')
    return {row["o"].value for row in rows}


def test_an_agency_is_one_iri_across_articles(tmp_path: Path) -> None:
    out = _build(tmp_path, ZHEJIANG, "浙江省发改委召开会议。")
    assert _orgs(out, "浙江省发展和改革委员会") == {identity.organization("浙江省发展和改革委员会")}


def test_a_body_named_by_its_level_only_is_not_merged_across_articles(tmp_path: Path) -> None:
    """省政府 of two articles whose province is unknown: two bodies, not one."""
    out = _build(tmp_path, "省政府副省长王五出席。", "省政府召开常务会议，研究部署有关工作。")
    assert len(_orgs(out, "省政府")) == 2


def test_an_autonomous_region_expands_its_level_only_bodies() -> None:
    from kg.pipeline import analyze
    from kg.records import Article

    text = "自治区党委副书记、自治区人民政府主席艾尔肯出席。"
    resolved = analyze(Article("x", "新疆", text, region="新疆维吾尔自治区"))
    orgs = {e.name for e in resolved.entities if e.kind == "organization"}
    assert {"中共新疆维吾尔自治区委员会", "新疆维吾尔自治区人民政府"} <= orgs
    people = {e.iri for e in resolved.entities if e.kind == "person"}
    assert people == {identity.person("艾尔肯", "新疆维吾尔自治区")}
