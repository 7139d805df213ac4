"""How person names split into IRIs in a build, with the evidence to check each by hand.

Usage::

    .venv/bin/kg build ../shared/data/xinwenlianbo_2025 -o /tmp/xwlb
    .venv/bin/python bench/identity_splits.py /tmp/xwlb [--show 20]

Prints the counts (person names, person IRIs, names of more than one IRI, of which linked
by the derived people graph, and names that stay split after the links) and, for up to
``--show`` names of more than one IRI, every IRI with its posts and how many articles
mention it: the material for a hand check that the split IRIs are, or are not, different
people.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import kg.analysis
from kg.graph.store import open_store
from kg.sparql import run_query

_POSTS = """SELECT ?p ?title ?org WHERE {
  ?m a org:Membership ; org:member ?p ; org:role/skos:prefLabel ?title ; prov:wasDerivedFrom ?a .
  OPTIONAL { ?m org:organization/schema:name ?org } }"""
_MENTIONS = "SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a schema:mentions ?p } GROUP BY ?p"


def main() -> None:
    """Print the split counts and the evidence of the first ``--show`` split names."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build")
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    store = open_store(args.build)
    senses = kg.analysis.senses(store)
    posts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in run_query(store, _POSTS):
        org = row["org"].value if row["org"] is not None else "—"
        posts[row["p"].value][f"{row['title'].value}@{org}"] += 1
    mentions = {row["p"].value: int(row["n"].value) for row in run_query(store, _MENTIONS)}

    iris = sum(len(s.regional) + s.name_only_seen for s in senses)
    multi = [s for s in senses if len(s.regional) + s.name_only_seen > 1]
    linked = [s for s in multi if s.link is not None and len(s.regional) == 1]
    regional_split = [s for s in senses if len(s.regional) > 1]
    print(f"person names: {len(senses)}; person IRIs: {iris}")
    print(f"names with a regional sense: {sum(1 for s in senses if s.regional)}")
    print(f"names of more than one IRI: {len(multi)}")
    print(f"  of which a name-only IRI and one regional sense, linked (owl:sameAs): "
          f"{len(linked)}")
    print(f"  of which two or more regional senses (namesakes of two provinces): "
          f"{len(regional_split)}")
    print(f"names still of more than one person after the links: "
          f"{len(multi) - len(linked)}")
    by_articles = sorted(multi, key=lambda s: -sum(mentions.get(i, 0)
                                                  for i in (s.name_iri, *s.regional)))
    for s in by_articles[: args.show]:
        print(f"\n== {s.name_iri.rsplit('/', 1)[-1]}  link: {s.link or 'none'}")
        for iri in ((s.name_iri,) if s.name_only_seen else ()) + s.regional:
            shown = ", ".join(f"{p}×{n}" for p, n in posts[iri].most_common(4)) or "no post"
            print(f"   {iri}  ({mentions.get(iri, 0)} articles) {shown}")


if __name__ == "__main__":
    main()
