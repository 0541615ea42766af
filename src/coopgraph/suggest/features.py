"""Features of a pair of cités for link prediction.

A :class:`PairContext` reads the dataset once through the analysis options
(period, scales, tie threshold) and holds everything the features and the
introducers need: the cité cooperation graph, the institutions and people
each cité met, the themes of its meetings, its size, its CRPV. The features
of many pairs are then computed at once with numpy (:func:`pair_features`).

The link-prediction measures are those of networkx (common neighbours,
Adamic–Adar, resource allocation, Jaccard, preferential attachment), on the
unweighted cité graph, computed with matrix products and checked against
networkx in the tests.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
import numpy as np

from coopgraph import geo
from coopgraph.graph.projections import Period, attendees_by_meeting, cite_graph, meetings_in
from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
from coopgraph.metrics.isolation import isolated_cites
from coopgraph.model import Cite, Dataset, Meeting

#: Feature names, in the order of the columns of :func:`pair_features`.
FEATURES: tuple[str, ...] = (
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "jaccard",
    "preferential_attachment",
    "same_departement",
    "same_region",
    "bordering_region",
    "distance",
    "same_wave",
    "theme_similarity",
    "size_similarity",
    "common_crpv",
    "common_partners",
    "activity",
    "both_fragile",
    "newcomer",
)


@dataclass
class PairContext:
    """The dataset seen through the analysis options, ready for pair features.

    Built by :func:`pair_context`. ``cites`` are the cités that can be
    suggested (labelled by the end of the period), ``index`` their row in the
    matrices; ``G`` is the cité graph of the period.
    """

    ds: Dataset
    period: Period
    G: nx.Graph
    cites: list[Cite]
    index: dict[str, int]
    adjacency: np.ndarray
    #: per cité: Counter of themes of the meetings its actors attended
    themes: dict[str, Counter]
    #: per cité: number of its actors
    size: dict[str, int]
    #: per cité: number of meetings its actors attended in the period
    activity: dict[str, int]
    #: per cité: CRPV that support it (support.csv) or whose territory covers it
    crpvs: dict[str, frozenset[str]]
    #: per cité: institution id -> meeting ids where actors of the cité met
    #: actors of that institution who work for no cité (CRPV, ANCT, services)
    partners: dict[str, dict[str, list[str]]]
    #: per cité: the meeting ids (by date) its actors attended
    meetings_of: dict[str, list[str]]
    #: isolation type of each weak cité (see coopgraph.metrics.isolation)
    fragile: dict[str, str]
    #: (lat, lon) per cité and how it was found: "cite", "departement", "region"
    position: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    #: the meetings of the period (after the scale filter), by date
    meetings: list[Meeting] = field(default_factory=list)
    #: matrices shared by every call of pair_features on this context
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def people(self, cite_id: str) -> dict[str, list[str]]:
        """Actor id -> meeting ids (by date) where that person, not of the
        cité, met the cité's actors (computed on demand: only introducers
        need it)."""

        def make() -> dict[str, list[str]]:
            cite_of = self.cached("cite_of", lambda: {a.id: a.cite_id for a in self.ds.actors})
            attendees = self.cached("attendees", lambda: attendees_by_meeting(self.ds))
            met: dict[str, list[str]] = defaultdict(list)
            for mid in self.meetings_of.get(cite_id, ()):
                for a in dict.fromkeys(attendees.get(mid, ())):
                    if cite_of.get(a) != cite_id:
                        met[a].append(mid)
            return dict(met)

        return self.cached(f"people:{cite_id}", make)


def _position(c: Cite) -> tuple[float, float, str] | None:
    """Coordinates of a cité: its own, else its département's centroid, else
    its région's (so a cité without coordinates still has a distance)."""
    if c.lat is not None and c.lon is not None:
        return (c.lat, c.lon, "cite")
    if c.departement:
        try:
            return (*geo.departement_centroid(c.departement), "departement")
        except KeyError:
            pass
    try:
        return (*geo.region_centroid(c.region), "region")
    except KeyError:
        return None


