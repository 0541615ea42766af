"""Isolated cités."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx


@dataclass(frozen=True)
class IsolatedCite:
    cite_id: str
    name: str
    region: str
    last_contact: date | None


def last_contacts(G: nx.Graph) -> dict[str, date | None]:
    """Date of each cité's latest meeting shared with another cité in ``G``.

    >>> G = nx.Graph()
    >>> from datetime import date
    >>> G.add_edge("a", "b", last=date(2020, 5, 14)); G.add_node("c")
    >>> last_contacts(G)
    {'a': datetime.date(2020, 5, 14), 'b': datetime.date(2020, 5, 14), 'c': None}
    """
    return {
        n: max((d["last"] for _, _, d in G.edges(n, data=True)), default=None) for n in G
    }


def fully_isolated_cites(G: nx.Graph, history: nx.Graph | None = None) -> list[IsolatedCite]:
    """Cités of the cooperation graph ``G`` with no tie to another cité.

    ``history`` (the same projection over a longer period, typically all time
    up to the end of ``G``'s period) gives the date of the last contact; it
    defaults to ``G`` itself. Sorted by last contact (never first), then id.

    >>> G = nx.Graph(); G.add_node("a", name="A", region="28"); G.add_node("b", name="B", region="53")
    >>> [c.cite_id for c in fully_isolated_cites(G)]
    ['a', 'b']
    """
    contacts = last_contacts(history if history is not None else G)
    found = [
        IsolatedCite(n, G.nodes[n].get("name", n), G.nodes[n].get("region", ""), contacts.get(n))
        for n in nx.isolates(G)
    ]
    return sorted(found, key=lambda c: (c.last_contact is not None, c.last_contact or date.min, c.cite_id))
