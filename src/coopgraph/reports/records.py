"""Network analyses as lists of records: the shared ground of the focused
commands (``coopgraph density|isolated|bridges|brokers|communities``) and of
the report's sections.

Each function reads the results of one :class:`~coopgraph.analysis.Analysis`
(computed once, whoever asks first) and keeps what its territory covers;
the few records that show text for people (explanations, person names) take
a :class:`~coopgraph.labels.Labeller`.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

import numpy as np

from coopgraph.analysis import Analysis
from coopgraph.labelling import COUNT_UNKNOWN, wave_labelled
from coopgraph.labels import Labeller, departement_label, region_label
from coopgraph.metrics.bridges import interregional

Record = dict[str, Any]


def density_records(an: Analysis) -> list[Record]:
    """Cooperation density: national, per région, per département, per CRPV."""
    ds, territory = an.ds, an.territory
    out = []
    rows = [
        an.national_density,
        *an.region_densities,
        *an.departement_densities,
        *an.crpv_densities,
    ]
    dep_region = {c.departement: c.region for c in ds.cites if c.departement}
    for d in rows:
        region: str | None
        if d.level == "region":
            name, region = region_label(d.key), d.key
        elif d.level == "departement":
            name, region = departement_label(d.key), dep_region.get(d.key)
        elif d.level == "crpv":
            inst = ds.institution_by_id[d.key]
            name, region = inst.name, None
            if not territory.covers_any(*inst.regions) and not any(
                territory.covers_region(dep_region.get(x)) for x in inst.departements
            ):
                continue
        else:
            name, region = "France", None
            if not territory.everywhere:
                continue
        if d.level in ("region", "departement") and not territory.covers_region(region):
            continue
        out.append(
            {
                "level": d.level,
                "key": d.key,
                "name": name,
                "cites": d.cites,
                "ties": d.ties,
                "density": d.density,
                "ties_out": d.ties_out,
            }
        )
    return out


def cite_density_records(an: Analysis) -> list[Record]:
    """Per cité: degree, ego-network density and troïka completeness."""
    G, ego, troikas = an.cites, an.ego_densities, an.troikas
    out = []
    for c in an.ds.cites:
        if not an.territory.covers_cite(c.id):
            continue
        t = troikas[c.id]
        out.append(
            {
                "cite_id": c.id,
                "name": c.name,
                "region": c.region,
                "degree": G.degree(c.id),
                "ego_density": ego.get(c.id),
                "troika_legs": list(t.present),
                "troika_missing": list(t.missing),
                "troika_pairs_met": list(t.pairs_met),
                "troika_all_met": t.all_met,
                "troika_complete": t.complete,
                "troika_score": t.score,
            }
        )
    return out


def isolated_records(an: Analysis, labeller: Labeller) -> list[Record]:
    """Isolated and fragile cités, ranked (see
    :func:`coopgraph.metrics.isolation.isolated_cites`), with the reason in
    the labeller's language and persons as it names them."""
    out = []
    for rank, c in enumerate(an.isolated, 1):
        if not an.territory.covers_cite(c.cite_id):
            continue
        via = labeller.person(c.via) if c.type == "one_person" and c.via else c.via
        out.append(
            {
                "rank": rank,
                "cite_id": c.cite_id,
                "name": c.name,
                "region": c.region,
                "region_name": region_label(c.region),
                "type": c.type,
                "explanation": labeller.explanation(c),
                "via": via,
                "degree": c.degree,
                "last_contact": c.last_contact,
            }
        )
    return out


def without_data_records(an: Analysis) -> list[Record]:
    """The cités of the territory that the isolation types leave aside: no
    data over the period (``no_data``) or too little (``sparse``, fewer than
    :data:`~coopgraph.analysis.core.SPARSE_BELOW` meetings), by status then
    name. Never called isolated: nothing recorded says whether they met
    anyone."""
    order = {"no_data": 0, "sparse": 1}
    reported = set(an.reported)
    out = [
        {
            "cite_id": c.id,
            "name": c.name,
            "region": c.region,
            "region_name": region_label(c.region),
            "data_status": an.data_status[c.id],
            "meetings": an.activity[c.id],
        }
        for c in an.ds.cites
        if an.data_status[c.id] in order and c.id in reported
    ]
    return sorted(out, key=lambda r: (order[r["data_status"]], r["name"], r["cite_id"]))


