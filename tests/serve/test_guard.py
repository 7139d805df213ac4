"""The lexical fence against SERVICE and LOAD."""

from __future__ import annotations

import pytest

from kg.serve._guard import remote_keyword


@pytest.mark.parametrize("text", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * { sErViCe SILENT <http://x/> { } }",
    "PREFIX : <http://x/> SELECT * { SERVICE:y { } }",
    "SELECT * { ?s ?p ?o SERVICE<http://x/>{} }",
    "SELECT * { ?s ?p ?o .SERVICE ?var {} }",
    'SELECT * { ?s ?p "x"SERVICE <http://x/> {} }',
    r"SELECT * { \u0053ERVICE <http://x/> {} }",
    r"SELECT * { SERVIC\U00000045 <http://x/> {} }",
    "SELECT * {\n# a comment\nSERVICE <http://x/> {} }",
])
def test_service_found(text: str) -> None:
    assert remote_keyword(text) == "SERVICE"


@pytest.mark.parametrize("text", [
    "LOAD <http://x/data.ttl>",
    "load silent <http://x/> into graph <urn:g>",
    "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } } ; LOAD <http://x/>",
])
def test_load_found(text: str) -> None:
    assert remote_keyword(text) == "LOAD"


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { ?service <urn:p> "SERVICE and LOAD" }',
    "SELECT * WHERE { <http://example.org/service/load> ?p ?o }",
    "PREFIX ex: <urn:x#> SELECT * { ?s ex:service ?o ; ex:loader ?l }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://x/>",
    "SELECT * { ?s ?p '''multi\nline SERVICE'''  }",
    "SELECT * { _:service ?p ?o }",
    'SELECT (CONTAINS(?x, "load") AS ?y) { ?s ?p ?x FILTER(?x < 3) }',
])
def test_innocent_text_passes(text: str) -> None:
    assert remote_keyword(text) is None
