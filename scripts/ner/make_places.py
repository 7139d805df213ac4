"""Write ``kg/ner/data/places.txt``, the place gazetteer of the entity recognizer.

The recognizer's features must not change when the extraction's lexicons are edited,
so the gazetteer is a frozen copy, written once from ``kg/resources``:

* every administrative division's full name (北京市, 称多县) from ``divisions.tsv``;
* the short names (without the generic suffix) of provinces and prefectures (北京,
  石家庄), and of counties when jieba's dictionary does not hold the short name as a
  word of another class (如东 yes; 和平, 朝阳, 新华 no);
* every name in ``world_places.tsv`` (countries, first-level regions, major cities).

Names of one character and a few division names that are common nouns (城区,
解放区) are left out. Run from the repository root::

    python scripts/ner/make_places.py
"""

from __future__ import annotations

from pathlib import Path

from kg.extract.doc import dictionary_tags
from kg.ner.features import word_tags
from kg.resources import read_text

OUT = Path("kg/ner/data/places.txt")
# Division names that are common nouns far more often than places.
GENERIC = frozenset(
    ["城区", "郊区", "矿区", "市区", "新区", "解放区", "东区", "西区", "南区", "北区", "中区"]
)


def _rows(name: str) -> list[list[str]]:
    return [
        line.split("\t")
        for line in read_text(name).splitlines()
        if line and not line.startswith("#")
    ]


def main() -> None:
    """Write the gazetteer and print how many names it holds."""
    words = dictionary_tags()
    tags = word_tags()
    names: set[str] = set()
    for _code, full, short, level, *_ in _rows("divisions.tsv"):
        names.add(full)
        if len(short) < 2 or short == full:
            continue
        upper = level in ("province", "prefecture")
        if upper or short not in words or tags.get(short) == "ns":
            names.add(short)
    for name, *_ in _rows("world_places.tsv"):
        names.add(name)
    kept = sorted(n for n in names - GENERIC if len(n) >= 2)
    header = (
        "# Place gazetteer of the entity recognizer (feature gz=). Written by\n"
        "# scripts/ner/make_places.py from kg/resources/divisions.tsv and world_places.tsv\n"
        "# (see kg/resources/SOURCES.md); a frozen copy, so that editing those files does\n"
        "# not change the model's features.\n"
    )
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} places -> {OUT}")


if __name__ == "__main__":
    main()
