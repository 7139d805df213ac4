"""Score the entity recognizer on labelled sentences: precision, recall, F1 by type.

A predicted span counts only if its start, end and type all match a gold span (exact
match, the CoNLL convention). Usable as a module::

    python -m kg.ner.evaluate                      # both dev sets under /work/shared/data
    python -m kg.ner.evaluate --bio FILE --cluener FILE --model MODEL.crfsuite
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.ner.corpus import Example, read_bio, read_cluener
from kg.records import Span

__all__ = [
    "DEFAULT_DATA",
    "Score",
    "evaluate_bio",
    "evaluate_cluener",
    "evaluate_examples",
    "main",
    "score",
]

DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_BIO = DEFAULT_DATA / "peoples_daily_ner" / "example.dev"
DEFAULT_CLUENER = DEFAULT_DATA / "cluener2020" / "dev.jsonl"
TYPES = ("PER", "ORG", "LOC")

Recognize = Callable[[str], list[Span]]
Triple = tuple[int, int, str]


@dataclass
class Counts:
    """True positives, predictions and gold spans of one type."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted spans that are right."""
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """Share of gold spans that were found."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Counts per type and over all types (micro average)."""

    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    micro: Counts = field(default_factory=Counts)

    def add(self, gold: set[Triple], pred: set[Triple]) -> None:
        """Add one sentence's gold and predicted spans."""
        for label in TYPES:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts = self.by_type[label]
            counts.tp += len(g & p)
            counts.pred += len(p)
            counts.gold += len(g)
        self.micro.tp = sum(c.tp for c in self.by_type.values())
        self.micro.pred = sum(c.pred for c in self.by_type.values())
        self.micro.gold = sum(c.gold for c in self.by_type.values())

    def table(self) -> str:
        """Return a plain-text table of P/R/F1 per type and micro."""
        rows = [f"{'type':<6}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
        for name, c in [*self.by_type.items(), ("micro", self.micro)]:
            rows.append(
                f"{name:<6}{c.precision:8.4f}{c.recall:8.4f}{c.f1:8.4f}{c.gold:7d}{c.pred:7d}"
            )
        return "\n".join(rows)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """Return ``{type: {"p", "r", "f1", "gold", "pred"}}`` including ``micro``."""
        out = {}
        for name, c in [*self.by_type.items(), ("micro", self.micro)]:
            out[name] = {
                "p": c.precision,
                "r": c.recall,
                "f1": c.f1,
                "gold": float(c.gold),
                "pred": float(c.pred),
            }
        return out


def score(gold: Iterable[Iterable[Triple]], pred: Iterable[Iterable[Triple]]) -> Score:
    """Score predicted against gold spans, sentence by sentence.

    Args:
        gold: Per sentence, the gold ``(start, end, type)`` spans.
        pred: Per sentence, the predicted spans, in the same order.
    """
    result = Score()
    for g, p in zip(gold, pred, strict=True):
        result.add({s for s in g if s[2] in TYPES}, {s for s in p if s[2] in TYPES})
    return result


def evaluate_examples(examples: Iterable[Example], recognize: Recognize | None = None) -> Score:
    """Run ``recognize`` (default: the shipped model) over labelled sentences and score it."""
    if recognize is None:
        from kg.ner import recognize as shipped

        recognize = shipped
    gold: list[list[Triple]] = []
    pred: list[list[Triple]] = []
    for text, spans in examples:
        gold.append(spans)
        pred.append([(s.start, s.end, s.type) for s in recognize(text)])
    return score(gold, pred)


def evaluate_bio(path: str | Path = DEFAULT_BIO, recognize: Recognize | None = None) -> Score:
    """Score on a ``char tag`` BIO file such as the People's Daily NER ``example.dev``."""
    return evaluate_examples(read_bio(path), recognize)


def evaluate_cluener(
    path: str | Path = DEFAULT_CLUENER, recognize: Recognize | None = None
) -> Score:
    """Score on a CLUENER2020 JSON-lines file (name, organization/government/company, address)."""
    return evaluate_examples(read_cluener(path), recognize)


def _recognizer(model: str | None) -> Recognize | None:
    if model is None:
        return None
    from kg.ner.tagger import Recognizer

    return Recognizer(model).recognize


def main(argv: Sequence[str] | None = None) -> int:
    """Print P/R/F1 tables for the given (or default) scoring files."""
    parser = argparse.ArgumentParser(prog="python -m kg.ner.evaluate", description=__doc__)
    parser.add_argument("--bio", action="append", help="BIO file (repeatable)")
    parser.add_argument("--cluener", action="append", help="CLUENER jsonl (repeatable)")
    parser.add_argument("--model", help="crfsuite model to score instead of the shipped one")
    args = parser.parse_args(argv)
    bio = args.bio if args.bio or args.cluener else [str(DEFAULT_BIO)]
    cluener = args.cluener if args.bio or args.cluener else [str(DEFAULT_CLUENER)]
    recognize = _recognizer(args.model)
    for path in bio or []:
        print(f"== {path}\n{evaluate_bio(path, recognize).table()}")
    for path in cluener or []:
        print(f"== {path}\n{evaluate_cluener(path, recognize).table()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
