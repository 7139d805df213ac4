"""The worker pool: a store that cannot be opened does not break a worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.store import current_path
from kg.serve._engine import EndpointError, WorkerPool

ASK = ("ASK { ?s ?p ?o }", None, None, ["text/csv"], 10)


def test_a_generation_that_fails_to_open_leaves_the_worker_answering(
        seed_build: Path, tmp_path: Path) -> None:
    good = current_path(seed_build)
    gone = tmp_path / "gen-removed-by-a-build"  # as an old generation a build deleted
    pool = WorkerPool(1)
    try:
        assert pool.run("query", good, ASK, timeout=30)[1] == b"true\n"
        with pytest.raises(EndpointError) as failure:
            pool.run("query", gone, ASK, timeout=30)
        assert failure.value.status == 500
        # The same worker (there is one) opens the live generation again and answers.
        assert pool.run("query", good, ASK, timeout=30)[1] == b"true\n"
        with pytest.raises(EndpointError):
            pool.run("query", gone, ASK, timeout=30)
        assert pool.run("query", good, ASK, timeout=30)[1] == b"true\n"
    finally:
        pool.close()
