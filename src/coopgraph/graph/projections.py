"""Projections of the actor–meeting network onto cités, institutions and actors.

Every tie keeps its provenance: the ids of the meetings that made it, so that
a report can explain it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Iterable

import networkx as nx

from coopgraph.model import Dataset, Meeting


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


def meetings_in(
    ds: Dataset, period: Period = Period(), scales: Iterable[str] | None = None
) -> list[Meeting]:
    """Meetings of ``ds`` held in ``period`` whose scale is in ``scales``
    (all scales when ``None``; a meeting without scale always counts)."""
    wanted = None if scales is None else frozenset(scales)
    return [
        m
        for m in ds.meetings
        if m.date in period and (wanted is None or m.scale is None or m.scale in wanted)
    ]


def attendees_by_meeting(ds: Dataset) -> dict[str, list[str]]:
    """Actor ids per meeting id, in input order."""
    attendees: dict[str, list[str]] = defaultdict(list)
    for a in ds.attendance:
        attendees[a.meeting_id].append(a.actor_id)
    return attendees


def _add_cite_nodes(G: nx.Graph, ds: Dataset) -> None:
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
        )


def _add_tie(G: nx.Graph, u: str, v: str, meeting: Meeting) -> None:
    if G.has_edge(u, v):
        data = G[u][v]
        data["meetings"].append(meeting.id)
        data["first"] = min(data["first"], meeting.date)
        data["last"] = max(data["last"], meeting.date)
    else:
        G.add_edge(u, v, meetings=[meeting.id], first=meeting.date, last=meeting.date)


def _finish_ties(G: nx.Graph, min_shared: int, dates: dict[str, date]) -> None:
    weak = []
    for u, v, data in G.edges(data=True):
        data["meetings"] = sorted(set(data["meetings"]), key=lambda m: (dates[m], m))
        data["weight"] = len(data["meetings"])
        if data["weight"] < min_shared:
            weak.append((u, v))
    G.remove_edges_from(weak)


def cite_graph(
    ds: Dataset,
    period: Period = Period(),
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
) -> nx.Graph:
    """The cité–cité cooperation graph.

    Two cités are tied when actors working for them (``Actor.cite_id``)
    attended the same meeting in ``period``; the tie's ``weight`` is the
    number of such meetings and ``meetings`` lists them by date. Ties with
    fewer than ``min_shared`` meetings are dropped. Every cité is a node, tied
    or not. ``G.graph`` records the parameters.

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
    _add_cite_nodes(G, ds)
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    attendees = attendees_by_meeting(ds)
    kept = meetings_in(ds, period, scales)
    for meeting in kept:
        cites = sorted({cite_of[a] for a in attendees.get(meeting.id, ()) if a in cite_of})
        for u, v in combinations(cites, 2):
            _add_tie(G, u, v, meeting)
    _finish_ties(G, min_shared, {m.id: m.date for m in kept})
    return G
