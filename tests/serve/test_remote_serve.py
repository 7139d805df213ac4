"""`kg serve URL` in front of a real Oxigraph server holding the pushed seed build.

Each test compares, through SPARQLWrapper or raw HTTP, what `kg serve URL` (a real process)
answers with what `kg serve DIR` over the local seed build answers.
"""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from kg.cli import main
from kg.remote import push
from kg.serve import Server

from .conftest import http

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
KG = Path(sys.executable).parent / "kg"
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists() and not shutil.which("oxigraph"),
                                reason="the oxigraph server (PyPI `oxigraph`) is not installed")

PERSONS = """PREFIX schema: <https://schema.org/>
SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"""
POSTS = """SELECT ?name ?title ?org WHERE {
  ?m a org:Membership ; org:member/schema:name ?name ; org:role/skos:prefLabel ?title .
  OPTIONAL { ?m org:organization/schema:name ?org } } ORDER BY ?name ?title ?org"""
XING = "/id/person/" + urllib.parse.quote("邢国显/内蒙古自治区")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if http("GET", url, timeout=5).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.2)


def oxigraph(location: Path) -> Iterator[str]:
    """A real `oxigraph serve`; yields its base URL."""
    port = free_port()
    binary = str(OXIGRAPH) if OXIGRAPH.exists() else "oxigraph"
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/query?query=ASK%7B%7D", process, "oxigraph serve")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def kg_serve(target: str, *flags: str) -> Iterator[str]:
    """A real `kg serve URL` process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([str(KG), "serve", target, "--port", str(port), *flags],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/sparql?query=ASK%7B%7D", process, "kg serve URL")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


@pytest.fixture(scope="module")
def store(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Oxigraph holding the seed build's graphs and, as its default graph, their union."""
    for url in oxigraph(tmp_path_factory.mktemp("oxigraph")):
        push(seed_build, url + "/store", union="default")
        yield url


@pytest.fixture(scope="module")
def remote(store: str) -> Iterator[str]:
    """`kg serve STORE/query` with the local fixture's limits (3 s, 500 rows)."""
    yield from kg_serve(store + "/query", "--timeout", "3", "--max-results", "500")


def answers(url: str, query: str, fmt: str, method: str | None = None) -> object:
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setReturnFormat(fmt)
    if method is not None:
        sparql.setMethod(POST)
    if method == "direct":
        sparql.setRequestMethod(POSTDIRECTLY)
    sparql.setQuery(query)
    return sparql.queryAndConvert()


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_select_json_same_as_local_build(server: Server, remote: str,
                                        method: str | None) -> None:
    got = answers(remote, POSTS, JSON, method)
    assert got == answers(server.url, POSTS, JSON, method)
    names = {b["name"]["value"] for b in got["results"]["bindings"]}  # type: ignore[index]
    assert "邢国显" in names


def test_select_xml_and_csv_same_as_local_build(server: Server, remote: str) -> None:
    def literals(url: str) -> list[str]:
        document = answers(url, PERSONS, XML)
        return [n.firstChild.data for n in document.getElementsByTagName("literal")]  # type: ignore[attr-defined]

    assert literals(remote) == literals(server.url) and "邢国显" in literals(remote)
    rows = list(csv.reader(io.StringIO(answers(remote, POSTS, CSV).decode("utf-8"))))  # type: ignore[attr-defined]
    local = list(csv.reader(io.StringIO(answers(server.url, POSTS, CSV).decode("utf-8"))))  # type: ignore[attr-defined]
    assert rows == local and rows[0] == ["name", "title", "org"] and len(rows) > 5


def test_ask_same_as_local_build(server: Server, remote: str) -> None:
    for query in ('ASK { ?p schema:name "邢国显" }', 'ASK { ?p schema:name "无此人" }'):
        assert answers(remote, query, JSON) == answers(server.url, query, JSON)
    assert answers(remote, 'ASK { ?p schema:name "邢国显" }', JSON)["boolean"] is True  # type: ignore[index]


def test_construct_turtle_same_graph_as_local_build(server: Server, remote: str) -> None:
    query = """CONSTRUCT { ?m org:member ?p ; org:role ?r . ?r skos:prefLabel ?t }
               WHERE { ?m org:member ?p ; org:role ?r . ?r skos:prefLabel ?t }"""

    def graph(url: str) -> set[ox.Triple]:
        body = answers(url, query, TURTLE)
        return {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}  # type: ignore[arg-type]

    remote_graph = graph(remote)
    assert remote_graph == graph(server.url) and len(remote_graph) > 10


