"""Fixtures for the endpoint tests: servers over the seed build, and a raw HTTP helper."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from kg.serve import Server, start


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]


def http(method: str, url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
    """One request through urllib; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


@pytest.fixture(scope="session")
def server(seed_build: Path) -> Iterator[Server]:
    """kg serve over the seed build: read-only, 3 s per query, 500 rows at most."""
    with start(seed_build, port=0, workers=2, timeout=3.0, max_results=500,
               max_body=64 * 1024) as running:
        yield running


@pytest.fixture(scope="module")
def writable(seed_build: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[Server, Path]]:
    """kg serve --allow-update over a copy of the seed build (one per test module: tests
    using it write graphs of their own)."""
    build = tmp_path_factory.mktemp("writable") / "build"
    shutil.copytree(seed_build, build)
    with start(build, port=0, workers=1, allow_update=True, timeout=10.0) as running:
        yield running, build
