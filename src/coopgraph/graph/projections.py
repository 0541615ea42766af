"""Projections of the actor–meeting network onto cités, institutions and actors.

Every tie keeps its provenance: the ids of the meetings that made it, so that
a report can explain it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx
import numpy as np

from coopgraph import geo
from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
from coopgraph.model import Dataset, Institution, Meeting


@dataclass(frozen=True)
class Period:
    """A closed interval of dates; ``None`` leaves a side open."""

    since: date | None = None
    until: date | None = None

    def __contains__(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def label(self) -> str:
        return f"{self.since or '…'} – {self.until or '…'}"


def copy_graph(G: nx.Graph) -> nx.Graph:
    """``G.copy()`` of a graph that is not a multigraph, twice as fast on an
    undirected one: networkx's copy adds every tie once from each end, this
    one once, in the order ``G.edges`` gives them, which makes the same
    graph (nodes, ties, attribute dicts and adjacency orders; the tests
    compare them).

    >>> G = nx.Graph([("b", "a", {"weight": 2})], projection="cites")
    >>> H = copy_graph(G)
    >>> list(H.edges(data=True)), H.graph, H["a"]["b"] is not G["a"]["b"]
    ([('b', 'a', {'weight': 2})], {'projection': 'cites'}, True)
    """
    if G.is_multigraph():
        return G.copy()
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d.copy()) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, d.copy()) for u, v, d in G.edges(data=True))
    return H


def meetings_in(
    ds: Dataset, period: Period = Period(), scales: Iterable[str] | None = None
) -> list[Meeting]:
    """Meetings of ``ds`` held in ``period`` whose scale is in ``scales``
    (all scales when ``None``; a meeting without scale always counts), by
    date then id."""
    wanted = None if scales is None else frozenset(scales)
    kept = [
        m
        for m in ds.meetings
        if m.date in period and (wanted is None or m.scale is None or m.scale in wanted)
    ]
    return sorted(kept, key=lambda m: (m.date, m.id))


def attendees_by_meeting(ds: Dataset) -> dict[str, list[str]]:
    """Actor ids per meeting id, in input order."""
    attendees: dict[str, list[str]] = defaultdict(list)
    for a in ds.attendance:
        attendees[a.meeting_id].append(a.actor_id)
    return attendees


class AttendanceIndex:
    """The attendance rows of a dataset as two arrays of codes, ``actor``
    and ``meeting`` (positions in :attr:`actor_ids` and :attr:`meeting_ids`,
    the ids in order of first appearance): the one pass of Python over the
    200,000 rows of a national dataset, shared by every projection of an
    :class:`~coopgraph.analysis.Analysis` (and its other periods and scales),
    which then select rows with numpy.

    >>> from coopgraph.model import Attendance
    >>> index = AttendanceIndex(Dataset(attendance=(Attendance("m1", "x"), Attendance("m2", "x"))))
    >>> index.actor.tolist(), index.meeting.tolist(), index.meeting_ids
    ([0, 0], [0, 1], ['m1', 'm2'])
    >>> index.meeting_values({"m2": 7}).tolist()
    [-1, 7]
    """

    def __init__(self, ds: Dataset) -> None:
        rows = ds.attendance
        actors: dict[str, int] = {}
        meetings: dict[str, int] = {}
        self.actor = np.fromiter(
            (actors.setdefault(x.actor_id, len(actors)) for x in rows), np.int64, len(rows)
        )
        self.meeting = np.fromiter(
            (meetings.setdefault(x.meeting_id, len(meetings)) for x in rows), np.int64, len(rows)
        )
        self.actor_ids = list(actors)
        self.meeting_ids = list(meetings)

    def actor_values(self, values: dict[str, int]) -> np.ndarray:
        """``values`` of each actor code (-1 when it has none)."""
        return np.fromiter(
            (values.get(a, -1) for a in self.actor_ids), np.int64, len(self.actor_ids)
        )

    def meeting_values(self, values: dict[str, int]) -> np.ndarray:
        """``values`` of each meeting code (-1 when it has none)."""
        return np.fromiter(
            (values.get(m, -1) for m in self.meeting_ids), np.int64, len(self.meeting_ids)
        )

    def present(self, kept: list[Meeting], node_of: dict[str, str]) -> list[list[str]] | None:
        """For each meeting of ``kept``, the distinct nodes ``node_of[actor]``
        of its attendees (any order), as :func:`_tie_arrays` takes them;
        ``None`` when two meetings of ``kept`` share an id (the caller then
        goes row by row)."""
        rank = {m.id: j for j, m in enumerate(kept)}
        if len(rank) != len(kept):
            return None
        nodes = list(dict.fromkeys(node_of.values()))
        if not nodes:
            return [[] for _ in kept]
        code = {n: i for i, n in enumerate(nodes)}
        node = self.actor_values({a: code[n] for a, n in node_of.items()})[self.actor]
        row_rank = self.meeting_values(rank)[self.meeting]
        ok = (row_rank >= 0) & (node >= 0)
        pairs = np.unique(row_rank[ok] * len(nodes) + node[ok])
        bounds = np.searchsorted(pairs // len(nodes), np.arange(len(kept) + 1)).tolist()
        names = np.array(nodes, dtype=object)[pairs % len(nodes)].tolist()
        return [names[bounds[j] : bounds[j + 1]] for j in range(len(kept))]


def _add_cite_nodes(G: nx.Graph, ds: Dataset, until: date | None = None) -> None:
    # A cité not labelled yet at the period's end is a node (so maps and
    # comparisons see it) but not "isolated"; the rule is coopgraph.labelling.
    for c in ds.cites:
        G.add_node(
            c.id,
            kind="cite",
            name=c.name,
            region=c.region,
            departement=c.departement,
            wave=c.wave,
            lat=c.lat,
            lon=c.lon,
            labelled=is_labelled(c, until, if_unknown=COUNT_UNKNOWN),
        )


def _ties_from_groups(
    groups: Iterable[tuple[Meeting, Iterable[str]]],
) -> dict[tuple[str, str], list[Meeting]]:
    """For each pair of nodes (sorted), the meetings they shared. ``groups``
    gives, per meeting, the nodes present (duplicates allowed)."""
    pairs: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for meeting, nodes in groups:
        for pair in combinations(sorted(set(nodes)), 2):
            pairs[pair].append(meeting)
    return pairs


def _add_ties(G: nx.Graph, pairs: dict[tuple[str, str], list[Meeting]], min_shared: int) -> None:
    """Add one edge per pair with ``weight``, ``meetings`` (ids by date),
    ``first``, ``last`` and ``distance`` (``1 / weight``, for path metrics
    where more shared meetings make a shorter path); pairs under
    ``min_shared`` meetings are dropped. The definition as plain loops: the
    oracle of :func:`_add_tie_arrays` in the tests."""
    for (u, v), meetings in pairs.items():
        if len(meetings) < min_shared:
            continue
        if any(a.date > b.date for a, b in zip(meetings, meetings[1:], strict=False)):
            meetings = sorted(meetings, key=lambda m: (m.date, m.id))
        G.add_edge(
            u,
            v,
            weight=len(meetings),
            meetings=[m.id for m in meetings],
            first=meetings[0].date,
            last=meetings[-1].date,
            distance=1 / len(meetings),
        )


@dataclass
class _Ties:
    """Every pair of nodes that shared a meeting, in arrays: pair ``e`` joins
    ``nodes[u[e]]`` and ``nodes[v[e]]`` (``u < v`` in string order), and its
    meetings are ``meeting_index[start[e]:end[e]]`` (indices into the kept
    meetings, in date order). Pairs come in the order a dict filled meeting by
    meeting would hold them (first shared meeting, then node order), so the
    graphs built from them are the same, edge for edge."""

    nodes: list[str]
    u: np.ndarray
    v: np.ndarray
    start: np.ndarray
    end: np.ndarray
    meeting_index: np.ndarray

    @property
    def weight(self) -> np.ndarray:
        return self.end - self.start


def _tie_arrays(kept: list[Meeting], present: Sequence[Iterable[str]]) -> _Ties:
    """:class:`_Ties` of the meetings ``kept`` (in date order), ``present``
    giving the nodes at each (duplicates allowed). Vectorised with numpy: a
    national meeting of 400 institutions alone makes 80,000 pairs."""
    per_meeting = [sorted(set(nodes)) for nodes in present]
    names = sorted({n for ns in per_meeting for n in ns})
    index = {n: i for i, n in enumerate(names)}
    sizes = np.fromiter(map(len, per_meeting), np.int64, len(per_meeting))
    node = np.fromiter((index[n] for ns in per_meeting for n in ns), np.int64, int(sizes.sum()))
    # every pair of nodes of each meeting, (i, j) with i before j, meeting
    # by meeting: the rows of np.triu_indices(k, 1), for all meetings at once
    group_start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    after = np.repeat(sizes, sizes) - 1 - (np.arange(len(node)) - group_start)
    total = int(after.sum())
    if not total:
        empty = np.zeros(0, dtype=np.int64)
        return _Ties(names, empty, empty, empty, empty, empty)
    left = np.repeat(np.arange(len(node)), after)
    right = np.arange(total) - np.repeat(np.cumsum(after) - after, after) + left + 1
    u, v = node[left], node[right]
    meeting = np.repeat(np.arange(len(per_meeting)), sizes)[left]
    key = u * len(names) + v
    order = np.argsort(key, kind="stable")  # within a pair: meetings in date order
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    ends = np.r_[starts[1:], len(sorted_key)]
    first_seen = np.argsort(order[starts], kind="stable")  # dict insertion order
    pair = order[starts[first_seen]]
    return _Ties(names, u[pair], v[pair], starts[first_seen], ends[first_seen], meeting[order])


def _add_tie_arrays(
    G: nx.Graph,
    ties: _Ties,
    kept: list[Meeting],
    min_shared: int,
    *,
    provenance: bool = True,
    people: list[dict[str, tuple[str, ...]]] | None = None,
) -> None:
    """Add one edge per pair of ``ties`` with at least ``min_shared``
    meetings: ``weight``, ``meetings`` (ids by date), ``first``, ``last`` and
    ``distance`` (``1 / weight``), as :func:`_add_ties`, and ``people`` when
    given (one per edge added, :func:`_people`); with ``provenance`` false
    only ``weight`` and ``distance`` (for metrics that need no more)."""
    weight = ties.weight
    keep = np.flatnonzero(weight >= min_shared)
    names = ties.nodes
    if not provenance:
        G.add_edges_from(
            (names[a], names[b], {"weight": w, "distance": 1 / w})
            for a, b, w in zip(
                ties.u[keep].tolist(), ties.v[keep].tolist(), weight[keep].tolist(), strict=True
            )
        )
        return
    ids = np.array([m.id for m in kept], dtype=object)
    days = [m.date for m in kept]
    mi = ties.meeting_index.tolist()
    mids = ids[ties.meeting_index].tolist() if len(kept) else []
    edges = []
    for a, b, s, e in zip(
        ties.u[keep].tolist(),
        ties.v[keep].tolist(),
        ties.start[keep].tolist(),
        ties.end[keep].tolist(),
        strict=True,
    ):
        js = mi[s:e]
        w = e - s
        edges.append(
            (
                names[a],
                names[b],
                {
                    "weight": w,
                    "meetings": mids[s:e],
                    "first": days[js[0]],
                    "last": days[js[-1]],
                    "distance": 1 / w,
                },
            )
        )
    if people is not None:
        for edge, who in zip(edges, people, strict=True):
            edge[2]["people"] = who
    G.add_edges_from(edges)


def cite_graph(
    ds: Dataset,
    period: Period = Period(),
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    index: AttendanceIndex | None = None,
) -> nx.Graph:
    """The cité–cité cooperation graph.

    Two cités are tied when actors working for them (``Actor.cite_id``)
    attended the same meeting in ``period``; the tie's ``weight`` is the
    number of such meetings and ``meetings`` lists them by date. Ties with
    fewer than ``min_shared`` meetings are dropped; ``first``/``last`` are the
    dates of the first and last of them, and ``people`` maps each of the two
    cités to the ids of its actors who made the tie. Every cité is a node, tied
    or not. ``G.graph`` records the parameters. ``index``: the dataset's
    :class:`AttendanceIndex`, when the caller keeps one.

    Examples
    --------
    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53"), Cite("c", "C", "52")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y")),
    ... )
    >>> G = cite_graph(ds)
    >>> sorted(G.edges(data="weight")), sorted(nx.isolates(G))
    ([('a', 'b', 1)], ['c'])
    """
    G = nx.Graph(
        projection="cites",
        since=period.since,
        until=period.until,
        scales=None if scales is None else tuple(sorted(scales)),
        min_shared=min_shared,
    )
    _add_cite_nodes(G, ds, period.until)
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    kept = meetings_in(ds, period, scales)
    # (kept meeting, cité, actor) of each attendance of an actor of a cité,
    # as indices (actors in id order): who made each tie, per side
    cite_ids = sorted(set(cite_of.values()))
    cite_pos = {c: i for i, c in enumerate(cite_ids)}
    n_cites = len(cite_ids)
    index = index if index is not None else AttendanceIndex(ds)
    present: list[list[str]] | list[set[str]] | None = index.present(kept, cite_of)
    if present is not None:
        # the rows of the kept meetings in input order: within a meeting and
        # a cité, the order of the loop of _cite_rows, all that the stable
        # sorts of _add_people see
        row_rank = index.meeting_values({m.id: j for j, m in enumerate(kept)})[index.meeting]
        row_cite = index.actor_values({a: cite_pos[c] for a, c in cite_of.items()})[index.actor]
        row_who = index.actor_values({a: i for i, a in enumerate(sorted(cite_of))})[index.actor]
        ok = (row_rank >= 0) & (row_cite >= 0)
        keys = row_rank[ok] * n_cites + row_cite[ok]
        who = row_who[ok]
    else:
        keys, who, present = _cite_rows(ds, kept, cite_of, cite_pos)
    ties = _tie_arrays(kept, present)
    attended = _Attended(cite_pos, sorted(cite_of), keys, who)
    if all(n in G for n in ties.nodes):
        # the order of the ends of each tie is known before the ties are
        # added: ``people`` goes in with the other attributes
        people = _people(G, ties, min_shared, attended)
        _add_tie_arrays(G, ties, kept, min_shared, people=people)
    else:  # actors of a cité not in the cités: nodes made by the ties
        _add_tie_arrays(G, ties, kept, min_shared)
        keep = np.flatnonzero(ties.weight >= min_shared)
        ends = zip(ties.u[keep].tolist(), ties.v[keep].tolist(), strict=True)
        for (a, b), found in zip(ends, _people(G, ties, min_shared, attended), strict=True):
            G.adj[ties.nodes[a]][ties.nodes[b]]["people"] = found
    return G


def _cite_rows(
    ds: Dataset, kept: list[Meeting], cite_of: dict[str, str], cite_pos: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, list[set[str]]]:
    """The keys and actors of :class:`_Attended` and the cités present at
    each kept meeting, row by row: the definition, and the way when kept
    meetings share an id (:meth:`AttendanceIndex.present`)."""
    attendees = attendees_by_meeting(ds)
    n_cites = len(cite_pos)
    where = {a: (c, cite_pos[c], i) for i, (a, c) in enumerate(sorted(cite_of.items()))}
    keys: list[int] = []
    who: list[int] = []
    present: list[set[str]] = []
    for j, m in enumerate(kept):
        cites_here: set[str] = set()
        base = j * n_cites
        for a in attendees.get(m.id, ()):
            found = where.get(a)
            if found is not None:
                cites_here.add(found[0])
                keys.append(base + found[1])
                who.append(found[2])
        present.append(cites_here)
    return np.array(keys, dtype=np.int64), np.array(who, dtype=np.int64), present


@dataclass
class _Attended:
    """Attendances of actors of a cité: ``key`` is ``meeting * len(cites) +
    cite`` (meeting: index into the kept meetings, cite: ``cites[name]``),
    ``actor`` an index into ``actors`` (sorted ids)."""

    cites: dict[str, int]
    actors: list[str]
    key: np.ndarray
    actor: np.ndarray


def _people(
    G: nx.Graph, ties: _Ties, min_shared: int, attended: _Attended
) -> list[dict[str, tuple[str, ...]]]:
    """The ``people`` of each edge :func:`_add_tie_arrays` adds from
    ``ties``: for each side, the sorted ids of the actors of that cité present
    at the tie's meetings, the two sides in the order ``G.edges`` gives the
    ends (node order; every end already a node of ``G``). Vectorised: a
    national report has ~250,000 (tie, meeting) pairs."""
    keep = np.flatnonzero(ties.weight >= min_shared)
    if not len(keep):
        return []
    names = ties.nodes
    n_cites, actors = len(attended.cites), attended.actors
    node_cite = np.array([attended.cites[n] for n in names], dtype=np.int64)
    order = np.argsort(attended.key, kind="stable")
    tkey, tact = attended.key[order], attended.actor[order]
    # (tie, meeting) pairs of the kept ties
    start, weight = ties.start[keep], ties.weight[keep]
    tie = np.repeat(np.arange(len(keep)), weight)
    offsets = np.cumsum(weight) - weight
    meeting = ties.meeting_index[np.repeat(start - offsets, weight) + np.arange(len(tie))]
    sides = []
    for side in (ties.u[keep], ties.v[keep]):
        q = meeting * n_cites + node_cite[side[tie]]
        lo = np.searchsorted(tkey, q, side="left")
        hi = np.searchsorted(tkey, q, side="right")
        count = hi - lo
        who_tie = np.repeat(tie, count)
        cum = np.cumsum(count) - count
        who = tact[np.repeat(lo - cum, count) + np.arange(len(who_tie))]
        pair = np.sort(who_tie * len(actors) + who)  # by tie, then actor id
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
        bounds = np.searchsorted(pair // len(actors), np.arange(len(keep) + 1))
        ids = np.asarray(actors, dtype=object)[pair % len(actors)].tolist()
        sides.append((ids, bounds.tolist()))
    (uid, ub), (vid, vb) = sides
    position = {n: i for i, n in enumerate(G)}
    found = []
    for e, (a, b) in enumerate(zip(ties.u[keep].tolist(), ties.v[keep].tolist(), strict=True)):
        u, v = names[a], names[b]
        pu, pv = tuple(uid[ub[e] : ub[e + 1]]), tuple(vid[vb[e] : vb[e + 1]])
        # the order G.edges gives the two ends (node order)
        found.append({u: pu, v: pv} if position[u] < position[v] else {v: pv, u: pu})
    return found


# ---------------------------------------------------------------- groups


def institution_region(inst: Institution, ds: Dataset | None = None) -> str | None:
    """The région an institution is counted in when ties are grouped by région.

    Its only région; for a CRPV covering several régions (RésOVilles: Bretagne
    and Pays de la Loire) the one whose centroid is nearest its seat
    (``lat``/``lon``), else the first; else the région of its first
    département; else, with ``ds``, the région of the cités it governs.

    >>> institution_region(Institution("i", "Normanvilles", "crpv", regions=("28",)))
    '28'
    >>> institution_region(Institution("d", "DSDEN 93", "education", departements=("93",)))
    '11'
    """
    if len(inst.regions) == 1:
        return inst.regions[0]
    if inst.regions:
        if inst.lat is not None and inst.lon is not None:
            return min(
                inst.regions,
                key=lambda r: _distance_to_region(inst.lat, inst.lon, r),  # type: ignore[arg-type]
            )
        return inst.regions[0]
    for dep in inst.departements:
        try:
            return geo.region_of_departement(dep)
        except KeyError:
            continue
    if ds is not None:
        regions = sorted(
            {
                ds.cite_by_id[g.cite_id].region
                for g in ds.governance
                if g.institution_id == inst.id and g.cite_id in ds.cite_by_id
            }
        )
        if regions:
            return regions[0]
    return None


def _distance_to_region(lat: float, lon: float, region: str) -> float:
    try:
        rlat, rlon = geo.region_centroid(region)
    except KeyError:
        return float("inf")
    return geo.haversine_km(lat, lon, rlat, rlon)


def actor_regions(ds: Dataset) -> dict[str, str | None]:
    """Région of each actor: that of its cité, else that of its institution
    (:func:`institution_region`), so CRPV and national staff get a fair group."""
    inst_region = {i.id: institution_region(i, ds) for i in ds.institutions}
    out: dict[str, str | None] = {}
    for a in ds.actors:
        cite = ds.cite_by_id.get(a.cite_id) if a.cite_id else None
        out[a.id] = cite.region if cite else inst_region.get(a.institution_id)
    return out


# ---------------------------------------------------------------- projections


def institution_graph(
    ds: Dataset,
    period: Period = Period(),
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    max_attendance: int | None = None,
    provenance: bool = True,
    index: AttendanceIndex | None = None,
) -> nx.Graph:
    """The institution–institution graph: two institutions are tied when their
    actors attended the same meeting in ``period``.

    Edges carry ``weight`` (number of shared meetings), ``meetings`` (ids by
    date), ``first`` and ``last`` (with ``provenance`` false only ``weight``
    and ``distance``: the same graph for path and group metrics, several
    times faster to build on national data). Meetings with more than ``max_attendance``
    attendees are left out (``None``: keep all). Every institution is a node,
    with ``name``, ``kind`` and ``region`` (:func:`institution_region`).

    Examples
    --------
    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Dataset, Institution, Meeting
    >>> ds = Dataset(
    ...     institutions=(Institution("p", "Préfecture", "prefecture", regions=("28",)),
    ...                   Institution("n", "Normanvilles", "crpv", regions=("28",))),
    ...     actors=(Actor("x", "X", "p"), Actor("y", "Y", "n"), Actor("z", "Z", "n")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"), Meeting("m2", date(2020, 6, 1), "Club")),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y"), Attendance("m2", "x"), Attendance("m2", "z")),
    ... )
    >>> G = institution_graph(ds)
    >>> G["p"]["n"]["weight"], G["p"]["n"]["meetings"]
    (2, ['m1', 'm2'])
    """
    G = nx.Graph(
        projection="institutions",
        since=period.since,
        until=period.until,
        scales=None if scales is None else tuple(sorted(scales)),
        min_shared=min_shared,
        max_attendance=max_attendance,
    )
    for i in ds.institutions:
        G.add_node(i.id, kind=i.kind, name=i.name, region=institution_region(i, ds))
    inst_of = {a.id: a.institution_id for a in ds.actors}
    index = index if index is not None else AttendanceIndex(ds)
    kept = meetings_in(ds, period, scales)
    if max_attendance is not None:
        rows = dict(zip(index.meeting_ids, np.bincount(index.meeting).tolist(), strict=False))
        kept = [m for m in kept if rows.get(m.id, 0) <= max_attendance]
    present = index.present(kept, inst_of)
    if present is None:
        attendees = attendees_by_meeting(ds)
        present = [[inst_of[a] for a in attendees.get(m.id, ()) if a in inst_of] for m in kept]
    _add_tie_arrays(G, _tie_arrays(kept, present), kept, min_shared, provenance=provenance)
    return G


def actor_graph(
    ds: Dataset,
    period: Period = Period(),
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    max_attendance: int | None = None,
) -> nx.Graph:
    """The actor co-attendance graph: two actors are tied when they attended
    the same meeting in ``period`` (``weight``, ``meetings``, ``first``,
    ``last`` as in :func:`cite_graph`).

    A meeting of *n* attendees makes *n(n-1)/2* ties, so national events make
    this graph dense: ``max_attendance`` leaves out meetings with more
    attendees, and :func:`actor_meeting_graph` is the sparse alternative for
    path-based metrics. Nodes are actors with ``institution``, ``cite`` and
    ``region`` (:func:`actor_regions`); no name is stored (personal data).

    Examples
    --------
    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Dataset, Meeting
    >>> ds = Dataset(
    ...     actors=(Actor("x", "X", "i"), Actor("y", "Y", "i"), Actor("z", "Z", "j")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y"), Attendance("m1", "z")),
    ... )
    >>> sorted(actor_graph(ds).edges())
    [('x', 'y'), ('x', 'z'), ('y', 'z')]
    >>> actor_graph(ds, max_attendance=2).number_of_edges()
    0
    """
    G = nx.Graph(
        projection="actors",
        since=period.since,
        until=period.until,
        scales=None if scales is None else tuple(sorted(scales)),
        min_shared=min_shared,
        max_attendance=max_attendance,
    )
    regions = actor_regions(ds)
    for a in ds.actors:
        G.add_node(a.id, institution=a.institution_id, cite=a.cite_id, region=regions[a.id])
    attendees = attendees_by_meeting(ds)
    kept = [
        m
        for m in meetings_in(ds, period, scales)
        if max_attendance is None or len(attendees.get(m.id, ())) <= max_attendance
    ]
    known = set(G)
    present = [[a for a in attendees.get(m.id, ()) if a in known] for m in kept]
    _add_tie_arrays(G, _tie_arrays(kept, present), kept, min_shared)
    return G


def actor_meeting_graph(
    ds: Dataset, period: Period = Period(), *, scales: Iterable[str] | None = None
) -> nx.Graph:
    """The two-mode actor–meeting graph (``bipartite`` 0 = actors, 1 =
    meetings): one edge per attendance, so its size stays linear in the
    attendance rows however large the meetings. A path actor–meeting–actor is
    one co-attendance; path metrics on it (two-mode betweenness, Everett &
    Borgatti) avoid building the cliques of :func:`actor_graph`.

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Dataset, Meeting
    >>> ds = Dataset(actors=(Actor("x", "X", "i"), Actor("y", "Y", "i")),
    ...              meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...              attendance=(Attendance("m1", "x"), Attendance("m1", "y")))
    >>> sorted(actor_meeting_graph(ds).edges("m1"))
    [('m1', 'x'), ('m1', 'y')]
    """
    G = nx.Graph(
        projection="actor-meeting",
        since=period.since,
        until=period.until,
        scales=None if scales is None else tuple(sorted(scales)),
    )
    regions = actor_regions(ds)
    for a in ds.actors:
        G.add_node(
            a.id, bipartite=0, institution=a.institution_id, cite=a.cite_id, region=regions[a.id]
        )
    kept = meetings_in(ds, period, scales)
    for m in kept:
        G.add_node(m.id, bipartite=1, date=m.date, scale=m.scale)
    ids = {m.id for m in kept}
    G.add_edges_from(
        (x.actor_id, x.meeting_id) for x in ds.attendance if x.meeting_id in ids and x.actor_id in G
    )
    return G


def actor_meeting_pairs(
    ds: Dataset,
    period: Period = Period(),
    *,
    scales: Iterable[str] | None = None,
    index: AttendanceIndex | None = None,
) -> tuple[list[str], list[str], np.ndarray]:
    """The two-mode graph of :func:`actor_meeting_graph` as arrays: its actor
    ids, its meeting ids and its edges as ``(actor index, len(actors) +
    meeting index)`` rows, in the order the graph iterates them (each actor's
    meetings in the order of its first attendance). For path metrics that
    need no networkx graph (:func:`~coopgraph.metrics.centrality.
    two_mode_betweenness_of_pairs`).

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Dataset, Meeting
    >>> ds = Dataset(actors=(Actor("x", "X", "i"), Actor("y", "Y", "i")),
    ...              meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...              attendance=(Attendance("m1", "y"), Attendance("m1", "x"), Attendance("m1", "x")))
    >>> actors, meetings, pairs = actor_meeting_pairs(ds)
    >>> actors, meetings, pairs.tolist()
    (['x', 'y'], ['m1'], [[0, 2], [1, 2]])
    """
    actors = [a.id for a in ds.actors]
    kept = [m.id for m in meetings_in(ds, period, scales)]
    actor_index = {a: i for i, a in enumerate(actors)}
    meeting_index = {m: len(actors) + j for j, m in enumerate(kept)}
    index = index if index is not None else AttendanceIndex(ds)
    a = index.actor_values(actor_index)[index.actor]
    m = index.meeting_values(meeting_index)[index.meeting]
    ok = (a >= 0) & (m >= 0)
    a, m = a[ok], m[ok]
    # each (actor, meeting) once, at its first attendance; actors in input
    # order, each actor's meetings in the order of their first attendance
    _, first = np.unique(a * (len(actors) + len(kept)) + m, return_index=True)
    first = first[np.lexsort((first, a[first]))]
    pairs = np.stack([a[first], m[first]], axis=1).reshape(-1, 2)
    return actors, kept, pairs
