"""Where extraction runs (kg.executors) and how fast segmentation is done: neither may
change what a build finds.

* ``--workers 1``, ``--workers 2`` and a Dask ``LocalCluster`` of two worker processes
  give the same quads;
* the rjieba segmentation backend gives jieba's tokens exactly.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.executors import SerialExecutor, get_executor
from kg.records import Article, Resolved
from tests.conftest import CORPUS, needs_shared


def _square(x: int) -> int:
    return x * x


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


@pytest.mark.parametrize("name", ["serial", "local"])
def test_results_come_back_in_input_order(name):
    with get_executor(name, 2) as run:
        assert list(run.map(_square, iter(range(100)))) == [x * x for x in range(100)]


def test_a_failing_task_raises_in_the_caller():
    with get_executor("local", 2) as run, pytest.raises(ValueError, match="three"):
        list(run.map(_fail_on_three, range(10)))


def test_one_worker_runs_serially_and_unknown_names_are_errors():
    assert isinstance(get_executor("local", 1), SerialExecutor)
    with pytest.raises(KGError, match="unknown executor"):
        get_executor("spark", 2)


def test_the_local_pool_reads_ahead_a_bounded_amount():
    taken = []

    def items():
        for x in range(10_000):
            taken.append(x)
            yield x

    with get_executor("local", 2) as run:
        results = run.map(_square, items())
        assert next(results) == 0
        assert len(taken) < 200  # 4 chunks of 8 per worker in flight, not the whole input


# --- whole builds ---------------------------------------------------------------------

def _stories(path: Path, count: int) -> Path:
    with CORPUS.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(count), handle, strict=False)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _quads(out: Path) -> set[str]:
    from kg.graph.store import named_quads, open_store

    return {str(q) for q in named_quads(open_store(out))}


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _stories(tmp_path_factory.mktemp("stories") / "stories.jsonl", 200)


@pytest.fixture(scope="module")
def frozen_kg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of kg as it is now, which the builds compared below all run.

    Other work edits kg's files while tests run; builds started a minute apart from the
    live tree would run different code (and a build whose workers read other code stops,
    see the test after these).
    """
    import shutil

    import kg

    root = tmp_path_factory.mktemp("frozen")
    shutil.copytree(Path(kg.__file__).parent, root / "kg",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _kg_build(frozen: Path, stories: Path, out: Path, *options: str) -> None:
    """``kg build`` of the frozen copy, as a whole process (its workers inherit the path)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(frozen)}
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(stories), "-o", str(out),
                    "-q", "--no-html", *options], cwd=frozen, env=env, check=True,
                   timeout=1200)


@pytest.fixture(scope="module")
def one_worker(stories: Path, frozen_kg: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one")
    _kg_build(frozen_kg, stories, out, "--workers", "1")
    return out


@needs_shared(CORPUS)
@pytest.mark.slow
def test_two_workers_build_what_one_builds(stories, frozen_kg, one_worker, tmp_path):
    _kg_build(frozen_kg, stories, tmp_path, "--workers", "2")
    assert _quads(tmp_path) == _quads(one_worker)
    assert (tmp_path / "graph.trig").read_bytes() == (one_worker / "graph.trig").read_bytes()


@needs_shared(CORPUS)
@pytest.mark.slow
def test_a_dask_cluster_of_two_processes_builds_what_one_worker_builds(stories, frozen_kg,
                                                                       one_worker, tmp_path):
    pytest.importorskip("distributed")
    _kg_build(frozen_kg, stories, tmp_path, "--workers", "2", "--executor", "dask")
    assert _quads(tmp_path) == _quads(one_worker)
    assert (tmp_path / "graph.trig").read_bytes() == (one_worker / "graph.trig").read_bytes()


# --- no state between articles -------------------------------------------------------

_TARGET = 294  # 丁薛祥出席世界经济论坛…: a Dask build once annotated 薛祥 in it (760-763)


def _extract_in_orders(path: Path, target: int, orders: list[list[int]]) -> list[Resolved]:
    """In this (fresh) process: the records of story ``target`` of ``path`` extracted
    first, then again after each sequence of other stories."""
    from kg.ingest import ingest
    from kg.pipeline import analyze

    articles: dict[int, Article] = dict(enumerate(ingest([path])))
    out = [analyze(articles[target])]
    for order in orders:
        for i in order:
            analyze(articles[i])
        out.append(analyze(articles[target]))
    return out


@needs_shared(CORPUS)
@pytest.mark.slow
def test_an_article_extracts_the_same_after_any_other_articles_in_any_process(monkeypatch,
                                                                              tmp_path):
    """Extraction keeps no state between articles: an article's records are the same
    extracted first in a fresh process, after 40 other stories in one order or another,
    and in processes with other hash seeds (Dask's workers are fresh processes)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    path = _stories(tmp_path / "stories.jsonl", _TARGET + 21)
    others = [i for i in range(_TARGET - 20, _TARGET + 21) if i != _TARGET]
    shuffled = others[:]
    random.Random(5).shuffle(shuffled)
    results: list[Resolved] = []
    for seed in ("1", "2"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            results += pool.submit(_extract_in_orders, path, _TARGET,
                                   [others, shuffled[::-1] if seed == "2" else shuffled]).result()
    first = results[0]
    assert any(m.entity.name == "丁薛祥" for m in first.mentions)
    assert all(r == first for r in results[1:])


def test_a_build_refuses_articles_extracted_by_other_kg_code(tmp_path, seed_path,
                                                             monkeypatch):
    """A worker whose kg is not the build's (kg's files edited on disk during the build,
    another installation on a Dask worker) stops the build instead of mixing rule sets;
    the folder keeps no half build."""
    import kg.pipeline as pipeline

    real = pipeline._task

    def elsewhere(article: Article, prefixes: dict[str, str]) -> pipeline.Processed:
        return real(article, prefixes)._replace(code="0" * 16)

    monkeypatch.setattr(pipeline, "_task", elsewhere)
    out = tmp_path / "out"
    with pytest.raises(KGError, match="changed on disk during the build"):
        pipeline.build([seed_path], out, workers=1, html=False)
    assert not (out / "graph.trig").exists()


# --- segmentation backend -------------------------------------------------------------

def _jieba_cut(text: str) -> list[str]:
    from kg.extract import doc

    return list(doc._jieba().cut(text))


def test_segment_falls_back_to_jieba_without_rjieba(monkeypatch):
    from kg.extract import doc

    monkeypatch.setattr(doc, "_rjieba", lambda: None)
    text = "美军MQ-9无人机在www.example.cn上，5.5%的F-35B"
    assert doc.segment(text) == _jieba_cut(text)


def test_rjieba_segments_mixed_text_as_jieba_does():
    pytest.importorskip("rjieba")
    from kg.extract import doc

    alphabet = (list("中国人民政府北京上海美军无人机的了是在有和会议一二三年月日")
                + list("abcXYZ0123456789+#&._%-/ \n\t\r，。、（）")
                + ["\u3400", "\u9fd6", "\uf900", "C++", "AT&T", "c#", "\U00020000", "5.5%",
                   "MQ-9", "\u2028", "\x0b"])
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert doc.segment(text) == _jieba_cut(text), text


@needs_shared(CORPUS)
@pytest.mark.slow
def test_rjieba_segments_the_corpus_as_jieba_does():
    pytest.importorskip("rjieba")
    from kg.extract import doc

    with CORPUS.open(encoding="utf-8") as handle:
        for _, line in zip(range(600), handle, strict=False):
            record = json.loads(line)
            for text in (record["title"], record["text"]):
                assert doc.segment(text) == _jieba_cut(text)


def test_kg_build_takes_an_executor_and_a_scheduler():
    from kg.cli import parser

    args = parser().parse_args(["build", "in.jsonl", "-o", "out", "--executor", "dask",
                                "--scheduler", "tcp://127.0.0.1:8786"])
    assert (args.executor, args.scheduler) == ("dask", "tcp://127.0.0.1:8786")
    assert parser().parse_args(["build", "in.jsonl", "-o", "out"]).executor == "local"
