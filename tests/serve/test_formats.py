"""Content negotiation and the results writers."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.serve._formats import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    accepted,
    choose,
    write_boolean,
    write_solutions,
)

TERMS = [ox.NamedNode("https://example.org/a"), ox.Literal("文字, \"quoted\"\nline", language="zh"),
         ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
         ox.BlankNode("b1"), None]


def test_accept_order_and_wildcards() -> None:
    prefs = accepted("text/html, application/xml;q=0.9, */*;q=0.8")
    assert prefs == ["text/html", "application/xml", "*/*"]
    assert choose(prefs, SOLUTION_TYPES) == "application/xml"
    assert choose(prefs, GRAPH_TYPES) == "application/xml"
    assert choose(["text/*"], SOLUTION_TYPES) == "text/csv"
    assert choose(accepted(None), SOLUTION_TYPES) == "application/sparql-results+json"
    assert choose(accepted("image/png"), SOLUTION_TYPES) is None
    assert accepted("text/csv;q=0") == []


def test_sparqlwrapper_format_parameters() -> None:
    assert accepted("*/*", ["json", "json", "json"])[0] == "application/sparql-results+json"
    assert choose(accepted("*/*", ["json"]), GRAPH_TYPES) == "application/ld+json"
    assert choose(accepted("*/*", ["rdf+xml", "application/rdf+xml"]), GRAPH_TYPES) == \
        "application/rdf+xml"
    assert accepted("text/csv", ["something odd"]) == ["text/csv"]


@pytest.mark.parametrize("kind", ["json", "xml", "tsv"])
def test_writers_round_trip(kind: str) -> None:
    body = write_solutions(["a", "b", "c", "d", "e"], [TERMS], kind)
    media = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "tsv": "text/tab-separated-values"}[kind]
    parsed = list(ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(
        media)))
    assert [parsed[0][i] for i in range(5)] == TERMS


def test_csv_writer() -> None:
    body = write_solutions(["a", "b"], [TERMS[:2], [None, TERMS[2]]], "csv").decode()
    assert body.splitlines()[0] == "a,b"
    assert body.startswith('a,b\r\nhttps://example.org/a,"文字, ""quoted""\nline"\r\n,42\r\n')


def test_boolean() -> None:
    assert json.loads(write_boolean(True, "json")) == {"head": {}, "boolean": True}
    parsed = ox.parse_query_results(write_boolean(False, "xml"),
                                    format=ox.QueryResultsFormat.XML)
    assert bool(parsed) is False
