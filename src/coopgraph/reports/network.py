"""Network analyses of a Dataset as lists of records: the shared ground of
the focused commands (``coopgraph density|isolated|bridges|brokers|
communities``) and of the report's sections. Graph projections are cached
per dataset and options, so a report builds each graph once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from coopgraph import geo
from coopgraph.graph.projections import (
    Period,
    actor_graph,
    actor_meeting_graph,
    cite_graph,
    institution_graph,
)
from coopgraph.metrics import bridges, brokerage, centrality, communities, density, isolation
from coopgraph.model import Dataset
from coopgraph.reports.i18n import region_label, register_messages, translator
from coopgraph.reports.privacy import person_labeller

register_messages(
    {
        "fr": {
            "metrics.none": "Aucun résultat.",
            "explain.isolated": "aucun lien avec une autre cité sur la période",
            "explain.regional_only": "liée seulement à {n} cité(s) de sa propre région",
            "explain.one_link": "tous ses liens passent par une seule cité ({via})",
            "explain.one_person": "tous ses liens passent par une seule personne de la cité",
        },
        "en": {
            "metrics.none": "No result.",
            "explain.isolated": "no tie to another cité over the period",
            "explain.regional_only": "tied only to {n} cité(s) of its own région",
            "explain.one_link": "all its ties go through one cité ({via})",
            "explain.one_person": "all its ties go through one person of the cité",
        },
    }
)


def isolation_explanation(c: isolation.IsolatedCite, lang: str = "fr") -> str:
    """Why a cité is isolated or fragile, in ``lang`` (from the result's
    type and parameters; the metrics layer holds no text for people).

    >>> c = isolation.IsolatedCite("a", "A", "28", None, "one_link", via="b", via_name="B")
    >>> isolation_explanation(c, "fr"), isolation_explanation(c, "en")
    ('tous ses liens passent par une seule cité (B)', 'all its ties go through one cité (B)')
    """
    t = translator(lang)
    return t(f"explain.{c.type}", n=c.same_region, via=c.via_name or c.via or "")


@dataclass(frozen=True)
class Analysis:
    """What to analyse: period, meeting scales, tie threshold, a région to
    focus on, language, privacy, and the seed of random methods."""

    period: Period = Period()
    scales: tuple[str, ...] | None = None
    min_shared: int = 1
    region: str | None = None
    lang: str = "fr"
    pseudonymise: bool = False
    seed: int = 0


_CACHE: dict[tuple, tuple[Dataset, Any]] = {}


def _cached(kind, ds: Dataset, a: Analysis, builder):
    key = (kind, id(ds), a.period, a.scales, a.min_shared)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ds:
        return hit[1]
    if len(_CACHE) > 32:
        _CACHE.clear()
    value = builder()
    _CACHE[key] = (ds, value)
    return value


def cites(ds: Dataset, a: Analysis) -> nx.Graph:
    return _cached(
        "cites", ds, a, lambda: cite_graph(ds, a.period, scales=a.scales, min_shared=a.min_shared)
    )


def history(ds: Dataset, a: Analysis) -> nx.Graph:
    """All contacts up to the end of the period: for "last contact" dates."""
    h = replace(a, period=Period(None, a.period.until))
    return cites(ds, h)


def institutions(ds: Dataset, a: Analysis) -> nx.Graph:
    return _cached(
        "institutions",
        ds,
        a,
        lambda: institution_graph(ds, a.period, scales=a.scales, min_shared=a.min_shared),
    )


def louvain(ds: Dataset, a: Analysis) -> communities.Communities:
    return _cached(
        ("louvain", a.seed),
        ds,
        a,
        lambda: communities.louvain_communities(cites(ds, a), seed=a.seed),
    )


def cite_betweenness(ds: Dataset, a: Analysis) -> centrality.Betweenness:
    """Hop-count betweenness of the cité graph (``weight=None``: a tie is a
    tie once it passes ``min_shared``), computed once for the report, the
    map and the export."""
    return _cached(
        ("betweenness", a.seed),
        ds,
        a,
        lambda: centrality.betweenness(cites(ds, a), weight=None, seed=a.seed),
    )


def two_mode(ds: Dataset, a: Analysis) -> nx.Graph:
    return _cached("two-mode", ds, a, lambda: actor_meeting_graph(ds, a.period, scales=a.scales))


def _departement_label(code: str) -> str:
    try:
        return f"{geo.departement_name(code)} ({code})"
    except KeyError:
        return code


def _in_region(a: Analysis, *regions: str | None) -> bool:
    return a.region is None or a.region in regions


# ---------------------------------------------------------------- records


def density_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Cooperation density: national, per région, per département, per CRPV."""
    G = cites(ds, a)
    out = []
    national = density.density_of(G, G.nodes, "national", "FR")
    rows = (
        [national]
        + density.region_densities(G)
        + density.departement_densities(G)
        + density.crpv_densities(G, ds)
    )
    dep_region = {c.departement: c.region for c in ds.cites if c.departement}
    for d in rows:
        if d.level == "region":
            name, region = region_label(d.key), d.key
        elif d.level == "departement":
            name, region = _departement_label(d.key), dep_region.get(d.key)
        elif d.level == "crpv":
            inst = ds.institution_by_id[d.key]
            name, region = inst.name, None
            if (
                a.region is not None
                and a.region not in inst.regions
                and not any(dep_region.get(x) == a.region for x in inst.departements)
            ):
                continue
        else:
            name, region = "France", None
            if a.region is not None:
                continue
        if d.level in ("region", "departement") and not _in_region(a, region):
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


