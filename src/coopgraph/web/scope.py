"""What an account may see and change, decided on the server for every page,
download and query.

* ``national``: everything, names everywhere, may write everywhere;
* ``crpv``: its territory (a CRPV of the data, or a région): pages of its
  cités only, names of people of its territory only (others pseudonymised),
  writes in its territory only;
* ``readonly``: like ``crpv`` when it has a territory, like ``national``
  otherwise but with every name pseudonymised; never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.model import Actor, Cite, Dataset


@dataclass(frozen=True)
class Scope:
    """A territory (``regions`` and/or ``departements``; ``None`` for all of
    France) with what the account may do in it.

    As for a CRPV (:meth:`coopgraph.model.Institution.covers`), a territory
    that lists départements covers those only.

    >>> s = Scope("Normanvilles", regions=frozenset({"28"}))
    >>> s.covers("28", "76"), s.covers("53", "35"), Scope("France").covers("53", None)
    (True, False, True)
    """

    label: str
    regions: frozenset[str] | None = None
    departements: frozenset[str] = frozenset()
    #: the cités of the territory when it is a CRPV's (its régions or
    #: départements and the cités it supports, as the one-page note counts them)
    cite_ids: frozenset[str] | None = None
    names_everywhere: bool = True
    names_inside: bool = True
    can_write: bool = True
    key: str = ""
    #: the account's own scope when this one narrows it to a part of its
    #: territory: names stay those the account may read
    names_from: Scope | None = None

    @property
    def everywhere(self) -> bool:
        return self.regions is None and not self.departements and self.cite_ids is None

    def covers(self, region: str | None, departement: str | None) -> bool:
        """Whether a place (région, département codes) lies in the territory."""
        if self.everywhere:
            return True
        if self.departements:
            return departement is not None and departement in self.departements
        return region is not None and self.regions is not None and region in self.regions

    def covers_cite(self, cite: Cite | None) -> bool:
        if cite is None:
            return False
        if self.cite_ids is not None and cite.id in self.cite_ids:
            return True
        return self.covers(cite.region, cite.departement)

    def covers_actor(self, ds: Dataset, actor: Actor) -> bool:
        """Whether a person belongs to the territory: by the cité they work
        for, else by the territory of their institution."""
        if actor.cite_id:
            return self.covers_cite(ds.cite_by_id.get(actor.cite_id))
        inst = ds.institution_by_id.get(actor.institution_id)
        if inst is None:
            return self.everywhere
        if self.everywhere:
            return True
        deps = inst.departements or (None,)
        return any(self.covers(r, d) for r in inst.regions for d in deps)

    def shows_name(self, ds: Dataset, actor: Actor) -> bool:
        """Whether the account may read this person's name."""
        if self.names_from is not None:
            return self.names_from.shows_name(ds, actor)
        if self.names_everywhere:
            return True
        return self.names_inside and self.covers_actor(ds, actor)


#: a département in a territory spec (``dep-93``): région and département
#: codes overlap (``93`` is both), CRPV ids are the data's own
DEPARTEMENT_PREFIX = "dep-"


def territory_of(
    spec: str, ds: Dataset
) -> tuple[str, frozenset[str], frozenset[str], frozenset[str] | None]:
    """A territory spec (a CRPV id of ``ds``, a région code or name, or
    ``dep-`` and a département code) as (label, régions, départements,
    cités): a CRPV's cités are those
    :func:`coopgraph.reports.note.select_territory` gives (the cités it
    covers and those it supports), a département's those
    :func:`coopgraph.analysis.territory.resolve_territory` gives; a région's
    are found by région.

    >>> from coopgraph.model import Institution, Support
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "52"), Cite("b", "B", "28")),
    ...     institutions=(Institution("k", "RésOVilles", "crpv", regions=("53", "52")),),
    ...     support=(Support("k", "b"),),
    ... )
    >>> label, regions, deps, cites = territory_of("k", ds)
    >>> label, sorted(regions), sorted(cites)
    ('RésOVilles', ['52', '53'], ['a', 'b'])
    >>> territory_of("28", ds)[0]
    'Normandie'
    >>> ds = Dataset(cites=(Cite("a", "A", "52", "44"), Cite("b", "B", "52", "85")))
    >>> label, regions, deps, cites = territory_of("dep-44", ds)
    >>> label, sorted(regions), sorted(deps), sorted(cites)
    ('Loire-Atlantique (44)', [], ['44'], ['a'])
    """
    from coopgraph.analysis.territory import Territory, departement_code, resolve_territory
    from coopgraph.reports.note import select_territory

    inst = ds.institution_by_id.get(spec)
    if inst is not None and inst.kind == "crpv":
        cites = select_territory(ds, crpvs=[inst.id]).cite_ids
        return inst.name, frozenset(inst.regions), frozenset(inst.departements), cites
    if spec.startswith(DEPARTEMENT_PREFIX):
        code = departement_code(spec[len(DEPARTEMENT_PREFIX) :])
        found = resolve_territory(ds, Territory(departements=(code,)))
        return found.label, frozenset(), frozenset({code}), found.cite_ids
    try:
        code = geo.resolve_region(spec)
    except (KeyError, InputError):
        raise InputError(
            f"unknown territory '{spec}' (a CRPV id of the data or a région)"
        ) from None
    return geo.region_name(code), frozenset({code}), frozenset(), None


def scope_for(role: str, territory: str, ds: Dataset) -> Scope:
    """The scope of an account of ``role`` bound to ``territory``."""
    if role == "national":
        return Scope("France", key="national")
    if role == "readonly" and not territory:
        return Scope(
            "France", names_everywhere=False, names_inside=False, can_write=False, key="ro"
        )
    if role not in ("crpv", "readonly") or not territory:
        raise InputError(f"account role '{role}' needs a territory")
    label, regions, deps, cites = territory_of(territory, ds)
    return Scope(
        label,
        regions=regions,
        departements=deps,
        cite_ids=cites,
        names_everywhere=False,
        can_write=role == "crpv",
        key=f"{role}:{territory}",
    )
