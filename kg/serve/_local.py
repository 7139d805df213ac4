"""Queries answered in the server's own process once they have proved cheap.

A query's first run is in a worker process (:mod:`kg.serve._engine`), where the time limit
can really stop it. The hop to a worker costs a fixed ~1–2 ms a request (two process
wake-ups and the result copied through the server), which is most of the time of a
typical lookup. So once a query — its exact text and dataset — has been answered by a
worker on a store generation within :attr:`ProvenQueries.threshold` seconds, later runs of
it on that same generation are answered in the server's own process: the same query over
the same data does the same work, so it is known not to run away. pyoxigraph releases the
GIL while it evaluates, so handler threads answer such queries side by side, and reading
results stops at the time limit between rows as a second guard.

Anything new, slow or failing, and every query after a new generation is published (a
build or an update), goes through the workers again. What is remembered is a digest of
each query, not its results: a proven query is evaluated again every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["ProvenQueries"]

log = logging.getLogger("kg.serve")


class ProvenQueries:
    """Which queries proved cheap on which generation, and that generation's store.

    Args:
        threshold: Seconds a worker's answer (round trip included) may have taken for
            the query to be answered in-process afterwards.
        capacity: How many proven queries are remembered (least recently used dropped).

    Examples:
        >>> proven = ProvenQueries(0.1)
        >>> key = proven.key(Path("/b/store/gen-1"), "ASK {}", None, None)
        >>> proven.learn(key, 0.02); proven.known(key)
        True
        >>> proven.known(proven.key(Path("/b/store/gen-2"), "ASK {}", None, None))
        False
    """

    def __init__(self, threshold: float, capacity: int = 4096) -> None:
        self.threshold = threshold
        self._capacity = capacity
        self._known: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()
        self._store: tuple[Path, Any] | None = None

    @staticmethod
    def key(generation: Path, sparql: str, default_graphs: Sequence[str] | None,
            named_graphs: Sequence[str] | None) -> bytes:
        """A digest of what decides a query's work: generation, text and dataset."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (str(generation), sparql, repr(default_graphs), repr(named_graphs)):
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
        return digest.digest()

    def known(self, key: bytes) -> bool:
        """True when the query proved cheap on its generation."""
        with self._lock:
            if key not in self._known:
                return False
            self._known.move_to_end(key)
            return True

    def learn(self, key: bytes, seconds: float) -> None:
        """Remember the query if a worker answered it within the threshold."""
        if seconds > self.threshold:
            return
        with self._lock:
            self._known[key] = None
            self._known.move_to_end(key)
            while len(self._known) > self._capacity:
                self._known.popitem(last=False)

    def forget(self, key: bytes) -> None:
        """Send the query back to the workers."""
        with self._lock:
            self._known.pop(key, None)

    def store(self, generation: Path) -> Any | None:
        """The generation's store, opened read-only in this process (None if it cannot be).

        The store of an earlier generation is let go (queries still running on it keep
        their own reference).
        """
        current = self._store
        if current is not None and current[0] == generation:
            return current[1]
        with self._lock:
            current = self._store
            if current is not None and current[0] == generation:
                return current[1]
            import pyoxigraph as ox

            try:
                store = ox.Store.read_only(str(generation))
            except OSError as exc:
                log.info("answering every query in the workers: %s", exc)
                return None
            self._store = (generation, store)
            return store

    def close(self) -> None:
        """Let the store go."""
        with self._lock, contextlib.suppress(Exception):
            self._store = None
            self._known.clear()
