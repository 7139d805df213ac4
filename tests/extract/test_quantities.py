"""Quantities: numbers with units from real 新闻联播 sentences, values in plain units."""

from __future__ import annotations

import pytest

from kg.api import analyze
from kg.graph import article_quads
from kg.graph.nquads import article_ntriples, to_ntriples
from kg.records import Article

# From the 2025-02-28 story on the 2024 statistical communiqué (stories_2025_01-11.jsonl).
COMMUNIQUE = ("经初步核算，2024年，我国国内生产总值达1349084亿元，比上年增长5.0%，"
              "经济社会发展主要目标任务顺利完成。2024年，我国粮食总产量达14130亿斤。"
              "我国货物进出口总额达43.8万亿元，规模创历史新高。")


def _quantities(text: str) -> list[tuple[str, str, str, str | None]]:
    resolved = analyze(Article(id="q", headline="统计公报", text=text))
    return [(q.text, q.value, q.unit, q.measure) for q in resolved.quantities]


def test_statistics_are_quantities_with_multipliers_applied_and_what_they_measure():
    assert _quantities(COMMUNIQUE) == [
        ("1349084亿元", "134908400000000", "元", "我国国内生产总值达"),
        ("5.0%", "5", "%", "比上年增长"),
        ("14130亿斤", "1413000000000", "斤", "我国粮食总产量达"),
        ("43.8万亿元", "43800000000000", "元", "我国货物进出口总额达"),
    ]


@pytest.mark.parametrize("text", ["2024年，我国经济运行稳中有进。", "今年第21号台风10月3日加强。",
                                  "十四届全国人大三次会议"])
def test_years_dates_and_ordinals_are_not_quantities(text):
    assert _quantities(text) == []


def test_approximate_quantities_keep_their_number():
    assert _quantities("距离广东湛江还有1000多公里。") == [
        ("1000多公里", "1000", "公里", "距离广东湛江还有")]


def test_every_quantity_offset_points_at_its_text():
    resolved = analyze(Article(id="q", headline="统计公报", text=COMMUNIQUE))
    for q in resolved.quantities:
        assert COMMUNIQUE[q.start:q.end] == q.text


def test_quantities_in_the_graph_are_schema_values_with_evidence_in_both_writers():
    resolved = analyze(Article(id="q", headline="统计公报", text=COMMUNIQUE))
    reference = to_ntriples(article_quads(resolved))
    assert "".join(article_ntriples(resolved)[0]) == reference
    assert '<https://schema.org/value> "134908400000000"^^' in reference
    assert '<https://schema.org/currency> "CNY"' in reference
    assert '<https://schema.org/unitCode> "P1"' in reference
    assert reference.count("<https://w3id.org/kg/ns#quantity>") == 4
