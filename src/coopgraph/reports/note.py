"""The one-page note of a territory (``coopgraph note``): key figures with
their coverage, the isolated cités with the reason and the last contact, the
cités without data, the strongest and the missing interregional ties, and a
small map, on one A4 page (HTML, or PDF made by WeasyPrint), French by
default, English with ``lang="en"``.

Computed from the cité graph (:func:`coopgraph.graph.projections.cite_graph`)
and :mod:`coopgraph.metrics`. Two notions are kept local until the analysis
layer owns them: the territory (:func:`select_territory`) and the data
coverage (:func:`activity_by_cite`).

Data coverage
    A cité is *covered* when at least one of its actors attended a meeting of
    the period (of the scales counted). A cité without any such attendance has
    no data: it is listed apart and never called isolated, because nothing
    recorded says whether it met anyone.
"""

from __future__ import annotations

import difflib
import html
import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coopgraph import __version__, geo
from coopgraph.errors import InputError, OutputError
from coopgraph.graph.projections import Period, cite_graph, meetings_in
from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
from coopgraph.metrics import bridges, density, isolation
from coopgraph.model import Cite, Dataset, Institution

# ---------------------------------------------------------------- territory


@dataclass(frozen=True)
class Territory:
    """The cités a note is about: those of ``regions`` and ``departements``
    (INSEE codes) and of the CRPV ``crpvs`` (ids); the whole country when all
    three are empty. ``cite_ids`` is the resolved set."""

    label: str
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    crpvs: tuple[str, ...] = ()
    cite_ids: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def national(self) -> bool:
        return not (self.regions or self.departements or self.crpvs)


def _close(value: str, choices: Iterable[str]) -> str:
    found = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return f"; close matches: {', '.join(found)}" if found else ""


def _region(value: str) -> str:
    try:
        return geo.resolve_region(value)
    except KeyError:
        names = [*geo.REGIONS.values(), *geo.REGIONS]
        raise InputError(f"--region: unknown région '{value}'{_close(value, names)}") from None


def _departement(value: str) -> str:
    try:
        return geo.resolve_departement(value)
    except KeyError:
        names = [name for name, _ in geo.DEPARTEMENTS.values()] + list(geo.DEPARTEMENTS)
        raise InputError(
            f"--departement: unknown département '{value}'{_close(value, names)}"
        ) from None


def _crpv(ds: Dataset, value: str) -> Institution:
    key = geo.normalise_name(value)
    for crpv in ds.crpvs:
        if value == crpv.id or key in (geo.normalise_name(crpv.id), geo.normalise_name(crpv.name)):
            return crpv
    choices = [c.id for c in ds.crpvs] + [c.name for c in ds.crpvs]
    known = "" if ds.crpvs else " (the data has no institution of kind crpv)"
    raise InputError(f"--crpv: unknown CRPV '{value}'{known}{_close(value, choices)}")


def select_territory(
    ds: Dataset,
    regions: Iterable[str] = (),
    departements: Iterable[str] = (),
    crpvs: Iterable[str] = (),
) -> Territory:
    """The territory named by région, département and CRPV values (codes or
    names; each option its own kind, so ``93`` is PACA as a région and
    Seine-Saint-Denis as a département). Several values add up. A CRPV's
    territory is the cités it covers (its régions, or its départements in
    Île-de-France and Occitanie) and the cités it supports in ``support.csv``.
    An unknown value is an ``InputError`` listing close matches.

    >>> from coopgraph.model import Support
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28", "76"), Cite("b", "B", "53", "35"), Cite("c", "C", "11", "93")),
    ...     institutions=(Institution("n", "Normanvilles", "crpv", regions=("28",)),),
    ...     support=(Support("n", "b"),),
    ... )
    >>> sorted(select_territory(ds, crpvs=["Normanvilles"]).cite_ids)
    ['a', 'b']
    >>> t = select_territory(ds, regions=["Bretagne"], departements=["93"])
    >>> t.label, sorted(t.cite_ids)
    ('Bretagne (53), Seine-Saint-Denis (93)', ['b', 'c'])
    """
    regs = tuple(dict.fromkeys(_region(v) for v in regions))
    deps = tuple(dict.fromkeys(_departement(v) for v in departements))
    centres = tuple(dict.fromkeys(_crpv(ds, v) for v in crpvs))
    supported = {s.cite_id for s in ds.support if s.crpv_id in {c.id for c in centres}}
    ids = frozenset(
        c.id
        for c in ds.cites
        if not (regs or deps or centres)
        or c.region in regs
        or c.departement in deps
        or c.id in supported
        or any(crpv.covers(c.region, c.departement) for crpv in centres)
    )
    parts = [f"{geo.region_name(r)} ({r})" for r in regs]
    parts += [f"{geo.departement_name(d)} ({d})" for d in deps]
    label = ", ".join(parts + [f"CRPV {c.name}" for c in centres]) or "France"
    return Territory(label, regs, deps, tuple(c.id for c in centres), ids)


