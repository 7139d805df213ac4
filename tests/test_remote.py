"""kg.remote against real servers: Oxigraph (`oxigraph serve`) and `kg serve --allow-update`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import query
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.remote import push, push_graphs, query_remote

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists() and not shutil.which("oxigraph"),
                                reason="the oxigraph server (PyPI `oxigraph`) is not installed")

# Queries whose answers do not depend on how a union default graph treats a triple that
# several graphs state (each DISTINCT, or counting DISTINCT).
SAME = [
    "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name",
    """SELECT ?agency (COUNT(DISTINCT ?article) AS ?n) WHERE {
         ?article schema:mentions ?org . ?org a org:Organization ; schema:name ?agency }
       GROUP BY ?agency ORDER BY DESC(?n) ?agency""",
    """SELECT DISTINCT ?name ?title ?agency WHERE {
         ?post org:member/schema:name ?name ; org:role/skos:prefLabel ?title .
         OPTIONAL { ?post org:organization/schema:name ?agency } } ORDER BY ?name ?title""",
    """SELECT DISTINCT ?exact ?start WHERE { ?ann oa:hasBody ?e ; oa:hasTarget/oa:hasSelector ?q .
         ?q oa:exact ?exact . ?ann oa:hasTarget/oa:hasSelector/oa:start ?start .
         ?e a schema:Person } ORDER BY ?start ?exact""",
    'ASK { ?p schema:name "邢国显" }',
]
# A count of every match: equal only where the default graph holds the union once.
COUNTS = "SELECT (COUNT(*) AS ?n) WHERE { ?p schema:name ?name }"


def rows(result) -> list[tuple[str, ...]] | bool:
    if hasattr(result, "variables"):
        names = [v.value for v in result.variables]
        return [tuple("" if s[n] is None else str(s[n]) for n in names) for s in result]
    return bool(result)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph(tmp: Path, *flags: str) -> Iterator[str]:
    port = free_port()
    binary = str(OXIGRAPH) if OXIGRAPH.exists() else "oxigraph"
    process = subprocess.Popen([binary, "serve", "--location", str(tmp), "--bind",
                                f"127.0.0.1:{port}", *flags],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture()
def union_server(tmp_path: Path) -> Iterator[str]:
    """oxigraph serve --union-default-graph, empty."""
    yield from oxigraph(tmp_path / "ox", "--union-default-graph")


@pytest.fixture()
def plain_server(tmp_path: Path) -> Iterator[str]:
    """oxigraph serve without union mode, empty."""
    yield from oxigraph(tmp_path / "ox")


@pytest.mark.parametrize("endpoint", ["/store", "/update"])
def test_pushed_build_answers_like_the_local_one(seed_build: Path, union_server: str,
                                                 endpoint: str) -> None:
    report = push(seed_build, union_server + endpoint)
    graphs = len(list(query(seed_build, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")))
    assert report.graphs == graphs > 0
    assert report.requests == (graphs if endpoint == "/store" else 1)
    for q in SAME:
        assert rows(query_remote(union_server + "/query", q)) == rows(query(seed_build, q)), q
    # Pushing again replaces each graph rather than adding to it.
    push(seed_build, union_server + endpoint)
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    local = rows(query(seed_build, q))
    assert rows(query_remote(union_server + "/query", q)) == local


def test_union_mode_repeats_shared_triples(seed_build: Path, union_server: str) -> None:
    push(seed_build, union_server + "/store")
    remote = int(rows(query_remote(union_server + "/query", COUNTS))[0][0].split('"')[1])
    local = int(rows(query(seed_build, COUNTS))[0][0].split('"')[1])
    assert remote > local  # documented in docs/stores.md: count DISTINCT there


@pytest.mark.parametrize("endpoint", ["/store", "/update"])
def test_union_pushed_as_default_graph_gives_equal_counts(seed_build: Path, plain_server: str,
                                                          endpoint: str) -> None:
    push(seed_build, plain_server + endpoint, union="default", batch_bytes=50_000)
    for q in [*SAME, COUNTS]:
        assert rows(query_remote(plain_server + "/query", q)) == rows(query(seed_build, q)), q


def test_push_graphs_replaces_and_empties(union_server: str) -> None:
    g = "https://example.org/g"
    push_graphs(union_server + "/update", [(g, '<urn:a> <urn:b> "1" .\n')])
    push_graphs(union_server + "/update", [(g, '<urn:a> <urn:b> "2" .\n')])
    result = rows(query_remote(union_server + "/query", "SELECT ?o WHERE { <urn:a> <urn:b> ?o }"))
    assert result == [('"2"',)]
    push_graphs(union_server + "/store", [(g, "")])
    assert rows(query_remote(union_server + "/query", "ASK { <urn:a> ?p ?o }")) is False


def test_large_graph_split_over_requests(union_server: str) -> None:
    text = "".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(2000))
    report = push_graphs(union_server + "/update", [("https://example.org/big", text)],
                         batch_bytes=10_000)
    assert report.requests > 3
    count = rows(query_remote(union_server + "/query",
                              "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"))
    assert count[0][0].startswith('"2000"')


def test_construct_and_errors(seed_build: Path, union_server: str) -> None:
    push(seed_build, union_server + "/store")
    result = query_remote(union_server + "/query",
                          "CONSTRUCT WHERE { ?p a schema:Person ; schema:name ?n }")
    assert len(list(result)) > 0
    with pytest.raises(QueryError):
        query_remote(union_server + "/query", "SELEC nothing")
    with pytest.raises(StoreError):
        query_remote(f"http://127.0.0.1:{free_port()}/query", "ASK {}")
    with pytest.raises(StoreError, match="Graph Store or an Update"):
        push_graphs(union_server + "/somewhere", [])
    with pytest.raises(StoreError):
        push_graphs(union_server + "/store", [("not an iri", "")])


def test_push_into_kg_serve(seed_build: Path, tmp_path: Path) -> None:
    from kg.serve import start

    target = tmp_path / "target"
    shutil.copytree(seed_build, target)
    with start(target, port=0, workers=1, allow_update=True) as server:
        push_graphs(server.url + "/store", [("https://example.org/pushed",
                                             '<urn:pushed> <urn:p> "x" .\n')])
        push_graphs(server.sparql_url, [("https://example.org/pushed2",
                                         '<urn:pushed> <urn:p> "y" .\n')])
        q = "SELECT ?o WHERE { <urn:pushed> <urn:p> ?o } ORDER BY ?o"
        assert rows(query_remote(server.sparql_url, q)) == [('"x"',), ('"y"',)]
    assert rows(query(target, q)) == [('"x"',), ('"y"',)]


def test_cli_push_and_query_store(seed_build: Path, union_server: str, capsys) -> None:
    assert main(["push", str(seed_build), union_server + "/store"]) == 0
    assert "pushed" in capsys.readouterr().err
    q = "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
    assert main(["query", "--store", union_server + "/query", q, "--format", "csv"]) == 0
    remote = capsys.readouterr().out
    assert main(["query", str(seed_build), q, "--format", "csv"]) == 0
    assert remote == capsys.readouterr().out
    assert main(["query", "--store", union_server + "/query", "SELEC x"]) == 4
    assert "refused" in capsys.readouterr().err


# ---------------------------------------------------------------- Virtuoso, where installed

VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@pytest.fixture()
def virtuoso(tmp_path: Path) -> Iterator[str]:
    """A throwaway Virtuoso (Debian virtuoso-opensource) with SPARQL updates granted."""
    if not VIRTUOSO or not VIRTUOSO_INI.exists() or not shutil.which("isql-vt"):
        pytest.skip("Virtuoso (Debian virtuoso-opensource) is not installed")
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{tmp_path}/")
    ini = ini.replace("ServerPort               = 1111", f"ServerPort = {sql_port}")
    ini = ini.replace("ServerPort                  = 8890", f"ServerPort = {http_port}")
    (tmp_path / "virtuoso.ini").write_text(ini, encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile",
                                str(tmp_path / "virtuoso.ini")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.skip("Virtuoso did not start")
                time.sleep(0.5)
        grants = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
        subprocess.run(["isql-vt", str(sql_port), "dba", "dba", f"exec={grants}"],
                       check=True, capture_output=True, timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", ["/sparql-graph-crud", "/sparql"])
def test_virtuoso(seed_build: Path, virtuoso: str, endpoint: str) -> None:
    union = "https://example.org/kg/union"
    push(seed_build, virtuoso + endpoint, union=union)
    for q in SAME:
        remote = rows(query_remote(virtuoso + "/sparql", q, default_graph=union))
        local = rows(query(seed_build, q))
        # Virtuoso collates Chinese strings its own way: compare ORDER BY results as sets.
        assert (sorted(remote) if isinstance(remote, list) else remote) == \
            (sorted(local) if isinstance(local, list) else local), q
    assert rows(query_remote(virtuoso + "/sparql", COUNTS, default_graph=union)) == \
        rows(query(seed_build, COUNTS))
    # Without a graph named, Virtuoso queries every graph: the union, with repeats.
    assert rows(query_remote(virtuoso + "/sparql", SAME[0])) == rows(query(seed_build, SAME[0]))
