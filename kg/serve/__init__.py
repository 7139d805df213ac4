"""``kg serve``: a build as a SPARQL 1.1 endpoint, with a query page and entity pages.

Start one from Python (it runs until interrupted)::

    from kg.serve import serve
    serve("output", port=7878)

or in the background, as tests and notebooks do::

    from kg.serve import start
    with start("output", port=0) as server:
        print(server.sparql_url)   # http://127.0.0.1:PORT/sparql

What it offers (see ``docs/stores.md``):

- ``/sparql``: the SPARQL 1.1 Protocol — GET, POST form, POST direct; SELECT and ASK as
  JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML
  (by ``Accept`` or ``format=``); ``default-graph-uri`` and ``named-graph-uri`` honoured;
  without a query, the service description. The default graph is the store's, the union
  of the articles' graphs (each triple once).
- ``/``: a query page (no script, nothing loaded from elsewhere) with examples;
  ``/id/…`` and ``/entity?iri=…``: the page of a person, agency, article… with its posts
  and the evidence quoted from the articles, or its triples by content negotiation.
- Limits: each query runs in a worker process and is stopped after ``timeout`` seconds
  (a query a worker answered within a tenth of that, at most 0.5 s, is answered in the
  server's own process afterwards, on the same store generation: :mod:`kg.serve._local`);
  results past ``max_results`` rows are refused (HTTP 422) rather than cut short; request
  bodies past ``max_body`` bytes are refused (413).
- Safety: read-only unless ``allow_update``; ``SERVICE`` and ``LOAD`` refused unless
  ``allow_remote``; bound to 127.0.0.1, answering only to a loopback ``Host`` there;
  writes from another ``Origin`` refused; CORS open for reads; ``nosniff``, CSP,
  ``X-Frame-Options`` on every answer.
- Writes (``allow_update``): SPARQL Update at ``/update`` (or ``update=`` on
  ``/sparql``) and the Graph Store Protocol at ``/store``. Each write makes a new store
  generation, published atomically, and keeps the default graph the union of the named
  graphs; an update that edits the default graph directly is refused (400). The build's
  ``graph.trig`` and ``graph.html`` are not rewritten (``kg export`` reads the store).
- A remote store (``serve("http://host:7878/query")``): the same surface, read-only, each
  query parsed here and answered by the store, its HTTP timeout the time limit
  (:mod:`kg.serve._remote`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from kg.errors import KGError
from kg.graph.store import open_store
from kg.serve._engine import EndpointError, default_workers
from kg.serve._http import Settings, make_server
from kg.serve._remote import is_url
from kg.sparql import query_prefixes

__all__ = ["EndpointError", "Server", "serve", "start"]


class Server:
    """A running endpoint (see :func:`start`).

    Attributes:
        url: The base URL, ``http://HOST:PORT``.
        sparql_url: The SPARQL endpoint, ``url + "/sparql"``.
    """

    def __init__(self, httpd: object, thread: threading.Thread | None) -> None:
        self._httpd = httpd
        self._thread = thread
        host, port = httpd.server_address[:2]  # type: ignore[attr-defined]
        host = f"[{host}]" if ":" in str(host) else host
        self.url = f"http://{host}:{port}"
        self.sparql_url = self.url + "/sparql"

    def close(self) -> None:
        """Stop serving and stop the workers."""
        httpd = self._httpd
        if self._thread is not None:
            httpd.shutdown()  # type: ignore[attr-defined]
            self._thread.join(timeout=10)
        httpd.server_close()  # type: ignore[attr-defined]
        httpd.endpoint.close()  # type: ignore[attr-defined]

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _bind(build: str | os.PathLike[str], host: str, port: int, *, allow_update: bool,
          allow_remote: bool, timeout: float, max_results: int, workers: int | None,
          max_body: int) -> object:
    remote = str(build) if is_url(build) else None
    if remote is None:
        open_store(build)  # a clear StoreError now rather than on the first query
    query_prefixes()  # plugins' prefixes predeclared (and listed on the query page)
    if timeout <= 0 or max_results <= 0 or max_body <= 0:
        raise KGError("the time limit, result limit and body limit must be positive")
    settings = Settings(build_dir=Path("." if remote else build), remote=remote,
                        allow_update=allow_update,
                        allow_remote=allow_remote, timeout=timeout,
                        update_timeout=max(timeout, 300.0), max_results=max_results,
                        max_body=max_body, workers=workers or default_workers())
    try:
        return make_server(settings, host, port)
    except OSError as exc:
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                      hint="choose another --port, or stop what is using it") from None


def start(build: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 0,
          allow_update: bool = False, allow_remote: bool = False, timeout: float = 30.0,
          max_results: int = 100_000, workers: int | None = None,
          max_body: int = 16 * 1024 * 1024) -> Server:
    """Serve a build in a background thread; return the running :class:`Server`.

    Takes the arguments of :func:`serve`; ``port=0`` picks a free port.

    Examples:
        >>> with start("output") as server:  # doctest: +SKIP
        ...     print(server.sparql_url)
        http://127.0.0.1:40123/sparql
    """
    httpd = _bind(build, host, port, allow_update=allow_update, allow_remote=allow_remote,
                  timeout=timeout, max_results=max_results, workers=workers,
                  max_body=max_body)
    thread = threading.Thread(target=httpd.serve_forever,  # type: ignore[attr-defined]
                              kwargs={"poll_interval": 0.2}, daemon=True, name="kg-serve")
    thread.start()
    return Server(httpd, thread)


def serve(build: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 7878,
          allow_update: bool = False, allow_remote: bool = False, timeout: float = 30.0,
          max_results: int = 100_000, workers: int | None = None,
          max_body: int = 16 * 1024 * 1024,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve a build, or a remote SPARQL store, until interrupted (Ctrl-C).

    Args:
        build: The build folder, or the query endpoint of a SPARQL 1.1 store
            (``http(s)://…``, e.g. Oxigraph's ``/query``) served read-only in front of it:
            the same ``/sparql``, query page and entity pages, the queries answered there.
        host: The address to listen on; 127.0.0.1 keeps the endpoint to this machine.
        port: The port (0: a free one).
        allow_update: Accept SPARQL Update and Graph Store writes.
        allow_remote: Let ``SERVICE`` and ``LOAD`` make requests from the server.
        timeout: Seconds a query may run before it is stopped.
        max_results: The most rows (or triples) a result may have.
        workers: Query worker processes (default: the cores, at least 2).
        max_body: The largest request body accepted, in bytes.
        on_ready: Called with the base URL once the server listens.

    Raises:
        StoreError: when ``build`` holds no build, or the store at its URL does not
            answer, or ``allow_update`` is asked for a remote store.
        KGError: when the address cannot be bound.
    """
    httpd = _bind(build, host, port, allow_update=allow_update, allow_remote=allow_remote,
                  timeout=timeout, max_results=max_results, workers=workers,
                  max_body=max_body)
    server = Server(httpd, None)
    if on_ready is not None:
        on_ready(server.url)
    try:
        httpd.serve_forever(poll_interval=0.5)  # type: ignore[attr-defined]
    finally:
        server.close()