def pair_context(
    ds: Dataset,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    labelled_by: date | None = None,
) -> PairContext:
    """Everything the pair features need, computed once.

    The cités are those labelled by the end of ``period`` (by
    ``labelled_by`` when given: training looks at cités labelled later in
    the history, with no tie yet at the cut).

    >>> from coopgraph.model import Cite
    >>> ctx = pair_context(Dataset(cites=(Cite("a", "A", "28"), Cite("b", "B", "53"))))
    >>> [c.id for c in ctx.cites], ctx.adjacency.sum(), ctx.fragile
    (['a', 'b'], np.float64(0.0), {'a': 'isolated', 'b': 'isolated'})
    """
    scales = None if scales is None else tuple(scales)
    G = cite_graph(ds, period, scales=scales, min_shared=min_shared)
    cites = sorted(
        (
            c
            for c in ds.cites
            if is_labelled(c, labelled_by or period.until, if_unknown=COUNT_UNKNOWN)
        ),
        key=lambda c: c.id,
    )
    index = {c.id: i for i, c in enumerate(cites)}
    A = np.zeros((len(cites), len(cites)))
    for u, v in G.edges():
        if u in index and v in index:
            A[index[u], index[v]] = A[index[v], index[u]] = 1.0

    cite_of = {a.id: a.cite_id for a in ds.actors}
    inst_of = {a.id: a.institution_id for a in ds.actors}
    attendees = attendees_by_meeting(ds)
    kept = meetings_in(ds, period, scales)
    themes: dict[str, Counter] = defaultdict(Counter)
    activity: Counter = Counter()
    partners: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    meetings_of: dict[str, list[str]] = defaultdict(list)
    for m in kept:
        present = attendees.get(m.id, ())
        here = {c for a in present if (c := cite_of.get(a)) is not None}
        for c in here:
            themes[c].update(m.themes)
            activity[c] += 1
        if not here:
            continue
        free_insts = {inst_of[a] for a in present if a in inst_of and cite_of.get(a) is None}
        for c in here:
            for i in free_insts:
                partners[c][i].append(m.id)
            meetings_of[c].append(m.id)

    crpvs: dict[str, set[str]] = defaultdict(set)
    for s in ds.support:
        crpvs[s.cite_id].add(s.crpv_id)
    for crpv in ds.crpvs:
        for cite in cites:
            if crpv.covers(cite.region, cite.departement):
                crpvs[cite.id].add(crpv.id)

    fragile = {
        f.cite_id: f.type for f in isolated_cites(G, include_unlabelled=True) if f.cite_id in index
    }
    position = {c.id: p for c in cites if (p := _position(c)) is not None}
    return PairContext(
        ds=ds,
        period=period,
        G=G,
        cites=cites,
        index=index,
        adjacency=A,
        themes={c: themes.get(c, Counter()) for c in index},
        size=Counter(a.cite_id for a in ds.actors if a.cite_id),
        activity={c: activity.get(c, 0) for c in index},
        crpvs={c: frozenset(crpvs.get(c, ())) for c in index},
        partners={c: dict(partners[c]) for c in index if c in partners},
        meetings_of={c: meetings_of.get(c, []) for c in index},
        fragile=fragile,
        position=position,
        meetings=kept,
    )


def link_measures(A: np.ndarray) -> dict[str, np.ndarray]:
    """networkx's link-prediction measures for every pair of an adjacency
    matrix at once (unweighted; meaningful for pairs not tied yet).

    >>> G = nx.Graph([(0, 1), (1, 2), (1, 3), (2, 3)])
    >>> m = link_measures(nx.to_numpy_array(G, nodelist=range(4)))
    >>> round(float(m["adamic_adar"][0, 2]), 4), next(nx.adamic_adar_index(G, [(0, 2)]))[2].__round__(4)
    (0.9102, 0.9102)
    >>> float(m["jaccard"][0, 3]), next(nx.jaccard_coefficient(G, [(0, 3)]))[2]
    (0.5, 0.5)
    """
    deg = A.sum(axis=1)
    cn = A @ A
    with np.errstate(divide="ignore"):
        inv_log = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2.0)), 0.0)
        inv_deg = np.where(deg > 0, 1.0 / np.maximum(deg, 1.0), 0.0)
    aa = (A * inv_log) @ A
    ra = (A * inv_deg) @ A
    # |N(u) ∪ N(v)| = deg u + deg v − common (− the pair itself when tied)
    union = deg[:, None] + deg[None, :] - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    pa = np.outer(deg, deg)
    return {
        "common_neighbours": cn,
        "adamic_adar": aa,
        "resource_allocation": ra,
        "jaccard": jac,
        "preferential_attachment": pa,
    }


