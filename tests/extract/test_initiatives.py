"""Initiative rules on single sentences."""

from __future__ import annotations

from kg.pipeline import analyze
from kg.records import Article


def test_quoted_names_ending_in_their_kind_are_initiatives():
    resolved = analyze(Article(id="t", headline="t", text=(
        "湖北将接续实施长江大保护“双十工程”“双十行动”。纳入“八八战略”中。"
        "各地将组织开展“百日千万招聘专项行动”。")))
    names = {e.name for e in resolved.entities if e.kind == "initiative"}
    assert {"双十工程", "双十行动", "八八战略", "百日千万招聘专项行动"} <= names