def activity_by_cite(
    ds: Dataset, period: Period, scales: Iterable[str] | None = None
) -> Counter[str]:
    """Attendances of each cité's actors at the meetings of ``period`` (of
    ``scales``); a cité absent from the counter has no data over the period.

    >>> from coopgraph.model import Actor, Attendance, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "28")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"),),
    ...     meetings=(Meeting("m", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m", "x"),),
    ... )
    >>> activity_by_cite(ds, Period()), activity_by_cite(ds, Period(since=date(2021, 1, 1)))
    (Counter({'a': 1}), Counter())
    """
    kept = {m.id for m in meetings_in(ds, period, scales)}
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    return Counter(
        cite_of[a.actor_id] for a in ds.attendance if a.meeting_id in kept and a.actor_id in cite_of
    )


# ---------------------------------------------------------------- content


@dataclass(frozen=True)
class NoteCite:
    """A cité of a list of the note; for an isolated or fragile one, its
    isolation ``type`` and the reason's parameters."""

    cite_id: str
    name: str
    region: str
    type: str = ""
    last_contact: date | None = None
    same_region: int = 0
    via_name: str | None = None


@dataclass(frozen=True)
class Tie:
    """An interregional tie (``weight`` shared meetings) or, with weight 0,
    a missing one between two bordering régions."""

    a: str
    b: str
    region_a: str
    region_b: str
    weight: int = 0
    last: date | None = None


@dataclass(frozen=True)
class Note:
    territory: Territory
    period: Period
    scales: tuple[str, ...] | None
    source: str
    cites: tuple[Cite, ...]  # labelled by the end of the period
    not_yet_labelled: int
    unknown_year: int
    covered: frozenset[str]
    meetings: int
    ties_inside: int
    density: float | None
    isolated: tuple[NoteCite, ...]  # among covered cités, ranked
    fragile: int  # of which not fully isolated
    no_data: tuple[NoteCite, ...]
    strongest: tuple[Tie, ...]
    interregional_ties: int
    missing: tuple[Tie, ...]  # bordering régions with no tie
    svg: str = ""

    @property
    def coverage(self) -> float | None:
        return len(self.covered) / len(self.cites) if self.cites else None


