"""Officials of an agency, as a table: who holds which post there, first and last seen.

    python examples/officials.py [BUILD] [AGENCY]

Runs ``queries/officials.rq`` (the agency set in its VALUES line) on a build; without a
build it builds the seed page first.
"""

from __future__ import annotations

import sys

from _common import build_dir, query_file, table

import kg


def officials(build: object, agency: str) -> list[tuple[str, ...]]:
    result = kg.query(build, query_file("officials", {"agencyName": agency}))
    names = [v.value for v in result.variables]
    return [tuple(row[n].value if row[n] is not None else "" for n in names) for row in result]


def main(argv: list[str]) -> int:
    build = build_dir(argv[:1])
    agency = argv[1] if len(argv) > 1 else "内蒙古自治区应急管理厅"
    rows = officials(build, agency)
    print(f"Officials of {agency}: {len(rows)} post(s)")
    print(table(["name", "title", "unit", "first seen", "last seen", "articles"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
