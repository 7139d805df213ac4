"""`kg serve` as a user starts it, and the pages of articles."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from kg.serve import Server

from .conftest import http


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_kg_serve_command(seed_build: Path) -> None:
    port = free_port()
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen([str(kg), "serve", str(seed_build), "--port", str(port),
                                "--workers", "1", "--timeout", "5"],
                               stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
        deadline = time.monotonic() + 60
        while True:
            try:
                reply = http("GET", url, timeout=5)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert reply.status == 200
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err


def test_kg_serve_refuses_a_folder_without_a_build(tmp_path: Path) -> None:
    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run([str(kg), "serve", str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3
    assert "no kg build here" in done.stderr and "Traceback" not in done.stderr


def test_head_and_article_page(server: Server) -> None:
    head = http("HEAD", server.url + "/")
    assert head.status == 200 and head.body == b""
    assert int(head.headers["Content-Length"]) > 0
    q = "SELECT ?a WHERE { ?a a schema:NewsArticle ; schema:headline ?h } ORDER BY ?h LIMIT 1"
    text = http("GET", server.url + "/?" + urllib.parse.urlencode({"query": q})).text
    link = re.search(r'href="(/id/article/[^"]+)"', text)
    assert link
    page = http("GET", server.url + link.group(1), headers={"Accept": "text/html"})
    assert page.status == 200
    assert "<h2>Text</h2>" in page.text and "<h2>Mentions</h2>" in page.text
