"""Tests of the shipped CRF entity recognizer (kg.ner)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

import kg
from kg.ner import recognize, recognize_batch
from kg.ner.corpus import PdOptions, bio_tags, parse_pd_line, pd_paragraph, split_sentences
from kg.ner.evaluate import score
from kg.ner.tagger import (
    addressed_surnames,
    chunks,
    close_brackets,
    decode,
    merge_place_organization,
    ministries,
    organization_starts,
    people_of_trophies,
    place_bodies,
    publications,
    regions,
    split_place_pairs,
    trim_person_affixes,
)
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


def test_attribute_filter_is_active_and_harmless() -> None:
    from importlib import resources

    from kg.ner import ATTRIBUTES_FILE, MODEL_FILE
    from kg.ner.tagger import Recognizer, read_attributes

    files = resources.files("kg.ner")
    data = files.joinpath(MODEL_FILE).read_bytes()
    known = read_attributes(files.joinpath(ATTRIBUTES_FILE).read_text(encoding="utf-8"), data)
    assert known, "model.attributes.json does not belong to model.crfsuite: retrain"
    text = SEED_XING + SEED_FENG + SEED_NMG
    assert Recognizer(data, known).recognize(text) == Recognizer(data).recognize(text)


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


def test_place_directly_before_organization_becomes_one_organization() -> None:
    spans = [(0, 2, "LOC"), (2, 5, "ORG"), (6, 8, "LOC"), (9, 11, "ORG"), (11, 13, "LOC")]
    assert merge_place_organization(spans) == [
        (0, 5, "ORG"),
        (6, 8, "LOC"),
        (9, 11, "ORG"),
        (11, 13, "LOC"),
    ]


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


def test_person_spans_lose_the_forms_of_address_people_daily_leaves_out() -> None:
    text = "王某和胡老、启功老、小俊平、张小明、刘家"
    spans = [(0, 2, "PER"), (3, 5, "PER"), (6, 9, "PER"), (10, 13, "PER"), (14, 17, "PER"),
             (18, 20, "PER"), (18, 20, "LOC")]
    trimmed = [(text[s:e], t) for s, e, t in trim_person_affixes(text, spans)]
    assert trimmed == [("王", "PER"), ("胡", "PER"), ("启功", "PER"), ("俊平", "PER"),
                       ("张小明", "PER"), ("刘", "PER"), ("刘家", "LOC")]


def test_pairs_of_one_character_places_before_relations_become_separate_places() -> None:
    text = "严格遵守中韩建交时确立的原则"
    spans = split_place_pairs(text, [(5, 8, "PER")])  # the model's 韩建交
    assert [(text[s:e], t) for s, e, t in spans] == [("中", "LOC"), ("韩", "LOC")]
    found = [(s.text, s.type) for s in recognize("为了谋求中印边界问题和平解决")]
    assert ("中", "LOC") in found and ("印", "LOC") in found
    text = "英法在乌克兰问题上立场一致"  # the pair as a subject
    assert [(text[s:e], t) for s, e, t in split_place_pairs(text, [])] == [
        ("英", "LOC"), ("法", "LOC")]


def test_place_pairs_inside_an_organization_or_without_relations_are_left_alone() -> None:
    text = "美中经贸促进会呼吁"
    assert split_place_pairs(text, [(0, 7, "ORG")]) == [(0, 7, "ORG")]
    text = "中美洲国家和中英文"
    assert split_place_pairs(text, [(0, 3, "LOC")]) == [(0, 3, "LOC")]


def test_periodicals_in_title_marks_are_organizations_with_their_place_and_kind() -> None:
    text = "据美国《科学》杂志报道，《纽约时报》和《时代潮》杂志也刊登了"
    spans = publications(text, [(1, 3, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("美国《科学》杂志", "ORG"), ("纽约时报", "ORG"), ("《时代潮》杂志", "ORG")]
    text = "华北《人民日报》创刊"
    assert [text[s:e] for s, e, _ in publications(text, [(0, 2, "LOC")])] == ["华北《人民日报》"]


def test_titles_that_are_not_periodicals_or_already_inside_an_organization_stay() -> None:
    text = "学习《中华人民共和国宪法》和《今日美国》报道的内容"
    assert publications(text, []) == []
    text = "《人民日报》社论"
    assert publications(text, [(0, 8, "ORG")]) == [(0, 8, "ORG")]


def test_spans_made_by_output_rules_carry_the_model_s_marginal_of_their_labels() -> None:
    import pycrfsuite

    from kg.ner import default_recognizer
    from kg.ner.features import sentence_features

    text = "严格遵守中韩建交时确立的原则，据美国《科学》杂志报道"
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(default_recognizer()._bytes)
    tagger.set(sentence_features(text))
    tagger.tag()
    spans = {(s.text, s.type): s.confidence for s in recognize(text)}
    assert spans[("中", "LOC")] == round(tagger.marginal("B-LOC", 4), 4)
    assert spans[("韩", "LOC")] == round(tagger.marginal("B-LOC", 5), 4)
    start = text.index("美国")
    expected = min(
        tagger.marginal("I-ORG" if i > start else "B-ORG", i) for i in range(start, start + 8)
    )
    assert spans[("美国《科学》杂志", "ORG")] == round(expected, 4)


def test_people_a_trophy_is_named_after_are_persons() -> None:
    text = "中国男队再次被挤出汤杯决赛，本届汤尤杯赛尤伯杯决赛"
    spans = people_of_trophies(text, [(0, 4, "ORG"), (17, 20, "ORG")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("中国男队", "ORG"), ("汤", "PER"), ("汤", "PER"), ("尤", "PER"), ("尤伯", "PER")]
    assert people_of_trophies("世界杯和李宁杯", []) == []


def test_the_ministry_in_a_minister_s_title_is_an_organization_with_its_country() -> None:
    text = "埃及石油部长哈姆迪、美国前商务部长芭芭拉和司法部长"
    spans = ministries(text, [(0, 2, "LOC"), (10, 12, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("埃及石油部", "ORG"), ("美国前商务部", "ORG"), ("司法部", "ORG")]


def test_deputies_acting_ministers_and_heads_of_party_departments_keep_no_ministry() -> None:
    for text in ("财政部副部长萨默斯", "后被任命为内务部代理部长", "中共中央统战部部长王兆国",
                 "这位新部长说"):
        assert ministries(text, []) == [], text


def test_a_place_and_the_body_named_after_it_become_one_organization() -> None:
    text = "此案经海口市中级人民法院一审，马来西亚男队与香港首届立法会"
    spans = place_bodies(text, [(3, 6, "LOC"), (15, 19, "LOC"), (22, 24, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("海口市中级人民法院", "ORG"), ("马来西亚男队", "ORG"), ("香港首届立法会", "ORG")]


def test_places_before_spots_quantities_verbs_or_generic_bodies_stay_places() -> None:
    for text, place in (
        ("加沙城中心发生爆炸", "加沙城"),  # the centre of a place
        ("华北中南部地区", "华北"),  # a part of it
        ("北爱尔兰地区所有学校停课", "北爱尔兰地区"),  # a scope word
        ("曼谷一家报社报道", "曼谷"),  # a quantity
        ("非洲球队表现出色", "非洲"),  # a generic body
        ("河北风力有所减弱", "河北"),  # jieba's dictionary calls 有所 a noun
        ("中国进行改革", "中国"),
    ):
        start = text.index(place)
        spans = [(start, start + len(place), "LOC")]
        assert place_bodies(text, spans) == spans, text


def test_docstring_examples_of_the_recognizer_modules_hold() -> None:
    import doctest

    import kg.ner.corpus
    import kg.ner.features
    import kg.ner.segment
    import kg.ner.tagger

    for module in (kg.ner.corpus, kg.ner.features, kg.ner.segment, kg.ner.tagger):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_regions_before_diqu_and_zhonghua_of_the_nation_are_places() -> None:
    text = "东北地区和华南地区的中华儿女，中华民族"
    spans = regions(text, [(0, 4, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("东北", "LOC"), ("华南", "LOC"), ("中华", "LOC"), ("中华", "LOC")]
    text = "中华民族团结进步协会"
    assert regions(text, [(0, 10, "ORG")]) == [(0, 10, "ORG")]
    assert regions("东北部和中华人民共和国", []) == []


def test_a_family_name_alone_before_a_form_of_address_is_a_person() -> None:
    text = "有一次，李先生在办公室，常副局长表示，习主席说"
    spans = addressed_surnames(text, [(19, 20, "LOC")])  # the model's place 习
    assert [(text[s:e], t) for s, e, t in spans] == [("李", "PER"), ("常", "PER"), ("习", "PER")]


def test_countries_words_of_function_and_parts_of_words_before_titles_stay() -> None:
    for text in ("乌总统泽连斯基表示", "但教授的神经", "史书记载", "5国外长会", "由主席团主持"):
        assert addressed_surnames(text, []) == [], text


def test_a_name_holding_a_rare_character_in_brackets_keeps_the_closing_bracket() -> None:
    text = "袁（日希）和惠（君音）说（见图）"
    spans = close_brackets(text, [(0, 4, "PER"), (6, 10, "PER"), (11, 12, "PER")])
    assert [text[s:e] for s, e, _ in spans] == ["袁（日希）", "惠（君音）", "说"]


def test_organizations_opening_inside_a_word_start_at_the_word() -> None:
    text = "由对外贸易经济合作部颁发，将访华新华社北京电"
    spans = organization_starts(text, [(4, 10, "ORG"), (15, 19, "ORG")])
    assert [text[s:e] for s, e, _ in spans] == ["对外贸易经济合作部", "新华社"]
    assert organization_starts("访华", [(1, 2, "ORG")]) == [(1, 2, "ORG")]
