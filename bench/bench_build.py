"""How fast ``kg build`` is against the yardstick: one bare ``jieba.posseg`` pass.

In one run, on one corpus (default: the 4,637 stories of ``../shared/data/xinwenlianbo_2025``):

1. ``posseg``: a fresh ``python -c`` that loads jieba and runs ``jieba.posseg.cut`` over
   every text (titles and bodies), whole process;
2. ``kg build CORPUS -o TMP`` as a whole process, with ``--workers 1`` and with the
   default workers (all cores), each into a fresh folder;
3. with ``--profile``: the same build in this process with ``--workers 1``, the time of
   each stage summed with ``time.perf_counter`` (ingest, extract+resolve,
   graph/serialize, store writes, derived graphs, trig export, html export).

For each: wall time, characters per second, peak RSS of the process tree
(``/usr/bin/time``-style, from ``wait4``), and the ratio to the posseg pass (above 1.0
means faster than posseg). The machine (cores, CPU model) and the load average before
and after are printed; other work on the machine slows every row alike, so compare the
ratios of one run.

Usage::

    .venv/bin/python bench/bench_build.py [CORPUS] [--limit N] [--profile] [--skip-posseg]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"
KG = [sys.executable, "-m", "kg.cli"]

POSSEG = r"""
import json, logging, sys, warnings
warnings.simplefilter("ignore")
import jieba, jieba.posseg
jieba.setLogLevel(logging.WARNING)
n = 0
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        record = json.loads(line)
        for key in ("title", "text"):
            for _ in jieba.posseg.cut(record.get(key) or ""):
                n += 1
print(n)
"""


def machine() -> str:
    """Cores, CPU model and Python of this machine."""
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def load() -> str:
    """The load average (1, 5, 15 min)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(command: list[str], *, pythonpath: Path | None = None) -> tuple[float, int]:
    """Run ``command``; return wall seconds and the peak RSS (bytes) of its process tree.

    With ``pythonpath``, the command imports ``kg`` from there (another checkout).
    """
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env, cwd=pythonpath)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr}")
    # ru_maxrss of wait4 is the largest of the process and its waited-for children.
    return seconds, usage.ru_maxrss * 1024


def corpus_chars(path: Path, limit: int | None) -> tuple[Path, int, int]:
    """Return the corpus (cut to ``limit`` articles into a temporary file), its articles and
    characters (titles and bodies)."""
    if limit:
        cut = Path(tempfile.mkdtemp(prefix="kg-bench-")) / path.name
        with path.open(encoding="utf-8") as src, cut.open("w", encoding="utf-8") as dst:
            for _, line in zip(range(limit), src, strict=False):
                dst.write(line)
        path = cut
    articles = chars = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles += 1
            chars += len(record.get("title") or "") + len(record.get("text") or "")
    return path, articles, chars


def row(name: str, seconds: float, rss: int | None, chars: int, base: float | None) -> str:
    ratio = f"{base / seconds:5.2f}x" if base else "   — "
    memory = f"{rss / 2**20:7.0f} MB" if rss is not None else "        —"
    return f"{name:<34} {seconds:8.1f} s {chars / seconds:10,.0f} chars/s {memory}  {ratio}"


BACKGROUND = "  (bulk loads, in a background thread)"


