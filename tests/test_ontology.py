"""The ontology is the single source: kg/vocab.py is generated from ontology/kg.ttl."""

from __future__ import annotations

import pytest

from kg.ontology import generate_vocab, ontology_graph, shapes_graph
from kg.vocab import KG


def test_vocab_is_in_sync_with_the_ontology():
    from pathlib import Path

    import kg.vocab

    assert Path(kg.vocab.__file__).read_text(encoding="utf-8") == generate_vocab()


def test_unknown_terms_raise():
    with pytest.raises(AttributeError):
        _ = KG.Initiatve  # typo


def test_ontology_and_shapes_parse():
    assert len(ontology_graph()) > 50
    assert len(shapes_graph()) > 50
