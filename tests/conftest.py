"""Shared fixtures: the seed page (from examples/) and builds made from it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"
SEED_GOLD = SHARED / "seed" / "gold.json"
CORPUS = SHARED / "data" / "xinwenlianbo_2025" / "stories_2025_01-11.jsonl"

# Headless Chromium (Debian's) for the browser tests, and hostile text they must escape.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
HOSTILE = "<script>alert(1)</script>"
HOSTILE_TEXT = (
    "国务院总理李强3月1日在北京主持召开国务院常务会议，研究部署《政府工作报告》落实工作。"
    "会议审议通过《<img src=x onerror=alert(2)>管理办法》。"
    "会议指出，要扎实推进“</script><script>alert(3)</script>”专项行动。"
)


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


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of one article whose headline and text carry scripts (do not modify it)."""
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps({"title": HOSTILE, "text": HOSTILE_TEXT, "date": "2025-03-01",
                                  "url": "javascript:alert(4)"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    out = folder / "build"
    build([source], out, workers=1)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright; the test is skipped where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
