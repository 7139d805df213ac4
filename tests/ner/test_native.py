"""crfsuite's C API, fed feature ids, tags exactly as pycrfsuite fed feature names does.

:mod:`kg.ner.native` reaches the C library inside python-crfsuite with ctypes. These
tests hold its labels and marginals to pycrfsuite's, bit for bit, on real news for the
shipped model and for one trained here, and check the fallback to pycrfsuite.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from kg.errors import KGError
from kg.ner import MODEL_FILE, native
from kg.ner.features import sentence_features
from kg.ner.tagger import Recognizer, chunks
from kg.ner.train import train

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "data" / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"
SEED = SHARED / "seed" / "000_e63576df4a57bece.txt"

pytestmark = pytest.mark.skipif(
    not native.available(), reason="python-crfsuite does not export crfsuite's C API"
)


def _model_bytes() -> bytes:
    return resources.files("kg.ner").joinpath(MODEL_FILE).read_bytes()


def _sentences(stories: int) -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as handle:
            lines = zip(range(stories), handle, strict=False)
            texts += [json.loads(line)["text"] for _, line in lines]
    return [piece for text in texts for _, piece in chunks(text)]


def _same_as_pycrfsuite(model: bytes, sentences: list[str]) -> None:
    recognizer = Recognizer(model)
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model)
    assert recognizer.labels == tuple(tagger.labels())
    tagged = recognizer._sequences(sentences)
    for sentence, (labels, marginal) in zip(sentences, tagged, strict=True):
        tagger.set(sentence_features(sentence))
        assert labels == tagger.tag(), sentence
        for label in recognizer.labels:
            for i in range(len(sentence)):
                assert marginal(label, i) == tagger.marginal(label, i), (sentence, label, i)


def test_labels_and_marginals_of_the_shipped_model_are_pycrfsuite_s_bit_for_bit() -> None:
    _same_as_pycrfsuite(_model_bytes(), _sentences(30))


def test_a_model_trained_here_tags_through_the_c_api_as_through_pycrfsuite(
    tmp_path: Path,
) -> None:
    text = "新华社北京电，国务院总理李强在人民大会堂会见了法国总统马克龙。"
    spans = [(0, 3, "ORG"), (3, 5, "LOC"), (7, 10, "ORG"), (12, 14, "PER")]
    spans += [(15, 20, "LOC"), (23, 25, "LOC"), (27, 30, "PER")]
    examples = [(text, spans), ("王丹在呼和浩特报道。", [(0, 2, "PER"), (3, 7, "LOC")])]
    out = tmp_path / "tiny.crfsuite"
    train(examples, out, {"max_iterations": 30})
    _same_as_pycrfsuite(out.read_bytes(), [text, "李强会见马克龙。", *_sentences(2)])


def test_the_model_s_names_are_read_from_its_own_dictionaries() -> None:
    model = native.Model(_model_bytes())
    info = pycrfsuite.Tagger()
    info.open_inmemory(_model_bytes())
    parsed = info.info()
    assert model.labels == tuple(sorted(parsed.labels, key=lambda x: int(parsed.labels[x])))
    names = model.attributes()
    assert len(names) == len(parsed.attributes)
    assert all(int(parsed.attributes[name]) == i for i, name in enumerate(names))


def test_without_the_c_api_the_recognizer_gives_the_same_spans_through_pycrfsuite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "".join(_sentences(3))
    fast = Recognizer(_model_bytes()).recognize(text)
    monkeypatch.setattr(native, "available", lambda: False)
    slow = Recognizer(_model_bytes())
    assert slow._native is None
    assert slow.recognize(text) == fast
    assert slow.tag_sentence("王丹报道") == Recognizer(_model_bytes()).tag_sentence("王丹报道")


def test_bytes_that_are_no_model_are_a_clear_error() -> None:
    with pytest.raises(KGError, match="cannot read this model"):
        native.Model(b"this is not a crfsuite model")


def test_pack_leaves_unknown_features_out_and_keeps_each_character_s_features_together() -> None:
    columns = np.array([[5, 9, 1], [9, 2, 9]], np.int32)  # 9: unknown
    counts = np.array([1, 0, 2], np.int32)
    ids = np.array([7, 8, 6], np.int32)
    at, extra = np.array([0, 2], np.int32), np.array([3, 4], np.int32)
    packed = native.pack(columns, counts, ids, at, extra, np.array([2, 1], np.int32), 9)
    assert packed.lengths == [2, 1]
    assert packed.items["num"].tolist() == [3, 1, 4]
    aids = packed.contents["aid"].tolist()
    assert aids == [5, 7, 3, 2, 1, 8, 6, 4]
    assert (packed.contents["value"] == 1.0).all()
    first = packed.contents.ctypes.data
    assert packed.items["contents"].tolist() == [first, first + 3 * 16, first + 4 * 16]


def test_a_long_text_packed_in_several_batches_gives_the_spans_of_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kg.ner import tagger as tagger_module

    text = "\n".join(_sentences(5))
    recognizer = Recognizer(_model_bytes())
    whole = recognizer.recognize(text)
    monkeypatch.setattr(tagger_module, "BATCH_CHARS", 150)
    assert len(text) > 20 * 150
    assert recognizer.recognize(text) == whole
