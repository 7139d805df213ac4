"""Tests of how training data is made: teacher-restored compounds, unknown names, features."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import jieba

from kg.ner.corpus import PdOptions, parse_pd_line, pd_paragraph, read_teacher
from kg.ner.features import segment, sentence_features
from kg.ner.train import DEFAULT_TEACHER, build_examples, unknown_names

from ..conftest import SHARED, needs_shared

PD1998 = SHARED / "data" / "peoples_daily_1998_pos" / "199801.txt"


def labelled(line: str, teacher: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    text, spans = pd_paragraph(parse_pd_line(line), PdOptions(), None, teacher)
    return {(text[s:e], t) for s, e, t in spans}


def test_teacher_span_on_token_boundaries_restores_a_compound_organization() -> None:
    line = "首相/n  会见/v  北爱/j  统一党/n  领导人/n"
    # 北爱统一党 = characters 4..9; the rules alone do not rebuild it.
    assert ("北爱统一党", "ORG") not in labelled(line, [])
    assert ("北爱统一党", "ORG") in labelled(line, [(4, 9, "ORG")])


def test_teacher_span_keeps_only_the_last_leading_place() -> None:
    line = "山东省/ns  平度市/ns  崔马镇/ns  供销社/n  营业员/n"
    found = labelled(line, [(0, 12, "ORG")])
    assert ("崔马镇供销社", "ORG") in found
    assert {("山东省", "LOC"), ("平度市", "LOC")} <= found


def test_teacher_span_across_token_boundaries_or_a_person_is_ignored() -> None:
    line = "京/j  海关/n  调查局/n  茹/nr  水泉/nr  局长/n"
    # Ends inside 调查局, and one covering the person: neither is taken.
    assert labelled(line, [(0, 4, "ORG")]) == labelled(line, [])
    assert ("茹水泉", "PER") in labelled(line, [(0, 8, "ORG")])


def test_teacher_places_that_are_only_places_stay_apart() -> None:
    line = "云南/ns  昆明/ns  的/u  天气/n"
    found = labelled(line, [(0, 4, "LOC")])
    assert {("云南", "LOC"), ("昆明", "LOC")} <= found


def test_teacher_organization_ending_in_government_is_not_restored() -> None:
    line = "以色列/ns  政府/n  的/u  态度/n"
    assert ("以色列政府", "ORG") not in labelled(line, [(0, 5, "ORG")])


def test_read_teacher_reads_the_gzip_span_file(tmp_path: Path) -> None:
    path = tmp_path / "spans.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("# comment\n3\t0\t7\tORG\n3\t9\t11\tLOC\n5\t1\t3\tPER\n")
    assert read_teacher(path) == {3: [(0, 7, "ORG"), (9, 11, "LOC")], 5: [(1, 3, "PER")]}


@needs_shared(PD1998)
def test_shipped_teacher_file_lines_up_with_the_corpus() -> None:
    spans = read_teacher(DEFAULT_TEACHER)
    with open(PD1998, encoding="utf-8") as handle:
        lines = handle.readlines()
    assert len(spans) > 10_000
    for number in sorted(spans)[:: max(1, len(spans) // 200)]:
        text = "".join(item.rpartition("/")[0] for item in lines[number].split())
        for start, end, label in spans[number]:
            assert 0 <= start < end <= len(text), (number, start, end)
            assert label in {"PER", "LOC", "ORG"}


def test_banned_words_are_segmented_as_unknown_and_nothing_else_changes() -> None:
    text = "记者李中文报道：国务院办公厅"
    assert segment(text) == list(jieba.cut(text, HMM=False))
    assert "李中文" in segment(text)
    cut = segment(text, frozenset({"李中文"}))
    assert "李中文" not in cut
    assert "".join(cut) == text
    assert cut[-1:] == segment(text)[-1:]


def test_unknown_names_hides_person_names_of_a_hashed_share_of_sentences() -> None:
    texts = [f"北京第{i}次会见王小明" for i in range(400)]
    sentences = [(t, [(len(t) - 3, len(t), "PER"), (0, 2, "LOC")]) for t in texts]
    hidden = [unknown_names(s, 0.5) for s in sentences]
    share = sum(1 for h in hidden if h) / len(hidden)
    assert 0.35 < share < 0.65
    assert all(h in (frozenset(), frozenset({"王小明"})) for h in hidden)
    assert hidden == [unknown_names(s, 0.5) for s in sentences]  # deterministic
    assert not any(unknown_names(s, 0.0) for s in sentences)


def test_transliteration_runs_are_features() -> None:
    feats = sentence_features("基里延科总理会见了他")
    assert "tr=B4" in feats[0]
    assert "tr=E4" in feats[3]
    assert not any(f.startswith("tr=") for f in feats[8])


def test_teacher_conventions_museums_are_places_and_abbreviated_places_stay_apart() -> None:
    museum = labelled("在/p  中国/ns  美术馆/n  展出/v", [(1, 6, "ORG")])
    assert ("中国美术馆", "LOC") in museum
    line = "青/j  藏/j  高原/n  东部/f"
    assert labelled(line, [(0, 4, "LOC")]) == labelled(line, [])
    assert ("青藏高原", "LOC") not in labelled(line, [(0, 4, "LOC")])


def test_teacher_dateline_and_place_abbreviations_are_no_organizations() -> None:
    dateline = labelled("据/p  新华社/nt  成都/ns  电/n", [(4, 7, "ORG")])
    assert ("成都电", "ORG") not in dateline
    assert ("成都", "LOC") in dateline
    treaty = "恪守/v  美中/j  三/m  个/q  联合/vn  公报/n"
    assert ("美中", "ORG") not in labelled(treaty, [(2, 4, "ORG")])


def test_teacher_place_made_of_labelled_places_stays_apart() -> None:
    found = labelled("在/p  北京/ns  人民/n  大会堂/n  会见/v", [(1, 8, "LOC")])
    assert {("北京", "LOC"), ("人民大会堂", "LOC")} <= found


def test_place_abbreviation_opening_a_listed_word_is_labelled() -> None:
    # 京剧, 中医, 华人: one word in the corpus, the place character labelled in the
    # People's Daily NER convention (pd_affixes.tsv, loc_words).
    found = labelled("他/r  喜欢/v  京剧/n  和/c  中医/n  ，/w  华人/n", [])
    assert {("京", "LOC"), ("中", "LOC"), ("华", "LOC")} <= found
    assert labelled("学习/v  中文/nz", []) == set()  # a language, not a place


def test_olympic_games_open_with_a_place_character() -> None:
    # 奥运会/j and 亚运会/n are one word in the corpus; the People's Daily NER convention
    # labels 奥 and 亚 (pd_affixes.tsv, loc_words).
    found = labelled("备战/v  亚运会/n  和/c  奥运会/j", [])
    assert found == {("亚", "LOC"), ("奥", "LOC")}


def test_named_parties_tagged_as_nouns_are_organizations_and_generic_ones_are_not() -> None:
    # 自由党/n, 新芬党/n: named parties are organizations (pd_words.tsv); 执政党 is not.
    found = labelled("自由党/n  和/c  新芬党/n  都/d  不/d  是/v  执政党/n", [])
    assert found == {("自由党", "ORG"), ("新芬党", "ORG")}


def test_gazetteer_places_are_features_where_jieba_calls_them_nouns() -> None:
    # jieba's dictionary tags 平壤 and 银川 as common nouns (n); the gazetteer knows them.
    text = "本报平壤电银川多云北京市长"
    feats = sentence_features(text)
    assert "gz=B2" in feats[2] and "gz=E2" in feats[3]
    assert "gz=B2" in feats[5] and "gz=E2" in feats[6]
    assert "gz=B3" in feats[9] and "gz=M3" in feats[10] and "gz=E3" in feats[11]  # longest
    assert not any(f.startswith("gz=") for f in feats[0] + feats[7] + feats[12])


def test_cluener_addresses_become_places_of_people_s_daily_and_the_gazetteer(
    tmp_path: Path,
) -> None:
    pd = tmp_path / "pd.txt"
    pd.write_text("19980101-01-001-001/m  北京/ns  北京/ns  下雪/v\n", encoding="utf-8")
    cluener = tmp_path / "train.jsonl"
    text = "他从北京调到青海省称多县工作。"
    record = {"text": text, "label": {"address": {"北京": [[2, 3]], "青海省称多县": [[6, 11]]}}}
    cluener.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    examples = build_examples(pd, cluener)
    sentence, spans = next(e for e in examples if e[0].startswith("他"))
    found = {(sentence[s:e], t) for s, e, t in spans}
    # 北京 from People's Daily; 青海省 and 称多县 only the gazetteer knows.
    assert found == {("北京", "LOC"), ("青海省", "LOC"), ("称多县", "LOC")}
