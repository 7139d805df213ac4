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
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from kg.ner.corpus import (
    Example,
    PdOptions,
    bio_tags,
    place_gazetteer,
    read_bio,
    read_cluener,
    read_pd1998,
    read_teacher,
    split_sentences,
)
from kg.ner.features import gazetteer_places, normalize, sentence_features

__all__ = [
    "DEFAULT_CLUENER",
    "DEFAULT_EXCLUDE",
    "DEFAULT_PD",
    "build_examples",
    "drop_overlaps",
    "main",
    "train",
    "unknown_names",
]

DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_PD = DEFAULT_DATA / "peoples_daily_1998_pos" / "199801.txt"
DEFAULT_CLUENER = DEFAULT_DATA / "cluener2020" / "train.jsonl"
# Spans of Baidu LAC over 199801.txt (scripts/ner/lac_teacher.py), for restoring the
# compound names that copy lost.
DEFAULT_TEACHER = Path(__file__).resolve().parents[2] / "scripts" / "ner" / "pd1998_lac.tsv.gz"
DEFAULT_EXCLUDE = (
    DEFAULT_DATA / "peoples_daily_ner" / "example.dev",
    DEFAULT_DATA / "cluener2020" / "dev.jsonl",
)
_KEY = 12
DEFAULT_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.1,
    "c2": 0.05,
    "max_iterations": 100,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
DEFAULT_NAME_DROPOUT = 0.5


def build_examples(
    pd: Path | None,
    cluener: Path | None,
    options: PdOptions | None = None,
    limit: int | None = None,
    silver_places: bool = True,
    exclude: Iterable[Path] = (),
    teacher: Path | None = None,
) -> list[Example]:
    """Return training sentences from People's Daily and CLUENER (either may be None).

    Args:
        pd: ``199801.txt`` or None.
        cluener: CLUENER ``train.jsonl`` or None.
        options: People's Daily conversion heuristics.
        limit: Take at most this many paragraphs from each source (for quick runs).
        silver_places: Replace CLUENER addresses by the places found in its sentences
            (see :func:`kg.ner.corpus.read_cluener`): places labelled twice or more in
            People's Daily and (since t10) the recognizer's place gazetteer, so that
            fewer places of CLUENER sentences are left ``O``.
        exclude: Scoring files (BIO, or CLUENER ``.jsonl``); training paragraphs
            holding one of their sentences are left out (see :func:`drop_overlaps`).
        teacher: A teacher's spans over ``pd`` (see :func:`kg.ner.corpus.read_teacher`)
            that restore compound names, or None.
    """
    paragraphs: list[Example] = []
    if pd is not None:
        spans = read_teacher(teacher) if teacher is not None else None
        paragraphs.extend(itertools.islice(read_pd1998(pd, options, spans), limit))
    if cluener is not None:
        places = None
        if silver_places and paragraphs:
            places = place_gazetteer(paragraphs) | gazetteer_places()
        paragraphs.extend(itertools.islice(read_cluener(cluener, (), places), limit))
    scoring = [text for path in exclude for text, _ in _read_scoring(path)]
    if scoring:
        paragraphs, dropped = drop_overlaps(paragraphs, scoring)
        print(f"left out {dropped} training paragraphs that hold a scoring sentence")
    return [sentence for example in paragraphs for sentence in split_sentences(example)]


def _read_scoring(path: Path) -> Iterable[Example]:
    return read_cluener(path) if path.suffix == ".jsonl" else read_bio(path)


def drop_overlaps(
    paragraphs: list[Example], scoring: Iterable[str]
) -> tuple[list[Example], int]:
    """Remove the paragraphs that contain a sentence of a scoring set.

    Sentences are compared after :func:`~kg.ner.features.normalize` (full-width and
    half-width forms are the same); sentences shorter than 12 characters are ignored
    (too common to mean anything).

    Args:
        paragraphs: Training paragraphs.
        scoring: The sentences of the scoring sets.

    Returns:
        The paragraphs kept and how many were dropped.
    """
    by_key: dict[str, list[str]] = {}
    for sentence in scoring:
        text = normalize(sentence.strip())
        if len(text) >= _KEY:
            by_key.setdefault(text[:_KEY], []).append(text)
    kept: list[Example] = []
    for example in paragraphs:
        text = normalize(example[0])
        hit = any(
            text.startswith(full, i)
            for i in range(len(text) - _KEY + 1)
            for full in by_key.get(text[i : i + _KEY], ())
        )
        if not hit:
            kept.append(example)
    return kept, len(paragraphs) - len(kept)


