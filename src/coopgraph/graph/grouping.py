"""Grouping a graph's nodes (by région, by community) into one node per group,
for the région view and for networks too large to draw node by node."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx


def group_graph(G: nx.Graph, group_of: Mapping[Hashable, Hashable | None]) -> nx.Graph:
    """The quotient of ``G`` by ``group_of`` (node -> group; nodes mapped to
    ``None`` or missing are left out).

    Each group node has ``members`` (number of nodes) and ``member_ids``
    (sorted); each edge between two groups has ``ties`` (edges of ``G``
    between them), ``weight`` (sum of their weights, 1 when missing) and
    ``meetings`` (the union of their ``meetings`` lists, sorted), ``first``
    and ``last`` when the ties have them. Ties inside a group are counted on
    the group node (``inner_ties``, ``inner_weight``). ``G.graph`` is copied,
    with ``grouped=True``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["a", "b"], region="28"); G.add_node("c", region="53")
    >>> G.add_edge("a", "b", weight=1, meetings=["m1"])
    >>> G.add_edge("a", "c", weight=2, meetings=["m1", "m2"])
    >>> G.add_edge("b", "c", weight=1, meetings=["m3"])
    >>> R = group_graph(G, dict(G.nodes(data="region")))
    >>> R.nodes["28"]["members"], R.nodes["28"]["inner_ties"]
    (2, 1)
    >>> R["28"]["53"]["ties"], R["28"]["53"]["weight"], R["28"]["53"]["meetings"]
    (2, 3, ['m1', 'm2', 'm3'])
    """
    R = nx.Graph(**G.graph)
    R.graph["grouped"] = True
    members: dict[Hashable, list] = defaultdict(list)
    for n in G:
        g = group_of.get(n)
        if g is not None:
            members[g].append(n)
    for g, nodes in members.items():
        R.add_node(
            g, members=len(nodes), member_ids=sorted(map(str, nodes)), inner_ties=0, inner_weight=0
        )
    acc: dict[tuple, dict] = {}
    for u, v, data in G.edges(data=True):
        gu, gv = group_of.get(u), group_of.get(v)
        if gu is None or gv is None:
            continue
        w = data.get("weight", 1)
        if gu == gv:
            R.nodes[gu]["inner_ties"] += 1
            R.nodes[gu]["inner_weight"] += w
            continue
        key = (gu, gv) if str(gu) <= str(gv) else (gv, gu)
        item = acc.setdefault(
            key, {"ties": 0, "weight": 0, "meetings": set(), "first": None, "last": None}
        )
        item["ties"] += 1
        item["weight"] += w
        item["meetings"].update(data.get("meetings", ()))
        for k, pick in (("first", min), ("last", max)):
            if data.get(k) is not None:
                item[k] = data[k] if item[k] is None else pick(item[k], data[k])
    for (a, b), item in acc.items():
        attrs = {k: v for k, v in item.items() if v is not None}
        attrs["meetings"] = sorted(item["meetings"])
        R.add_edge(a, b, **attrs)
    return R
