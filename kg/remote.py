"""External SPARQL stores: push a build's graphs into one, and query one.

A build's articles each live in a named graph; :func:`push` writes every named graph of
a build into a server, replacing the graph there, through either protocol a server offers:

- the SPARQL 1.1 **Graph Store Protocol** — one ``PUT ?graph=IRI`` per article graph
  (Oxigraph ``/store``, Fuseki ``/DATASET/data``, Virtuoso ``/sparql-graph-crud``,
  GraphDB ``/repositories/REPO/rdf-graphs/service``);
- **SPARQL 1.1 Update** — ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``,
  many graphs a request (Oxigraph ``/update``, Fuseki ``/DATASET/update``, Virtuoso
  ``/sparql``, GraphDB ``/repositories/REPO/statements``, ``kg serve --allow-update``).

The protocol is told by the URL's last path segment, or given (``protocol="gsp"`` or
``"update"``). Credentials may ride in the URL (``http://user:pass@host/…``; basic or
digest authentication).

On the server the default graph must show the union of the named graphs, as the local
store's does: Oxigraph ``--union-default-graph``, Fuseki ``tdb2:unionDefaultGraph``;
Virtuoso and GraphDB query every graph when a query names none. Such a union repeats a
triple once for each graph stating it (an entity's name is stated by every article that
mentions it), so counts there differ from the local build's unless counted ``DISTINCT``;
``union="default"`` (or ``union=GRAPH_IRI``) writes the deduplicated union as well, for a
server queried without its union mode (see ``docs/stores.md``).

Examples:
    >>> push("output", "http://127.0.0.1:7878/store")  # doctest: +SKIP
    PushReport(graphs=6, triples=2051, requests=6, seconds=0.1)
    >>> rows = query_remote("http://127.0.0.1:7878/query",  # doctest: +SKIP
    ...                     "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }")
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.graph import PREFIXES
from kg.graph.store import open_store

__all__ = ["PushReport", "push", "push_graphs", "query_remote"]

_GSP_ENDINGS = ("/store", "/data", "/sparql-graph-crud", "/sparql-graph-crud-auth",
                "/rdf-graphs/service", "/service")
_UPDATE_ENDINGS = ("/update", "/statements", "/sparql", "/sparql-auth")
_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "application/n-triples;q=0.9, text/turtle;q=0.8")


@dataclass
class PushReport:
    """What a push did.

    Attributes:
        graphs: Named graphs written.
        triples: Triples sent.
        requests: HTTP requests made.
        seconds: Wall-clock time.
    """

    graphs: int = 0
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0


class _Client:
    """urllib with the URL's credentials split off, and errors as :class:`StoreError`."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not an http(s) URL: {url!r}",
                             hint="give the endpoint, e.g. http://127.0.0.1:7878/store")
        handlers: list[Any] = []
        self.credentials = parts.username is not None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, urllib.parse.urlunsplit(parts), user, password)
            handlers += [urllib.request.HTTPDigestAuthHandler(manager),
                         urllib.request.HTTPBasicAuthHandler(manager)]
        self.url = urllib.parse.urlunsplit(parts)
        self.path = parts.path.rstrip("/")
        self.timeout = timeout
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]
                ) -> tuple[int, str, bytes]:
        """Send a request; return ``(status, content type, body)``; raise on HTTP errors."""
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return (response.status, response.headers.get("Content-Type", ""),
                        response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if exc.code == 400:
                raise QueryError(f"{self.url} refused the request: {detail}") from None
            denied = "permission" in detail.lower() or "security" in detail.lower()
            hint = _hint(403 if denied else exc.code)
            if exc.code == 401 and self.credentials:
                hint = "check the user name and password in the URL"
            raise StoreError(f"{self.url} answered {exc.code} {exc.reason}: {detail}",
                             hint=hint) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach {self.url}: {reason}",
                             hint="is the server running, and is the URL right?") from None


def _hint(status: int) -> str | None:
    return {401: "put the credentials in the URL: http://user:password@host/…",
            403: "the server refuses writes: enable updates for this user "
                 "(Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\")",
            404: "check the endpoint's path (see docs/stores.md)",
            405: "this path does not take that method; is it the right endpoint?",
            413: "the server's request limit is lower: pass a smaller batch_bytes"}.get(status)


