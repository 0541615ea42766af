"""The part of France an analysis reports on.

Two steps, so that options stay small, frozen values:

* :class:`Territory` is what the user asked for: régions and départements as
  INSEE codes (checked when the options are read, :func:`parse_territory`)
  and CRPVs as typed (ids or names: only the dataset knows them);
* :class:`Scope` is that request resolved against a dataset
  (:func:`resolve_territory`): the cités it covers, and a label.

Each option is its own kind, so ``93`` is Provence-Alpes-Côte d'Azur as a
région and Seine-Saint-Denis as a département; several values add up. A
CRPV's territory is the cités it covers (its régions, or its départements in
Île-de-France and Occitanie) and the cités it supports in ``support.csv``.
An unknown value is an :class:`~coopgraph.errors.InputError` listing close
matches. The computations always run on the whole network, so a cité keeps
its national metrics; the scope chooses what is reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.model import Dataset, Institution


@dataclass(frozen=True)
class Territory:
    """The territory asked for: ``regions`` and ``departements`` (INSEE
    codes) and ``crpvs`` (ids or names, as typed); all of France when the
    three are empty.

    >>> Territory().everywhere, Territory(regions=("28",)).everywhere
    (True, False)
    """

    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    crpvs: tuple[str, ...] = ()

    @property
    def everywhere(self) -> bool:
        """True for all of France (no filter)."""
        return not (self.regions or self.departements or self.crpvs)


@dataclass(frozen=True)
class Scope:
    """A :class:`Territory` resolved against a dataset: ``cite_ids`` are the
    cités it covers, ``label`` names it ("France" when everywhere).

    >>> from coopgraph.model import Cite
    >>> ds = Dataset(cites=(Cite("a", "A", "28", "76"), Cite("b", "B", "53", "35")))
    >>> s = resolve_territory(ds, Territory(departements=("76",)))
    >>> s.covers_cite("a"), s.covers_cite("b"), s.covers_region("28"), s.covers_any("53", "28")
    (True, False, True, True)
    >>> s.covers_departement("35", "53"), resolve_territory(ds, Territory()).covers_region(None)
    (False, True)
    """

    label: str = "France"
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    crpvs: tuple[str, ...] = ()
    cite_ids: frozenset[str] = field(default=frozenset(), repr=False)
    region_set: frozenset[str] = field(default=frozenset(), repr=False)
    departement_set: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def everywhere(self) -> bool:
        """True for all of France (no filter)."""
        return not (self.regions or self.departements or self.crpvs)

    national = everywhere

    def covers_cite(self, cite_id: str) -> bool:
        """Whether the cité ``cite_id`` is reported on."""
        return self.everywhere or cite_id in self.cite_ids

    def covers_region(self, region: str | None) -> bool:
        """Whether something located in ``region`` is shown: a région asked
        for, or one holding a cité of the scope."""
        return self.everywhere or region in self.region_set

    def covers_any(self, *regions: str | None) -> bool:
        """Whether something touching any of ``regions`` is shown (a tie,
        a région pair)."""
        return self.everywhere or any(r in self.region_set for r in regions)

    def covers_departement(self, departement: str | None, region: str | None) -> bool:
        """Whether something in ``departement`` (of ``region``) is shown."""
        if self.everywhere:
            return True
        if region in self.regions:
            return True
        return departement in self.departement_set


def _close(value: str, choices: Iterable[str]) -> str:
    found = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return ", ".join(found)


def _unknown(option: str, kind: str, value: str, close: str, extra: str = "") -> InputError:
    hint = f"; close matches: {close}" if close else ""
    return InputError(
        f"{option}: unknown {kind} '{value}'{extra}{hint}",
        key="territory.unknown.close" if close else "territory.unknown",
        option=option,
        kind=kind,
        value=value,
        close=close,
    )


def region_code(value: str) -> str:
    """The INSEE code of a région given by code or name (an ``InputError``
    with close matches when unknown)."""
    try:
        return geo.resolve_region(value)
    except KeyError:
        names = [*geo.REGIONS.values(), *geo.REGIONS]
        raise _unknown("--region", "région", value, _close(value, names)) from None


def departement_code(value: str) -> str:
    """The INSEE code of a département given by code or name."""
    try:
        return geo.resolve_departement(value)
    except KeyError:
        names = [name for name, _ in geo.DEPARTEMENTS.values()] + list(geo.DEPARTEMENTS)
        raise _unknown("--departement", "département", value, _close(value, names)) from None


def find_crpv(ds: Dataset, value: str) -> Institution:
    """The CRPV of ``ds`` named ``value`` (id or name, accents and case
    ignored)."""
    key = geo.normalise_name(value)
    for crpv in ds.crpvs:
        if value == crpv.id or key in (geo.normalise_name(crpv.id), geo.normalise_name(crpv.name)):
            return crpv
    choices = [c.id for c in ds.crpvs] + [c.name for c in ds.crpvs]
    known = "" if ds.crpvs else " (the data has no institution of kind crpv)"
    raise _unknown("--crpv", "CRPV", value, _close(value, choices), known)


def parse_territory(
    regions: Iterable[str] = (), departements: Iterable[str] = (), crpvs: Iterable[str] = ()
) -> Territory:
    """The :class:`Territory` of option values, régions and départements
    checked now (CRPVs are checked against the dataset).

    >>> parse_territory(["Normandie", "28"], ["93"])
    Territory(regions=('28',), departements=('93',), crpvs=())
    """
    return Territory(
        tuple(dict.fromkeys(region_code(v) for v in regions)),
        tuple(dict.fromkeys(departement_code(v) for v in departements)),
        tuple(dict.fromkeys(crpvs)),
    )


def resolve_territory(ds: Dataset, territory: Territory) -> Scope:
    """The :class:`Scope` of ``territory`` in ``ds``."""
    regs, deps = territory.regions, territory.departements
    centres = tuple(dict.fromkeys(find_crpv(ds, v) for v in territory.crpvs))
    if territory.everywhere:
        return Scope(
            cite_ids=frozenset(c.id for c in ds.cites),
            region_set=frozenset(c.region for c in ds.cites),
            departement_set=frozenset(c.departement for c in ds.cites if c.departement),
        )
    supported = {s.cite_id for s in ds.support if s.crpv_id in {c.id for c in centres}}
    inside = [
        c
        for c in ds.cites
        if c.region in regs
        or c.departement in deps
        or c.id in supported
        or any(crpv.covers(c.region, c.departement) for crpv in centres)
    ]
    parts = [f"{geo.region_name(r)} ({r})" for r in regs]
    parts += [f"{geo.departement_name(d)} ({d})" for d in deps]
    label = ", ".join(parts + [f"CRPV {c.name}" for c in centres])
    return Scope(
        label=label,
        regions=regs,
        departements=deps,
        crpvs=tuple(c.id for c in centres),
        cite_ids=frozenset(c.id for c in inside),
        region_set=frozenset(regs) | {c.region for c in inside},
        departement_set=frozenset(deps) | {c.departement for c in inside if c.departement},
    )


def select_territory(
    ds: Dataset,
    regions: Iterable[str] = (),
    departements: Iterable[str] = (),
    crpvs: Iterable[str] = (),
) -> Scope:
    """The scope named by région, département and CRPV values (codes or
    names), resolved in ``ds``.

    >>> from coopgraph.model import Cite, Support
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
    return resolve_territory(ds, parse_territory(regions, departements, crpvs))