def _theme_matrix(ctx: PairContext) -> np.ndarray:
    names = sorted({t for c in ctx.themes.values() for t in c})
    col = {t: j for j, t in enumerate(names)}
    M = np.zeros((len(ctx.cites), max(1, len(names))))
    for c, counts in ctx.themes.items():
        for t, n in counts.items():
            M[ctx.index[c], col[t]] = n
    norms = np.linalg.norm(M, axis=1)
    return np.divide(M, norms[:, None], out=np.zeros_like(M), where=norms[:, None] > 0)


def _distances_km(ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle distances between cités (NaN where a position is unknown),
    and whether each cité's position is known."""
    n = len(ctx.cites)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    for c in ctx.cites:
        p = ctx.position.get(c.id)
        if p is not None:
            lat[ctx.index[c.id]], lon[ctx.index[c.id]] = p[0], p[1]
    la, lo = np.radians(lat), np.radians(lon)
    dlat = la[:, None] - la[None, :]
    dlon = lo[:, None] - lo[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(la[:, None]) * np.cos(la[None, :]) * np.sin(dlon / 2) ** 2
    d = 2 * geo.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return d, ~np.isnan(lat)


@dataclass
class FeatureMatrix:
    """Features of a list of pairs: ``X[k]`` describes ``pairs[k]``."""

    pairs: list[tuple[str, str]]
    X: np.ndarray
    names: tuple[str, ...] = FEATURES

    def column(self, name: str) -> np.ndarray:
        return self.X[:, self.names.index(name)]


def pair_features(ctx: PairContext, pairs: Sequence[tuple[str, str]]) -> FeatureMatrix:
    """The :data:`FEATURES` of each pair of cités (ids of ``ctx.cites``).

    Distance is ``log(1 + km)``; when a position is unknown it takes the
    median distance of the known pairs (neutral) — the reasons say so.
    Preferential attachment is ``log(1 + deg u × deg v)``, activity
    ``log(1 + meetings u) + log(1 + meetings v)``, common partners
    ``log(1 + institutions met by both)``.

    >>> from coopgraph.model import Cite
    >>> ds = Dataset(cites=(Cite("a", "A", "28", "76", wave=2019), Cite("b", "B", "28", "14", wave=2019),
    ...                     Cite("c", "C", "53", "35", wave=2021)))
    >>> fm = pair_features(pair_context(ds), [("a", "b"), ("a", "c")])
    >>> fm.column("same_region").tolist(), fm.column("bordering_region").tolist(), fm.column("same_wave").tolist()
    ([1.0, 0.0], [0.0, 1.0], [1.0, 0.0])
    """
    n_pairs = len(pairs)
    if n_pairs == 0:
        return FeatureMatrix([], np.zeros((0, len(FEATURES))))
    iu = np.array([ctx.index[u] for u, _ in pairs])
    iv = np.array([ctx.index[v] for _, v in pairs])
    link = ctx.cached("links", lambda: link_measures(ctx.adjacency))
    cols: dict[str, np.ndarray] = {}
    for name in ("common_neighbours", "adamic_adar", "resource_allocation", "jaccard"):
        cols[name] = link[name][iu, iv]
    cols["preferential_attachment"] = np.log1p(link["preferential_attachment"][iu, iv])

    cites = ctx.cites
    region = [c.region for c in cites]
    dep = [c.departement for c in cites]
    wave = [c.wave for c in cites]
    cols["same_departement"] = np.array(
        [dep[a] is not None and dep[a] == dep[b] for a, b in zip(iu, iv, strict=True)], float
    )
    cols["same_region"] = np.array(
        [region[a] == region[b] for a, b in zip(iu, iv, strict=True)], float
    )
    borders = ctx.cached("borders", lambda: _border_table(set(region)))
    cols["bordering_region"] = np.array(
        [(region[a], region[b]) in borders for a, b in zip(iu, iv, strict=True)], float
    )
    D, known = ctx.cached("distances", lambda: _distances_km(ctx))
    d = D[iu, iv]
    ok = known[iu] & known[iv]
    fill = float(np.median(d[ok])) if ok.any() else 0.0
    cols["distance"] = np.log1p(np.where(ok, d, fill))
    cols["same_wave"] = np.array(
        [wave[a] is not None and wave[a] == wave[b] for a, b in zip(iu, iv, strict=True)], float
    )
    T = ctx.cached("themes", lambda: _theme_matrix(ctx))
    cols["theme_similarity"] = np.einsum("ij,ij->i", T[iu], T[iv])
    size = np.array([ctx.size.get(c.id, 0) for c in cites], float)
    hi = np.maximum(size[iu], size[iv])
    cols["size_similarity"] = np.divide(
        np.minimum(size[iu], size[iv]), hi, out=np.zeros(n_pairs), where=hi > 0
    )
    crpvs = [ctx.crpvs.get(c.id, frozenset()) for c in cites]
    cols["common_crpv"] = np.array(
        [bool(crpvs[a] & crpvs[b]) for a, b in zip(iu, iv, strict=True)], float
    )
    met = [frozenset(ctx.partners.get(c.id, {})) for c in cites]
    cols["common_partners"] = np.log1p(
        np.array([len(met[a] & met[b]) for a, b in zip(iu, iv, strict=True)], float)
    )
    act = np.log1p(np.array([ctx.activity.get(c.id, 0) for c in cites], float))
    cols["activity"] = act[iu] + act[iv]
    weak = np.array([c.id in ctx.fragile for c in cites])
    cols["both_fragile"] = (weak[iu] & weak[iv]).astype(float)
    # a cité with no meeting yet (just labelled) has no themes nor ties to
    # go by: this keeps the model from reading "no shared theme" as a sign
    silent = np.array([ctx.activity.get(c.id, 0) == 0 for c in cites])
    cols["newcomer"] = (silent[iu] | silent[iv]).astype(float)
    X = np.column_stack([cols[name] for name in FEATURES])
    return FeatureMatrix(list(pairs), X)


def _border_table(regions: set[str]) -> set[tuple[str, str]]:
    out = set()
    for a in regions:
        for b in regions:
            try:
                if a != b and geo.bordering(a, b):
                    out.add((a, b))
            except KeyError:
                continue
    return out


def untied_pairs(ctx: PairContext) -> list[tuple[str, str]]:
    """Every pair of cités of ``ctx`` with no tie in the period (sorted ids)."""
    ids = [c.id for c in ctx.cites]
    A = ctx.adjacency
    return [
        (ids[a], ids[b]) for a in range(len(ids)) for b in range(a + 1, len(ids)) if A[a, b] == 0
    ]


def km(ctx: PairContext, u: str, v: str) -> float | None:
    """Distance in km between two cités, ``None`` when a position is unknown."""
    p, q = ctx.position.get(u), ctx.position.get(v)
    if p is None or q is None:
        return None
    return geo.haversine_km(p[0], p[1], q[0], q[1])


def shared_themes(ctx: PairContext, u: str, v: str, limit: int = 3) -> list[str]:
    """Themes both cités worked on, most shared first."""
    tu, tv = ctx.themes.get(u, Counter()), ctx.themes.get(v, Counter())
    nu, nv = sum(tu.values()) or 1, sum(tv.values()) or 1
    common = [(min(tu[t] / nu, tv[t] / nv), t) for t in tu.keys() & tv.keys()]
    return [t for _, t in sorted(common, key=lambda x: (-x[0], x[1]))[:limit]]