def wave_records(an: Analysis) -> list[Record]:
    """One row per labelling wave (cohort) of the territory's cités, by
    year, unknown years last (``wave`` ``None``): cités of the wave,
    labelled by the end of the period (:mod:`coopgraph.labelling`), with any
    data, observed, isolated and fragile (among observed), and with at least
    one interregional tie."""
    from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
    from coopgraph.metrics.bridges import interregional_tie

    G, status = an.cites, an.data_status
    types = {c.cite_id: c.type for c in an.isolated}
    crossing = {n for u, v in G.edges for n in (u, v) if interregional_tie(G, u, v)}
    waves: dict[int | None, list] = {}
    for c in an.ds.cites:
        if an.territory.covers_cite(c.id):
            waves.setdefault(c.wave or None, []).append(c)
    out = []
    for wave in sorted(waves, key=lambda w: (w is None, w or 0)):
        cites = waves[wave]
        labelled = [c for c in cites if is_labelled(c, an.period.until, if_unknown=COUNT_UNKNOWN)]
        ids = [c.id for c in labelled]
        out.append(
            {
                "wave": wave,
                "cites": len(cites),
                "labelled": len(labelled),
                "with_data": sum(1 for i in ids if status[i] != "no_data"),
                "observed": sum(1 for i in ids if status[i] == "observed"),
                "isolated": sum(1 for i in ids if types.get(i) == "isolated"),
                "fragile": sum(1 for i in ids if types.get(i) not in (None, "isolated")),
                "interregional_cites": sum(1 for i in ids if i in crossing),
            }
        )
    return out


def bridge_records(an: Analysis) -> list[Record]:
    """Interregional ties (:func:`~coopgraph.metrics.bridges.interregional`),
    with their meetings."""
    return [
        {
            "source": b.source,
            "target": b.target,
            "source_name": b.source_name,
            "target_name": b.target_name,
            "source_region": b.source_region,
            "target_region": b.target_region,
            "weight": b.weight,
            "meetings": list(b.meetings),
            "first": b.first,
            "last": b.last,
        }
        for b in an.interregional_bridges
        if an.territory.covers_any(b.source_region, b.target_region)
    ]


def region_link_records(an: Analysis) -> list[Record]:
    """Which régions are connected to which, and how strongly."""
    return [
        {
            "region_a": r.region_a,
            "region_b": r.region_b,
            "name_a": region_label(r.region_a),
            "name_b": region_label(r.region_b),
            "ties": r.ties,
            "weight": r.weight,
            "meetings": r.meetings,
            "cites_a": r.cites_a,
            "cites_b": r.cites_b,
        }
        for r in an.region_connections
        if an.territory.covers_any(r.region_a, r.region_b)
    ]


def broker_records(
    an: Analysis, labeller: Labeller, level: str = "institution", top: int | None = 50
) -> list[Record]:
    """Gould–Fernandez brokers (group = région) on the institution graph, or
    on the actor graph (``level="actor"``; persons as the labeller names
    them), with their betweenness."""
    if level == "actor":
        # brokers first: over the memory budget, the refusal names them
        found = an.actor_brokers
        G, between = an.actors, an.actor_betweenness

        def name(node: Hashable) -> str:
            return labeller.person(str(node))
    else:
        G, found = an.institution_ties, an.institution_brokers
        between = an.institution_betweenness

        def name(node: Hashable) -> str:
            return str(G.nodes[node].get("name", node))

    out = []
    for b in found:
        if not an.territory.covers_region(b.group):
            continue
        out.append(
            {
                "node": b.node,
                "name": name(b.node),
                "kind": G.nodes[b.node].get("kind", level),
                "region": b.group,
                "coordinator": b.coordinator,
                "itinerant": b.itinerant,
                "gatekeeper": b.gatekeeper,
                "representative": b.representative,
                "liaison": b.liaison,
                "interregional": b.intergroup,
                "betweenness": round(between.values.get(b.node, 0.0), 6),
            }
        )
    return out[:top] if top is not None else out


