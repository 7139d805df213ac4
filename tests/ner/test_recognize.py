"""Tests of the shipped CRF entity recognizer (kg.ner)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

import kg
from kg.ner import recognize, recognize_batch
from kg.ner.corpus import (
    PdOptions,
    bio_tags,
    parse_pd_line,
    pd_paragraph,
    span_tags,
    split_sentences,
)
from kg.ner.evaluate import score
from kg.ner.tagger import chunks, decode
from kg.records import Span

# Sentences of the seed page (/work/shared/seed/000_e63576df4a57bece.txt).
SEED_XING = "日前,记者就这些问题采访了自治区应急管理厅党委委员、副厅长邢国显。"
SEED_FENG = "在自治区人民政府新闻办公室举行的新闻发布会上,自治区市场监管局二级巡视员冯晔说道。"
SEED_NMG = "建设祖国北疆安全稳定屏障是习近平总书记交给内蒙古的重大任务之一。"


def found(text: str, kind: str) -> set[str]:
    return {s.text for s in recognize(text) if s.type == kind}


def assert_offsets(text: str, spans: list[Span]) -> None:
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.type in {"PER", "ORG", "LOC"}
        assert 0.0 <= span.confidence <= 1.0
        assert span.start < span.end
    ends = [(s.start, s.end) for s in spans]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


def test_seed_person_xing() -> None:
    assert "邢国显" in found(SEED_XING, "PER")


def test_seed_person_feng() -> None:
    assert "冯晔" in found(SEED_FENG, "PER")


def test_seed_place_inner_mongolia() -> None:
    assert "内蒙古" in found(SEED_NMG, "LOC")


def test_known_entities_in_news() -> None:
    text = "中共中央总书记、国家主席习近平在北京人民大会堂会见了联合国秘书长古特雷斯。"
    assert "习近平" in found(text, "PER")
    assert "北京" in found(text, "LOC")
    assert "联合国" in found(text, "ORG")


def test_offsets_on_a_long_page() -> None:
    text = "\n\n".join([SEED_XING, SEED_FENG, SEED_NMG] * 40)
    spans = recognize(text)
    assert_offsets(text, spans)
    assert sum(s.text == "冯晔" for s in spans) >= 35


def test_offsets_with_full_width_and_mixed_text() -> None:
    text = "１９９８年１月，ＩＢＭ公司与新华社在北京签约。 Mr. Smith 来到上海。\t王小明说：“好！”"
    assert_offsets(text, recognize(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\n",
        "\x00\x01\x02\x03\x1f\x7f",
        "\ud800王\udfff小明",
        "😀👍🏽 李雷和韩梅梅 ‮ abc ‍ 北京",
        "。" * 1000,
        "王" * 5000,
        "北京上海广州" * 2000,
        "a" * 10000 + "张三" + "b" * 10000,
        "\u200b\ufeff\u3000\u00a0",
        "Ａ" * 300,
    ],
)
def test_never_raises(text: str) -> None:
    spans = recognize(text)
    assert_offsets(text, spans)


def test_non_string_input_is_empty() -> None:
    assert recognize(None) == []  # type: ignore[arg-type]


def test_batch_matches_single() -> None:
    texts = [SEED_XING, "", SEED_FENG]
    assert recognize_batch(texts) == [recognize(t) for t in texts]


def test_confidence_is_a_marginal() -> None:
    spans = recognize(SEED_XING)
    assert spans
    assert all(0.0 < s.confidence <= 1.0 for s in spans)


def test_a_recognizer_from_the_model_path_equals_the_shipped_one(tmp_path) -> None:
    from importlib import resources

    from kg.ner import MODEL_FILE
    from kg.ner.tagger import Recognizer

    model = tmp_path / "model.crfsuite"
    model.write_bytes(resources.files("kg.ner").joinpath(MODEL_FILE).read_bytes())
    text = SEED_XING + SEED_FENG + SEED_NMG
    assert Recognizer(model).recognize(text) == recognize(text)
    assert Recognizer(model.read_bytes()).recognize(text) == recognize(text)


def test_chunks_keep_offsets() -> None:
    text = "第一句。第二句！\n第三句" + "长" * 700 + "，尾巴"
    pieces = list(chunks(text, limit=100))
    assert all(len(p) <= 100 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    covered = {o + i for o, p in pieces for i in range(len(p))}
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_decode_handles_stray_inside_tags() -> None:
    assert decode(["I-PER", "I-PER", "O", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
    ]


def test_decode_reads_bioes_tags_and_closes_a_span_at_its_end_tag() -> None:
    tags = ["B-ORG", "I-ORG", "E-ORG", "B-ORG", "E-ORG", "S-PER", "S-PER", "O", "E-LOC"]
    assert decode(tags) == [
        (0, 3, "ORG"),
        (3, 5, "ORG"),
        (5, 6, "PER"),
        (6, 7, "PER"),
        (8, 9, "LOC"),
    ]


def test_bioes_tags_mark_single_characters_and_span_ends() -> None:
    spans = [(0, 1, "LOC"), (1, 2, "LOC"), (3, 6, "PER")]
    tags = bio_tags(7, spans, "bioes")
    assert tags == ["S-LOC", "S-LOC", "O", "B-PER", "I-PER", "E-PER", "O"]
    assert decode(tags) == spans
    assert decode(bio_tags(7, spans)) == spans


def test_an_unknown_tagging_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="bioes"):
        span_tags(0, 2, "PER", "bilou")


def test_pd_conversion_merges_names_and_compounds() -> None:
    line = (
        "中共中央/nt  总书记/n  江/nr  泽民/nr  在/p  国务院/nt  办公厅/n  会见/v  "
        "中/j  美/j  代表/n"
    )
    text, spans = pd_paragraph(parse_pd_line(line), PdOptions())
    labelled = {(text[s:e], t) for s, e, t in spans}
    assert ("江泽民", "PER") in labelled
    assert ("国务院办公厅", "ORG") in labelled
    assert ("中共中央", "ORG") in labelled
    assert {("中", "LOC"), ("美", "LOC")} <= labelled


def test_pd_conversion_without_heuristics() -> None:
    line = "国务院/nt  办公厅/n  中/j  美/j"
    options = PdOptions(False, False, False, False, False)
    text, spans = pd_paragraph(parse_pd_line(line), options)
    assert [(text[s:e], t) for s, e, t in spans] == [("国务院", "ORG")]


def test_split_sentences_never_cuts_a_span() -> None:
    text = "我在北京。你在上海。"
    parts = list(split_sentences((text, [(2, 4, "LOC"), (7, 9, "LOC")])))
    assert parts == [("我在北京。", [(2, 4, "LOC")]), ("你在上海。", [(2, 4, "LOC")])]
    assert bio_tags(5, parts[0][1]) == ["O", "O", "B-LOC", "I-LOC", "O"]


def test_score_counts_exact_matches() -> None:
    result = score([[(0, 2, "PER"), (3, 5, "LOC")]], [[(0, 2, "PER"), (3, 4, "LOC")]])
    assert result.micro.tp == 1
    assert result.by_type["PER"].f1 == 1.0
    assert result.by_type["LOC"].precision == 0.0


def test_public_recognize_is_the_shipped_model() -> None:
    spans = kg.recognize(SEED_XING)
    assert spans == recognize(SEED_XING)
    assert all(isinstance(s, Span) for s in spans)


def test_kg_entities_command_reads_lines_and_writes_json_lines() -> None:
    lines = [SEED_XING, "", "１９９８年，ＩＢＭ公司在北京签约。", SEED_FENG]
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "entities"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    for text, record in zip(lines, out, strict=True):
        for entity in record["entities"]:
            assert set(entity) == {"start", "end", "type", "text"}
            assert text[entity["start"] : entity["end"]] == entity["text"]
            assert entity["type"] in {"PER", "ORG", "LOC"}
    assert out[1] == {"entities": []}
    assert {"text": "冯晔", "type": "PER"} in [
        {"text": e["text"], "type": e["type"]} for e in out[3]["entities"]
    ]
    assert "北京" in {e["text"] for e in out[2]["entities"] if e["type"] == "LOC"}


def test_spans_made_by_output_rules_carry_the_model_s_marginal_of_their_labels() -> None:
    import pycrfsuite

    from kg.ner import default_recognizer
    from kg.ner.features import sentence_features

    text = "严格遵守中韩建交时确立的原则，据美国《科学》杂志报道"
    from importlib import resources

    from kg.ner import MODEL_FILE

    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(resources.files("kg.ner").joinpath(MODEL_FILE).read_bytes())
    tagger.set(sentence_features(text))
    tagger.tag()
    spans = {(s.text, s.type): s.confidence for s in recognize(text)}
    scheme = default_recognizer().scheme
    single = span_tags(0, 1, "LOC", scheme)[0]
    assert spans[("中", "LOC")] == round(tagger.marginal(single, 4), 4)
    assert spans[("韩", "LOC")] == round(tagger.marginal(single, 5), 4)
    start = text.index("美国")
    expected = min(
        tagger.marginal(name, i)
        for i, name in enumerate(span_tags(start, start + 8, "ORG", scheme), start)
    )
    assert spans[("美国《科学》杂志", "ORG")] == round(expected, 4)


def test_docstring_examples_of_the_recognizer_modules_hold() -> None:
    import doctest

    import kg.ner.corpus
    import kg.ner.features
    import kg.ner.rules
    import kg.ner.segment
    import kg.ner.tagger

    for module in (kg.ner.corpus, kg.ner.features, kg.ner.rules, kg.ner.segment, kg.ner.tagger):
        assert doctest.testmod(module).failed == 0, module.__name__
