"""The recognizer's features and segmentation: fast paths equal their plain definitions.

The features and the segmentation are built with column-wise C-level operations and
rjieba; these tests hold them to a per-character reference (the code the model was
trained with) and to ``jieba.cut(text, HMM=False)`` on real news text and on random
mixed strings (full-width, Latin, digits, joiners, characters beyond the BMP).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import jieba
import pytest

from kg.ner import MODEL_FILE, native
from kg.ner import segment as segment_module
from kg.ner.features import (
    FeatureIds,
    Names,
    Vocabulary,
    automaton,
    fold,
    gazetteer_places,
    sentence_features,
)
from kg.ner.tagger import chunks
from tests.ner.reference_features import reference_features

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "data" / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"
SEED = SHARED / "seed" / "000_e63576df4a57bece.txt"
_ALPHABET = (
    "王李欧阳司马张国务院部委员会中华人民共和国北京市ABCabc012３４５，。、 \u3000"
    "-._%#&+ＭＱ\t\n\r𠀀𝟘阿基里延科杜塞尔多夫“”《》"
)


def _pieces(limit: int = 300) -> list[str]:
    """Sentences of the seed page and of the first stories of the 2025 corpus."""
    texts = [SEED.read_text(encoding="utf-8")]
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as handle:
            for _, line in zip(range(limit), handle, strict=False):
                story = json.loads(line)
                texts += [story["title"], story["text"]]
    return [piece for text in texts for _, piece in chunks(text)]


def _random_strings(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choices(_ALPHABET, k=rnd.randint(1, 60))) for _ in range(count)]


def test_features_equal_the_per_character_reference_on_news_and_random_text() -> None:
    for text in _pieces() + _random_strings(3000, 7):
        fast = sentence_features(text)
        slow = reference_features(text)
        assert len(fast) == len(slow) == len(text)
        for i, (got, want) in enumerate(zip(fast, slow, strict=True)):
            assert sorted(got) == sorted(want), (text, i)


def _known_features(ids: FeatureIds) -> list[Counter[int]]:
    """The ids of every character's known features, from the arrays packed for crfsuite."""
    columns, counts, flat, at, extra, _ = ids.arrays()
    unknown = ids.vocabulary.unknown
    out: list[Counter[int]] = [Counter() for _ in range(ids.size)]
    for column in columns.tolist():
        for i, feature in enumerate(column):
            if feature != unknown:
                out[i][feature] += 1
    flat_ids = iter(flat.tolist())
    for i, count in enumerate(counts.tolist()):
        out[i].update(next(flat_ids) for _ in range(count))
    for i, feature in zip(at.tolist(), extra.tolist(), strict=True):
        out[i][feature] += 1
    return out


def test_feature_ids_are_the_reference_features_the_model_knows() -> None:
    # The shipped model's features, and some beyond the BMP that it does not know.
    from importlib import resources

    shipped = resources.files("kg.ner").joinpath(MODEL_FILE).read_bytes()
    if not native.available():
        pytest.skip("python-crfsuite does not export crfsuite's C API")
    names = [*native.Model(shipped).attributes(), "c0=𠀀", "c-1c0=王𠀀", "c2=𝟘", "c1c2=𠀀\x03"]
    index = {name: i for i, name in enumerate(names)}
    texts = [*_pieces(100), *_random_strings(2000, 17), "𠀀", "王𠀀𝟘", "𠀀\x03"]
    ids = FeatureIds(Vocabulary(names))
    for text in texts:
        ids.add(text)
    want = [
        Counter(index[f] for f in feats if f in index)
        for text in texts
        for feats in reference_features(text)
    ]
    got = _known_features(ids)
    assert len(got) == len(want) == sum(map(len, texts))
    assert got == want
    assert any(index["c0=𠀀"] in row for row in got)


def test_feature_ids_of_a_vocabulary_without_features_are_all_unknown() -> None:
    ids = FeatureIds(Vocabulary([]))
    ids.add("国务院总理李强")
    columns, counts, *_ = ids.arrays()
    assert columns.shape == (10, 7)
    assert (columns == 0).all()
    assert not counts.any()


def test_features_with_banned_words_equal_the_reference() -> None:
    banned = frozenset({"王丹", "李中文", "基里延科"})
    for text in ["新华社记者王丹报道，李中文会见基里延科。", *_pieces(20)]:
        fast = sentence_features(text, banned=banned)
        slow = reference_features(text, banned=banned)
        assert [sorted(f) for f in fast] == [sorted(f) for f in slow]


def test_rjieba_segmentation_equals_jieba_without_hmm() -> None:
    if segment_module._rjieba_cut() is None:
        pytest.skip("rjieba is not installed")
    for text in _pieces() + _random_strings(3000, 11):
        assert segment_module.segment(text) == list(jieba.cut(text, HMM=False)), text


def test_python_segmentation_equals_jieba_without_hmm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment_module, "_rjieba_cut", lambda: None)
    for text in _pieces(50) + _random_strings(1000, 13):
        assert segment_module.segment(text) == list(jieba.cut(text, HMM=False)), text


def test_names_find_the_leftmost_longest_matches_an_aho_corasick_automaton_finds() -> None:
    places = gazetteer_places()
    names, machine = Names(places), automaton(places)
    for text in [fold(piece) for piece in _pieces()] + _random_strings(500, 11) + ["平壤市平壤"]:
        want = [(last + 1 - size, last + 1) for last, size in machine.iter_long(text)]
        assert names.find(text) == want, text
    assert Names(["北京", "北京市", "京市"]).find("北京市京市北") == [(0, 3), (3, 5)]
    assert Names([]).find("北京") == [] and len(Names(["北", "北京"])) == 1
