"""Who can make an introduction between two cités.

The best-placed introducer, in this order:

1. a CRPV whose people met the people of both cités (most meetings with the
   less-met side first);
2. a person (of another cité or of no cité) who met the people of both;
3. another institution (ANCT, association, services...) whose people met
   both, through actors who work for no cité;
4. a CRPV whose territory covers both cités, or supports both
   (``support.csv``), even without a meeting yet;
5. a CRPV whose territory covers, or who supports, the cité asking;
6. else the partner's CRPV.

Each comes with the meetings that tie it to each side (none for 4 to 6).
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.suggest.features import PairContext

#: How the introducer is tied to the pair, best first.
INTRODUCER_BASES = ("met_both", "territory_both", "territory_one", "territory_partner")


@dataclass(frozen=True)
class Introducer:
    """``kind`` is an institution kind (``crpv``, ``anct``...) or ``actor``;
    ``basis`` one of :data:`INTRODUCER_BASES`; ``meetings`` maps each cité
    id of the pair to the meeting ids (by date) that tie the introducer to it."""

    id: str
    kind: str
    basis: str
    meetings: dict[str, tuple[str, ...]]


def _strength(u_meetings: list[str], v_meetings: list[str]) -> tuple[int, int]:
    return (min(len(u_meetings), len(v_meetings)), len(u_meetings) + len(v_meetings))


def find_introducer(ctx: PairContext, u: str, v: str) -> Introducer | None:
    """The best-placed introducer between cités ``u`` (asking) and ``v``.

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Institution, Meeting
    >>> from coopgraph.suggest.features import pair_context
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53")),
    ...     institutions=(Institution("crpv", "CRPV", "crpv", regions=("28",)), Institution("v", "V", "collectivite")),
    ...     actors=(Actor("x", "X", "v", cite_id="a"), Actor("y", "Y", "v", cite_id="b"), Actor("s", "S", "crpv")),
    ...     meetings=(Meeting("m1", date(2020, 1, 9), "M1"), Meeting("m2", date(2020, 2, 9), "M2")),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "s"), Attendance("m2", "y"), Attendance("m2", "s")),
    ... )
    >>> find_introducer(pair_context(ds), "a", "b")
    Introducer(id='crpv', kind='crpv', basis='met_both', meetings={'a': ('m1',), 'b': ('m2',)})
    """
    ds = ctx.ds
    pu, pv = ctx.partners.get(u, {}), ctx.partners.get(v, {})
    both = sorted(pu.keys() & pv.keys())
    kind_of = {i.id: i.kind for i in ds.institutions}

    def best(ids: list[str], side_u: dict, side_v: dict) -> str | None:
        if not ids:
            return None
        return min(ids, key=lambda i: (tuple(-x for x in _strength(side_u[i], side_v[i])), i))

    crpv = best([i for i in both if kind_of.get(i) == "crpv"], pu, pv)
    if crpv is not None:
        return Introducer(crpv, "crpv", "met_both", {u: tuple(pu[crpv]), v: tuple(pv[crpv])})
    au, av = ctx.people(u), ctx.people(v)
    cite_of = {a.id: a.cite_id for a in ds.actors}
    people = [a for a in au.keys() & av.keys() if cite_of.get(a) not in (u, v)]
    person = best(sorted(people), au, av)
    if person is not None:
        return Introducer(person, "actor", "met_both", {u: tuple(au[person]), v: tuple(av[person])})
    other = best(both, pu, pv)
    if other is not None:
        return Introducer(
            other,
            kind_of.get(other, "other"),
            "met_both",
            {u: tuple(pu[other]), v: tuple(pv[other])},
        )
    cu, cv = ctx.crpvs.get(u, frozenset()), ctx.crpvs.get(v, frozenset())
    common = sorted(cu & cv)
    if common:
        return Introducer(common[0], "crpv", "territory_both", {u: (), v: ()})
    if cu:
        return Introducer(sorted(cu)[0], "crpv", "territory_one", {u: (), v: ()})
    if cv:  # no CRPV on the asking side (e.g. Corse): the partner's CRPV
        return Introducer(sorted(cv)[0], "crpv", "territory_partner", {u: (), v: ()})
    return None