def ei_records(an: Analysis) -> list[Record]:
    """Krackhardt E–I index per région, on the cité and institution graphs."""
    inst = {e.group: e for e in an.institution_ei}
    return [
        {
            "region": e.group,
            "name": region_label(e.group),
            "external": e.external,
            "internal": e.internal,
            "ei": e.ei,
            "ei_institutions": inst[e.group].ei if e.group in inst else None,
        }
        for e in an.cite_ei
        if an.territory.covers_region(e.group)
    ]


def community_records(an: Analysis) -> list[Record]:
    """Louvain communities of the cité graph and the régions they span
    (two cités or more: see :func:`singleton_cites`)."""
    G = an.cites
    out = []
    for c in an.community_regions:
        if not an.territory.covers_any(*c.regions):
            continue
        if c.size < 2:
            continue  # a cité alone is no community: see singleton_cites
        out.append(
            {
                "community": c.community,
                "size": c.size,
                "main_region": c.main_region,
                "main_region_name": region_label(c.main_region) if c.main_region else None,
                "share": c.share,
                "spans": c.spans,
                "regions": {region_label(r): n for r, n in c.regions.items()},
                "cites": [G.nodes[n].get("name", n) for n in c.members],
            }
        )
    return out


def singleton_cites(an: Analysis) -> list[str]:
    """Names of the cités of the territory that Louvain leaves alone (no
    tie): "cités sans communauté", never counted as communities."""
    G = an.cites
    return sorted(
        G.nodes[n].get("name", n)
        for c in an.community_regions
        if c.size == 1
        for n in c.members
        if an.territory.covers_cite(n)
    )


def isolation_over_time(an: Analysis) -> tuple[list[str], dict[str, list[int]]]:
    """Per year of the period: the number of cités with no tie, and with no
    interregional tie (keys ``isolated`` and ``no_interregional``), each year
    taken as its own period (a tie counts in a year when its cités shared
    ``min_shared`` meetings that year). Derived from the period's graph and
    the dates of each tie's meetings, without rebuilding a graph per year."""
    G, ds = an.cites, an.ds
    years = sorted({m.date.year for m in ds.meetings if m.date in an.period})
    regions = dict(G.nodes(data="region"))
    year_of = {m.id: m.date.year for m in ds.meetings}
    ties_by_year: dict[int, list[tuple[str, str]]] = {y: [] for y in years}
    # (tie, year) pairs of every meeting of every tie, counted with numpy
    # (a national graph's ties hold ~250,000 meetings)
    edges = list(G.edges(data="meetings"))
    sizes = np.fromiter((len(ms) for _, _, ms in edges), np.int64, len(edges))
    year = np.fromiter((year_of[m] for _, _, ms in edges for m in ms), np.int64, int(sizes.sum()))
    if len(year):
        low, span = int(year.min()), int(year.max() - year.min()) + 1
        tie = np.repeat(np.arange(len(edges)), sizes)
        found, count = np.unique(tie * span + year - low, return_counts=True)
        for key, n in zip(found.tolist(), count.tolist(), strict=True):
            y = key % span + low
            if n >= an.min_shared and y in ties_by_year:
                u, v, _ = edges[key // span]
                ties_by_year[y].append((u, v))
    # each year counts the cités labelled by its end (coopgraph.labelling)
    shown = [n for n in G if an.territory.covers_cite(n)]
    wave = dict(G.nodes(data="wave"))
    isolated_n, local_n = [], []
    for y in years:
        tied: set[str] = set()
        crossing: set[str] = set()
        for u, v in ties_by_year[y]:
            tied.update((u, v))
            if interregional(regions[u], regions[v]):
                crossing.update((u, v))
        now = [
            n
            for n in shown
            if wave_labelled(wave.get(n), date(y, 12, 31), if_unknown=COUNT_UNKNOWN)
        ]
        isolated_n.append(sum(1 for n in now if n not in tied))
        local_n.append(sum(1 for n in now if n not in crossing))
    return [str(y) for y in years], {"isolated": isolated_n, "no_interregional": local_n}
