r"""Run Baidu LAC over People's Daily 1998-01 and write its entity spans (training data).

The copy of the People's Daily corpus under ``/work/shared/data`` lost the brackets of
compound names (``[国务院/nt 办公厅/n]nt``). LAC (Baidu's lexical analyzer, Apache-2.0,
https://github.com/baidu/lac) finds many of those names; ``kg.ner.corpus`` uses its
spans, where they agree with the corpus's token boundaries, to restore them. LAC is a
teacher at training time only, never a dependency of ``kg``. It needs paddlepaddle
(about 1 GB), so run this in a scratch environment::

    python3.10 -m venv /tmp/lacvenv
    /tmp/lacvenv/bin/pip install paddlepaddle==2.6.2 lac==2.1.2
    # LAC 2.1.2 imports paddle.fluid, which paddle 2.6 renamed to paddle.base:
    sed -i 's/paddle\.fluid/paddle.base/' /tmp/lacvenv/lib/python3.10/site-packages/LAC/*.py
    /tmp/lacvenv/bin/python scripts/ner/lac_teacher.py \
        /work/shared/data/peoples_daily_1998_pos/199801.txt scripts/ner/pd1998_lac.tsv.gz

Output rows: ``line<TAB>start<TAB>end<TAB>type`` (0-based line of the corpus file,
character offsets into the line's words joined, end exclusive, type PER/LOC/ORG).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator

# LAC's tags: PER/LOC/ORG (proper names) and nr/ns/nt (the same classes, from its POS
# set) both name entities.
TYPES = {"PER": "PER", "nr": "PER", "LOC": "LOC", "ns": "LOC", "ORG": "ORG", "nt": "ORG"}


def line_text(line: str) -> str:
    """Return the text of one corpus line (its words joined, tags dropped)."""
    words = (item.rpartition("/")[0] for item in line.split())
    return "".join(word for word in words if word)


def entity_spans(words: list[str], tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, type)`` of the LAC words tagged as entities."""
    pos = 0
    for word, tag in zip(words, tags, strict=True):
        if tag in TYPES and word.strip():
            yield pos, pos + len(word), TYPES[tag]
        pos += len(word)


def main(argv: list[str]) -> int:
    """Tag the corpus ``argv[0]`` with LAC and write spans to ``argv[1]``.

    With ``--from-jsonl FILE`` the LAC output of an earlier run (one JSON
    ``[words, tags]`` a corpus line) is converted instead of running LAC.
    """
    source, target = argv[0], argv[1]
    with open(source, encoding="utf-8") as handle:
        texts = [line_text(line) for line in handle]
    if len(argv) > 3 and argv[2] == "--from-jsonl":
        with open(argv[3], encoding="utf-8") as handle:
            results = [json.loads(line) for line in handle]
    else:
        from LAC import LAC  # type: ignore[import-not-found]  # scratch environment only

        lac = LAC(mode="lac")
        results = []
        for i in range(0, len(texts), 64):
            batch = texts[i : i + 64]
            tagged = iter(lac.run([t for t in batch if t]) if any(batch) else [])
            results.extend(next(tagged) if t else [[], []] for t in batch)
    with gzip.open(target, "wt", encoding="utf-8") as out:
        out.write("# Baidu LAC 2.1.2 (mode lac) entity spans over 199801.txt; see lac_teacher.py\n")
        for number, (text, (words, tags)) in enumerate(zip(texts, results, strict=True)):
            if "".join(words) != text:
                continue
            for start, end, label in entity_spans(words, tags):
                out.write(f"{number}\t{start}\t{end}\t{label}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