class Stages:
    """Seconds spent in each stage, summed over a build in this process."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.active: set[str] = set()

    def wrap(self, module: Any, name: str, stage: str) -> None:
        """Charge the time of ``module.name`` (a function) to ``stage`` (once when nested)."""
        function = getattr(module, name)
        seconds, active = self.seconds, self.active

        def timed(*args: Any, **kwargs: Any) -> Any:
            if stage in active:
                return function(*args, **kwargs)
            active.add(stage)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - started
                active.discard(stage)

        setattr(module, name, timed)

    def wrap_iterator(self, module: Any, name: str, stage: str) -> None:
        """Charge the time spent inside the iterator ``module.name`` returns to ``stage``."""
        function = getattr(module, name)
        seconds = self.seconds

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = iter(function(*args, **kwargs))
            while True:
                started = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    seconds[stage] += time.perf_counter() - started
                    return
                seconds[stage] += time.perf_counter() - started
                yield item

        setattr(module, name, timed)


def profile(corpus: Path) -> tuple[dict[str, float], float]:
    """Build ``corpus`` here with one worker, timing each stage; return them and the total."""
    import kg.graph.store as store_module
    import kg.pipeline as pipeline
    from kg.export import rdf
    from kg.graph import nquads

    stages = Stages()
    stages.wrap_iterator(pipeline, "ingest", "ingest (read, decode, split)")
    stages.wrap_iterator(pipeline, "_changed", "content-hash check")
    stages.wrap(pipeline, "analyze", "extract + resolve")
    stages.wrap(pipeline, "article_ntriples", "graph (N-Triples from the records)")
    stages.wrap(pipeline, "fragment_of_records", "graph.html summary (per graph)")
    stages.wrap(pipeline.Summary, "save", "graph.html summary (per graph)")
    stages.wrap(pipeline, "unique_ntriples", "serialize (N-Triples)")
    stages.wrap(pipeline, "trig_blocks", "serialize (TriG blocks)")
    stages.wrap(store_module.GraphWriter, "replace", "store writes (waited for)")
    stages.wrap(store_module.GraphWriter, "close", "store writes (waited for)")
    stages.wrap(store_module.GraphWriter, "_load", BACKGROUND)
    stages.wrap(pipeline, "_derive", "derived graphs (kg.analysis)")
    stages.wrap(store_module.Generation, "write_trig", "trig export")
    stages.wrap(rdf, "write_trig", "trig export")
    import kg.export as export

    stages.wrap(export, "write_html", "html export")
    del nquads
    out = Path(tempfile.mkdtemp(prefix="kg-bench-profile-"))
    started = time.perf_counter()
    try:
        pipeline.build([corpus], out, workers=1)
    finally:
        total = time.perf_counter() - started
        shutil.rmtree(out, ignore_errors=True)
    # "ingest" includes the time the content-hash check spends pulling from it.
    inner = dict(stages.seconds)
    if "content-hash check" in inner:
        inner["content-hash check"] -= inner.get("ingest (read, decode, split)", 0.0)
    background = inner.pop(BACKGROUND, 0.0)
    inner["other (setup, store open/backup/flush, ...)"] = total - sum(inner.values())
    inner[BACKGROUND] = background
    return inner, total


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--profile", action="store_true", help="also time each stage")
    parser.add_argument("--skip-posseg", action="store_true")
    parser.add_argument("--workers", type=int, default=None,
                        help="the default-workers row (default: all cores)")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT",
                        help="also time `kg build` of another checkout (e.g. from "
                        "`git archive REV | tar -x -C DIR`), same venv")
    parser.add_argument("--only-one-worker", action="store_true",
                        help="skip the default-workers rows")
    args = parser.parse_args(argv)
    corpus, articles, chars = corpus_chars(args.corpus, args.limit)
    print(f"machine: {machine()}")
    print(f"corpus: {args.corpus} ({articles:,} articles, {chars:,} characters)")
    print(f"load average before: {load()}")
    print(f"{'':<34} {'wall':>10} {'throughput':>18} {'peak RSS':>10}  vs posseg")
    base: float | None = None
    if not args.skip_posseg:
        seconds, rss = run([sys.executable, "-c", POSSEG, str(corpus)])
        base = seconds
        print(row("jieba.posseg pass (whole process)", seconds, rss, chars, base), flush=True)
    workers = args.workers or os.cpu_count() or 1
    rows: list[tuple[str, list[str], Path | None]] = []
    if args.compare:
        rows.append((f"{args.compare.name}: --workers 1", ["--workers", "1"], args.compare))
    rows.append(("kg build --workers 1", ["--workers", "1"], None))
    if not args.only_one_worker:
        if args.compare:
            rows.append((f"{args.compare.name}: {workers} workers", ["--workers", str(workers)],
                         args.compare))
        rows.append((f"kg build (default: {workers} workers)",
                     ["--workers", str(workers)] if args.workers else [], None))
    for label, extra, checkout in rows:
        out = Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
        try:
            seconds, rss = run([*KG, "build", str(corpus.resolve()), "-o", str(out), "-q",
                                *extra], pythonpath=checkout)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        print(row(label, seconds, rss, chars, base), flush=True)
    if args.profile:
        stages, total = profile(corpus)
        print(f"\nstages of one in-process build, --workers 1 ({total:.1f} s):")
        for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<44} {seconds:8.1f} s {100 * seconds / total:5.1f} %")
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