def _protocol(path: str, protocol: str | None) -> str:
    if protocol is not None:
        if protocol not in ("gsp", "update"):
            raise StoreError(f"unknown protocol {protocol!r}", hint="use 'gsp' or 'update'")
        return protocol
    if path.endswith(_GSP_ENDINGS):
        return "gsp"
    if path.endswith(_UPDATE_ENDINGS):
        return "update"
    raise StoreError(f"cannot tell whether {path!r} is a Graph Store or an Update endpoint",
                     hint="pass protocol='gsp' or protocol='update'")


def _check_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n\r\t') or ":" not in iri:
        raise StoreError(f"not an absolute IRI: {iri!r}")
    return iri


def push_graphs(url: str, graphs: Iterable[tuple[str, str]], *, protocol: str | None = None,
                batch_bytes: int = 4_000_000, timeout: float = 120.0) -> PushReport:
    """Write named graphs into a SPARQL store, each replacing the graph of that name.

    Args:
        url: The Graph Store endpoint (``…/store``) or the Update endpoint (``…/update``).
        graphs: ``(graph IRI, N-Triples text)`` pairs; an empty text empties the graph.
        protocol: ``"gsp"`` or ``"update"``; by default told from the URL.
        batch_bytes: With Update, how much N-Triples one request carries (graphs are
            grouped up to it; a larger graph is split over several requests).
        timeout: Seconds to wait for each answer.

    Returns:
        What was sent.

    Raises:
        StoreError: when the server cannot be reached or refuses a write.
    """
    started = time.perf_counter()
    client = _Client(url, timeout)
    report = PushReport()
    if _protocol(client.path, protocol) == "gsp":
        for iri, text in graphs:
            target = client.url + ("&" if "?" in client.url else "?") + \
                urllib.parse.urlencode({"graph": _check_iri(iri)})
            client.request("PUT", target, text.encode("utf-8"),
                           {"Content-Type": "text/turtle; charset=utf-8"})
            report.graphs += 1
            report.triples += text.count("\n")
            report.requests += 1
    else:
        for update in _updates(graphs, batch_bytes, report):
            _send_update(client, update)
            report.requests += 1
    report.seconds = time.perf_counter() - started
    return report


def _updates(graphs: Iterable[tuple[str, str]], batch_bytes: int,
             report: PushReport) -> Iterator[str]:
    """Group ``DROP … ; INSERT DATA …`` statements into requests of about ``batch_bytes``."""
    batch: list[str] = []
    size = 0
    for iri, text in graphs:
        graph = f"<{_check_iri(iri)}>"
        report.graphs += 1
        report.triples += text.count("\n")
        chunks = _chunks(text, batch_bytes) or [""]
        for index, chunk in enumerate(chunks):
            statement = f"DROP SILENT GRAPH {graph}" if index == 0 else ""
            if chunk:
                insert = f"INSERT DATA {{ GRAPH {graph} {{\n{chunk}}} }}"
                statement = f"{statement} ;\n{insert}" if statement else insert
            if batch and size + len(statement) > batch_bytes:
                yield " ;\n".join(batch)
                batch, size = [], 0
            batch.append(statement)
            size += len(statement)
    if batch:
        yield " ;\n".join(batch)


# Virtuoso compiles each INSERT DATA into SQL and refuses one of more than 10 000 lines
# ("SP031 … exceeded 10000 lines of code"), which about 2 000 triples reach.
_STATEMENT_TRIPLES = 1000


