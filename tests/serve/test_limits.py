"""Errors, limits and refusals, over raw HTTP."""

from __future__ import annotations

import http.client as httpclient
import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.serve import Server

from .conftest import http

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(server: Server, q: str, **headers: str):
    return http("GET", server.sparql_url + "?" + urllib.parse.urlencode({"query": q}),
                headers=headers)


def test_malformed_query_is_400_with_the_parser_message(server: Server) -> None:
    reply = get(server, "SELEC ?x WHERE { ?x ?y }")
    assert reply.status == 400
    assert "malformed SPARQL" in reply.text and "error at 1:" in reply.text
    reply = http("POST", server.sparql_url, b"SELECT * WHERE {",
                 {"Content-Type": "application/sparql-query"})
    assert reply.status == 400


def test_protocol_errors(server: Server) -> None:
    two = server.sparql_url + "?query=ASK%7B%7D&query=ASK%7B%7D"
    assert http("GET", two).status == 400
    assert http("POST", server.sparql_url, b"query=", FORM).status == 400
    assert http("POST", server.sparql_url, b"ASK {}", {"Content-Type": "text/plain"}).status \
        == 415
    assert http("PUT", server.sparql_url, b"").status == 405
    assert http("GET", server.url + "/nowhere").status == 404


@pytest.mark.parametrize("request_", [
    ("POST", "/update", b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
     {"Content-Type": "application/sparql-update"}),
    ("POST", "/sparql", b"update=" + urllib.parse.quote_plus(
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }").encode(), FORM),
    ("PUT", "/store?graph=urn:g", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}),
    ("DELETE", "/store?graph=urn:g", None, {}),
])
def test_updates_refused_by_default(server: Server, seed_build, request_) -> None:
    method, path, body, headers = request_
    reply = http(method, server.url + path, body, headers)
    assert reply.status == 403
    assert "read-only" in reply.text
    assert get(server, "ASK { <urn:a> ?p ?o }").status == 200
    assert json.loads(get(server, "ASK { GRAPH ?g { <urn:a> ?p ?o } }",
                          Accept="application/sparql-results+json").body)["boolean"] is False


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x { ?s ?p ?o } }",
    r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_service_refused(server: Server, q: str) -> None:
    reply = get(server, q)
    assert reply.status == 403
    assert "SERVICE is not allowed" in reply.text


def test_load_refused(writable) -> None:
    running, _ = writable
    for update in ["LOAD <http://127.0.0.1:9/data.ttl>",
                   "load silent <http://127.0.0.1:9/x> into graph <urn:g>"]:
        reply = http("POST", running.url + "/update", update.encode(),
                     {"Content-Type": "application/sparql-update"})
        assert reply.status == 403, update
        assert "LOAD is not allowed" in reply.text


def test_words_that_merely_contain_the_keywords_pass(server: Server) -> None:
    q = ('PREFIX schema: <https://schema.org/> SELECT ?service WHERE { ?service schema:name '
         '"SERVICE LOAD" } # service, load')
    assert get(server, q).status == 200


def test_runaway_query_is_stopped_and_does_not_block_others(server: Server) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["reply"] = get(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    quick = []
    while thread.is_alive():
        started = time.monotonic()
        assert get(server, "ASK { ?s ?p ?o }").status == 200
        quick.append(time.monotonic() - started)
        time.sleep(0.05)
    thread.join()
    reply = outcome["reply"]
    assert reply.status == 503  # type: ignore[attr-defined]
    assert "3 s limit" in reply.text  # type: ignore[attr-defined]
    assert 2.5 < outcome["seconds"] < 15  # type: ignore[operator]
    assert quick and max(quick) < 2.0
    # The killed worker is replaced: the server still runs two queries at once.
    time.sleep(1.5)
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda _: get(server, "ASK { ?s ?p ?o }"), range(8)))
    assert all(r.status == 200 for r in replies)


def test_result_size_limit(server: Server) -> None:
    reply = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert reply.status == 422
    assert "more than 500 rows" in reply.text and "LIMIT" in reply.text
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 500").status == 200
    assert get(server, "CONSTRUCT WHERE { ?s ?p ?o }").status == 422


def test_body_limit(server: Server) -> None:
    big = b"query=" + b"%20" * (70 * 1024)
    reply = http("POST", server.sparql_url, big, FORM)
    assert reply.status == 413


def test_concurrent_queries_all_answered(server: Server) -> None:
    q = ('SELECT ?name WHERE { ?p a <https://schema.org/Person> ; '
         '<https://schema.org/name> ?name } ORDER BY ?name')
    expected = json.loads(get(server, q, Accept="application/sparql-results+json").body)

    def one(i: int):
        return get(server, q + f" # {i}", Accept="application/sparql-results+json")

    with ThreadPoolExecutor(32) as pool:
        replies = list(pool.map(one, range(64)))
    assert [r.status for r in replies] == [200] * 64
    assert all(json.loads(r.body) == expected for r in replies)


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/id/../../pyproject.toml",
    "/id/%2e%2e/%2e%2e/pyproject.toml", "/store/../../etc/passwd", "/..%2f..%2fetc/passwd",
    "/static/..\\..\\pyproject.toml",
])
def test_path_traversal_refused(server: Server, path: str) -> None:
    connection = httpclient.HTTPConnection(server.url.split("//")[1], timeout=10)
    connection.request("GET", path)  # sent as is, no client-side normalisation
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status in (400, 404)
    assert b"root:" not in body and b"[project]" not in body


def test_foreign_host_header_refused(server: Server) -> None:
    reply = get(server, "ASK {}", Host="evil.example:80")
    assert reply.status == 403


def test_service_and_load_make_no_request_by_default(server: Server) -> None:
    """A real HTTP server on loopback sees no request from kg serve's SERVICE or LOAD."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<urn:a> <urn:b> <urn:c> .\n")

        do_POST = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    target = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=target.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{target.server_address[1]}/"
        reply = get(server, f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}")
        assert reply.status == 403 and "SERVICE is not allowed" in reply.text
        for body in (f"LOAD <{url}data.ttl>", f"LOAD <{url}data.ttl> INTO GRAPH <urn:g>"):
            reply = http("POST", server.url + "/update", body.encode(),
                         {"Content-Type": "application/sparql-update"})
            assert reply.status == 403
        time.sleep(0.5)
        assert hits == []
    finally:
        target.shutdown()
        target.server_close()
