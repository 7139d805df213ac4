"""Helpers shared by the example scripts: a build to work on, and tables that line up."""

from __future__ import annotations

import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE / "000_e63576df4a57bece.txt"
QUERIES = HERE / "queries"


def build_dir(argv: Sequence[str]) -> Path:
    """The build named on the command line, or a fresh build of the seed page."""
    if argv:
        return Path(argv[0])
    import kg

    out = Path(tempfile.mkdtemp(prefix="kg-example-"))
    print(f"(no build given: building the seed page into {out})", file=sys.stderr)
    kg.build([SEED], out, workers=1, html=False)
    return out


def query_file(name: str, values: dict[str, str] | None = None) -> str:
    """The text of ``queries/NAME.rq``, with ``VALUES ?var { "…" }`` lines set from ``values``."""
    import json
    import re

    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    for var, value in (values or {}).items():
        literal = json.dumps(value, ensure_ascii=False)
        text = re.sub(rf'VALUES \?{var} \{{ "[^"]*" \}}', f"VALUES ?{var} {{ {literal} }}",
                      text)
    return text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as a plain-text table (Chinese characters count double)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, cells)])
