"""The graph of a build: contract shape, SHACL shapes, no blank nodes, evidence offsets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph.store import open_store
from kg.sparql import run_query


def _ask(store, query: str) -> bool:
    return bool(run_query(store, query))


def _rows(store, query: str) -> list[tuple]:
    result = run_query(store, query)
    names = [v.value for v in result.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in result]


def test_build_writes_trig_html_and_the_store(seed_build):
    assert (seed_build / "graph.trig").stat().st_size > 10_000
    assert (seed_build / "graph.html").stat().st_size > 10_000
    assert (seed_build / "store" / "CURRENT").exists()


def test_graph_conforms_to_the_shacl_shapes(seed_build):
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    from kg.export.rdf import union_triples
    from kg.ontology import ontology_graph, shapes_graph

    turtle = ox.serialize(union_triples(open_store(seed_build)), format=ox.RdfFormat.TURTLE)
    union = rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes_graph(),
                                           ont_graph=ontology_graph(), inference="none")
    assert conforms, report


def test_no_blank_nodes(seed_build):
    store = open_store(seed_build)
    for quad in store.quads_for_pattern(None, None, None, None):
        assert not isinstance(quad.subject, ox.BlankNode)
        assert not isinstance(quad.object, ox.BlankNode)


def test_one_named_graph_per_article(seed_build):
    from kg.analysis import DERIVED_GRAPHS

    store = open_store(seed_build)
    graphs = {g.value for g in store.named_graphs()}
    assert len(graphs - set(DERIVED_GRAPHS)) == 6


def test_posts_are_memberships_with_evidence(seed_build):
    rows = _rows(open_store(seed_build), """
        SELECT ?title ?exact WHERE {
          ?m a org:Membership ; org:member/schema:name "邢国显" ; org:role/skos:prefLabel ?title ;
             org:organization/schema:name "内蒙古自治区应急管理厅" ; prov:wasDerivedFrom ?a .
          ?ann oa:hasBody ?m ; kg:confidence ?c ; oa:hasTarget/oa:hasSelector/oa:exact ?exact .
        }""")
    assert {r[0] for r in rows} == {"党委委员", "副厅长"}
    assert all("邢国显" in r[1] for r in rows)


def test_every_annotation_offset_points_at_its_quote(seed_build):
    rows = _rows(open_store(seed_build), """
        SELECT ?body ?start ?end ?exact WHERE {
          ?ann a oa:Annotation ; oa:hasTarget ?t . ?t oa:hasSource ?a .
          ?a schema:articleBody ?body .
          ?t oa:hasSelector ?p , ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    assert rows
    for body, start, end, exact in rows:
        assert body[int(start):int(end)] == exact


def test_union_default_graph_counts_each_fact_once(seed_build):
    rows = _rows(open_store(seed_build), """
        SELECT ?title WHERE {
          ?m org:member/schema:name "习近平" ; org:role/skos:prefLabel ?title }""")
    assert rows == [("总书记",)]


def test_articles_carry_headline_body_date_and_authors(seed_build):
    store = open_store(seed_build)
    assert _ask(store, """ASK { ?a a schema:NewsArticle ;
        schema:headline "推进“一站式”服务 帮助企业纾困解难" ;
        schema:datePublished "2023-01-31"^^xsd:date ; schema:author/schema:name "赵芳" ;
        schema:articleBody ?b }""")
    assert _ask(store, 'ASK { ?a kg:photographer/schema:name "王秀荣" }')


def test_initiatives_are_typed_with_a_subclass_of_initiative(seed_build):
    assert _ask(open_store(seed_build), """ASK { ?i a kg:Initiative , kg:CampaignInitiative ;
        schema:name "“五进”活动" }""")
