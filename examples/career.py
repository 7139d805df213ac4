"""A person's career: posts over time, across agencies, with first and last seen dates.

    python examples/career.py [BUILD] [NAME]

One call, ``kg.analysis.career(build, name)``, which runs ``queries/career.rq``.
"""

from __future__ import annotations

import sys

from _common import build_dir, table

import kg.analysis


def main(argv: list[str]) -> int:
    build = build_dir(argv[:1])
    name = argv[1] if len(argv) > 1 else "冯晔"
    posts = kg.analysis.career(build, name)
    print(f"Career of {name}: {len(posts)} post(s)")
    print(table(["first seen", "last seen", "organization", "title", "articles"],
                [(p.first_seen, p.last_seen, p.organization_name, p.title, p.articles)
                 for p in posts]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