def build_note(
    ds: Dataset,
    territory: Territory,
    period: Period | None = None,
    *,
    scales: tuple[str, ...] | None = None,
    min_shared: int = 1,
    source: str = "",
) -> Note:
    """The content of the note of ``territory`` over ``period``, counting the
    meetings of ``scales`` (all when ``None``) and ties of ``min_shared``
    meetings. Built on :func:`~coopgraph.graph.projections.cite_graph` and the
    metrics; the note's own notions are the territory and the coverage."""
    period = period or Period()
    G = cite_graph(ds, period, scales=scales, min_shared=min_shared)
    # every contact up to the end of the period, for the date of the last one
    H = cite_graph(ds, Period(None, period.until), scales=scales, min_shared=min_shared)
    until = period.until
    inside = [c for c in ds.cites if c.id in territory.cite_ids]
    cites = tuple(
        sorted(
            (c for c in inside if is_labelled(c, until, if_unknown=COUNT_UNKNOWN)),
            key=lambda c: (geo.normalise_name(c.name), c.id),
        )
    )
    ids = {c.id for c in cites}
    active = activity_by_cite(ds, period, scales)
    covered = frozenset(i for i in ids if active[i])
    isolated = tuple(
        NoteCite(c.cite_id, c.name, c.region, c.type, c.last_contact, c.same_region, c.via_name)
        for c in isolation.isolated_cites(G, H, include_unlabelled=True)
        if c.cite_id in covered
    )
    no_data = tuple(NoteCite(c.id, c.name, c.region) for c in cites if c.id not in covered)
    inner = density.density_of(G, ids, "territory", territory.label)
    crossing = [b for b in bridges.interregional_bridges(G) if (b.source in ids or b.target in ids)]
    strongest = tuple(
        Tie(b.source_name, b.target_name, b.source_region, b.target_region, b.weight, b.last)
        if b.source in ids
        else Tie(b.target_name, b.source_name, b.target_region, b.source_region, b.weight, b.last)
        for b in crossing
    )
    kept_meetings = {m.id for m in meetings_in(ds, period, scales)}
    actors = {x.id for x in ds.actors if x.cite_id in ids}
    meetings = len({t.meeting_id for t in ds.attendance if t.actor_id in actors} & kept_meetings)
    return Note(
        territory=territory,
        period=period,
        scales=scales,
        source=source,
        cites=cites,
        not_yet_labelled=len(inside) - len(cites),
        unknown_year=sum(1 for c in cites if c.wave is None),
        covered=covered,
        meetings=meetings,
        ties_inside=inner.ties,
        density=inner.density,
        isolated=isolated,
        fragile=sum(1 for c in isolated if c.type != "isolated"),
        no_data=no_data,
        strongest=strongest,
        interregional_ties=len(crossing),
        missing=_missing_ties(ds, cites, crossing),
        svg=note_map(G, cites, covered, {c.cite_id: c.type for c in isolated}),
    )


def _missing_ties(
    ds: Dataset,
    cites: tuple[Cite, ...],
    crossing: list[bridges.Bridge],
) -> tuple[Tie, ...]:
    """Pairs (a région of the territory's cités, a bordering région that has
    cités) that no tie of the territory's cités joins, by codes.

    >>> ds = Dataset(cites=(Cite("a", "A", "53"), Cite("b", "B", "28"), Cite("c", "C", "52")))
    >>> [(t.region_a, t.region_b) for t in _missing_ties(ds, ds.cites[:1], [])]
    [('53', '28'), ('53', '52')]
    """
    ids = {c.id for c in cites}
    with_cites = {c.region for c in ds.cites}
    linked = set()
    for b in crossing:
        if b.source in ids:
            linked.add((b.source_region, b.target_region))
        if b.target in ids:
            linked.add((b.target_region, b.source_region))
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for r in sorted({c.region for c in cites}):
        for other in sorted(geo.neighbours(r)):
            if other not in with_cites or (r, other) in linked or (other, r) in linked:
                continue
            pairs.setdefault(frozenset((r, other)), (r, other))
    return tuple(Tie("", "", a, b) for a, b in sorted(pairs.values()))


# ---------------------------------------------------------------- map

_COLOURS = {
    "covered": "#1f4e79",
    "isolated": "#c0392b",
    "fragile": "#e67e22",
    "no_data": "#9e9e9e",
}


