r"""Word clusters for the entity recognizer's features, from unlabelled news text.

Words that occur in similar contexts get the same cluster (word2vec skip-gram vectors,
then k-means at two granularities), so the model can treat a word it never saw
labelled like the labelled words of its cluster (given names, foreign name pieces,
organization heads). Two steps, because gensim is a training-time tool only, never a
dependency of ``kg``::

    # 1. segment the text as the recognizer does (project environment)
    .venv/bin/python scripts/ner/word_clusters.py segment /tmp/wc/corpus.txt
    # 2. vectors and clusters (scratch environment: python -m venv /tmp/gv;
    #    /tmp/gv/bin/pip install gensim)
    /tmp/gv/bin/python scripts/ner/word_clusters.py cluster /tmp/wc/corpus.txt \
        kg/ner/data/word_clusters.tsv.gz

Text: the 2025 新闻联播 stories of January to November, People's Daily 1998-01 and the
CLUENER2020 training sentences, all under ``/work/shared/data``. The scoring sets
(``example.dev``, CLUENER ``dev.jsonl``) are never read; neither is any December 2025
story. Deterministic for a given gensim version (one worker thread, fixed seeds).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

DATA = Path("/work/shared/data")
STORIES = DATA / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"
PD = DATA / "peoples_daily_1998_pos" / "199801.txt"
CLUENER = DATA / "cluener2020" / "train.jsonl"
MIN_COUNT = 3
SIZES = (64, 512)
WINDOW = 2


def _texts() -> list[str]:
    texts: list[str] = []
    with STORIES.open(encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if not str(story.get("date", "")).startswith("202512"):
                texts += [story["title"], *story["text"].splitlines()]
    with PD.open(encoding="utf-8") as handle:
        for line in handle:
            words = (item.rpartition("/")[0] for item in line.split())
            texts.append("".join(w.lstrip("[") for w in words if w))
    with CLUENER.open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle]
    return [text for text in texts if text.strip()]


def segment_corpus(out: Path) -> None:
    """Write the texts, one a line, as the recognizer's words separated by spaces."""
    from kg.ner.features import fold, normalize
    from kg.ner.segment import segment

    with out.open("w", encoding="utf-8") as handle:
        for text in _texts():
            words = segment(normalize(text))
            folded = fold("".join(words))
            pos = 0
            row = []
            for word in words:
                piece = folded[pos : pos + len(word)]
                pos += len(word)
                if piece.strip():
                    row.append(piece)
            handle.write(" ".join(row) + "\n")


def cluster(corpus: Path, out: Path) -> None:
    """Train vectors on ``corpus`` and write ``word<TAB>coarse<TAB>fine`` (gzip)."""
    import numpy as np
    from gensim.models import Word2Vec
    from scipy.cluster.vq import kmeans2

    cache = corpus.with_suffix(".vectors.npz")
    if cache.exists():  # vectors of an earlier run over the same corpus
        saved = np.load(cache, allow_pickle=False)
        words, vectors = [str(w) for w in saved["words"]], saved["vectors"]
    else:
        sentences = [line.split() for line in corpus.read_text(encoding="utf-8").splitlines()]
        model = Word2Vec(sentences, vector_size=100, window=WINDOW, min_count=MIN_COUNT, sg=1,
                         negative=10, epochs=8, workers=1, seed=7)
        words, vectors = list(model.wv.index_to_key), model.wv.vectors
        np.savez(cache, words=np.array(words), vectors=vectors)
    unit = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float64)
    rng = np.random.default_rng(7)
    labels = []
    for k in SIZES:
        # Random points as the first centres: k-means++ in scipy costs k² passes.
        _, label = kmeans2(unit, unit[rng.choice(len(unit), k, replace=False)], iter=30,
                           minit="matrix")
        labels.append(label)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(f"# word2vec skip-gram (gensim), k-means {SIZES}; "
                     "scripts/ner/word_clusters.py\n")
        for i, word in enumerate(words):
            handle.write(f"{word}\t{labels[0][i]}\t{labels[1][i]}\n")
    print(f"wrote {out}: {len(words)} words")


if __name__ == "__main__":
    if sys.argv[1] == "segment":
        segment_corpus(Path(sys.argv[2]))
    else:
        cluster(Path(sys.argv[2]), Path(sys.argv[3]))
