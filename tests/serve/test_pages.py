"""The query page and the entity pages: content, content negotiation, escaping."""

from __future__ import annotations

import html
import re
import urllib.parse

import pyoxigraph as ox
import pytest

from kg.serve import Server
from kg.serve._pages import EXAMPLES

from .conftest import http

PERSON = "/id/person/" + urllib.parse.quote("邢国显/内蒙古自治区")  # name/region of the posts
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def page(server: Server, path: str, **params: str):
    url = server.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
    return http("GET", url, headers={"Accept": "text/html"})


def test_query_page_is_self_contained(server: Server) -> None:
    reply = page(server, "/")
    assert reply.status == 200 and reply.type == "text/html"
    text = reply.text
    assert "<textarea" in text and "<form" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing from elsewhere
    assert "<script" not in text
    for title, _ in EXAMPLES:
        assert html.escape(title, quote=True) in text
    csp = reply.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp


@pytest.mark.parametrize(("title", "text"), EXAMPLES)
def test_examples_run_on_the_seed(server: Server, title: str, text: str) -> None:
    reply = page(server, "/", query=text)
    assert reply.status == 200, title
    assert 'class="error"' not in reply.text
    rows = re.search(r"(\d+) rows?", reply.text)
    assert rows and int(rows.group(1)) > 0, title


def test_results_table_and_downloads(server: Server) -> None:
    q = "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
    text = page(server, "/", query=q).text
    assert "邢国显" in text
    assert f'href="{PERSON}"' in text  # IRIs link to their pages
    links = re.findall(r'href="(/sparql\?[^"]+)"', text)
    formats = {urllib.parse.parse_qs(html.unescape(link).split("?", 1)[1])["format"][0]
               for link in links}
    assert formats == {"json", "xml", "csv", "tsv"}
    for link in links:
        assert http("GET", server.url + html.unescape(link)).status == 200


def test_query_page_shows_errors(server: Server) -> None:
    reply = page(server, "/", query="SELECT nonsense")
    assert reply.status == 400 and 'class="error"' in reply.text
    reply = page(server, "/", query="CONSTRUCT WHERE { ?p a schema:Person }")
    assert reply.status == 200 and "<pre>" in reply.text


def test_person_page(server: Server) -> None:
    reply = page(server, PERSON)
    assert reply.status == 200 and reply.type == "text/html"
    text = reply.text
    assert "<h2>邢国显</h2>" in text
    assert "副厅长" in text and "内蒙古自治区应急管理厅" in text  # posts
    assert "<mark>邢国显</mark>" in text  # evidence quoted from the article
    assert "Evidence" in text


def test_agency_page(server: Server) -> None:
    reply = page(server, "/id/org/" + urllib.parse.quote("内蒙古自治区应急管理厅"))
    assert reply.status == 200
    assert "People holding posts here" in reply.text and "邢国显" in reply.text


def test_raw_chinese_path_and_entity_query(server: Server) -> None:
    iri = "https://w3id.org/kg/id/person/邢国显/内蒙古自治区"
    assert page(server, "/entity", iri=iri).status == 200
    raw = ("/id/person/%E9%82%A2%E5%9B%BD%E6%98%BE"
           "/%E5%86%85%E8%92%99%E5%8F%A4%E8%87%AA%E6%B2%BB%E5%8C%BA")
    assert page(server, raw).status == 200


def test_turtle_by_content_negotiation(server: Server) -> None:
    reply = http("GET", server.url + PERSON, headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.type == "text/turtle"
    assert reply.headers["Vary"] == "Accept"
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)]
    me = ox.NamedNode("https://w3id.org/kg/id/person/邢国显/内蒙古自治区")
    assert ox.Triple(me, ox.NamedNode("https://schema.org/name"), ox.Literal("邢国显")) in triples
    assert any(t.object == me for t in triples)  # posts point at the person
    reply = http("GET", server.url + PERSON + "?format=nt")
    assert reply.type == "application/n-triples"


def test_unknown_entity_is_404(server: Server) -> None:
    assert page(server, "/id/person/nobody").status == 404
    assert http("GET", server.url + "/id/person/nobody",
                headers={"Accept": "text/turtle"}).status == 404
    assert page(server, "/entity", iri="not an iri").status in (400, 404)


def test_hostile_data_is_escaped(writable) -> None:
    running, _ = writable
    iri = "https://w3id.org/kg/id/person/hostile"
    literal = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    update = (f'INSERT DATA {{ GRAPH <https://example.org/hostile> {{ <{iri}> '
              f'a <https://schema.org/Person> ; <https://schema.org/name> "{literal}" ; '
              f'<https://schema.org/url> <https://example.org/a"onmouseover="x> }} }}')
    assert http("POST", running.url + "/update", update.encode(),
                {"Content-Type": "application/sparql-update"}).status == 400  # bad IRI
    update = update.replace(' ; <https://schema.org/url> <https://example.org/a"onmouseover="x>',
                            ' ; <https://schema.org/url> <https://example.org/a?b=<x>')
    update = update.replace("<https://example.org/a?b=<x>", "<https://example.org/a?b=%3Cx%3E>")
    reply = http("POST", running.url + "/update", update.encode(),
                 {"Content-Type": "application/sparql-update"})
    assert reply.status == 200, reply.text
    q = f"SELECT ?name WHERE {{ <{iri}> schema:name ?name }}  # {HOSTILE}"
    for reply in (page(running, "/", query=q), page(running, "/id/person/hostile"),
                  page(running, "/", query=HOSTILE)):
        assert reply.status in (200, 400)
        assert "<script>" not in reply.text and "<img" not in reply.text
        assert "&lt;script&gt;" in reply.text
