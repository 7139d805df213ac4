"""Networks of a build: the most central agencies and the communities they form.

    python examples/networks.py [BUILD]

Projects the build to networkx (person–agency, agency co-mention, initiative–agency),
then ranks nodes by PageRank and finds Louvain communities.
"""

from __future__ import annotations

import sys

from _common import build_dir, table

from kg.analysis import networks


def main(argv: list[str]) -> int:
    build = build_dir(argv[:1])
    for title, graph in (("person–agency", networks.person_agency(build)),
                         ("agency co-mention", networks.agency_comention(build)),
                         ("initiative–agency", networks.initiative_agency(build,
                                                                          comention=True))):
        print(f"\n{title}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
        if graph.number_of_nodes() == 0:
            continue
        print(table(["node", "pagerank"],
                    networks.top(graph, networks.centrality(graph, "pagerank"), 5)))
        for i, community in enumerate(networks.communities(graph)[:3], 1):
            labels = sorted(graph.nodes[n]["label"] for n in community)
            print(f"community {i} ({len(community)}): {'、'.join(labels[:6])}"
                  + ("…" if len(labels) > 6 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
