"""The HTTP side of ``kg serve``: routing, protocols, pages, and the checks on every request.

The SPARQL 1.1 Protocol, the Graph Store Protocol and the pages share one handler.

Routes::

    /                 the query page (GET; ?query=… runs it)
    /sparql           SPARQL 1.1 Protocol: GET, POST form, POST direct; no query: the
                      service description; update=… when updates are allowed
    /update           SPARQL 1.1 Update (POST; only with allow_update)
    /store            Graph Store Protocol: GET any graph; PUT, POST, DELETE a named
                      graph (only with allow_update)
    /id/…             the page (or, by Accept, the triples) of https://w3id.org/kg/id/…
    /entity?iri=…     the same for any IRI
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from kg import __version__, identity
from kg.graph.store import current_path
from kg.serve import _pages, _tasks
from kg.serve._engine import EndpointError, WorkerPool, _Failure
from kg.serve._formats import GRAPH_TYPES, accepted, choose, dump, rdf_format
from kg.serve._guard import remote_keyword
from kg.serve._local import ProvenQueries
from kg.serve._remote import RemoteEndpoint

__all__ = ["Endpoint", "Settings", "make_server"]

log = logging.getLogger("kg.serve")

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# How long the build's generation pointer is trusted before it is read again; a query
# that fails on a generation replaced meanwhile is retried on the new one.
_GENERATION_TTL = 0.2


@dataclass(frozen=True)
class Settings:
    """How an endpoint behaves; see :func:`kg.serve.serve` for each field."""

    build_dir: Path
    allow_update: bool = False
    allow_remote: bool = False
    timeout: float = 30.0
    update_timeout: float = 300.0
    max_results: int = 100_000
    max_body: int = 16 * 1024 * 1024
    workers: int = 2
    display_rows: int = 1000
    entity_rows: int = 200
    remote: str | None = None  # a remote store's query endpoint, served instead of build_dir


class Endpoint:
    """The worker pools and the operations the HTTP handler calls."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.queries = WorkerPool(settings.workers, offline=not settings.allow_remote)
        self.writer = (WorkerPool(1, offline=not settings.allow_remote, name="update")
                       if settings.allow_update else None)
        self._write_lock = threading.Lock()
        self._generation: tuple[float, Path] | None = None
        self.proven = ProvenQueries(min(0.5, settings.timeout / 10))
        try:
            self.queries.warm(self.generation())
        except BaseException:
            self.close()
            raise

    def generation(self, *, fresh: bool = False) -> Path:
        """The live store generation of the build (read again at most every 0.2 s).

        Args:
            fresh: Read the build's pointer now.

        Raises:
            EndpointError: 503 when the folder no longer holds a build.
        """
        now = time.monotonic()
        cached = self._generation
        if fresh or cached is None or now - cached[0] > _GENERATION_TTL:
            path = current_path(self.settings.build_dir)
            if path is None:
                self._generation = None
                raise EndpointError(503, f"no kg build in {self.settings.build_dir} any more")
            self._generation = cached = (now, path)
        return cached[1]

    def _read(self, task: str, *args: Any) -> Any:
        generation = self.generation()
        try:
            return self.queries.run(task, generation, args, timeout=self.settings.timeout)
        except EndpointError as error:
            # A build (or an update) may have replaced the generation under the query.
            if error.status == 500 and self.generation(fresh=True) != generation:
                return self.queries.run(task, self.generation(), args,
                                        timeout=self.settings.timeout)
            raise

    def query(self, sparql: str, default_graphs: list[str] | None,
              named_graphs: list[str] | None, preferences: list[str]) -> tuple[str, bytes, int]:
        """Run a query; return ``(media type, body, count)``."""
        generation = self.generation()
        args = (sparql, default_graphs, named_graphs, preferences, self.settings.max_results)
        key = self.proven.key(generation, sparql, default_graphs, named_graphs)
        known = self.proven.known(key)  # then its text passed the check below before
        if not known and not self.settings.allow_remote and (
                keyword := remote_keyword(sparql)):
            raise EndpointError(403, f"{keyword} is not allowed on this endpoint (the server "
                                "does not make requests on a client's behalf)",
                                hint="start kg serve with --allow-remote to enable it")
        if known and (store := self.proven.store(generation)) is not None:
            try:
                return _tasks.query(store, *args,
                                    deadline=time.monotonic() + self.settings.timeout)
            except _Failure as failure:
                raise EndpointError(failure.status, str(failure), hint=failure.hint) from None
            except Exception as exc:  # e.g. the generation's files removed: ask a worker
                log.info("in-process query failed, answering it in a worker: %s", exc)
                self.proven.forget(key)
        started = time.monotonic()
        value: tuple[str, bytes, int] = self._read("query", *args)
        self.proven.learn(key, time.monotonic() - started)
        return value

    def graph(self, iri: str | None, preferences: list[str]) -> tuple[str, bytes, int]:
        """Return a graph (None: the default graph) in the preferred format."""
        value: tuple[str, bytes, int] = self._read("graph", iri, preferences,
                                                   self.settings.max_results)
        return value

    def entity(self, candidates: list[str]) -> dict[str, Any] | None:
        """Gather an entity's page data (None when it is not in the store)."""
        value: dict[str, Any] | None = self._read("entity", candidates,
                                                  self.settings.entity_rows)
        return value

    def describe(self, candidates: list[str], preferences: list[str]
                 ) -> tuple[str, bytes, int] | None:
        """Return the triples about an entity (None when it is not in the store)."""
        value: tuple[str, bytes, int] | None = self._read(
            "describe", candidates, preferences, self.settings.max_results)
        return value

    def write(self, task: str, *args: Any) -> Any:
        """Run a write task in the writer process, one at a time.

        Raises:
            EndpointError: 403 when updates are not allowed, 409 when a build holds the
                folder, the task's own errors.
        """
        if self.writer is None:
            raise EndpointError(403, "this endpoint is read-only",
                                hint="start kg serve with --allow-update to accept writes")
        with self._write_lock:
            try:
                return self.writer.run(task, None, (str(self.settings.build_dir), *args),
                                       timeout=self.settings.update_timeout,
                                       wait=self.settings.update_timeout)
            except EndpointError as error:
                if "another kg build is writing" in error.message:
                    raise EndpointError(409, error.message, hint="retry when it has finished"
                                        ) from None
                raise
            finally:
                self._generation = None  # the next read sees what was written

    def update(self, sparql: str) -> str:
        """Apply a SPARQL Update (keeping the default graph the union)."""
        if not self.settings.allow_remote and (keyword := remote_keyword(sparql)):
            raise EndpointError(403, f"{keyword} is not allowed on this endpoint (the server "
                                "does not make requests on a client's behalf)",
                                hint="start kg serve with --allow-remote to enable it")
        message: str = self.write("update", sparql)
        return message

    def close(self) -> None:
        """Stop the workers."""
        self.proven.close()
        self.queries.close()
        if self.writer is not None:
            self.writer.close()


