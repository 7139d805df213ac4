"""Queries answered in worker processes, each with a time limit that really stops them.

pyoxigraph releases the GIL while it evaluates (measured here: a trivial ASK answers in
0.2 ms median while an 18 s query runs in another thread), so threads would keep the
server responsive, but a thread cannot be stopped: a runaway query would burn a core until
it finished. Each query therefore runs in one of a few worker processes that hold the
store open read-only; a query that outlives its limit has its worker killed and replaced,
and the other workers go on answering. The parent sends each job the live store
generation, so a worker reopens the store when ``kg build`` (or an update) publishes a
new one.

Writes (``--allow-update``) run one at a time in a separate writer process, each into a
new store generation (:func:`kg.graph.store.write_generation`), so a failed, refused or
killed write leaves the build as it was.

Workers drop their network access at start where the platform lets an unprivileged
process do so (a new user and network namespace on Linux): with ``SERVICE`` and ``LOAD``
already refused by :mod:`kg.serve._guard`, this is a second fence against the server
being made to fetch URLs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import QueryError

__all__ = ["EndpointError", "WorkerPool", "default_workers"]

log = logging.getLogger("kg.serve")


class EndpointError(QueryError):
    """A request the endpoint answers with an HTTP error status.

    Args:
        status: The HTTP status (400 malformed, 403 refused, 406 not acceptable, 413 body
            too large, 422 result too large, 503 time limit or busy…).
        message: What went wrong, in one sentence.
        hint: What the client can do about it.
    """

    def __init__(self, status: int, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


# -------------------------------------------------------------------- in the workers

class _Failure(Exception):
    """Raised inside a worker; becomes an :class:`EndpointError` in the parent."""

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.hint = hint


_CLONE_NEWUSER = 0x10000000
_START_TIMEOUT = 120.0  # seconds a new worker may take to start
_CLONE_NEWNET = 0x40000000


def _drop_network() -> bool:
    """Move this (single-threaded) process into empty user and network namespaces."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server that started it is gone, even mid-query."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _worker_main(conn: Connection, offline: bool) -> None:
    """Serve jobs from ``conn`` until it closes.

    A job is ``(task, generation, args)``; the reply ``("ok", value)`` or
    ``("err", status, message, hint)``.
    """
    if offline:
        _drop_network()  # before any thread starts: unshare needs a single thread
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True,
                     name="kg-serve-orphan-watch").start()
    from kg.serve import _tasks

    try:
        conn.send(("ready",))  # imports done: the parent hands out jobs from now on
    except (OSError, ValueError):
        return
    store: Any = None
    opened: str | None = None
    while True:
        try:
            task, generation, args = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if generation is not None and generation != opened:
                import pyoxigraph as ox

                store, opened = None, None  # a failed open leaves nothing open
                store = ox.Store.read_only(generation)
                opened = generation
            value = _tasks.TASKS[task](store, *args)
            reply: tuple[Any, ...] = ("ok", value)
        except _Failure as failure:
            reply = ("err", failure.status, str(failure), failure.hint)
        except SyntaxError as exc:
            reply = ("err", 400, f"malformed SPARQL: {exc}", None)
        except Exception as exc:  # reported to the client, the worker lives on
            reply = ("err", 500, f"{type(exc).__name__}: {exc}", None)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


# -------------------------------------------------------------------- in the parent

class _Worker:
    """A worker: ``python -m kg.serve._worker FD`` talking over a socket pair.

    A fresh interpreter rather than a ``multiprocessing`` child: those re-import the
    caller's ``__main__`` (a script or notebook without a ``__main__`` guard would start
    a server in every worker), and a fork of a threaded server is unsafe.
    """

    def __init__(self, offline: bool) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH"))
                                            if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.serve._worker", str(theirs.fileno()),
                 "offline" if offline else "online"],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env,
                close_fds=True)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    def ready(self, timeout: float) -> bool:
        """Wait until the worker has started (imported what it needs); False if it did not."""
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class WorkerPool:
    """Worker processes that run :mod:`kg.serve._tasks` with a time limit.

    Args:
        size: How many workers (how many jobs run at once).
        offline: Drop the workers' network access (unless ``SERVICE``/``LOAD`` are allowed).
        name: What the workers do, for messages ("query", "write").
    """

    def __init__(self, size: int, *, offline: bool = True, name: str = "query") -> None:
        self._offline = offline
        self._name = name
        self._size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(self._offline) for _ in range(self._size)]
        for worker in started:  # all start at once, then each is waited for
            self._enlist(worker)

    def _add(self) -> None:
        self._enlist(_Worker(self._offline))

    def _enlist(self, worker: _Worker) -> None:
        """Hand jobs to ``worker`` once it is ready.

        A worker's start (a fresh interpreter importing pyoxigraph and kg) takes a second
        or more on a busy machine; were that counted against its first job's time limit,
        a replacement for a stopped worker could itself be stopped before it ever ran.
        """
        with self._lock:
            closed = self._closed
            if not closed:
                self._all.add(worker)
        if closed or not worker.ready(_START_TIMEOUT):
            if not closed:
                log.warning("a %s worker did not start within %g s", self._name,
                            _START_TIMEOUT)
            with self._lock:
                self._all.discard(worker)
            worker.stop()
            return
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        if not self._closed:
            threading.Thread(target=self._add, daemon=True, name="kg-serve-respawn").start()

    def run(self, task: str, generation: Path | None, args: Sequence[Any], *,
            timeout: float, wait: float | None = None) -> Any:
        """Run ``task(store, *args)`` in a worker and return its value.

        Args:
            task: A name in :data:`kg.serve._tasks.TASKS`.
            generation: The store generation to query (None: the task opens nothing).
            args: The task's arguments (picklable).
            timeout: Seconds the task may run; past them its worker is killed.
            wait: Seconds to wait for a free worker (default: ``timeout``).

        Raises:
            EndpointError: the task's own error, 503 when it ran out of time or no
                worker came free, 500 when the worker died.
        """
        try:
            worker = self._idle.get(timeout=timeout if wait is None else wait)
        except queue.Empty:
            raise EndpointError(503, f"all {self._size} {self._name} workers are busy",
                                hint="retry later") from None
        healthy = False
        try:
            worker.conn.send((task, None if generation is None else str(generation),
                              tuple(args)))
            if not worker.conn.poll(timeout):
                raise EndpointError(
                    503, f"the {self._name} ran longer than the {timeout:g} s limit and was "
                    "stopped", hint="narrow it down, or ask for a longer --timeout")
            reply = worker.conn.recv()
            healthy = True
        except (EOFError, OSError) as exc:
            raise EndpointError(500, f"the {self._name} worker died ({exc or 'no reply'})",
                                hint="the query may need more memory than the machine has"
                                ) from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if reply[0] == "ok":
            return reply[1]
        _, status, message, hint = reply
        raise EndpointError(status, message, hint=hint)

    def warm(self, generation: Path | None, timeout: float = 60.0) -> None:
        """Have every worker open ``generation`` now rather than on its first query."""
        workers: list[_Worker] = []
        try:
            for _ in range(self._size):
                workers.append(self._idle.get(timeout=timeout))
            for worker in workers:
                worker.conn.send(("ping", None if generation is None else str(generation), ()))
            for worker in workers:
                if worker.conn.poll(timeout):
                    reply = worker.conn.recv()
                    if reply[0] != "ok":
                        raise EndpointError(reply[1], reply[2], hint=reply[3])
        finally:
            for worker in workers:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


def default_workers() -> int:
    """Query workers by default: the cores, at least 2 (one may be busy with a runaway)."""
    return max(2, min(8, os.cpu_count() or 2))


