"""Hostile text on the query page and the entity pages, in headless Chromium.

An article whose headline is ``<script>alert(1)</script>`` and whose text names a document
《<img src=x onerror=alert(2)>管理办法》 is built and served; the query page showing them,
the article's page and the document's page are opened in Chromium. The markup must show as
text: no script or image element in the page, no dialog, no script error, and no request
anywhere but the server. (The pages' Content-Security-Policy would stop inline scripts
anyway; the test looks at the DOM, so it fails on missing escaping even with CSP.)
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import query
from kg.serve import Server, start

from ..conftest import HOSTILE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(hostile_build: Path) -> Iterator[tuple[Server, Path]]:
    with start(hostile_build, port=0, workers=1) as server:
        yield server, hostile_build


def visit(browser: Any, server: Server, path: str) -> tuple[Any, dict[str, list[str]], Any]:
    """Open ``path`` on the server; every other request is aborted and recorded."""
    context = browser.new_context()
    page = context.new_page()
    seen: dict[str, list[str]] = {"dialogs": [], "errors": [], "elsewhere": []}

    def route(r: Any) -> None:
        if r.request.url.startswith(server.url + "/"):
            r.continue_()
        else:
            seen["elsewhere"].append(r.request.url)
            r.abort()

    def dialog(d: Any) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    response = page.goto(server.url + path)
    page.wait_for_timeout(300)
    return page, seen, response


def assert_inert(page: Any, seen: dict[str, list[str]]) -> None:
    assert seen == {"dialogs": [], "errors": [], "elsewhere": []}
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
    assert page.evaluate("[...document.querySelectorAll('[onerror], [onload]')].length") == 0


def test_hostile_headline_on_the_query_page_is_text(
        browser: Any, hostile_server: tuple[Server, Path]) -> None:
    server, _ = hostile_server
    q = "SELECT ?article ?headline WHERE { ?article schema:headline ?headline }"
    page, seen, response = visit(browser, server, "/?" + urllib.parse.urlencode({"query": q}))
    assert response.status == 200
    assert_inert(page, seen)
    assert HOSTILE in page.locator("table").inner_text()
    assert page.locator(f"td:has-text({json.dumps(HOSTILE)})").count() >= 1


def test_hostile_query_text_and_error_on_the_query_page_are_text(
        browser: Any, hostile_server: tuple[Server, Path]) -> None:
    server, _ = hostile_server
    page, seen, response = visit(browser, server, "/?" + urllib.parse.urlencode(
        {"query": HOSTILE + '<img src=x onerror=alert(5)>"'}))
    assert response.status == 400
    assert_inert(page, seen)
    assert HOSTILE in page.locator("textarea").input_value()


def test_hostile_headline_and_document_name_on_entity_pages_are_text(
        browser: Any, hostile_server: tuple[Server, Path]) -> None:
    server, build = hostile_server
    article = next(iter(query(build, "SELECT ?a WHERE { ?a schema:headline ?h }")))["a"].value
    document = next(iter(query(build, 'SELECT ?d WHERE { ?d a schema:CreativeWork ; '
                               'schema:name ?n FILTER(CONTAINS(?n, "onerror")) }')))["d"].value
    for iri, shown in ((article, HOSTILE), (document, "<img src=x onerror=alert(2)>管理办法")):
        page, seen, response = visit(browser, server, "/entity?" + urllib.parse.urlencode(
            {"iri": iri}))
        assert response.status == 200, iri
        assert_inert(page, seen)
        assert shown in page.locator("body").inner_text()
