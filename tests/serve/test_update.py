"""Writes with --allow-update: SPARQL Update and the Graph Store Protocol."""

from __future__ import annotations

import json
import time
import urllib.parse

import pyoxigraph as ox

from kg import query
from kg.graph.store import current_path

from .conftest import http

UPDATE = {"Content-Type": "application/sparql-update"}
G = "https://example.org/graph/1"


def ask(running, q: str) -> bool:
    url = running.sparql_url + "?" + urllib.parse.urlencode({"query": q})
    reply = http("GET", url, headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    return bool(json.loads(reply.body)["boolean"])


def update(running, text: str, path: str = "/update"):
    return http("POST", running.url + path, text.encode(), UPDATE)


def test_update_keeps_the_default_graph_the_union(writable) -> None:
    running, build = writable
    before = current_path(build)
    reply = update(running, f'INSERT DATA {{ GRAPH <{G}> {{ <urn:x> <urn:p> "v" }} }}')
    assert reply.status == 200, reply.text
    assert current_path(build) != before  # a new generation, published
    assert ask(running, 'ASK { <urn:x> <urn:p> "v" }')  # seen in the default graph
    assert bool(query(build, 'ASK { <urn:x> <urn:p> "v" }'))  # and by kg query
    # A triple two graphs state stays in the union until both are gone.
    assert update(running, f'INSERT DATA {{ GRAPH <{G}2> {{ <urn:x> <urn:p> "v" }} }}'
                  ).status == 200
    assert update(running, f"DROP GRAPH <{G}>").status == 200
    assert ask(running, 'ASK { <urn:x> <urn:p> "v" }')
    assert update(running, f"DROP GRAPH <{G}2>").status == 200
    assert not ask(running, 'ASK { <urn:x> <urn:p> "v" }')


def test_update_on_sparql_with_form(writable) -> None:
    running, _ = writable
    body = urllib.parse.urlencode(
        {"update": f"INSERT DATA {{ GRAPH <{G}/form> {{ <urn:y> <urn:p> 1 }} }}"}).encode()
    reply = http("POST", running.sparql_url, body,
                 {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 200, reply.text
    assert ask(running, "ASK { <urn:y> <urn:p> 1 }")


def test_direct_writes_to_the_default_graph_refused(writable) -> None:
    running, build = writable
    before = current_path(build)
    reply = update(running, 'INSERT DATA { <urn:z> <urn:p> "v" }')
    assert reply.status == 400 and "union of the named graphs" in reply.text
    me = "https://w3id.org/kg/id/person/邢国显/内蒙古自治区"
    name = f"<{me}> <https://schema.org/name> \"邢国显\""
    reply = update(running, f"DELETE DATA {{ {name} }}")
    assert reply.status == 400
    assert current_path(build) == before  # nothing published
    assert not ask(running, "ASK { <urn:z> ?p ?o }")
    assert ask(running, f"ASK {{ {name} }}")


def test_malformed_update_is_400(writable) -> None:
    running, _ = writable
    reply = update(running, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> }")
    assert reply.status == 400 and "malformed SPARQL" in reply.text


def test_graph_store_protocol(writable) -> None:
    running, build = writable
    store = running.url + "/store?" + urllib.parse.urlencode({"graph": G + "/gsp"})
    turtle = {"Content-Type": "text/turtle"}
    reply = http("PUT", store, b'<urn:s> <urn:p> "one" .', turtle)
    assert reply.status == 201
    reply = http("PUT", store, b'<urn:s> <urn:p> "two" .', turtle)
    assert reply.status == 204
    assert not ask(running, 'ASK { <urn:s> <urn:p> "one" }')
    assert ask(running, 'ASK { <urn:s> <urn:p> "two" }')
    reply = http("POST", store, b'<urn:s> <urn:p> "three" .', turtle)
    assert reply.status == 204
    reply = http("GET", store, headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and reply.type == "application/n-triples"
    objects = sorted(t.object.value for t in ox.parse(reply.body,
                                                      format=ox.RdfFormat.N_TRIPLES))
    assert objects == ["three", "two"]
    assert http("DELETE", store).status == 204
    assert http("DELETE", store).status == 404
    assert not ask(running, "ASK { <urn:s> ?p ?o }")
    assert http("GET", store).status == 404
    # The default graph is derived, not written.
    default = running.url + "/store?default"
    assert http("PUT", default, b"<urn:s> <urn:p> 1 .", turtle).status == 400
    assert http("GET", default, headers={"Accept": "text/turtle"}).status == 200
    # Bad bodies.
    assert http("PUT", store, b"<urn:s> <urn:p> .", turtle).status == 400
    assert http("PUT", store, b"x", {"Content-Type": "application/trig"}).status == 415
    assert current_path(build) is not None


def test_cross_origin_writes_refused(writable) -> None:
    running, _ = writable
    text = f'INSERT DATA {{ GRAPH <{G}/origin> {{ <urn:o> <urn:p> "v" }} }}'
    reply = http("POST", running.url + "/update", text.encode(),
                 {**UPDATE, "Origin": "http://evil.example"})
    assert reply.status == 403
    host = running.url.split("//")[1]
    reply = http("POST", running.url + "/update", text.encode(),
                 {**UPDATE, "Origin": f"http://{host}"})
    assert reply.status == 200


def test_updates_are_refused_on_get(writable) -> None:
    running, _ = writable
    url = running.sparql_url + "?" + urllib.parse.urlencode(
        {"update": f"DROP GRAPH <{G}>"})
    assert http("GET", url).status == 400


def test_server_follows_a_new_build_generation(writable, seed_path) -> None:
    running, build = writable
    from kg.graph.store import replace_graph, write_generation

    with write_generation(build) as generation:
        replace_graph(generation.store, ox.NamedNode(G + "/built"),
                      '<urn:new> <urn:p> "built" .\n')
    deadline = time.monotonic() + 5  # the server reads the build's pointer every 0.2 s
    while not ask(running, 'ASK { <urn:new> <urn:p> "built" }'):
        assert time.monotonic() < deadline
        time.sleep(0.1)
