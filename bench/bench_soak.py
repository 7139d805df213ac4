"""Soak ``kg serve``: many clients, mixed queries, for minutes; errors, latency, memory.

Usage::

    .venv/bin/python bench/bench_soak.py [--seconds 300] [--threads 16] [--build /tmp/soak]
                                         [--timeout 5] [--heavy-every 30]

It builds the seed page into ``--build`` (once), starts ``kg serve`` on it on 127.0.0.1
(a free port), and runs ``--threads`` client threads for ``--seconds`` seconds, each
sending a mix of requests: SELECT / ASK / CONSTRUCT / DESCRIBE in JSON, XML, CSV and
Turtle, GET and POST (form and direct), the query page, entity pages, the service
description, a malformed query (expects 400) and an update (refused: expects 403).
Half the threads keep their connection open, half open one per request.

Every ``--heavy-every`` seconds (the first just after the warm-up) one more client sends
a query that runs far past the server's ``--timeout``; it must be stopped (503) within the
limit plus a margin, the worker it ran in must come back, and the other clients must see
no errors meanwhile.

With ``--rebuild-every N``, a ``kg build`` adds an article to the served build every N
seconds (each publishes a new store generation under the running server); the clients
must see no errors then either.

It prints, per minute, requests, errors and p50 / p95 latency; the heavy queries'
outcome and the latency of the others while one ran; and the server's memory (resident
set of the server process, and of the process with its query workers) after a warm-up
and at the end (once a stopped worker's replacement has answered queries). It exits 1
when any request failed, a heavy query was not stopped in time, a whole minute's p95 was
more than twice another's, or the server's memory grew by 20 % or more.

Only loopback addresses are used; every loop ends at the deadline, every request has a
client time limit.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"
HOST = "127.0.0.1"

SDO = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PERSON_NAME = "邢国显"  # the person whose IRI, page and triples are asked for
ID_BASE = "https://w3id.org/kg/id/"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TURTLE = "text/turtle"

# Runs far past any time limit: a three-way cross product of every triple.
# The most one whole minute's p95 latency may be over another's for the run to pass.
STABLE = 2.0

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass(frozen=True)
class Request:
    """One kind of request of the mix, with the status it must get."""

    name: str
    method: str
    path: str
    accept: str = "*/*"
    body: bytes | None = None
    content_type: str | None = None
    expect: int = 200


def _get(name: str, query: str, accept: str, expect: int = 200) -> Request:
    return Request(name, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), accept,
                   expect=expect)


def _form(name: str, query: str, accept: str) -> Request:
    return Request(name, "POST", "/sparql", accept,
                   urllib.parse.urlencode({"query": query}).encode(),
                   "application/x-www-form-urlencoded")


def _direct(name: str, query: str, accept: str) -> Request:
    return Request(name, "POST", "/sparql", accept, query.encode(),
                   "application/sparql-query")


def make_mix(person: str) -> list[Request]:
    """The requests of the mix, about the person whose IRI is ``person``."""
    page = "/id/" + urllib.parse.quote(person[len(ID_BASE):], safe="/")
    return [
        _get("persons", f"SELECT ?n WHERE {{ ?p a <{SDO}Person> ; <{SDO}name> ?n }} ORDER BY ?n",
             JSON),
        _form("count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON),
        _direct("posts", f"SELECT ?name ?title ?org WHERE {{ ?m a <{ORG}Membership> ; "
                f"<{ORG}member>/<{SDO}name> ?name ; <{ORG}role>/<{SKOS}prefLabel> ?title . "
                f"OPTIONAL {{ ?m <{ORG}organization>/<{SDO}name> ?org }} }}", CSV),
        _get("ask", f"ASK {{ <{person}> a <{SDO}Person> }}", XML),
        _form("construct", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . "
              f"FILTER(?s = <{person}>) }}", TURTLE),
        _get("describe", f"DESCRIBE <{person}>", TURTLE),
        _direct("evidence", f"SELECT ?exact WHERE {{ ?q <{OA}exact> ?exact . "
                f"FILTER(CONTAINS(?exact, \"应急\")) }} LIMIT 50", JSON),
        _get("graphs", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
             CSV),
        Request("page", "GET", "/", "text/html"),
        Request("entity", "GET", page, "text/html"),
        Request("service", "GET", "/sparql", TURTLE),
        _get("malformed", "SELEC ?x WHERE { ?x ?y }", JSON, expect=400),
        Request("update", "POST", "/sparql", JSON,
                urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                "application/x-www-form-urlencoded", expect=403),
    ]


@dataclass
class Sample:
    start: float
    seconds: float
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    heavy: list[tuple[float, float, int]] = field(default_factory=list)  # start, s, status
    rebuilds: list[tuple[float, float, int]] = field(default_factory=list)  # start, s, exit
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Client:
    """One HTTP client: a kept-alive connection, or a new one per request."""

    def __init__(self, port: int, keep_alive: bool, timeout: float) -> None:
        self.port = port
        self.keep_alive = keep_alive
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        headers = {"Accept": request.accept}
        if request.content_type:
            headers["Content-Type"] = request.content_type
        if not self.keep_alive:
            headers["Connection"] = "close"
        try:
            self.conn.request(request.method, request.path, body=request.body, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if not self.keep_alive or response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _client_loop(index: int, port: int, deadline: float, results: Results,
                 timeout: float, mix: list[Request]) -> None:
    client = Client(port, keep_alive=index % 2 == 0, timeout=timeout)
    turn = index
    try:
        while time.monotonic() < deadline:
            request = mix[turn % len(mix)]
            turn += 1
            started = time.monotonic()
            try:
                status, body = client.send(request)
                ok = status == request.expect
                detail = "" if ok else f"{status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as exc:
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            results.add(Sample(started, time.monotonic() - started, request.name, ok, detail))
    finally:
        client.close()


def _heavy_loop(port: int, deadline: float, every: float, limit: float,
                results: Results, first: float) -> None:
    next_at = time.monotonic() + first
    while True:
        wait = next_at - time.monotonic()
        if next_at + limit + 5 > deadline:
            return
        if wait > 0:
            time.sleep(wait)
        client = Client(port, keep_alive=False, timeout=limit + 30)
        started = time.monotonic()
        try:
            status, _ = client.send(_form("heavy", HEAVY, JSON))
        except (OSError, http.client.HTTPException):
            status = -1
        finally:
            client.close()
        results.heavy.append((started, time.monotonic() - started, status))
        next_at += every


def _rebuild_loop(build: Path, deadline: float, every: float, results: Results) -> None:
    """Every ``every`` seconds, build one more article into the served folder."""
    folder = Path(tempfile.mkdtemp(prefix="kg-soak-pages-"))
    number = 0
    next_at = time.monotonic() + every
    try:
        while next_at + 60 < deadline:
            time.sleep(max(0.0, next_at - time.monotonic()))
            number += 1
            page = folder / f"soak-{number}.txt"
            page.write_text(f"# 第{number}次会议\n\n本报讯(记者王丹)内蒙古自治区应急管理厅副厅长"
                            f"邢国显出席第{number}次会议并讲话。\n", encoding="utf-8")
            started = time.monotonic()
            try:
                done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(page),
                                       "-o", str(build), "-q", "--workers", "1"], cwd=ROOT,
                                      capture_output=True, text=True, timeout=300)
                code = done.returncode
            except subprocess.TimeoutExpired:
                code = -1
            results.rebuilds.append((started, time.monotonic() - started, code))
            next_at += every
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the server -------------------------------------------------------------------------

def _rss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory(pid: int) -> tuple[int, int, int]:
    """(server RSS KiB, server + workers RSS KiB, worker count)."""
    workers = _descendants(pid)
    main = _rss_kib(pid)
    return main, main + sum(_rss_kib(w) for w in workers), len(workers)


def person_iri(build: Path) -> str:
    """The IRI of :data:`PERSON_NAME` in the build (IRIs carry a region context)."""
    sys.path.insert(0, str(ROOT))
    from kg import query

    for row in query(build, f'SELECT ?p WHERE {{ ?p a schema:Person ; schema:name '
                     f'"{PERSON_NAME}" }} ORDER BY ?p LIMIT 1'):
        return str(row["p"].value)
    raise SystemExit(f"{PERSON_NAME} is not in {build}")


def ensure_build(build: Path) -> None:
    if (build / "store" / "CURRENT").exists():
        return
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEED), "-o", str(build),
                           "-q"], cwd=ROOT, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"kg build failed ({done.returncode})")


def start_server(build: Path, timeout: float, workers: int | None,
                 log: Path) -> tuple[subprocess.Popen[bytes], int]:
    args = [sys.executable, "-m", "kg.cli", "serve", str(build), "--host", HOST, "--port", "0",
            "--timeout", str(timeout)]
    if workers:
        args += ["--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):  # bounded: 60 s
        text = log.read_text(encoding="utf-8", errors="replace")
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", text)
        if match:
            return server, int(match.group(1))
        if server.poll() is not None:
            raise SystemExit(f"kg serve exited ({server.returncode}):\n{text}")
        time.sleep(0.1)
    server.kill()
    raise SystemExit("kg serve did not start within 60 s")


def settle(port: int, pid: int, workers: int) -> None:
    """Before the last memory reading: wait for a stopped worker's replacement, then send
    queries never seen before (the workers answer those) until every worker has had some."""
    for _ in range(240):  # bounded: 120 s
        if memory(pid)[2] >= workers:
            break
        time.sleep(0.5)
    client = Client(port, keep_alive=False, timeout=60)
    for i in range(4 * max(1, workers)):  # the idle workers take turns
        with contextlib.suppress(OSError, http.client.HTTPException):
            client.send(_get("settle", f'ASK {{ ?s ?p "settle {i} {time.time()}" }}', JSON))
    client.close()


# --- report -------------------------------------------------------------------------------

def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(results: Results, t0: float, duration: float, limit: float,
           mem_start: tuple[int, int, int], mem_end: tuple[int, int, int],
           workers_after: int) -> bool:
    samples = results.samples
    print(f"\n{'minute':>6} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    minutes = max(int((s.start - t0) // 60) for s in samples) + 1 if samples else 0
    for minute in range(minutes):
        batch = [s for s in samples if int((s.start - t0) // 60) == minute]
        times = [s.seconds * 1000 for s in batch]
        print(f"{minute + 1:>6} {len(batch):>9} {sum(not s.ok for s in batch):>7} "
              f"{_pct(times, 0.5):>8.1f} {_pct(times, 0.95):>8.1f}")
    errors = [s for s in samples if not s.ok]
    times = [s.seconds * 1000 for s in samples]
    print(f"{'all':>6} {len(samples):>9} {len(errors):>7} {_pct(times, 0.5):>8.1f} "
          f"{_pct(times, 0.95):>8.1f}")
    # p95 stable: no whole minute's p95 more than STABLE times another's.
    whole = [[s.seconds * 1000 for s in samples if int((s.start - t0) // 60) == minute]
             for minute in range(minutes) if (minute + 1) * 60 <= duration]
    p95s = [_pct(t, 0.95) for t in whole if t]
    stable = not p95s or max(p95s) <= STABLE * min(p95s)
    if p95s:
        print(f"p95 per whole minute: {min(p95s):.1f} to {max(p95s):.1f} ms "
              f"({max(p95s) / min(p95s):.2f}x; stable below {STABLE:g}x: "
              f"{'yes' if stable else 'NO'})")
    for sample in errors[:10]:
        print(f"  error: {sample.name} after {sample.seconds:.2f} s: {sample.detail}")

    ok = not errors and stable
    print("\nper request kind (p50 / p95 ms):")
    for kind in sorted({s.name for s in samples}):
        t = [s.seconds * 1000 for s in samples if s.name == kind]
        print(f"  {kind:<10} {len(t):>7}  {_pct(t, 0.5):7.1f} / {_pct(t, 0.95):7.1f}")

    margin = 3.0
    print(f"\nqueries past the {limit:g} s limit: {len(results.heavy)}")
    for started, seconds, status in results.heavy:
        stopped = status == 503 and seconds < limit + margin
        ok &= stopped
        print(f"  at {started - t0:6.1f} s: HTTP {status} after {seconds:.2f} s "
              f"({'stopped' if stopped else 'NOT STOPPED IN TIME'})")
    if results.heavy:
        during = [s.seconds * 1000 for s in samples
                  if any(h0 <= s.start <= h0 + hs for h0, hs, _ in results.heavy)]
        outside = [s.seconds * 1000 for s in samples
                   if not any(h0 <= s.start <= h0 + hs for h0, hs, _ in results.heavy)]
        bad = sum(1 for s in samples if not s.ok
                  and any(h0 <= s.start <= h0 + hs for h0, hs, _ in results.heavy))
        print(f"  other requests while one ran: {len(during)}, errors {bad}, p50 "
              f"{_pct(during, 0.5):.1f} ms, p95 {_pct(during, 0.95):.1f} ms "
              f"(otherwise p50 {_pct(outside, 0.5):.1f}, p95 {_pct(outside, 0.95):.1f})")
    print(f"  query workers at the end: {workers_after} (at the start: {mem_start[2]})")
    if results.rebuilds:
        print(f"\nbuilds published under the running server: {len(results.rebuilds)}")
        for started, seconds, code in results.rebuilds:
            meanwhile = [s for s in samples if started <= s.start <= started + seconds + 1]
            bad = sum(not s.ok for s in meanwhile)
            ok &= code == 0 and bad == 0
            print(f"  at {started - t0:6.1f} s: exit {code} after {seconds:.1f} s; requests "
                  f"meanwhile {len(meanwhile)}, errors {bad}")
    ok &= workers_after >= mem_start[2]

    growth_main = (mem_end[0] - mem_start[0]) / mem_start[0] * 100 if mem_start[0] else 0.0
    growth_all = (mem_end[1] - mem_start[1]) / mem_start[1] * 100 if mem_start[1] else 0.0
    print("\nserver memory (RSS), after warm-up -> end:")
    print(f"  server process     {mem_start[0] / 1024:7.1f} MiB -> {mem_end[0] / 1024:7.1f} MiB "
          f"({growth_main:+.1f} %)")
    print(f"  with its workers   {mem_start[1] / 1024:7.1f} MiB -> {mem_end[1] / 1024:7.1f} MiB "
          f"({growth_all:+.1f} %)")
    ok &= growth_main < 20 and growth_all < 20
    print("\n" + ("PASS" if ok else "FAIL"))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--build", type=Path, default=Path("/tmp/soak"))
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query limit")
    parser.add_argument("--workers", type=int, default=None, help="the server's workers")
    parser.add_argument("--heavy-every", type=float, default=30.0,
                        help="seconds between queries past the limit (0: none)")
    parser.add_argument("--rebuild-every", type=float, default=0.0,
                        help="seconds between builds into the served folder (0: none)")
    parser.add_argument("--warm-up", type=float, default=None,
                        help="seconds of load before the first memory reading "
                        "(default: a tenth of --seconds, at most 30)")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.threads <= 0:
        parser.error("--seconds and --threads must be positive")

    ensure_build(args.build)
    mix = make_mix(person_iri(args.build))
    log = Path(tempfile.mkstemp(prefix="kg-soak-", suffix=".log")[1])
    server, port = start_server(args.build, args.timeout, args.workers, log)
    print(f"kg serve {args.build} on {HOST}:{port}: {args.threads} clients for "
          f"{args.seconds:g} s, query limit {args.timeout:g} s (server log: {log})")
    results = Results()
    try:
        at_ready = memory(server.pid)
        t0 = time.monotonic()
        deadline = t0 + args.seconds
        threads = [threading.Thread(target=_client_loop, daemon=True,
                                    args=(i, port, deadline, results, args.timeout + 60, mix))
                   for i in range(args.threads)]
        warm_up = args.warm_up if args.warm_up is not None else min(30.0, args.seconds / 10)
        if args.heavy_every > 0:  # the first after the first memory reading
            threads.append(threading.Thread(target=_heavy_loop, daemon=True, args=(
                port, deadline, args.heavy_every, args.timeout, results, warm_up + 5)))
        if args.rebuild_every > 0:
            threads.append(threading.Thread(target=_rebuild_loop, daemon=True, args=(
                args.build, deadline, args.rebuild_every, results)))
        for thread in threads:
            thread.start()
        time.sleep(min(warm_up, args.seconds))
        mem_start = memory(server.pid)
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + args.timeout + 90)
        settle(port, server.pid, mem_start[2])
        mem_end = memory(server.pid)
        print(f"server memory at ready: {at_ready[0] / 1024:.1f} MiB "
              f"({at_ready[1] / 1024:.1f} MiB with {at_ready[2]} workers)")
        ok = report(results, t0, args.seconds, args.timeout, mem_start, mem_end,
                    mem_end[2])
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
    summary = {"requests": len(results.samples),
               "errors": sum(not s.ok for s in results.samples),
               "heavy": [(round(s, 2), st) for _, s, st in results.heavy]}
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
