"""Accuracy gate: extraction scored through the contract may not drop below pinned floors.

Floors only go up: raise them when extraction improves.
"""

from __future__ import annotations

import pytest

from kg.eval import evaluate

from .conftest import CORPUS, ROOT, SEED, SEED_GOLD, needs_shared

SEED_FLOORS = {
    "persons": (1.0, 1.0),
    "posts": (1.0, 1.0),
    "person_title_org": (1.0, 1.0),
    "organizations": (0.85, 1.0),
    "documents": (1.0, 1.0),
    "articles": (1.0, 1.0),
}
# Dev gold: hand-annotated 新闻联播 stories (tests/gold/): A and B (25 each) were the
# development set from the start; C and D (30 each) were annotated blind and scored once
# before any rule was tuned to them (figures in README). F1 floors, a little under what
# each file measures now.
DEV_FLOORS = {
    "persons": 0.96,
    "posts": 0.95,
    "person_title_org": 0.93,
    "organizations": 0.92,
    "documents": 0.95,
    "initiatives": 0.70,
}


@needs_shared(SEED_GOLD)
def test_seed_gold_is_met():
    scores = evaluate(SEED_GOLD, [SEED])["scores"]
    for category, (precision, recall) in SEED_FLOORS.items():
        assert scores[category]["precision"] >= precision, (category, scores[category])
        assert scores[category]["recall"] >= recall, (category, scores[category])


# Dev gold E (30 short stories: athletes, foreign news), F (25 stories, odd months) and G
# (25 stories, even months) were annotated blind and each scored once (README) before rules
# were tuned to them; they keep floors of their own (organizations lower: foreign and
# company names).
E_FLOORS = {
    "persons": 0.96,
    "posts": 0.96,
    "person_title_org": 0.95,
    "organizations": 0.90,
    "documents": 0.95,
    "initiatives": 0.70,
}


G_FLOORS = {
    "persons": 0.96,
    "posts": 0.96,
    "person_title_org": 0.96,
    "organizations": 0.92,
    "documents": 0.95,
    "initiatives": 0.92,
}


# Dev gold H (25 stories, every 97th line from 41) was annotated blind by a helper that saw
# no extractor output, and scored once (README) before the eleventh round's last
# initiative rules were tuned to its misses.
H_FLOORS = {
    "persons": 0.93,
    "posts": 0.92,
    "person_title_org": 0.92,
    "organizations": 0.88,
    "documents": 0.95,
    "initiatives": 0.85,
}


# Dev gold I (25 stories, every 83rd line from 29), annotated blind like H and scored once
# (README) before the eleventh round's last organization and people rules.
I_FLOORS = {
    "persons": 0.94,
    "posts": 0.93,
    "person_title_org": 0.89,
    "organizations": 0.87,
    "documents": 0.95,
    "initiatives": 0.85,
}


# Dev gold J (25 stories, every 71st line from 11), annotated blind like H and I and scored
# once (README) with the eleventh round's final rules: the honest measure of that round.
J_FLOORS = {
    "persons": 0.93,
    "posts": 0.95,
    "person_title_org": 0.91,
    "organizations": 0.83,
    "documents": 0.95,
    "initiatives": 0.72,
}


# Dev gold K (25 stories, every 67th line from 5), annotated blind and scored once with the
# eleventh round's last rules (README).
K_FLOORS = {
    "persons": 0.96,
    "posts": 0.97,
    "person_title_org": 0.97,
    "organizations": 0.80,
    "documents": 0.95,
    "initiatives": 0.68,
}


# Dev gold L (25 stories, every 61st line from 37), annotated blind and scored once with the
# eleventh round's very last rules: the round's final honest measure (README).
L_FLOORS = {
    "persons": 0.96,
    "posts": 0.96,
    "person_title_org": 0.90,
    "organizations": 0.85,
    "documents": 0.95,
    "initiatives": 0.74,
}


# Dev gold M (25 stories, every 53rd line from 7), annotated blind by a helper and scored
# once at the twelfth round's start; the round's initiative rules looked at its misses.
M_FLOORS = {
    "persons": 0.96,
    "posts": 0.94,
    "person_title_org": 0.87,
    "organizations": 0.91,
    "documents": 0.95,
    "initiatives": 0.84,
}


# Dev gold N (25 stories, every 59th line from 23), annotated blind and kept blind through
# the twelfth round: its score at the round's end is the round's honest measure (README).
N_FLOORS = {
    "persons": 0.95,
    "posts": 0.93,
    "person_title_org": 0.84,
    "organizations": 0.83,
    "documents": 0.95,
    "initiatives": 0.59,
}


# Dev gold O (25 stories, every 61st line from 31) and P (every 67th line from 41),
# annotated blind by two helpers in the thirteenth round. O was scored at the round's start
# and its misses informed the round's rules; P was scored at the start and at the end only,
# the round's honest measure (README).
O_FLOORS = {
    "persons": 0.96,
    "posts": 0.95,
    "person_title_org": 0.95,
    "organizations": 0.91,
    "documents": 0.95,
    "initiatives": 0.95,
}
P_FLOORS = {
    "persons": 0.97,
    "posts": 0.97,
    "person_title_org": 0.91,
    "organizations": 0.87,
    "documents": 0.95,
    "initiatives": 0.67,
}


@needs_shared(CORPUS)
@pytest.mark.parametrize(("gold", "floors"), [
    ("xwlb_dev_a.json", DEV_FLOORS), ("xwlb_dev_b.json", DEV_FLOORS),
    ("xwlb_dev_c.json", DEV_FLOORS), ("xwlb_dev_d.json", DEV_FLOORS),
    ("xwlb_dev_e.json", E_FLOORS), ("xwlb_dev_f.json", E_FLOORS),
    ("xwlb_dev_g.json", G_FLOORS), ("xwlb_dev_h.json", H_FLOORS),
    ("xwlb_dev_i.json", I_FLOORS), ("xwlb_dev_j.json", J_FLOORS),
    ("xwlb_dev_k.json", K_FLOORS), ("xwlb_dev_l.json", L_FLOORS),
    ("xwlb_dev_m.json", M_FLOORS), ("xwlb_dev_n.json", N_FLOORS),
    ("xwlb_dev_o.json", O_FLOORS), ("xwlb_dev_p.json", P_FLOORS)])
def test_dev_gold_floors(gold, floors):
    scores = evaluate(ROOT / "tests" / "gold" / gold, [CORPUS], only_gold=True)["scores"]
    for category, floor in floors.items():
        assert scores[category]["f1"] >= floor, (category, scores[category])