class _Server(ThreadingHTTPServer):
    """One thread a connection, as :class:`ThreadingHTTPServer`, without a hand-over.

    Threads accept connections themselves (leader/followers): the thread whose ``accept``
    returns serves that connection, after making sure another thread waits to accept the
    next one. A request's path has no wake-up of a second thread (each costs a scheduling
    delay, milliseconds on a busy machine); a thread whose connection has ended goes back
    to accepting, and ends when :attr:`max_idle` others already wait.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    max_idle = 16

    def __init__(self, address: tuple[str, int], endpoint: Endpoint | RemoteEndpoint,
                 loopback: bool) -> None:
        self.endpoint = endpoint
        self.loopback = loopback
        self._accepting = 0  # threads waiting in accept()
        self._count_lock = threading.Lock()
        self._stop = threading.Event()
        super().__init__(address, _Handler)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept and serve connections until :meth:`shutdown` or :meth:`server_close`."""
        self._spawn()
        while not self._stop.wait(poll_interval):  # a timeout keeps Ctrl-C responsive
            pass

    def shutdown(self) -> None:
        """Stop accepting; connections being served finish on their own."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # wakes the threads blocked in accept()

    def server_close(self) -> None:
        self.shutdown()
        super().server_close()

    def _spawn(self) -> None:
        with self._count_lock:
            self._accepting += 1
        threading.Thread(target=self._acceptor, daemon=True,
                         name=f"kg-serve-handler-{self.server_address[1]}").start()

    def _acceptor(self) -> None:
        while not self._stop.is_set():
            try:
                request, address = self.socket.accept()
            except OSError as exc:
                if self._stop.is_set():
                    break
                log.warning("accept failed: %s", exc)  # e.g. out of file descriptors
                time.sleep(0.1)
                continue
            with self._count_lock:
                self._accepting -= 1
                lead = self._accepting == 0
            if lead:
                self._spawn()
            self.process_request_thread(request, address)  # serves, then closes
            with self._count_lock:
                if self._accepting >= self.max_idle:
                    return
                self._accepting += 1
        with self._count_lock:
            self._accepting -= 1


class _Server6(_Server):
    address_family = socket.AF_INET6


def make_server(settings: Settings, host: str, port: int) -> _Server:
    """Create (bind) the HTTP server over a new :class:`Endpoint`; the caller serves it.

    Raises:
        OSError: when the address cannot be bound.
    """
    endpoint = RemoteEndpoint(settings) if settings.remote else Endpoint(settings)
    loopback = host in _LOOPBACK_NAMES or host.startswith("127.")
    server_class = _Server6 if ":" in host else _Server
    try:
        server = server_class((host, port), endpoint, loopback)
    except BaseException:
        endpoint.close()
        raise
    return server


def _first(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = f"kg-serve/{__version__}"
    sys_version = ""
    timeout = 60.0  # seconds a connection may idle or dribble
    disable_nagle_algorithm = True  # headers and body leave at once

    # ----------------------------------------------------------------- plumbing

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        self._method = method
        self._html_errors = False  # per request: a kept-alive connection carries on
        try:
            self._route(method)
        except EndpointError as error:
            self._error(error.status, error.message, error.hint)
        except Exception:  # never a traceback to the client
            log.exception("internal error on %s %s", method, self.path)
            self._error(500, "internal server error")

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", _pages.CSP if content_type.startswith(
            "text/html") else "default-src 'none'; frame-ancestors 'none'")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        # Head and body in one write: one wake-up of the client, not two.
        # (send_header collects the head in BaseHTTPRequestHandler's _headers_buffer.)
        buffer: list[bytes] = self._headers_buffer  # type: ignore[attr-defined]
        buffer.append(b"\r\n")
        if self._method != "HEAD" and body:
            buffer.append(body)
        self.flush_headers()

    def _wants_html(self) -> bool:
        preferences = accepted(self.headers.get("Accept"))
        return bool(preferences) and preferences[0] in _HTML_TYPES

    def _error(self, status: int, message: str, hint: str | None = None) -> None:
        text = message + (f" ({hint})" if hint else "")
        if getattr(self, "_html_errors", False) or self._wants_html():
            self._send(status, _pages.error_page(status, text), "text/html; charset=utf-8")
        else:
            self._send(status, (text + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise EndpointError(411, "chunked request bodies are not accepted",
                                hint="send a Content-Length")
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            raise EndpointError(400, "bad Content-Length") from None
        if size < 0 or size > self.server.endpoint.settings.max_body:
            self.close_connection = True
            raise EndpointError(413, f"the request body is larger than "
                                f"{self.server.endpoint.settings.max_body} bytes")
        return self.rfile.read(size)

    def _parse(self, text: str) -> dict[str, list[str]]:
        try:
            return parse_qs(text, keep_blank_values=True, max_num_fields=1000,
                            encoding="utf-8", errors="strict")
        except (ValueError, UnicodeDecodeError) as exc:
            raise EndpointError(400, f"bad parameters: {exc}") from None

    def _host_ok(self) -> bool:
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        return name in _LOOPBACK_NAMES

    def _same_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is None:
            return
        host = self.headers.get("Host", "")
        if urlsplit(origin).netloc.lower() != host.lower():
            raise EndpointError(403, "writes from another origin are refused")

    def _base(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST_RE.match(host):
            address, port = self.server.server_address[:2]
            host = f"{address!s}:{port}"
        return f"http://{host}"

    # ----------------------------------------------------------------- routing

    def _route(self, method: str) -> None:
        if not self._host_ok():
            raise EndpointError(403, "unexpected Host header (this server answers to "
                                "localhost only)")
        parts = urlsplit(self.path)
        path = parts.path or "/"
        segments = unquote(path).split("/")
        if any(s in ("..", ".") for s in segments) or "\\" in path or "\x00" in unquote(path):
            raise EndpointError(404, "not found")
        if method == "OPTIONS":
            self._preflight()
            return
        if path == "/":
            self._allow(method, ("GET", "HEAD"))
            self._html_errors = True
            self._home(self._parse(parts.query))
        elif path == "/sparql":
            self._allow(method, ("GET", "HEAD", "POST"))
            self._sparql(method, self._parse(parts.query))
        elif path == "/update":
            self._allow(method, ("POST",))
            self._update_request(self._parse(parts.query))
        elif path == "/store":
            self._allow(method, ("GET", "HEAD", "PUT", "POST", "DELETE"))
            self._store(method, self._parse(parts.query))
        elif path.startswith("/id/"):
            self._allow(method, ("GET", "HEAD"))
            raw = path[len("/id/"):]
            self._entity(_candidates(raw), self._parse(parts.query))
        elif path == "/entity":
            self._allow(method, ("GET", "HEAD"))
            params = self._parse(parts.query)
            iri = _first(params, "iri")
            if not iri:
                raise EndpointError(400, "give the IRI: /entity?iri=…")
            self._entity([iri], params)
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
        else:
            raise EndpointError(404, "not found")

    def _allow(self, method: str, methods: tuple[str, ...]) -> None:
        if method not in methods:
            raise EndpointError(405, f"{method} is not allowed here; use "
                                + " or ".join(methods))

    def _preflight(self) -> None:
        methods = "GET, HEAD, POST, OPTIONS"
        if self.server.endpoint.settings.allow_update:
            methods += ", PUT, DELETE"
        self._send(204, b"", "text/plain", {
            "Access-Control-Allow-Methods": methods,
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "86400"})

    # ----------------------------------------------------------------- SPARQL protocol

    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "POST":
            params = self._post_params(params)
        queries, updates = params.get("query", []), params.get("update", [])
        if queries and updates:
            raise EndpointError(400, "give either query or update, not both")
        if updates:
            if method != "POST":
                raise EndpointError(400, "updates must be sent with POST")
            self._run_update(updates, params)
            return
        if len(queries) > 1:
            raise EndpointError(400, "give exactly one query")
        if not queries:
            if method == "POST":
                raise EndpointError(400, "no query given")
            self._service_description(params)
            return
        preferences = accepted(self.headers.get("Accept"), params.get("format", []))
        media, body, _ = self.server.endpoint.query(
            queries[0], params.get("default-graph-uri") or None,
            params.get("named-graph-uri") or None, preferences)
        self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})

    def _post_params(self, params: dict[str, list[str]]) -> dict[str, list[str]]:
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        body = self._body()
        if media == "application/x-www-form-urlencoded":
            try:
                form = self._parse(body.decode("ascii"))
            except UnicodeDecodeError:
                raise EndpointError(400, "a form body must be URL-encoded ASCII") from None
            merged = dict(params)
            for key, values in form.items():
                merged[key] = merged.get(key, []) + values
            return merged
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise EndpointError(400, "the body is not UTF-8") from None
        if media == "application/sparql-query":
            return {**params, "query": [text]}
        if media == "application/sparql-update":
            return {**params, "update": [text]}
        raise EndpointError(415, f"unsupported Content-Type {media or '(none)'}",
                            hint="send application/x-www-form-urlencoded, "
                            "application/sparql-query or application/sparql-update")

    def _update_request(self, params: dict[str, list[str]]) -> None:
        if not self.server.endpoint.settings.allow_update:
            raise EndpointError(403, "this endpoint is read-only",
                                hint="start kg serve with --allow-update to accept updates")
        params = self._post_params(params)
        if params.get("query"):
            raise EndpointError(400, "send queries to /sparql")
        self._run_update(params.get("update", []), params)

    def _run_update(self, updates: list[str], params: dict[str, list[str]]) -> None:
        endpoint = self.server.endpoint
        if not endpoint.settings.allow_update:
            raise EndpointError(403, "this endpoint is read-only",
                                hint="start kg serve with --allow-update to accept updates")
        self._same_origin()
        if len(updates) != 1:
            raise EndpointError(400, "give exactly one update")
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise EndpointError(400, "using-graph-uri and using-named-graph-uri are not "
                                "supported", hint="use USING or WITH in the update itself")
        message = endpoint.update(updates[0])
        self._send(200, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _service_description(self, params: dict[str, list[str]]) -> None:
        settings = self.server.endpoint.settings
        base = self._base()
        languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if settings.allow_update else "")
        formats = ", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
            "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
        turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{base}/sparql> a sd:Service ;
    sd:endpoint <{base}/sparql> ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
    dcterms:description "kg serve {__version__}: the default graph is the union of the \
articles' named graphs; each query may run {settings.timeout:g} s and return \
{settings.max_results} rows." ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
        if settings.allow_remote is False:
            turtle = turtle.replace(", sd:BasicFederatedQuery", "")
        preferences = accepted(self.headers.get("Accept"), params.get("format", []))
        media = choose(preferences, GRAPH_TYPES) or "text/turtle"
        body = turtle.encode("utf-8")
        if media != "text/turtle":
            quads = ox.parse(body, format=ox.RdfFormat.TURTLE)
            body = dump([q.triple for q in quads], rdf_format(media))
        self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})

    # ----------------------------------------------------------------- graph store

    def _store(self, method: str, params: dict[str, list[str]]) -> None:
        endpoint = self.server.endpoint
        iri = _first(params, "graph")
        if iri is not None and "default" in params:
            raise EndpointError(400, "give either graph=… or default, not both")
        if method in ("GET", "HEAD"):
            preferences = accepted(self.headers.get("Accept"), params.get("format", []))
            media, body, _ = endpoint.graph(iri, preferences)
            self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})
            return
        if not endpoint.settings.allow_update:
            raise EndpointError(403, "this endpoint is read-only",
                                hint="start kg serve with --allow-update to accept writes")
        self._same_origin()
        if iri is None:
            raise EndpointError(400, "name the graph: /store?graph=IRI (the default graph is "
                                "the union of the named graphs and cannot be written)")
        if method == "DELETE":
            endpoint.write("delete_graph", iri)
            self._send(204, b"", "text/plain")
            return
        body = self._body()
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        created = endpoint.write("put_graph", iri, body, media, method == "POST")
        self._send(201 if created else 204, b"", "text/plain")

    # ----------------------------------------------------------------- pages

    def _home(self, params: dict[str, list[str]]) -> None:
        settings = self.server.endpoint.settings
        query = _first(params, "query")
        outcome: dict[str, Any] | None = None
        if query:
            try:
                media, body, count = self.server.endpoint.query(
                    query, None, None, ["application/sparql-results+json", "text/turtle"])
                if media == "text/turtle":
                    outcome = {"graph": body.decode("utf-8"), "count": count}
                else:
                    outcome = {"json": json.loads(body)}
            except EndpointError as error:
                hint = f" ({error.hint})" if error.hint else ""
                outcome = {"error": error.message + hint, "status": error.status}
        name = settings.remote or settings.build_dir.resolve().name
        page = _pages.query_page(name, query or _pages.EXAMPLES[0][1], outcome,
                                 settings.display_rows)
        status = 200 if outcome is None or "error" not in outcome else int(outcome["status"])
        self._send(status, page, "text/html; charset=utf-8")

    def _entity(self, candidates: list[str], params: dict[str, list[str]]) -> None:
        formats = [f for f in params.get("format", []) if f]
        fmt = formats[0].lower() if formats else None
        preferences = accepted(self.headers.get("Accept"), formats)
        want_html = fmt == "html" or (fmt is None and (
            not preferences or preferences[0] in (*_HTML_TYPES, "*/*")
            or choose(preferences, GRAPH_TYPES) is None))
        endpoint = self.server.endpoint
        if want_html:
            self._html_errors = True
            data = endpoint.entity(candidates)
            if data is None:
                raise EndpointError(404, f"nothing is known about {candidates[0]}")
            self._send(200, _pages.entity_page(data, endpoint.settings.entity_rows),
                       "text/html; charset=utf-8", {"Vary": "Accept"})
            return
        found = endpoint.describe(candidates, preferences)
        if found is None:
            raise EndpointError(404, f"nothing is known about {candidates[0]}")
        media, body, _ = found
        self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})


def _candidates(raw: str) -> list[str]:
    """The IRIs a ``/id/…`` path may stand for (a browser re-encodes what it shows).

    The build's IRIs keep letters and digits (Chinese included) and percent-encode the
    rest (:func:`kg.identity.slug`); a client may send the letters percent-encoded, so each
    segment is decoded and encoded again the way the build encodes it.
    """
    slugged = "/".join(identity.slug(unquote(s)) if s else s for s in raw.split("/"))
    out: list[str] = []
    for rest in (slugged, unquote(raw), raw):
        iri = identity.BASE + rest
        if rest and iri not in out:
            out.append(iri)
    return out
