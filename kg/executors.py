"""Where per-article work runs: here, in forked processes, or on a Dask cluster.

Extraction is a pure function of one article (:func:`kg.pipeline.process`), so the
build hands it to an :class:`Executor`, which maps it over the articles and gives the
results back in input order. Each keeps only a bounded number of articles in flight, so
a corpus of any size streams through in constant memory.

* ``serial``: in the calling process (``--workers 1``).
* ``local``: ``multiprocessing`` workers forked from the calling process, which has
  loaded the dictionaries already (the default).
* ``dask``: tasks on a ``dask.distributed`` cluster: a ``LocalCluster`` of ``workers``
  processes, or the scheduler at ``address`` (``tcp://host:8786``). The workers need
  ``kg`` installed, and plugins as installed packages (``--code`` files stay local).

Examples:
    >>> with get_executor("serial") as run:
    ...     list(run.map(len, ["a", "bb", "ccc"]))
    [1, 2, 3]
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from kg.errors import KGError

__all__ = ["EXECUTORS", "DaskExecutor", "Executor", "LocalExecutor", "SerialExecutor",
           "get_executor"]

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("serial", "local", "dask")
"""Names :func:`get_executor` knows."""


class Executor(Protocol):
    """Maps a function over items somewhere, results in input order."""

    name: str
    workers: int

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for each item, in order, computing ahead a bounded amount."""
        ...

    def close(self) -> None:
        """Release the workers."""
        ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _quiet() -> None:
    """Keep INFO lines of jieba and dask (on a Dask worker) off the user's terminal."""
    logging.getLogger("distributed").setLevel(logging.WARNING)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba  # sets its logger to DEBUG when first imported
        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover
        pass


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _windowed(submit: Callable[[list[T]], Any], result: Callable[[Any], list[R]],
              items: Iterable[T], chunk: int, window: int) -> Iterator[R]:
    """Submit chunks of ``items``, at most ``window`` in flight; yield results in order."""
    pending: collections.deque[Any] = collections.deque()
    for part in _chunks(items, chunk):
        pending.append(submit(part))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


class _Base:
    name = ""
    workers = 1

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the workers."""


class SerialExecutor(_Base):
    """Runs everything in the calling process."""

    name = "serial"

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for each item."""
        return (fn(item) for item in items)


class LocalExecutor(_Base):
    """A pool of processes forked from this one (they inherit what it has loaded).

    Args:
        workers: Worker processes.
        chunk: Items per task (fewer round trips; 8 articles take ~0.1 s).
    """

    name = "local"

    def __init__(self, workers: int, *, chunk: int = 8) -> None:
        self.workers = workers
        self.chunk = chunk
        self._pool: Any = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for each item, in order."""
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        pool = self._pool
        return _windowed(lambda part: pool.apply_async(_run_chunk, (fn, part)),
                         lambda future: future.get(), items, self.chunk, 4 * self.workers)

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class DaskExecutor(_Base):
    """Tasks on a ``dask.distributed`` cluster.

    Args:
        workers: Worker processes of the ``LocalCluster`` started when ``address`` is None.
        address: A running scheduler (``tcp://host:8786``) to use instead.
        chunk: Items per task.

    Raises:
        KGError: when ``dask.distributed`` is not installed or the scheduler is unreachable.
    """

    name = "dask"

    def __init__(self, workers: int, *, address: str | None = None, chunk: int = 16) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise KGError("--executor dask needs dask.distributed",
                          hint='pip install "dask[distributed]"') from None
        self.chunk = chunk
        self._cluster: Any = None
        _quiet()
        try:
            if address is None:
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.WARNING)
                self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
            else:
                self._client = Client(address)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            self.close()
            raise KGError(f"cannot reach the Dask scheduler: {exc}",
                          hint="start one with `dask scheduler`, or leave --scheduler out") \
                from None
        self.workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
        self._client.run(_quiet)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for each item, in order."""
        client = self._client
        return _windowed(lambda part: client.submit(_run_chunk, fn, part, pure=False),
                         lambda future: future.result(), items, self.chunk,
                         4 * self.workers)

    def close(self) -> None:
        """Disconnect, and stop the cluster this executor started."""
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            del self._client
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def get_executor(name: str = "local", workers: int | None = None, *,
                 address: str | None = None) -> Executor:
    """Return the executor called ``name`` (one of :data:`EXECUTORS`).

    Args:
        name: ``serial``, ``local`` or ``dask``.
        workers: Worker processes (default: all cores); ``local`` with one worker runs
            serially.
        address: For ``dask``: a scheduler to use instead of starting a local cluster.

    Raises:
        KGError: for an unknown name, or a ``dask`` executor that cannot start.
    """
    workers = workers or os.cpu_count() or 1
    if name == "serial" or (name == "local" and workers <= 1):
        return SerialExecutor()
    if name == "local":
        return LocalExecutor(workers)
    if name == "dask":
        return DaskExecutor(workers, address=address)
    raise KGError(f"unknown executor {name!r}", hint=f"use one of {', '.join(EXECUTORS)}")
