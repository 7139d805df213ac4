"""The SPARQL 1.1 Protocol through real clients: SPARQLWrapper, and raw HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from kg import query
from kg.serve import Server

from .conftest import http

PERSONS = """PREFIX schema: <https://schema.org/>
SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"""


def local_names(build) -> list[str]:
    return [row["name"].value for row in query(build, PERSONS)]


def client(server: Server, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql_url)
    sparql.setReturnFormat(fmt)
    if method == "form":
        sparql.setMethod(POST)
    elif method == "direct":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_select_json(server: Server, seed_build, method) -> None:
    sparql = client(server, JSON, method)
    sparql.setQuery(PERSONS)
    result = sparql.queryAndConvert()
    names = [b["name"]["value"] for b in result["results"]["bindings"]]
    assert names == local_names(seed_build)
    assert "邢国显" in names


def test_select_xml(server: Server, seed_build) -> None:
    sparql = client(server, XML)
    sparql.setQuery(PERSONS)
    document = sparql.queryAndConvert()  # an xml.dom.minidom document
    names = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert names == local_names(seed_build)


def test_select_csv(server: Server, seed_build) -> None:
    sparql = client(server, CSV)
    sparql.setQuery(PERSONS)
    text = sparql.queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name"]
    assert [r[0] for r in rows[1:]] == local_names(seed_build)


def test_select_tsv(server: Server, seed_build) -> None:
    sparql = client(server, TSV)
    sparql.setQuery(PERSONS)
    lines = sparql.queryAndConvert().decode("utf-8").splitlines()
    assert lines[0] == "?name"
    assert lines[1:] == [f'"{n}"' for n in local_names(seed_build)]


def test_results_parse_as_w3c_formats(server: Server, seed_build) -> None:
    expected = local_names(seed_build)
    for fmt, media in [("json", "application/sparql-results+json"),
                       ("xml", "application/sparql-results+xml"),
                       ("tsv", "text/tab-separated-values")]:  # CSV is lossy: not parsed
        reply = http("GET", server.sparql_url + "?" + urllib.parse.urlencode({"query": PERSONS}),
                     headers={"Accept": media})
        assert reply.status == 200 and reply.type == media
        parsed = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.from_media_type(
            media))
        assert [row["name"].value for row in parsed] == expected, fmt


def test_ask(server: Server) -> None:
    sparql = client(server, JSON)
    sparql.setQuery('PREFIX schema: <https://schema.org/> ASK { ?p schema:name "邢国显" }')
    assert sparql.queryAndConvert()["boolean"] is True
    sparql.setQuery('ASK { ?p <https://schema.org/name> "nobody at all" }')
    assert sparql.queryAndConvert()["boolean"] is False


def test_construct_turtle(server: Server) -> None:
    sparql = client(server, TURTLE)
    sparql.setQuery("""PREFIX schema: <https://schema.org/>
        CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }""")
    response = sparql.query()
    assert response.response.headers["Content-Type"].startswith("text/turtle")
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(data=response.convert().decode("utf-8"), format="turtle")

    assert (URIRef("https://w3id.org/kg/id/person/邢国显/内蒙古自治区"), URIRef("https://schema.org/name"),
            Literal("邢国显")) in graph


@pytest.mark.parametrize("media", ["application/n-triples", "application/ld+json",
                                   "application/rdf+xml", "text/turtle"])
def test_construct_formats(server: Server, media: str) -> None:
    q = "CONSTRUCT WHERE { ?p a <https://schema.org/Person> }"
    reply = http("GET", server.sparql_url + "?" + urllib.parse.urlencode({"query": q}),
                 headers={"Accept": media})
    assert reply.status == 200 and reply.type == media
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.from_media_type(media)))
    assert len(triples) >= 5


def test_format_parameter_overrides_accept(server: Server) -> None:
    url = server.sparql_url + "?" + urllib.parse.urlencode({"query": PERSONS, "format": "csv"})
    reply = http("GET", url, headers={"Accept": "application/sparql-results+json"})
    assert reply.type == "text/csv"


def test_not_acceptable(server: Server) -> None:
    url = server.sparql_url + "?" + urllib.parse.urlencode({"query": PERSONS})
    assert http("GET", url, headers={"Accept": "image/png"}).status == 406


def test_default_graph_is_union_without_repeats(server: Server, seed_build) -> None:
    # An entity named in several articles is stated in each article's graph, once in the union.
    q = ("SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/kg/id/org/内蒙古自治区应急管理厅> "
         "<https://schema.org/name> ?name }")
    reply = http("POST", server.sparql_url, urllib.parse.urlencode({"query": q}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/sparql-results+json"})
    assert json.loads(reply.body)["results"]["bindings"][0]["n"]["value"] == "1"


def test_dataset_parameters(server: Server, seed_build) -> None:
    graphs = [row["g"].value for row in query(seed_build,
                                              "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")]
    one = graphs[0]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    local = int(query(seed_build, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one}> "
                      "{ ?s ?p ?o } }").__next__()["n"].value)

    def ask(params: dict[str, str | list[str]]) -> dict:
        url = server.sparql_url + "?" + urllib.parse.urlencode(params, doseq=True)
        reply = http("GET", url, headers={"Accept": "application/sparql-results+json"})
        assert reply.status == 200, reply.text
        return json.loads(reply.body)

    result = ask({"query": count, "default-graph-uri": one})
    assert int(result["results"]["bindings"][0]["n"]["value"]) == local
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = ask({"query": named, "named-graph-uri": graphs[:2]})
    assert sorted(b["g"]["value"] for b in result["results"]["bindings"]) == sorted(graphs[:2])


def test_service_description(server: Server) -> None:
    reply = http("GET", server.sparql_url, headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.type == "text/turtle"
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "supportedLanguage"
               and t.object.value == sd + "SPARQL11Query" for t in triples)
    assert not any(t.object.value == sd + "SPARQL11Update" for t in triples)
    assert any(t.object.value == sd + "UnionDefaultGraph" for t in triples)
    jsonld = http("GET", server.sparql_url, headers={"Accept": "application/ld+json"})
    assert jsonld.type == "application/ld+json" and json.loads(jsonld.body)


def test_cors_and_security_headers(server: Server) -> None:
    url = server.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    reply = http("GET", url, headers={"Origin": "http://example.org"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
    preflight = http("OPTIONS", server.sparql_url, headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert "PUT" not in preflight.headers["Access-Control-Allow-Methods"]


def test_predeclared_prefixes(server: Server) -> None:
    q = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } LIMIT 1"
    reply = http("GET", server.sparql_url + "?" + urllib.parse.urlencode({"query": q}))
    assert reply.status == 200