def _chunks(text: str, limit: int, lines: int = _STATEMENT_TRIPLES) -> list[str]:
    r"""Split N-Triples text at line ends: pieces of about ``limit`` characters, ``lines`` at most.

    Examples:
        >>> _chunks("<a> <b> 1 .\n<a> <b> 2 .\n<a> <b> 3 .\n", 1000, lines=2)
        ['<a> <b> 1 .\n<a> <b> 2 .\n', '<a> <b> 3 .\n']
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end, count = start, 0
        while end < len(text) and count < lines and (end - start < limit or count == 0):
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
            count += 1
        pieces.append(text[start:end])
        start = end
    return pieces


def _send_update(client: _Client, update: str) -> None:
    body = update.encode("utf-8")
    try:
        client.request("POST", client.url, body,
                       {"Content-Type": "application/sparql-update; charset=utf-8"})
    except StoreError as error:
        if "answered 415" not in error.message:
            raise
        form = urllib.parse.urlencode({"update": update}).encode("ascii")
        client.request("POST", client.url, form,
                       {"Content-Type": "application/x-www-form-urlencoded"})


def push(build_dir: str | os.PathLike[str], url: str, *, protocol: str | None = None,
         union: str | None = None, batch_bytes: int = 4_000_000,
         timeout: float = 120.0) -> PushReport:
    """Write every named graph of a build into a SPARQL store (see :func:`push_graphs`).

    Args:
        build_dir: The build folder.
        url: The Graph Store or Update endpoint.
        protocol: ``"gsp"`` or ``"update"``; by default told from the URL.
        union: Also write the union of the graphs (each triple once, as the local default
            graph holds it): ``"default"`` into the server's default graph, or a graph
            IRI into that named graph. None (the default) writes only the article graphs.
        batch_bytes: With Update, about how much one request carries.
        timeout: Seconds to wait for each answer.

    Raises:
        StoreError: when the build or the server fails.
    """
    store = open_store(build_dir)

    def ntriples(graph: Any) -> str:
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        return body.decode("utf-8") if body is not None else ""

    report = push_graphs(url, ((g.value, ntriples(g)) for g in store.named_graphs()),
                         protocol=protocol, batch_bytes=batch_bytes, timeout=timeout)
    if union is not None:
        text = ntriples(ox.DefaultGraph())
        if union != "default":
            extra = push_graphs(url, [(union, text)], protocol=protocol,
                                batch_bytes=batch_bytes, timeout=timeout)
        else:
            extra = _push_default(url, text, protocol, batch_bytes, timeout)
        report.requests += extra.requests
        report.seconds += extra.seconds
    return report


def _push_default(url: str, text: str, protocol: str | None, batch_bytes: int,
                  timeout: float) -> PushReport:
    started = time.perf_counter()
    client = _Client(url, timeout)
    report = PushReport(graphs=1, triples=text.count("\n"))
    if _protocol(client.path, protocol) == "gsp":
        target = client.url + ("&" if "?" in client.url else "?") + "default"
        client.request("PUT", target, text.encode("utf-8"),
                       {"Content-Type": "text/turtle; charset=utf-8"})
        report.requests = 1
    else:
        chunks = _chunks(text, batch_bytes)
        _send_update(client, "DROP SILENT DEFAULT")
        report.requests = 1
        for chunk in chunks:
            _send_update(client, f"INSERT DATA {{\n{chunk}}}")
            report.requests += 1
    report.seconds = time.perf_counter() - started
    return report


def query_remote(url: str, sparql: str, *, timeout: float = 120.0,
                 default_graph: str | None = None) -> Any:
    """Run a query on a SPARQL endpoint; return what :func:`kg.sparql.run_query` returns.

    The prefixes ``kg query`` predeclares are declared for the server too.

    Args:
        url: The query endpoint (Oxigraph ``/query``, Fuseki ``/DATASET/sparql``,
            Virtuoso ``/sparql``, GraphDB ``/repositories/REPO``, ``kg serve`` ``/sparql``).
        sparql: The query.
        timeout: Seconds to wait for the answer.
        default_graph: A graph to query as the default graph (``default-graph-uri``).

    Returns:
        pyoxigraph ``QuerySolutions`` (SELECT), ``QueryBoolean`` (ASK) or ``QueryTriples``
        (CONSTRUCT, DESCRIBE), so :func:`kg.sparql.format_results` prints them.

    Raises:
        QueryError: when the server refuses the query (HTTP 400).
        StoreError: when the server cannot be reached or fails.
    """
    client = _Client(url, timeout)
    fields = {"query": _with_prefixes(sparql)}
    if default_graph is not None:
        fields["default-graph-uri"] = default_graph
    _, content_type, body = client.request(
        "POST", client.url, urllib.parse.urlencode(fields).encode("ascii"),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT})
    media = content_type.split(";")[0].strip().lower()
    results_format = ox.QueryResultsFormat.from_media_type(media)
    try:
        if results_format is not None:
            return ox.parse_query_results(body, format=results_format)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is None:
            raise StoreError(f"{client.url} answered in an unexpected format: {media!r}")
        graph = ox.Store()
        graph.extend(ox.parse(body, format=rdf_format))
        return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except SyntaxError as exc:
        raise StoreError(f"{client.url} answered {media} that does not parse: {exc}") from None


def _with_prefixes(sparql: str) -> str:
    """Prepend the predeclared prefixes the query uses but does not declare."""
    lowered = sparql.lower()
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()
             if f"{name}:" in sparql and f"prefix {name}:" not in lowered]
    return "\n".join([*lines, sparql]) if lines else sparql
