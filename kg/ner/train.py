"""Train the CRF entity recognizer from the corpora under ``/work/shared/data``.

::

    python -m kg.ner.train --out kg/ner/model.crfsuite

reads People's Daily 1998-01 (converted by :mod:`kg.ner.corpus`, compound entities
rebuilt) and the CLUENER2020 training set, extracts :mod:`kg.ner.features` and fits a
linear-chain CRF with L-BFGS (python-crfsuite). Scoring sets are never read here.
Training is deterministic: the same data and flags give the same model.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pycrfsuite

from kg.ner.corpus import (
    Example,
    PdOptions,
    bio_tags,
    read_cluener,
    read_pd1998,
    split_sentences,
)
from kg.ner.features import sentence_features
from kg.ner.tagger import write_attributes

__all__ = ["DEFAULT_CLUENER", "DEFAULT_PD", "build_examples", "main", "train"]

DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_PD = DEFAULT_DATA / "peoples_daily_1998_pos" / "199801.txt"
DEFAULT_CLUENER = DEFAULT_DATA / "cluener2020" / "train.jsonl"
DEFAULT_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}


def build_examples(
    pd: Path | None,
    cluener: Path | None,
    options: PdOptions | None = None,
    limit: int | None = None,
    cluener_skip: Iterable[str] = (),
) -> Iterator[Example]:
    """Yield training sentences from People's Daily and CLUENER (either may be None).

    Args:
        pd: ``199801.txt`` or None.
        cluener: CLUENER ``train.jsonl`` or None.
        options: People's Daily conversion heuristics.
        limit: Take at most this many paragraphs from each source (for quick runs).
        cluener_skip: CLUENER types whose sentences are left out.
    """
    sources: list[Iterable[Example]] = []
    if pd is not None:
        sources.append(itertools.islice(read_pd1998(pd, options), limit))
    if cluener is not None:
        sources.append(itertools.islice(read_cluener(cluener, cluener_skip), limit))
    for source in sources:
        for example in source:
            yield from split_sentences(example)


def train(
    examples: Iterable[Example],
    out: Path,
    params: dict[str, float | int | bool] | None = None,
    verbose: bool = False,
) -> dict[str, float]:
    """Fit a CRF on ``examples`` and write it to ``out`` (and its attribute list beside it).

    Args:
        examples: Labelled sentences.
        out: Model file to write.
        params: crfsuite L-BFGS parameters (defaults: :data:`DEFAULT_PARAMS`).
        verbose: Print crfsuite's progress.

    Returns:
        Timings and sizes: ``sentences``, ``chars``, ``features_s``, ``train_s``, ``bytes``.
    """
    trainer = pycrfsuite.Trainer(verbose=verbose)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    started = time.perf_counter()
    sentences = chars = 0
    for text, spans in examples:
        if not text.strip():
            continue
        trainer.append(sentence_features(text), bio_tags(len(text), spans))
        sentences += 1
        chars += len(text)
    featured = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    write_attributes(out)
    done = time.perf_counter()
    return {
        "sentences": sentences,
        "chars": chars,
        "features_s": round(featured - started, 1),
        "train_s": round(done - featured, 1),
        "bytes": out.stat().st_size,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kg.ner.train", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("kg/ner/model.crfsuite"))
    parser.add_argument("--pd", type=Path, default=DEFAULT_PD, help="People's Daily 199801.txt")
    parser.add_argument("--cluener", type=Path, default=DEFAULT_CLUENER, help="CLUENER train")
    parser.add_argument("--no-pd", action="store_true", help="skip People's Daily")
    parser.add_argument("--no-cluener", action="store_true", help="skip CLUENER")
    parser.add_argument("--no-abbreviations", action="store_true")
    parser.add_argument("--no-words", action="store_true")
    parser.add_argument("--no-org-compounds", action="store_true")
    parser.add_argument("--no-loc-compounds", action="store_true")
    parser.add_argument("--no-affixes", action="store_true")
    parser.add_argument(
        "--cluener-skip",
        default="",
        help="comma-separated CLUENER types whose sentences are left out (e.g. address)",
    )
    parser.add_argument("--limit", type=int, help="paragraphs per source (quick runs)")
    parser.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    parser.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    parser.add_argument("--minfreq", type=float, default=DEFAULT_PARAMS["feature.minfreq"])
    parser.add_argument("--verbose", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Train from the command line; print what was done."""
    args = _parser().parse_args(argv)
    options = PdOptions(
        abbreviations=not args.no_abbreviations,
        words=not args.no_words,
        org_compounds=not args.no_org_compounds,
        loc_compounds=not args.no_loc_compounds,
        affixes=not args.no_affixes,
    )
    examples = build_examples(
        None if args.no_pd else args.pd,
        None if args.no_cluener else args.cluener,
        options,
        args.limit,
        [t for t in args.cluener_skip.split(",") if t],
    )
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iterations,
        "feature.minfreq": args.minfreq,
    }
    stats = train(examples, args.out, params, args.verbose)
    print(f"wrote {args.out}: {stats} params={params} options={options}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
