"""Cooperation density: overall, per territory, per cité (ego network), and
troïka completeness."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import numpy as np

from coopgraph.graph.projections import AttendanceIndex, Period, meetings_in
from coopgraph.model import TROIKA_ROLES, Dataset


@dataclass(frozen=True)
class Density:
    """Density of the cooperation graph over one territory.

    ``density`` is ties / possible ties among the territory's cités (None
    under two cités); ``ties_out`` counts ties to cités outside it.
    """

    level: str  # "national", "region", "departement" or "crpv"
    key: str
    cites: int
    ties: int
    density: float | None
    ties_out: int


def density_of(
    G: nx.Graph, nodes: Iterable[str], level: str = "national", key: str = ""
) -> Density:
    """Density of the subgraph of ``G`` induced by ``nodes``.

    >>> G = nx.path_graph(["a", "b", "c"]); G.add_edge("c", "d")
    >>> density_of(G, ["a", "b", "c"], "region", "28")
    Density(level='region', key='28', cites=3, ties=2, density=0.6667, ties_out=1)
    """
    members = set(nodes) & set(G)
    H = G.subgraph(members)
    n, m = H.number_of_nodes(), H.number_of_edges()
    out = sum(1 for u in members for v in G[u] if v not in members)
    return Density(level, key, n, m, round(2 * m / (n * (n - 1)), 4) if n > 1 else None, out)


def _grouped(G: nx.Graph, attr: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for n, value in G.nodes(data=attr):
        if value:
            groups[value].append(n)
    return groups


def region_densities(G: nx.Graph) -> list[Density]:
    """Density within each région (node attribute ``region``), by code.

    >>> G = nx.Graph(); G.add_nodes_from(["a", "b"], region="28"); G.add_node("c", region="53")
    >>> G.add_edge("a", "b"); G.add_edge("b", "c")
    >>> [(d.key, d.density, d.ties_out) for d in region_densities(G)]
    [('28', 1.0, 1), ('53', None, 1)]
    """
    return [
        density_of(G, nodes, "region", key) for key, nodes in sorted(_grouped(G, "region").items())
    ]


def departement_densities(G: nx.Graph) -> list[Density]:
    """Density within each département (node attribute ``departement``)."""
    return [
        density_of(G, nodes, "departement", key)
        for key, nodes in sorted(_grouped(G, "departement").items())
    ]


def crpv_densities(G: nx.Graph, ds: Dataset) -> list[Density]:
    """Density within each CRPV territory (see :meth:`Institution.covers`:
    its départements when it lists any, else its régions; a CRPV without
    territory is skipped).

    >>> from coopgraph.model import Cite, Institution
    >>> ds = Dataset(cites=(Cite("a", "A", "53"), Cite("b", "B", "52")),
    ...              institutions=(Institution("r", "RésOVilles", "crpv", regions=("53", "52")),))
    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, {"a": "53", "b": "52"}, "region")
    >>> crpv_densities(G, ds)[0].density
    1.0
    """
    out = []
    for crpv in sorted(ds.crpvs, key=lambda i: i.id):
        members = [
            n
            for n, data in G.nodes(data=True)
            if crpv.covers(data.get("region"), data.get("departement"))
        ]
        if crpv.regions or crpv.departements:
            out.append(density_of(G, members, "crpv", crpv.id))
    return out


def ego_densities(G: nx.Graph) -> dict[str, float | None]:
    """Density of each node's ego network, the ego left out: the share of
    pairs of its neighbours that are tied to each other (its local clustering
    coefficient). ``None`` under two neighbours.

    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")])
    >>> ego_densities(G)
    {'a': 0.3333, 'b': 1.0, 'c': 1.0, 'd': None}
    """
    nodes = list(G)
    if len(nodes) <= 3000:
        # triangles from the diagonal of A³, with numpy: nx.clustering loops
        # over neighbour pairs in Python, slow on dense cooperation graphs
        index = {n: i for i, n in enumerate(nodes)}
        A = np.zeros((len(nodes), len(nodes)))
        for u, v in G.edges():
            if u != v:
                A[index[u], index[v]] = A[index[v], index[u]] = 1.0
        closed = ((A @ A) * A).sum(axis=1)  # 2 × triangles through each node
        degree = A.sum(axis=1)
        clustering = {
            n: float(closed[i] / (degree[i] * (degree[i] - 1))) if degree[i] > 1 else 0.0
            for n, i in index.items()
        }
    else:
        clustering = nx.clustering(G)
    return {n: (round(clustering[n], 4) if G.degree(n) > 1 else None) for n in G}


@dataclass(frozen=True)
class Troika:
    """A cité's troïka: which legs are present, and whether their actors met.

    ``pairs_met`` lists the pairs of legs (``"education+prefecture"``) whose
    actors shared at least one meeting in the period; ``all_met`` says a
    single meeting gathered all three legs.
    """

    cite_id: str
    present: tuple[str, ...]
    missing: tuple[str, ...]
    pairs_met: tuple[str, ...]
    all_met: bool

    @property
    def complete(self) -> bool:
        """Three legs, and every pair of them actually meets."""
        return not self.missing and len(self.pairs_met) == 3

    @property
    def score(self) -> float:
        """Legs present (out of 3) plus pairs meeting (out of 3), over 6."""
        return round((len(self.present) + len(self.pairs_met)) / 6, 4)


def troika_completeness(
    ds: Dataset,
    period: Period = Period(),  # noqa: B008
    *,
    scales: Iterable[str] | None = None,
    index: AttendanceIndex | None = None,
) -> list[Troika]:
    """Troïka completeness of every cité.

    A leg is present when the cité has a governance record with that role.
    Its actors are those of the leg's institution who work for this cité or
    for no cité; two legs *meet* when actors of both attended one meeting in
    ``period``. ``index``: the dataset's attendance rows as arrays, when
    the caller keeps them (:class:`~coopgraph.graph.projections.AttendanceIndex`).

    Examples
    --------
    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Governance, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("c", "C", "28"),),
    ...     governance=(Governance("c", "p", "prefecture"), Governance("c", "e", "education")),
    ...     actors=(Actor("x", "X", "p"), Actor("y", "Y", "e", cite_id="c")),
    ...     meetings=(Meeting("m", date(2020, 1, 1), "Troïka"),),
    ...     attendance=(Attendance("m", "x"), Attendance("m", "y")),
    ... )
    >>> t = troika_completeness(ds)[0]
    >>> t.present, t.missing, t.pairs_met, t.complete, t.score
    (('education', 'prefecture'), ('collectivite',), ('education+prefecture',), False, 0.5)
    """
    legs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for g in ds.governance:
        if g.role in TROIKA_ROLES:
            legs[g.cite_id][g.role].add(g.institution_id)
    # meetings of each actor in the period (as meeting codes: only whether
    # two legs share one matters)
    index = index if index is not None else AttendanceIndex(ds)
    kept = index.meeting_values({m.id: 1 for m in meetings_in(ds, period, scales)})
    rows = np.flatnonzero(kept[index.meeting] > 0)
    who, meeting = index.actor[rows], index.meeting[rows]
    order = np.argsort(who, kind="stable")
    who, meeting = who[order], meeting[order]
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]]) if len(who) else who
    ends = np.r_[starts[1:], len(who)].astype(np.int64)
    codes = meeting.tolist()
    meetings_of: dict[str, set[int]] = {
        index.actor_ids[a]: set(codes[s:e])
        for a, s, e in zip(who[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)
    }
    actors_of: dict[str, list] = defaultdict(list)
    for actor in ds.actors:
        actors_of[actor.institution_id].append(actor)
    out = []
    for cite in ds.cites:
        roles = legs.get(cite.id, {})
        leg_meetings: dict[str, set[int]] = {}
        for role, institutions in roles.items():
            ms: set[int] = set()
            for inst in institutions:
                for a in actors_of.get(inst, ()):
                    if a.cite_id in (None, cite.id):
                        ms |= meetings_of.get(a.id, set())
            leg_meetings[role] = ms
        present = tuple(sorted(roles))
        pairs = tuple(
            f"{a}+{b}" for a, b in combinations(present, 2) if leg_meetings[a] & leg_meetings[b]
        )
        all_met = len(present) == 3 and bool(set.intersection(*leg_meetings.values()))
        missing = tuple(r for r in TROIKA_ROLES if r not in roles)
        out.append(Troika(cite.id, present, missing, pairs, all_met))
    return out