def _projector(points: list[tuple[float, float]]):
    """Lambert-93 for metropolitan points, else a local equirectangular
    projection (overseas territories), in km, y downwards."""
    if all(41 <= lat <= 52 and -6 <= lon <= 10 for lat, lon in points):
        from coopgraph.viz.layout import metropolitan_xy

        return metropolitan_xy
    lat0 = sum(p[0] for p in points) / len(points)
    k = math.cos(math.radians(lat0)) * 111.32

    def local(lat: float, lon: float) -> tuple[float, float]:
        return lon * k, -lat * 111.32

    return local


def note_map(
    G,
    cites: tuple[Cite, ...],
    covered: frozenset[str],
    isolated: dict[str, str],
    width: float = 300,
    height: float = 230,
    max_ties: int = 150,
) -> str:
    """A small static SVG of the territory's cités: colour by data status and
    isolation, ties between the territory's cités as lines. Cités without
    coordinates sit at their département's centre (drawn hollow). Metropolitan
    territories use Lambert-93 with the outline of France; overseas ones a
    local projection. When a territory spans both, only the metropolitan cités
    are drawn, and the caption of the note says how many are not."""
    places: dict[str, tuple[float, float]] = {}
    approximate = set()
    for c in cites:
        if c.lat is not None and c.lon is not None:
            places[c.id] = (c.lat, c.lon)
        elif c.departement and c.departement in geo.DEPARTEMENT_CENTROIDS:
            places[c.id] = geo.DEPARTEMENT_CENTROIDS[c.departement]
            approximate.add(c.id)
    if not places:
        return ""
    metro = {i: p for i, p in places.items() if 41 <= p[0] <= 52 and -6 <= p[1] <= 10}
    if metro and len(metro) < len(places):
        places = metro
    project = _projector(list(places.values()))
    xy = {i: project(*p) for i, p in places.items()}
    xs, ys = [p[0] for p in xy.values()], [p[1] for p in xy.values()]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * width / height, 15.0) * 1.2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    w, h = span, span * height / width
    x0, y0 = cx - w / 2, cy - h / 2
    unit = w / width  # map units per SVG pixel
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="{x0:.2f} {y0:.2f} {w:.2f} {h:.2f}" role="img">',
        f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{w:.2f}" height="{h:.2f}" fill="#e8eff6"/>',
    ]
    if project.__name__ == "metropolitan_xy" and span > 250:  # the outline is coarse
        from coopgraph.viz.layout import outline_polygons

        for poly in outline_polygons():
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in poly)
            out.append(
                f'<polygon points="{points}" fill="#ffffff" stroke="#b0b8c0" '
                f'stroke-width="{unit:.3f}"/>'
            )
    # the strongest ties only: a national map of every tie is a blue blot
    ties = sorted(
        G.subgraph(xy).edges(data="weight", default=1),
        key=lambda e: (-e[2], min(e[:2]), max(e[:2])),
    )[:max_ties]
    for u, v, weight in sorted(ties):
        (x1, y1), (x2, y2) = xy[u], xy[v]
        out.append(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="#5b7fa6" '
            f'stroke-opacity="0.55" stroke-width="{unit * min(0.6 + 0.4 * weight, 3):.3f}"/>'
        )
    # a name only where it has room: no other cité within 14 px
    room = 14 * unit
    crowded = {i for i in xy for j in xy if i != j and math.dist(xy[i], xy[j]) < room}
    for c in cites:
        if c.id not in xy:
            continue
        x, y = xy[c.id]
        status = (
            "no_data"
            if c.id not in covered
            else "isolated"
            if isolated.get(c.id) == "isolated"
            else "fragile"
            if c.id in isolated
            else "covered"
        )
        colour = _COLOURS[status]
        fill = "#ffffff" if c.id in approximate or status == "no_data" else colour
        out.append(
            f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{3.2 * unit:.3f}" fill="{fill}" '
            f'stroke="{colour}" stroke-width="{1.2 * unit:.3f}"/>'
        )
        if len(xy) <= 30 and c.id not in crowded:  # names point inwards, never off the map
            dx, anchor = (-4.5, "end") if x > cx else (4.5, "start")
            out.append(
                f'<text x="{x + dx * unit:.2f}" y="{y + 2.5 * unit:.2f}" text-anchor="{anchor}" '
                f'font-size="{7 * unit:.3f}" fill="#333">{html.escape(c.name)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- rendering

TEXT = {
    "fr": {
        "title": "Note de situation : {territory}",
        "subtitle": "Période : {period} · échelles de rencontres comptées : {scales} · données : {source}",
        "all_scales": "toutes (y compris nationales)",
        "all_dates": "toutes les dates",
        "from": "depuis le {since}",
        "until": "jusqu'au {until}",
        "between": "du {since} au {until}",
        "fig.cites": "cités labellisées",
        "fig.coverage": "couverture : cités avec au moins une participation enregistrée",
        "fig.meetings": "rencontres avec au moins une cité du territoire",
        "fig.inside": "liens entre cités du territoire",
        "fig.density": "densité",
        "fig.interregional": "liens avec des cités d'autres régions",
        "fig.isolated": "cités isolées ou fragiles (parmi les cités couvertes)",
        "labelling": "{later} cité(s) labellisée(s) après la période ne sont pas comptées. ",
        "unknown_year": "{n} cité(s) sans année de labellisation, comptées sur toute la période. ",
        "isolated.title": "Cités isolées ou fragiles",
        "reason.isolated": "aucun lien avec une autre cité sur la période",
        "reason.regional_only": "liée seulement à {n} cité(s) de sa propre région",
        "reason.one_link": "tous ses liens passent par une seule cité ({via})",
        "reason.one_person": "tous ses liens passent par une seule personne de la cité",
        "isolated.none": "Aucune cité isolée ou fragile parmi les cités couvertes.",
        "col.cite": "Cité",
        "col.reason": "Raison",
        "col.last": "Dernier contact inter-cités",
        "never": "jamais",
        "more": "… et {n} autre(s)",
        "no_data.title": "Cités sans donnée ({n})",
        "no_data.intro": "Aucune participation de leurs acteurs n'est enregistrée sur la période : ce n'est pas de l'isolement, c'est un manque de données.",
        "no_data.none": "Toutes les cités du territoire ont des données sur la période.",
        "strong.title": "Liens interrégionaux les plus forts",
        "strong.none": "Aucun lien avec une cité d'une autre région sur la période.",
        "col.tie": "Lien",
        "col.meetings": "Rencontres partagées",
        "col.tie_last": "Dernière",
        "missing.title": "Liens interrégionaux manquants",
        "missing.intro": "Régions voisines sans aucun lien avec les cités du territoire :",
        "missing.none": "Aucun : le territoire est lié à chacune des régions voisines qui ont des cités.",
        "missing.na": "Sans objet : pas de région voisine (Corse, outre-mer).",
        "map.title": "Carte",
        "legend": "● couverte  ● isolée  ● fragile  ○ sans donnée ; traits : liens entre cités du territoire",
        "map.none": "Aucune cité localisée.",
        "map.left_out": "{n} cité(s) d'outre-mer non dessinée(s).",
        "method": "Une cité est couverte quand au moins un de ses acteurs a participé à une rencontre de la période. Isolée : aucun lien avec une autre cité ; fragile : liens seulement dans sa région, par une seule cité ou une seule personne. Généré par coopgraph {version}.",
    },
    "en": {
        "title": "Situation note: {territory}",
        "subtitle": "Period: {period} · meeting scales counted: {scales} · data: {source}",
        "all_scales": "all (national ones included)",
        "all_dates": "all dates",
        "from": "from {since}",
        "until": "until {until}",
        "between": "{since} to {until}",
        "fig.cites": "labelled cités",
        "fig.coverage": "coverage: cités with at least one recorded attendance",
        "fig.meetings": "meetings with at least one cité of the territory",
        "fig.inside": "ties between cités of the territory",
        "fig.density": "density",
        "fig.interregional": "ties to cités of other régions",
        "fig.isolated": "isolated or fragile cités (among covered cités)",
        "labelling": "{later} cité(s) labelled after the period are not counted. ",
        "unknown_year": "{n} cité(s) without labelling year, counted over the whole period. ",
        "isolated.title": "Isolated or fragile cités",
        "reason.isolated": "no tie to another cité over the period",
        "reason.regional_only": "tied only to {n} cité(s) of its own région",
        "reason.one_link": "all its ties go through one cité ({via})",
        "reason.one_person": "all its ties go through one person of the cité",
        "isolated.none": "No isolated or fragile cité among the covered cités.",
        "col.cite": "Cité",
        "col.reason": "Reason",
        "col.last": "Last inter-cité contact",
        "never": "never",
        "more": "… and {n} more",
        "no_data.title": "Cités without data ({n})",
        "no_data.intro": "No attendance of their actors is recorded over the period: this is not isolation, it is missing data.",
        "no_data.none": "Every cité of the territory has data over the period.",
        "strong.title": "Strongest interregional ties",
        "strong.none": "No tie to a cité of another région over the period.",
        "col.tie": "Tie",
        "col.meetings": "Shared meetings",
        "col.tie_last": "Last",
        "missing.title": "Missing interregional ties",
        "missing.intro": "Bordering régions with no tie to the cités of the territory:",
        "missing.none": "None: the territory is tied to every bordering région that has cités.",
        "missing.na": "Not applicable: no bordering région (Corsica, overseas).",
        "map.title": "Map",
        "legend": "● covered  ● isolated  ● fragile  ○ no data; lines: ties between cités of the territory",
        "map.none": "No located cité.",
        "map.left_out": "{n} overseas cité(s) not drawn.",
        "method": "A cité is covered when at least one of its actors attended a meeting of the period. Isolated: no tie to another cité; fragile: ties only within its région, through one cité or one person. Made by coopgraph {version}.",
    },
}

_CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.4pt;
       color: #1d2733; margin: 0; line-height: 1.3; }
h1 { font-size: 14.5pt; margin: 0 0 1mm; color: #12355b; }
h2 { font-size: 9.6pt; margin: 2.6mm 0 1mm; color: #12355b; border-bottom: 0.3mm solid #c9d3de; }
.sub { color: #4d5b69; margin: 0 0 2mm; font-size: 7.8pt; }
.figures { display: flex; flex-wrap: wrap; gap: 1.5mm; }
.fig { flex: 1 1 28%; border: 0.3mm solid #c9d3de; border-radius: 1mm; padding: 1mm 1.6mm; }
.fig b { display: block; font-size: 12.5pt; color: #12355b; }
.fig span { font-size: 7.2pt; color: #4d5b69; }
.cols { display: flex; gap: 4mm; }
.cols > div { flex: 1 1 50%; min-width: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5mm 1mm; border-bottom: 0.2mm solid #e1e6ec; vertical-align: top; }
th { font-size: 7.4pt; color: #4d5b69; font-weight: normal; }
td.n { text-align: right; white-space: nowrap; }
.note { font-size: 7.4pt; color: #4d5b69; }
.legend { font-size: 7pt; color: #4d5b69; }
.legend .c1 { color: #1f4e79; } .legend .c2 { color: #c0392b; } .legend .c3 { color: #e67e22; }
.legend .c4 { color: #9e9e9e; }
p { margin: 0.8mm 0; }
svg { display: block; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
"""


def _date(day: date | None, lang: str) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _number(value: float, lang: str) -> str:
    """Two decimals, or two significant digits under 0.01 (never a bare 0,00).

    >>> _number(0.7214, "fr"), _number(0.00056, "en"), _number(0.0, "fr")
    ('0,72', '0.00056', '0')
    """
    text = "0" if value == 0 else f"{value:.2f}" if value >= 0.01 else f"{value:.2g}"
    return text.replace(".", ",") if lang == "fr" else text


def _period(period: Period, lang: str) -> str:
    t = TEXT[lang]
    since, until = _date(period.since, lang), _date(period.until, lang)
    if since and until:
        return t["between"].format(since=since, until=until)
    if since:
        return t["from"].format(since=since)
    if until:
        return t["until"].format(until=until)
    return t["all_dates"]


@dataclass(frozen=True)
class Limits:
    """How many rows of each list the page shows (the rest is counted)."""

    isolated: int = 14
    no_data: int = 60
    strongest: int = 6
    missing: int = 10

    def smaller(self) -> Limits:
        return Limits(
            max(self.isolated * 5 // 6, 3),
            max(self.no_data * 5 // 6, 5),
            max(self.strongest - 1, 3),
            max(self.missing - 1, 3),
        )


def note_html(note: Note, lang: str = "fr", limits: Limits = Limits()) -> str:
    """The note as one self-contained HTML page (print CSS: one A4 page)."""
    t = TEXT.get(lang, TEXT["fr"])
    e = html.escape
    territory = note.territory.label
    several = len({c.region for c in note.cites}) > 1
    scales = ", ".join(note.scales) if note.scales else t["all_scales"]
    n = len(note.cites)
    coverage = "–" if note.coverage is None else f"{round(100 * note.coverage)} %"
    fig = [
        (str(n), t["fig.cites"]),
        (f"{len(note.covered)} / {n} ({coverage})", t["fig.coverage"]),
        (str(note.meetings), t["fig.meetings"]),
        (
            f"{note.ties_inside}"
            + (
                f" · {t['fig.density']} {_number(note.density, lang)}"
                if note.density is not None
                else ""
            ),
            t["fig.inside"],
        ),
        (str(note.interregional_ties), t["fig.interregional"]),
        (f"{len(note.isolated)} / {len(note.covered)}", t["fig.isolated"]),
    ]
    parts = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(t['title'].format(territory=territory))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(t['title'].format(territory=territory))}</h1>",
        '<p class="sub">'
        + e(
            t["subtitle"].format(
                period=_period(note.period, lang), scales=scales, source=note.source or "–"
            )
        )
        + "</p>",
        '<div class="figures">',
        *(f'<div class="fig"><b>{e(v)}</b><span>{e(label)}</span></div>' for v, label in fig),
        "</div>",
    ]
    caveats = ""
    if note.not_yet_labelled:
        caveats += t["labelling"].format(later=note.not_yet_labelled)
    if note.unknown_year:
        caveats += t["unknown_year"].format(n=note.unknown_year)
    if caveats:
        parts.append(f'<p class="note">{e(caveats.strip())}</p>')
    # map | interregional ties
    drawn = note.svg.count("<circle")
    left_out = n - drawn if note.svg else 0
    parts.append('<div class="cols"><div>')
    parts.append(f"<h2>{e(t['map.title'])}</h2>")
    if note.svg:
        parts.append(note.svg)  # built by note_map: names escaped there
        legend = t["legend"].split("  ")
        classes = ["c1", "c2", "c3", "c4"]
        parts.append(
            '<p class="legend">'
            + " ".join(
                f'<span class="{cls}">{e(item)}</span>'
                for cls, item in zip(classes, legend, strict=False)
            )
            + "</p>"
        )
        if left_out > 0:
            parts.append(f'<p class="note">{e(t["map.left_out"].format(n=left_out))}</p>')
    else:
        parts.append(f'<p class="note">{e(t["map.none"])}</p>')
    parts.append(f"</div><div><h2>{e(t['strong.title'])}</h2>")
    if note.strongest:
        parts.append(
            f"<table><tr><th>{e(t['col.tie'])}</th><th>{e(t['col.meetings'])}</th>"
            f"<th>{e(t['col.tie_last'])}</th></tr>"
        )
        for tie in note.strongest[: limits.strongest]:
            parts.append(
                f"<tr><td>{e(tie.a)}"
                + (f" ({e(_region_short(tie.region_a))})" if several else "")
                + f" – {e(tie.b)} ({e(_region_short(tie.region_b))})</td>"
                f'<td class="n">{tie.weight}</td><td class="n">{e(_date(tie.last, lang))}</td></tr>'
            )
        parts.append("</table>")
        parts.append(_more(len(note.strongest) - limits.strongest, t))
    else:
        parts.append(f"<p>{e(t['strong.none'])}</p>")
    parts.append(f"<h2>{e(t['missing.title'])}</h2>")
    own = {c.region for c in note.cites}
    if not any(geo.neighbours(r) for r in own):
        parts.append(f'<p class="note">{e(t["missing.na"])}</p>')
    elif note.missing:
        names = [
            f"{geo.region_name(m.region_a)} – {geo.region_name(m.region_b)}"
            if len(own) > 1
            else geo.region_name(m.region_b)
            for m in note.missing
        ]
        shown = names[: limits.missing]
        parts.append(f"<p>{e(t['missing.intro'])} {e(', '.join(shown))}</p>")
        parts.append(_more(len(names) - len(shown), t))
    else:
        parts.append(f"<p>{e(t['missing.none'])}</p>")
    parts.append("</div></div>")
    # isolated cités
    parts.append(f"<h2>{e(t['isolated.title'])}</h2>")
    if note.isolated:
        parts.append(
            f"<table><tr><th>{e(t['col.cite'])}</th><th>{e(t['col.reason'])}</th>"
            f"<th>{e(t['col.last'])}</th></tr>"
        )
        for c in note.isolated[: limits.isolated]:
            last = _date(c.last_contact, lang) or t["never"]
            reason = t[f"reason.{c.type}"].format(n=c.same_region, via=c.via_name or "")
            parts.append(
                f"<tr><td>{e(c.name)}"
                + (f" ({e(_region_short(c.region))})" if several else "")
                + f"</td><td>{e(reason)}</td>"
                f'<td class="n">{e(last)}</td></tr>'
            )
        parts.append("</table>")
        parts.append(_more(len(note.isolated) - limits.isolated, t))
    else:
        parts.append(f"<p>{e(t['isolated.none'])}</p>")
    # cités without data
    parts.append(f"<h2>{e(t['no_data.title'].format(n=len(note.no_data)))}</h2>")
    if note.no_data:
        parts.append(f'<p class="note">{e(t["no_data.intro"])}</p>')
        names = [c.name for c in note.no_data[: limits.no_data]]
        parts.append(f"<p>{e(', '.join(names))}</p>")
        parts.append(_more(len(note.no_data) - limits.no_data, t))
    else:
        parts.append(f"<p>{e(t['no_data.none'])}</p>")
    parts.append(f'<p class="note">{e(t["method"].format(version=__version__))}</p>')
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)


def _region_short(code: str) -> str:
    try:
        return geo.region_name(code)
    except KeyError:
        return code


def _more(n: int, t: dict[str, str]) -> str:
    return f'<p class="note">{html.escape(t["more"].format(n=n))}</p>' if n > 0 else ""


def note_pdf(note: Note, lang: str = "fr") -> bytes:
    """The note as a one-page A4 PDF (WeasyPrint): the lists are shortened,
    with the rest counted, until the page holds everything."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    limits = Limits()
    for _ in range(16):
        document = HTML(string=note_html(note, lang, limits)).render()
        if len(document.pages) == 1:
            return document.write_pdf()
        limits = limits.smaller()
    raise OutputError("the note does not fit on one page")  # pragma: no cover


def write_note(note: Note, out: Path, lang: str = "fr") -> Path:
    """Write the note as ``out`` (``.pdf`` or ``.html``), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        data = note_pdf(note, lang)
    elif suffix in (".html", ".htm"):
        data = note_html(note, lang).encode("utf-8")
    else:
        raise OutputError(f"{out}: the note is written as .pdf or .html")
    _write_bytes(out, data)
    return out


def _write_bytes(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename (never a half-written file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