def unknown_names(
    example: Example, rate: float, types: tuple[str, ...] = ("PER",)
) -> frozenset[str]:
    """Return the names of a training sentence to hide from jieba's dictionary.

    jieba's dictionary was built from People's Daily 1998 and holds most of its person
    names as words (江泽民/nr), so a model trained on it learns that a name is one
    dictionary word, and cuts the names it has never seen (汪明新 → 汪明). For a share
    ``rate`` of the sentences (chosen by a hash of the text, so training stays
    deterministic) the names of ``types`` are segmented as if unknown.

    Args:
        example: A labelled sentence.
        rate: Share of sentences, 0 to 1.
        types: Entity types whose names are hidden.
    """
    text, spans = example
    if rate <= 0 or zlib.crc32(text.encode("utf-8")) % 1000 >= rate * 1000:
        return frozenset()
    return frozenset(text[s:e] for s, e, label in spans if label in types and e - s > 1)


def train(
    examples: Iterable[Example],
    out: Path,
    params: dict[str, float | int | bool] | None = None,
    verbose: bool = False,
    name_dropout: float = 0.0,
    scheme: str = "bioes",
) -> dict[str, float]:
    """Fit a CRF on ``examples`` and write it to ``out``.

    Args:
        examples: Labelled sentences.
        out: Model file to write.
        params: crfsuite L-BFGS parameters (defaults: :data:`DEFAULT_PARAMS`).
        verbose: Print crfsuite's progress.
        name_dropout: Share of sentences whose person names are segmented as unknown
            words (see :func:`unknown_names`).
        scheme: Tagging scheme, ``"bio"`` or ``"bioes"`` (see
            :func:`kg.ner.corpus.bio_tags`); the recognizer reads it from the model.

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
        banned = unknown_names((text, spans), name_dropout)
        trainer.append(sentence_features(text, banned=banned), bio_tags(len(text), spans, scheme))
        sentences += 1
        chars += len(text)
    featured = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
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
    parser.add_argument(
        "--teacher",
        type=Path,
        default=DEFAULT_TEACHER,
        help="teacher spans over People's Daily restoring compound names",
    )
    parser.add_argument("--no-teacher", action="store_true", help="rules only")
    parser.add_argument("--no-pd", action="store_true", help="skip People's Daily")
    parser.add_argument("--no-cluener", action="store_true", help="skip CLUENER")
    parser.add_argument("--no-abbreviations", action="store_true")
    parser.add_argument("--no-words", action="store_true")
    parser.add_argument("--no-org-compounds", action="store_true")
    parser.add_argument("--no-loc-compounds", action="store_true")
    parser.add_argument("--no-affixes", action="store_true")
    parser.add_argument("--no-brands", action="store_true")
    parser.add_argument(
        "--no-silver-places", action="store_true", help="keep CLUENER addresses as LOC"
    )
    parser.add_argument("--limit", type=int, help="paragraphs per source (quick runs)")
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        help="scoring file (BIO or CLUENER .jsonl) whose sentences are kept out of "
        "training (repeatable; default: example.dev and CLUENER dev.jsonl)",
    )
    parser.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    parser.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    parser.add_argument("--minfreq", type=float, default=DEFAULT_PARAMS["feature.minfreq"])
    parser.add_argument(
        "--name-dropout",
        type=float,
        default=DEFAULT_NAME_DROPOUT,
        help="share of sentences whose person names jieba is made not to know",
    )
    parser.add_argument(
        "--scheme", choices=("bio", "bioes"), default="bioes", help="tagging scheme"
    )
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
        brands=not args.no_brands,
    )
    examples = build_examples(
        None if args.no_pd else args.pd,
        None if args.no_cluener else args.cluener,
        options,
        args.limit,
        not args.no_silver_places,
        [p for p in (args.exclude or DEFAULT_EXCLUDE) if p.exists()],
        None if args.no_teacher else args.teacher,
    )
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iterations,
        "feature.minfreq": args.minfreq,
    }
    stats = train(examples, args.out, params, args.verbose, args.name_dropout, args.scheme)
    print(
        f"wrote {args.out}: {stats} params={params} name_dropout={args.name_dropout} "
        f"scheme={args.scheme} options={options}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
