"""A researcher-sized build: N articles (default 100,000), then 100 more.

The 4,637 stories of ``../shared/data/xinwenlianbo_2025`` are repeated, each copy with
its own ``id`` and ``url``, into a JSONL file under ``/tmp`` written as a stream (the
articles never sit in memory together), and built with ``kg build`` as a whole process
(default workers). Then 100 new articles are added to the build, twice: naming only the
new file (``kg build NEW -o DIR``), and naming the big file again with it (every old
article is read and skipped by its content hash). Printed: wall time, peak RSS of the
process tree, articles per second, and each update's share of the full build.

Usage::

    .venv/bin/python bench/bench_scale.py [-n 100000] [--keep] [--no-html] [--kg DIR]

A 100,000-article build takes hours on a 2-core machine: try ``-n 20000`` first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import CORPUS, KG, load, machine, run


def stories(corpus: Path) -> list[str]:
    """The corpus lines (4,637 stories, 10 MB)."""
    return corpus.read_text(encoding="utf-8").splitlines()


def generate(lines: list[str], count: int, start: int = 0) -> Iterator[str]:
    """Yield ``count`` JSONL lines: the stories repeated, copy ``k`` of story ``i`` with id
    ``s{start + n}`` and ``?copy=k`` on its url."""
    for n in range(start, start + count):
        record = json.loads(lines[n % len(lines)])
        copy = n // len(lines)
        record["id"] = f"s{n}"
        if record.get("url"):
            record["url"] = f"{record['url']}?copy={copy}"
        yield json.dumps(record, ensure_ascii=False)


def write(path: Path, rows: Iterator[str]) -> int:
    """Write ``rows`` one a line; return their characters."""
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for text in rows:
            handle.write(text + "\n")
            size += len(text)
    return size


def kg_from(checkout: Path | None) -> str:
    """Where the ``kg`` the builds run is imported from (``checkout`` first on the path)."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    return subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"],
                          capture_output=True, text=True, env=env, cwd=checkout,
                          check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print what it measured."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="articles in the big build")
    parser.add_argument("--new", type=int, default=100, help="articles added afterwards")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dir", type=Path, default=None, help="working folder (default /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the build folder")
    parser.add_argument("--no-html", action="store_true", help="pass --no-html to kg build")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--kg", type=Path, metavar="CHECKOUT", default=None,
                        help="run the kg of this copy (e.g. `git archive HEAD | tar -x -C "
                             "DIR`), so that commits made during a long run don't change it")
    args = parser.parse_args(argv)
    kg_root = args.kg.resolve() if args.kg else None

    root = (args.dir or Path(tempfile.mkdtemp(prefix="kg-scale-", dir="/tmp"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    lines = stories(args.corpus)
    big, new, out = root / f"articles-{args.n}.jsonl", root / "new.jsonl", root / "build"
    write(big, generate(lines, args.n))
    write(new, generate(lines, args.new, start=args.n + 1_000_000))
    extra = (["--no-html"] if args.no_html else []) + (
        ["--workers", str(args.workers)] if args.workers else [])
    print(f"machine: {machine()}")
    print(f"input: {big} ({args.n:,} articles, {big.stat().st_size / 2**20:,.0f} MB); "
          f"options: {' '.join(extra) or '(defaults)'}")
    print(f"kg from: {kg_from(kg_root)}", flush=True)
    print(f"load average before: {load()}", flush=True)
    try:
        seconds, rss = run([*KG, "build", str(big), "-o", str(out), "-q", *extra],
                           pythonpath=kg_root)
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        print(f"full build:  {seconds:9.1f} s  {args.n / seconds:7.1f} articles/s  "
              f"peak RSS {rss / 2**20:6.0f} MB  build folder {size / 2**30:.2f} GB", flush=True)
        full = seconds
        for label, inputs in ((f"+{args.new} (new file only)", [new]),
                              (f"+{args.new} (all files again)", [big, new])):
            if label.endswith("again)"):
                write(new, generate(lines, args.new, start=args.n + 2_000_000))
            seconds, rss = run([*KG, "build", *map(str, inputs), "-o", str(out), "-q", *extra],
                               pythonpath=kg_root)
            print(f"{label:<28} {seconds:7.1f} s  {100 * seconds / full:5.2f} % of the full "
                  f"build  peak RSS {rss / 2**20:6.0f} MB", flush=True)
    finally:
        print(f"load average after: {load()}")
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
