"""The one-page note of a territory (``coopgraph note``): key figures with
their coverage, the isolated cités with the reason and the last contact, the
cités without data, the strongest and the missing interregional ties, and a
small map, on one A4 page (HTML, or PDF made by WeasyPrint), French by
default, English with ``lang="en"``.

Built on one :class:`~coopgraph.analysis.Analysis`: its territory
(:mod:`coopgraph.analysis.territory`), its cité graph, the data status of
each cité and its isolated cités.

Data coverage
    A cité is *covered* when at least one of its actors attended a meeting of
    the period (of the scales counted). A cité without any such attendance has
    no data: it is listed apart and never called isolated, because nothing
    recorded says whether it met anyone; one with too little data
    (:data:`~coopgraph.analysis.core.SPARSE_BELOW`) is listed apart too.
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coopgraph import __version__, geo
from coopgraph.analysis import Analysis, Scope
from coopgraph.analysis.core import SPARSE_BELOW
from coopgraph.analysis.territory import select_territory
from coopgraph.errors import OutputError
from coopgraph.graph.projections import Period, meetings_in
from coopgraph.i18n import LANGS, catalogue
from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
from coopgraph.metrics import bridges, density
from coopgraph.model import Cite, Dataset

__all__ = ["Note", "build_note", "note_html", "note_pdf", "select_territory", "write_note"]

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
    territory: Scope
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
    sparse: tuple[NoteCite, ...]  # some data, too little to call isolated
    strongest: tuple[Tie, ...]
    interregional_ties: int
    missing: tuple[Tie, ...]  # bordering régions with no tie
    svg: str = ""
    #: per language, the suggested introductions (records of
    #: :func:`coopgraph.suggest.suggestion_records`, introducers already
    #: pseudonymised when asked); empty unless asked for
    suggested: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    #: how many partners per cité were asked for (0: no suggestions)
    suggested_top: int = 0

    @property
    def coverage(self) -> float | None:
        return len(self.covered) / len(self.cites) if self.cites else None


def build_note(
    an: Analysis, source: str = "", *, suggestions: bool = False, pseudonymise: bool = False
) -> Note:
    """The content of the note of ``an``'s territory over its period, counting
    the meetings of its scales and ties of its ``min_shared`` meetings: the
    graphs, the data status of each cité and the isolated cités are the
    analysis' own (:class:`~coopgraph.analysis.Analysis`).

    With ``suggestions``, the note lists each isolated cité's best partners
    and who can introduce them (:meth:`Analysis.suggestions`); a person who
    introduces is named, or pseudonymised with ``pseudonymise``."""
    ds, period, territory = an.ds, an.period, an.territory
    G = an.cites
    until = period.until
    inside = [c for c in ds.cites if territory.covers_cite(c.id)]
    cites = tuple(
        sorted(
            (c for c in inside if is_labelled(c, until, if_unknown=COUNT_UNKNOWN)),
            key=lambda c: (geo.normalise_name(c.name), c.id),
        )
    )
    ids = {c.id for c in cites}
    status = an.data_status
    covered = frozenset(i for i in ids if status[i] != "no_data")
    isolated = tuple(
        NoteCite(c.cite_id, c.name, c.region, c.type, c.last_contact, c.same_region, c.via_name)
        for c in an.isolated
        if c.cite_id in ids
    )
    no_data = tuple(NoteCite(c.id, c.name, c.region) for c in cites if status[c.id] == "no_data")
    sparse = tuple(NoteCite(c.id, c.name, c.region) for c in cites if status[c.id] == "sparse")
    inner = density.density_of(G, ids, "territory", territory.label)
    crossing = [b for b in an.interregional_bridges if (b.source in ids or b.target in ids)]
    strongest = tuple(
        Tie(b.source_name, b.target_name, b.source_region, b.target_region, b.weight, b.last)
        if b.source in ids
        else Tie(b.target_name, b.source_name, b.target_region, b.source_region, b.weight, b.last)
        for b in crossing
    )
    kept_meetings = {m.id for m in meetings_in(ds, period, an.scales)}
    actors = {x.id for x in ds.actors if x.cite_id in ids}
    meetings = len({t.meeting_id for t in ds.attendance if t.actor_id in actors} & kept_meetings)
    return Note(
        territory=territory,
        period=period,
        scales=an.scales,
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
        sparse=sparse,
        strongest=strongest,
        interregional_ties=len(crossing),
        missing=_missing_ties(ds, cites, crossing),
        svg=note_map(G, cites, covered, {c.cite_id: c.type for c in isolated}),
        suggested=_suggested(an, {c.cite_id for c in isolated}, pseudonymise)
        if suggestions
        else {},
        suggested_top=SUGGESTIONS_TOP if suggestions else 0,
    )


#: Partners per isolated cité on the note (as in the report).
SUGGESTIONS_TOP = 3


def _suggested(an: Analysis, listed: set[str], pseudonymise: bool) -> dict[str, tuple[dict, ...]]:
    """The suggestion records of the note's isolated cités, in each language."""
    from coopgraph.labels import Labeller
    from coopgraph.suggest import suggestion_records

    found = [s for s in an.suggestions(SUGGESTIONS_TOP) if s.cite_id in listed]
    out = {}
    for lang in LANGS:
        person = Labeller(an.ds, lang, pseudonymise).person
        out[lang] = tuple(suggestion_records(an.ds, found, lang, pseudonymise, person=person))
    return out


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
    # (a subgraph view iterates its node set: each tie is put in one
    # orientation so that the page does not depend on PYTHONHASHSEED)
    ties = sorted(
        ((min(u, v), max(u, v), w) for u, v, w in G.subgraph(xy).edges(data="weight", default=1)),
        key=lambda e: (-e[2], e[0], e[1]),
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


def _text(lang: str) -> dict[str, str]:
    """The note's texts in ``lang``: the ``note.*`` keys of the catalogue."""
    table = catalogue(lang if lang in LANGS else "fr")
    return {k[5:]: v for k, v in table.items() if k.startswith("note.")}


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
    t = _text(lang)
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
    #: isolated cités whose suggested partners are listed
    suggested: int = 8

    def smaller(self) -> Limits:
        return Limits(
            max(self.isolated * 5 // 6, 3),
            max(self.no_data * 5 // 6, 5),
            max(self.strongest - 1, 3),
            max(self.missing - 1, 3),
            max(self.suggested * 2 // 3, 2),
        )


def note_html(note: Note, lang: str = "fr", limits: Limits = Limits()) -> str:
    """The note as one self-contained HTML page (print CSS: one A4 page)."""
    t = _text(lang)
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
        (f"{len(note.isolated)} / {len(note.covered) - len(note.sparse)}", t["fig.isolated"]),
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
    if note.suggested_top:
        parts.extend(_suggested_html(note, lang, limits))
    # cités without data
    parts.append(f"<h2>{e(t['no_data.title'].format(n=len(note.no_data)))}</h2>")
    if note.no_data:
        parts.append(f'<p class="note">{e(t["no_data.intro"])}</p>')
        names = [c.name for c in note.no_data[: limits.no_data]]
        parts.append(f"<p>{e(', '.join(names))}</p>")
        parts.append(_more(len(note.no_data) - limits.no_data, t))
    else:
        parts.append(f"<p>{e(t['no_data.none'])}</p>")
    if note.sparse:
        parts.append(f"<h2>{e(t['sparse.title'].format(n=len(note.sparse)))}</h2>")
        parts.append(f'<p class="note">{e(t["sparse.intro"])}</p>')
        names = [c.name for c in note.sparse[: limits.no_data]]
        parts.append(f"<p>{e(', '.join(names))}</p>")
        parts.append(_more(len(note.sparse) - limits.no_data, t))
    parts.append(
        f'<p class="note">{e(t["method"].format(version=__version__, sparse=SPARSE_BELOW))}</p>'
    )
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)


def _suggested_html(note: Note, lang: str, limits: Limits) -> list[str]:
    """The suggested introductions: one row per isolated cité (in the order
    of the isolated list), its partners grouped by who can introduce them;
    at most ``limits.suggested`` cités, the cap said in words."""
    t = _text(lang)
    e = html.escape
    records = note.suggested.get(lang) or note.suggested.get("fr") or ()
    parts = [f"<h2>{e(t['suggested.title'])}</h2>"]
    if not records:
        parts.append(f"<p>{e(t['suggested.none'])}</p>")
        return parts
    by_cite: dict[str, list[dict]] = {}
    for r in records:
        by_cite.setdefault(r["cite_id"], []).append(r)
    order = [c.cite_id for c in note.isolated if c.cite_id in by_cite]
    shown = order[: limits.suggested]
    parts.append(f'<p class="note">{e(t["suggested.intro"].format(top=note.suggested_top))}</p>')
    parts.append(f"<table><tr><th>{e(t['col.cite'])}</th><th>{e(t['col.suggested'])}</th></tr>")
    region_of = {c.cite_id: c.region for c in note.isolated}
    for cite_id in shown:
        rows = by_cite[cite_id]
        groups: dict[str, list[str]] = {}
        for r in rows:
            # the partner's région when it is not the cité's own
            other = r["partner_region"] != region_of.get(cite_id)
            where = f" ({_region_short(r['partner_region'])})" if other else ""
            groups.setdefault(r["introducer_name"] or "–", []).append(r["partner_name"] + where)
        cell = " ; ".join(f"{', '.join(names)} ({who})" for who, names in groups.items())
        parts.append(
            f'<tr><td style="white-space:nowrap">{e(rows[0]["cite_name"])}</td><td>{e(cell)}</td></tr>'
        )
    parts.append("</table>")
    if len(order) > len(shown):
        parts.append(_more(len(order) - len(shown), t))
        parts.append(f'<p class="note">{e(t["suggested.capped"].format(shown=len(shown)))}</p>')
    return parts


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
        raise OutputError.of("cli.note_suffix", path=out)
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
