"""Tests of the kg-mylab plugin: the text function, the extractor, a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from kg_mylab import NAME, find_numbers

import kg
from kg.extract import extract
from kg.ontology import namespace
from kg.records import Article

SAMPLE = Path(__file__).resolve().parent.parent / "sample.jsonl"


@pytest.mark.parametrize(("text", "numbers"), [
    ("（国发〔2024〕3号）", ["国发〔2024〕3号"]),
    ("依据内政办发〔2023〕5号", ["内政办发〔2023〕5号"]),       # 依据 is not the issuer's
    ("文号为京政发[2022]7号。", ["京政发〔2022〕7号"]),          # brackets normalized
    ("国办发（2020） 12 号", ["国办发〔2020〕12号"]),
    ("2024年第3号", []),                                         # no issuer code
])
def test_find_numbers(text: str, numbers: list[str]) -> None:
    assert [number for _, _, number in find_numbers(text)] == numbers


def _facts(text: str) -> list[tuple[str, str, float]]:
    article = Article(id="t", headline="t", text=text)
    return [(f.subject.name, f.value, f.confidence) for f in extract(article).facts]


def test_a_number_after_a_title_numbers_it() -> None:
    assert _facts("国务院印发《关于优化政务服务的指导意见》（国发〔2024〕3号）。") == [
        ("关于优化政务服务的指导意见", "国发〔2024〕3号", 0.95)]


def test_a_number_elsewhere_in_the_sentence_numbers_the_nearest_title() -> None:
    assert _facts("按照京政发〔2022〕7号要求，制定《工作细则》和《实施办法》。") == [
        ("工作细则", "京政发〔2022〕7号", 0.8)]


def test_no_title_no_periodical_no_fact() -> None:
    text = "这一文件编号国发〔2021〕1号。据《人民日报》报道，国办发〔2020〕2号已废止。"
    assert _facts(text) == []


def test_a_build_has_the_numbers(tmp_path: Path) -> None:
    kg.build([SAMPLE], tmp_path, workers=1, html=False)
    number = namespace("mylab").documentNumber
    rows = kg.query(tmp_path, f"SELECT ?n ?e WHERE {{ ?d <{number}> ?n . "
                              "?a oa:hasBody ?d ; oa:motivatedBy oa:describing ; kg:extractor ?e }")
    assert sorted((r["n"].value, r["e"].value) for r in rows) == [
        ("内政办发〔2024〕12号", NAME), ("国发〔2024〕3号", NAME)]
    assert "@prefix mylab:" in (tmp_path / "graph.trig").read_text(encoding="utf-8")