def cite_density_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Per cité: degree, ego-network density and troïka completeness."""
    G = cites(ds, a)
    ego = density.ego_densities(G)
    troikas = {t.cite_id: t for t in density.troika_completeness(ds, a.period, scales=a.scales)}
    out = []
    for c in ds.cites:
        if not _in_region(a, c.region):
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


def isolated_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Isolated and fragile cités, ranked (see
    :func:`coopgraph.metrics.isolation.isolated_cites`)."""
    person = person_labeller(ds, a.pseudonymise, a.lang)
    found = isolation.isolated_cites(cites(ds, a), history(ds, a))
    out = []
    for rank, c in enumerate(found, 1):
        if not _in_region(a, c.region):
            continue
        via = person(c.via) if c.type == "one_person" and c.via else c.via
        out.append(
            {
                "rank": rank,
                "cite_id": c.cite_id,
                "name": c.name,
                "region": c.region,
                "region_name": region_label(c.region),
                "type": c.type,
                "explanation": isolation_explanation(c, a.lang),
                "via": via,
                "degree": c.degree,
                "last_contact": c.last_contact,
            }
        )
    return out


def bridge_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Ties between cités of different régions, with their meetings."""
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
        for b in bridges.interregional_bridges(cites(ds, a), a.region)
    ]


def region_link_records(ds: Dataset, a: Analysis) -> list[dict]:
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
        for r in bridges.region_connections(cites(ds, a))
        if _in_region(a, r.region_a, r.region_b)
    ]


def broker_records(
    ds: Dataset, a: Analysis, level: str = "institution", top: int | None = 50
) -> list[dict]:
    """Gould–Fernandez brokers (group = région) on the institution graph, or
    on the actor graph (``level="actor"``; person names, pseudonymised on
    request), with their betweenness."""
    if level == "actor":
        G = _cached(
            "actors",
            ds,
            a,
            lambda: actor_graph(ds, a.period, scales=a.scales, min_shared=a.min_shared),
        )
        person = person_labeller(ds, a.pseudonymise, a.lang)
        name = lambda n: person(n)  # noqa: E731
        between = centrality.two_mode_betweenness(two_mode(ds, a), seed=a.seed)
    else:
        G = institutions(ds, a)
        name = lambda n: G.nodes[n].get("name", n)  # noqa: E731
        between = centrality.betweenness(G, weight=None, seed=a.seed)
    out = []
    for b in brokerage.brokers(G):
        if not _in_region(a, b.group):
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


def ei_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Krackhardt E–I index per région, on the cité and institution graphs."""
    rows = {e.group: e for e in brokerage.ei_index(cites(ds, a))}
    inst = {e.group: e for e in brokerage.ei_index(institutions(ds, a))}
    return [
        {
            "region": g,
            "name": region_label(g),
            "external": e.external,
            "internal": e.internal,
            "ei": e.ei,
            "ei_institutions": inst[g].ei if g in inst else None,
        }
        for g, e in rows.items()
        if _in_region(a, g)
    ]


def community_records(ds: Dataset, a: Analysis) -> list[dict]:
    """Louvain communities of the cité graph and the régions they span."""
    G = cites(ds, a)
    found = louvain(ds, a)
    out = []
    for c in communities.community_regions(G, found):
        if a.region is not None and a.region not in c.regions:
            continue
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


def isolation_over_time(ds: Dataset, a: Analysis) -> tuple[list[str], dict[str, list[int]]]:
    """Per year of the period: the number of cités with no tie, and with no
    interregional tie (keys ``isolated`` and ``no_interregional``), each year
    taken as its own period (a tie counts in a year when its cités shared
    ``min_shared`` meetings that year). Derived from the period's graph and
    the dates of each tie's meetings, without rebuilding a graph per year."""
    G = cites(ds, a)
    years = sorted({m.date.year for m in ds.meetings if m.date in a.period})
    regions = dict(G.nodes(data="region"))
    day = {m.id: m.date for m in ds.meetings}
    ties_by_year: dict[int, list[tuple[str, str]]] = {y: [] for y in years}
    for u, v, meetings in G.edges(data="meetings"):
        per_year = Counter(day[m].year for m in meetings)
        for y, count in per_year.items():
            if count >= a.min_shared and y in ties_by_year:
                ties_by_year[y].append((u, v))
    shown = [n for n in G if _in_region(a, regions[n])]
    isolated_n, local_n = [], []
    for y in years:
        tied, crossing = set(), set()
        for u, v in ties_by_year[y]:
            tied.update((u, v))
            if regions[u] != regions[v]:
                crossing.update((u, v))
        isolated_n.append(sum(1 for n in shown if n not in tied))
        local_n.append(sum(1 for n in shown if n not in crossing))
    return [str(y) for y in years], {"isolated": isolated_n, "no_interregional": local_n}