def test_dataset_parameters_pass_through(server: Server, remote: str) -> None:
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a schema:NewsArticle } } ORDER BY ?g"
    first = answers(server.url, graphs, JSON)["results"]["bindings"][0]["g"]["value"]  # type: ignore[index]
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    params = urllib.parse.urlencode({"query": query, "default-graph-uri": first})
    accept = {"Accept": "application/sparql-results+json"}
    got = http("GET", f"{remote}/sparql?{params}", headers=accept)
    assert got.status == 200
    assert got.body == http("GET", f"{server.sparql_url}?{params}", headers=accept).body
    whole = http("GET", f"{remote}/sparql?" + urllib.parse.urlencode({"query": query}),
                 headers=accept)
    assert whole.body != got.body  # one article's graph, not the union


def test_malformed_query_is_400_with_parser_message(remote: str) -> None:
    reply = http("GET", f"{remote}/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?n WHERE { ?p schema:nam"}))
    assert reply.status == 400 and "malformed SPARQL" in reply.text and "1:" in reply.text


def test_update_and_service_refused(store: str, remote: str) -> None:
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> <http://c> } }"
    reply = http("POST", f"{remote}/sparql", update.encode("utf-8"),
                 {"Content-Type": "application/sparql-update"})
    assert reply.status == 403 and "read-only" in reply.text
    assert http("POST", f"{remote}/update", update.encode("utf-8"),
                {"Content-Type": "application/sparql-update"}).status == 403
    check = urllib.parse.urlencode({"query": "ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }"})
    assert "false" in http("GET", f"{store}/query?{check}",
                           headers={"Accept": "application/sparql-results+json"}).text
    service = "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    reply = http("GET", f"{remote}/sparql?" + urllib.parse.urlencode({"query": service}))
    assert reply.status == 403 and "SERVICE" in reply.text


def test_result_size_limit_as_for_local_builds(server: Server, remote: str) -> None:
    params = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    reply = http("GET", f"{remote}/sparql?{params}")
    assert reply.status == 422 == http("GET", f"{server.sparql_url}?{params}").status
    assert "500 rows" in reply.text


def test_entity_page_of_xing_guoxian_shows_his_posts(server: Server, remote: str) -> None:
    page = http("GET", remote + XING, headers={"Accept": "text/html"})
    assert page.status == 200 and page.type == "text/html"
    assert "<h2>Posts</h2>" in page.text
    for text in ("邢国显", "副厅长", "党委委员", "内蒙古自治区应急管理厅", "<mark>"):
        assert text in page.text, text
    assert page.body == http("GET", server.url + XING, headers={"Accept": "text/html"}).body
    turtle = http("GET", remote + XING, headers={"Accept": "text/turtle"})
    local = http("GET", server.url + XING, headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.type == "text/turtle"
    assert {q.triple for q in ox.parse(turtle.body, format=ox.RdfFormat.TURTLE)} == \
        {q.triple for q in ox.parse(local.body, format=ox.RdfFormat.TURTLE)}
    missing = http("GET", remote + "/id/person/" + urllib.parse.quote("无此人"),
                   headers={"Accept": "text/html"})
    assert missing.status == 404


def test_query_page_loads_and_runs_an_example(remote: str) -> None:
    page = http("GET", remote + "/")
    assert page.status == 200 and page.type == "text/html" and "<textarea" in page.text
    ran = http("GET", remote + "/?" + urllib.parse.urlencode({"query": PERSONS}))
    assert ran.status == 200 and "邢国显" in ran.text and "rows" in ran.text


def test_time_limit_answered_503(seed_build: Path, tmp_path: Path) -> None:
    """A query the store cannot finish within --timeout is answered 503 (own store: the
    abandoned query keeps that server busy until it is stopped)."""
    for store in oxigraph(tmp_path / "oxigraph"):
        push(seed_build, store + "/store", union="default")
        for remote in kg_serve(store + "/query", "--timeout", "1"):
            heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            reply = http("GET", f"{remote}/sparql?" + urllib.parse.urlencode({"query": heavy}))
            assert reply.status == 503 and "did not answer within the 1 s limit" in reply.text


def test_allow_update_refused_in_one_line(store: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", store + "/query", "--port", "0", "--allow-update"]) != 0
    err = capsys.readouterr().err
    assert "--allow-update is not available" in err and "Traceback" not in err


def test_unreachable_store_named_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", f"http://127.0.0.1:{free_port()}/query", "--port", "0"]) != 0
    err = capsys.readouterr().err
    assert "cannot reach the store" in err and "Traceback" not in err
