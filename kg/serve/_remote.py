"""``kg serve URL``: the endpoint and pages in front of an external SPARQL store.

The pages and the protocol code run their queries on a *store*: in a worker process that
is a read-only pyoxigraph store (:mod:`kg.serve._tasks`). :class:`RemoteStore` is that
seam for a remote server: it answers the few store methods the tasks call
(``query``, ``quads_for_pattern``, ``contains_named_graph``) by sending SPARQL to the
server's query endpoint, so :class:`RemoteEndpoint` runs the very same tasks — the query
page, the entity pages, the SPARQL Protocol with its formats and result limit — in the
server's own threads (nothing is evaluated here, so no worker is needed).

A query is first parsed here (pyoxigraph, over an empty store), so a malformed one is
answered 400 with the parser's message and ``SERVICE`` is refused as for a local build;
then it is sent with the predeclared prefixes it uses and the request's ``default-graph-uri`` /
``named-graph-uri``; the answer (SPARQL JSON or XML, N-Triples or Turtle) is read, held to
the result-size limit and written in the format the client asked for. The time limit is
the HTTP timeout to the server (503). Serving a remote store is read-only.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.remote import _Client
from kg.serve import _tasks
from kg.serve._engine import EndpointError, _Failure
from kg.serve._guard import remote_keyword

if TYPE_CHECKING:
    from kg.serve._http import Settings

__all__ = ["RemoteEndpoint", "RemoteStore", "is_url"]

_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "application/n-triples;q=0.9, text/turtle;q=0.8")
_VARIABLES = ("?s", "?p", "?o")


def is_url(target: object) -> bool:
    """True when ``target`` names a server (``http://`` or ``https://``), not a folder.

    Examples:
        >>> is_url("http://127.0.0.1:7878/query"), is_url("output")
        (True, False)
    """
    return isinstance(target, str) and target.lower().startswith(("http://", "https://"))


class RemoteStore:
    """The store methods :mod:`kg.serve._tasks` uses, answered by a SPARQL endpoint.

    Args:
        url: The server's query endpoint (Oxigraph ``/query``, Fuseki ``/DATASET/sparql``,
            Virtuoso ``/sparql``, GraphDB ``/repositories/REPO``).
        timeout: Seconds to wait for the server (each read of the answer).
        max_bytes: The largest answer read from the server.

    Raises:
        StoreError: when ``url`` is not an http(s) URL.
    """

    def __init__(self, url: str, timeout: float, max_bytes: int) -> None:
        self._client = _Client(url, timeout)
        self.url = self._client.url
        self.timeout = timeout
        self.max_bytes = max_bytes

    def query(self, sparql: str, prefixes: dict[str, str] | None = None,
              default_graph: Sequence[Any] | None = None,
              named_graphs: Sequence[Any] | None = None) -> Any:
        """Run a query on the server; return what ``pyoxigraph.Store.query`` returns.

        SELECT gives ``QuerySolutions``, ASK ``QueryBoolean``, CONSTRUCT and DESCRIBE a
        list of ``Triple``.

        Raises:
            SyntaxError: when the query does not parse.
            _Failure: 503 when the server does not answer in time, 502 when it cannot be
                reached or fails, 400 when it refuses the query, 422 past ``max_bytes``.
        """
        options: dict[str, Any] = {}
        if default_graph is not None:
            options["default_graph"] = list(default_graph)
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        ox.Store().query(sparql, prefixes=prefixes, **options)  # parses it (or raises)
        lowered = sparql.lower()
        declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items()
                           if f"{name}:" in sparql and f"prefix {name}:" not in lowered)
        fields: list[tuple[str, str]] = [("query", declared + sparql)]
        fields += [("default-graph-uri", g.value) for g in default_graph or ()]
        fields += [("named-graph-uri", g.value) for g in named_graphs or ()]
        media, body = self._post(urllib.parse.urlencode(fields).encode("ascii"))
        results_format = ox.QueryResultsFormat.from_media_type(media)
        try:
            if results_format is not None:
                return ox.parse_query_results(body, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise _Failure(502, f"{self.url} answered in an unexpected format: {media!r}")
            return [quad.triple for quad in ox.parse(body, format=rdf_format)]
        except SyntaxError as exc:
            raise _Failure(502, f"{self.url} answered {media} that does not parse: {exc}"
                           ) from None

    def quads_for_pattern(self, subject: Any, predicate: Any, obj: Any,
                          graph: Any = None) -> list[ox.Quad]:
        """The quads matching a pattern in ``graph`` (the default graph or a named one)."""
        pattern = " ".join(v if t is None else str(t)
                           for t, v in zip((subject, predicate, obj), _VARIABLES, strict=True))
        where = pattern if graph is None or isinstance(graph, ox.DefaultGraph) \
            else f"GRAPH {graph} {{ {pattern} }}"
        name = ox.DefaultGraph() if graph is None else graph
        triples = self.query(f"CONSTRUCT {{ {pattern} }} WHERE {{ {where} }}")
        return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]

    def contains_named_graph(self, graph: Any) -> bool:
        """True when the server holds a non-empty graph of that name."""
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def _post(self, form: bytes) -> tuple[str, bytes]:
        request = urllib.request.Request(self.url, data=form, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT})
        try:
            with self._client.opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                media = response.headers.get("Content-Type", "").split(";")[0]
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()[:500]
            if exc.code == 400:
                raise _Failure(400, f"the store refused the query: {detail}") from None
            raise _Failure(502, f"the store at {self.url} answered {exc.code} {exc.reason}: "
                           f"{detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
                raise _Failure(503, f"the store at {self.url} did not answer within the "
                               f"{self.timeout:g} s limit",
                               "narrow the query down, or ask for a longer --timeout") from None
            raise _Failure(502, f"cannot reach the store at {self.url}: {reason}",
                           "is the server running?") from None
        if len(body) > self.max_bytes:
            raise _Failure(422, f"the store's answer is larger than {self.max_bytes} bytes "
                           "(the server's limit)", "add LIMIT and OFFSET to page through it")
        return media.strip().lower(), body


class RemoteEndpoint:
    """What the HTTP handler calls, for a remote store (the local one: ``Endpoint``).

    Args:
        settings: ``settings.remote`` is the store's query endpoint; ``allow_update``
            must be off.

    Raises:
        KGError: when updates are asked for, or the store does not answer a first query.
    """

    def __init__(self, settings: Settings) -> None:
        if settings.allow_update:
            raise StoreError("--allow-update is not available when serving a remote store",
                             hint="send updates to the store's own update endpoint "
                             "(or `kg push`)")
        assert settings.remote is not None
        self.settings = settings
        # Answers as large as a local build's limit allows: about 4 kB a row at most.
        self.store = RemoteStore(settings.remote, settings.timeout,
                                 max(64 * 1024 * 1024, settings.max_results * 4096))
        try:
            self.store.query("ASK {}")
        except _Failure as failure:
            raise StoreError(str(failure), hint=failure.hint) from None

    def _run(self, task: Any, *args: Any) -> Any:
        try:
            return task(self.store, *args)
        except _Failure as failure:
            raise EndpointError(failure.status, str(failure), hint=failure.hint) from None
        except SyntaxError as exc:
            raise EndpointError(400, f"malformed SPARQL: {exc}") from None

    def query(self, sparql: str, default_graphs: list[str] | None,
              named_graphs: list[str] | None, preferences: list[str]) -> tuple[str, bytes, int]:
        """Run a query; return ``(media type, body, count)``."""
        if not self.settings.allow_remote and (keyword := remote_keyword(sparql)):
            raise EndpointError(403, f"{keyword} is not allowed on this endpoint (the server "
                                "does not make requests on a client's behalf)",
                                hint="start kg serve with --allow-remote to enable it")
        value: tuple[str, bytes, int] = self._run(
            _tasks.query, sparql, default_graphs, named_graphs, preferences,
            self.settings.max_results)
        return value

    def graph(self, iri: str | None, preferences: list[str]) -> tuple[str, bytes, int]:
        """Return a graph (None: the default graph) in the preferred format."""
        value: tuple[str, bytes, int] = self._run(_tasks.graph, iri, preferences,
                                                  self.settings.max_results)
        return value

    def entity(self, candidates: list[str]) -> dict[str, Any] | None:
        """Gather an entity's page data (None when it is not in the store)."""
        value: dict[str, Any] | None = self._run(_tasks.entity, candidates,
                                                 self.settings.entity_rows)
        return value

    def describe(self, candidates: list[str], preferences: list[str]
                 ) -> tuple[str, bytes, int] | None:
        """Return the triples about an entity (None when it is not in the store)."""
        value: tuple[str, bytes, int] | None = self._run(
            _tasks.describe, candidates, preferences, self.settings.max_results)
        return value

    def write(self, task: str, *args: Any) -> Any:
        """Refused: a remote store is served read-only."""
        raise EndpointError(403, "this endpoint is read-only (it serves a remote store)",
                            hint="send writes to the store's own endpoints")

    def update(self, sparql: str) -> str:
        """Refused: a remote store is served read-only."""
        return str(self.write("update", sparql))

    def close(self) -> None:
        """Nothing to stop (no worker processes)."""
