"""Queries that proved cheap in a worker are answered in the server's own process.

The in-process path must give byte-for-byte the answers the workers give, must be taken
only for a query a worker answered quickly on the same store generation, and must leave
everything else (new queries, slow ones, a new generation) to the workers, where the time
limit can stop them.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import current_path
from kg.serve import Server, start
from kg.serve._engine import _Failure
from kg.serve._local import ProvenQueries
from kg.serve._tasks import query as run_query

from .conftest import Reply, http

PERSONS = ("SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } "
           "ORDER BY ?name")
FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]


def get(url: str, q: str, accept: str) -> Reply:
    return http("GET", url + "?" + urllib.parse.urlencode({"query": q}),
                headers={"Accept": accept})


def test_proven_query_answers_like_the_worker_in_every_format_and_without_workers(
        seed_build: Path) -> None:
    with start(seed_build, port=0, workers=1, timeout=5.0) as server:
        endpoint = server._httpd.endpoint  # type: ignore[attr-defined]
        first = {fmt: get(server.sparql_url, PERSONS, fmt) for fmt in FORMATS}
        assert all(reply.status == 200 for reply in first.values())
        key = endpoint.proven.key(endpoint.generation(), PERSONS, None, None)
        assert endpoint.proven.known(key)  # the seed query takes milliseconds
        construct = "CONSTRUCT WHERE { ?p a schema:Person ; schema:name ?n }"
        graph = get(server.sparql_url, construct, "text/turtle")
        # With every worker gone, only the in-process path can answer.
        endpoint.queries.close()
        for fmt in FORMATS:
            again = get(server.sparql_url, PERSONS, fmt)
            assert again.status == 200
            assert again.body == first[fmt].body
            assert again.type == first[fmt].type
        assert get(server.sparql_url, construct, "text/turtle").body == graph.body
        # A query never seen before still needs a worker.
        assert get(server.sparql_url, PERSONS + " LIMIT 1", FORMATS[0]).status in (500, 503)


def test_a_slow_query_is_not_proven_and_stays_in_the_workers(seed_build: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with start(seed_build, port=0, workers=2, timeout=2.0) as server:
        endpoint = server._httpd.endpoint  # type: ignore[attr-defined]
        for _ in range(2):  # stopped by the limit both times: the worker path each time
            started = time.monotonic()
            reply = get(server.sparql_url, runaway, FORMATS[0])
            assert reply.status == 503 and "2 s limit" in reply.text
            assert time.monotonic() - started < 12
        assert not endpoint.proven.known(
            endpoint.proven.key(endpoint.generation(), runaway, None, None))


def test_proof_is_per_generation_text_and_dataset() -> None:
    proven = ProvenQueries(0.1, capacity=2)
    one, two = Path("/b/store/gen-1"), Path("/b/store/gen-2")
    key = proven.key(one, "ASK {}", None, None)
    proven.learn(key, 0.5)  # slower than the threshold
    assert not proven.known(key)
    proven.learn(key, 0.01)
    assert proven.known(key)
    assert not proven.known(proven.key(two, "ASK {}", None, None))
    assert not proven.known(proven.key(one, "ASK {} ", None, None))
    assert not proven.known(proven.key(one, "ASK {}", ["urn:g"], None))
    assert not proven.known(proven.key(one, "ASK {}", None, ["urn:g"]))
    for text in ("ASK { ?s ?p ?o }", "ASK { ?s ?p 1 }"):  # capacity 2: the oldest goes
        proven.learn(proven.key(one, text, None, None), 0.01)
    assert not proven.known(key)
    proven.forget(proven.key(one, "ASK { ?s ?p 1 }", None, None))
    assert not proven.known(proven.key(one, "ASK { ?s ?p 1 }", None, None))


def test_in_process_reading_stops_at_the_deadline(seed_build: Path) -> None:
    store = ox.Store.read_only(str(current_path(seed_build)))
    everything = "SELECT * WHERE { ?s ?p ?o }"
    media, _body, rows = run_query(store, everything, None, None, ["text/csv"], 10**7,
                                   deadline=time.monotonic() + 60)
    assert rows > 256 and media == "text/csv"
    with pytest.raises(_Failure) as failure:
        run_query(store, everything, None, None, ["text/csv"], 10**7,
                  deadline=time.monotonic() - 1)
    assert failure.value.status == 503 and "time limit" in str(failure.value)


def test_a_new_generation_is_queried_by_the_workers_first(
        writable: tuple[Server, Path]) -> None:
    running, _ = writable
    endpoint = running._httpd.endpoint  # type: ignore[attr-defined]
    q = "SELECT ?o WHERE { <urn:kg-test:local> <urn:kg-test:p> ?o }"
    assert get(running.sparql_url, q, "text/csv").text.strip() == "o"
    assert get(running.sparql_url, q, "text/csv").status == 200  # proven now
    reply = http("POST", running.url + "/update",
                 b"INSERT DATA { GRAPH <urn:kg-test:g> { <urn:kg-test:local> <urn:kg-test:p> 1 } }",
                 {"Content-Type": "application/sparql-update"})
    assert reply.status == 200, reply.text
    assert get(running.sparql_url, q, "text/csv").text.split() == ["o", "1"]
    generation = endpoint.generation(fresh=True)
    assert endpoint.proven.known(endpoint.proven.key(generation, q, None, None))


def test_handler_threads_are_reused(seed_build: Path) -> None:
    with start(seed_build, port=0, workers=1) as server:
        port = server.url.rsplit(":", 1)[1]

        def handlers() -> int:
            return sum(t.name == f"kg-serve-handler-{port}" for t in threading.enumerate())

        for _ in range(30):
            assert http("GET", server.url + "/favicon.ico").status == 204
        assert handlers() <= 4  # not one thread per connection
