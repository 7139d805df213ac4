"""Shared fixtures: the seed page (from examples/) and builds made from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"
SEED_GOLD = SHARED / "seed" / "gold.json"
CORPUS = SHARED / "data" / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip a test when ../shared (beside the checkout in CI) is not there."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not available")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the seed page (built once per test session; do not modify it)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEED], out, workers=1)
    return out


@pytest.fixture(scope="session")
def seed_articles() -> list:
    from kg.ingest import ingest

    return list(ingest([SEED]))
