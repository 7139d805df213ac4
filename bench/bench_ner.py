"""Throughput of kg.ner.recognize against jieba.posseg.cut on the same stories.

Usage::

    python bench/bench_ner.py [--stories PATH] [--n 300] [--repeat 2] [--model FILE]

Reads the first ``n`` stories of the 新闻联播 2025 corpus, warms both up (model load,
jieba dictionaries), then times each over all the texts (best of ``repeat`` passes,
alternating the two) and prints chars/s for both, measured in this run, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jieba
import jieba.posseg

from kg.ner import recognize as shipped
from kg.ner.tagger import Recognizer

DEFAULT_STORIES = Path("/work/shared/data/xinwenlianbo_2025/stories_2025_01-11.jsonl")


def load_texts(path: Path, n: int) -> list[str]:
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(texts) >= n:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def best_rate(run: Callable[[str], object], texts: list[str], repeat: int) -> float:
    chars = sum(map(len, texts))
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - started)
    return chars / best


def posseg(text: str) -> object:
    return list(jieba.posseg.cut(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--model", type=Path, help="a .crfsuite file instead of the shipped one")
    args = parser.parse_args()
    recognize = shipped if args.model is None else Recognizer(args.model.read_bytes()).recognize
    texts = load_texts(args.stories, args.n)
    chars = sum(map(len, texts))
    posseg(texts[0])
    recognize(texts[0])
    spans = sum(len(recognize(t)) for t in texts[:20])
    # Alternate the two so that a change of machine load hits both alike.
    ner = pos = 0.0
    for _ in range(args.repeat):
        ner = max(ner, best_rate(recognize, texts, 1))
        pos = max(pos, best_rate(posseg, texts, 1))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"texts: {len(texts)}  chars: {chars}  (spans in first 20 texts: {spans})")
    print(f"load average: {load}")
    print(f"kg.ner.recognize:  {ner:12,.0f} chars/s")
    print(f"jieba.posseg.cut:  {pos:12,.0f} chars/s")
    print(f"ratio ner/posseg:  {ner / pos:12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
