"""Typed records for the entities coopgraph analyses, and the Dataset holding them.

No I/O here: ``coopgraph.io`` builds these records from files and
``coopgraph.store`` from Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

INSTITUTION_KINDS = (
    "prefecture",
    "education",
    "collectivite",
    "crpv",
    "anct",
    "association",
    "research",
    "other",
)
MEETING_FORMATS = ("presentiel", "visio", "hybride")
MEETING_SCALES = ("local", "departemental", "regional", "interregional", "national")
TROIKA_ROLES = ("prefecture", "education", "collectivite")
SUPPORT_KINDS = ("qualification", "gouvernance", "capitalisation")


@dataclass(frozen=True, slots=True)
class Cite:
    """A labelled cité éducative; ``region`` and ``departement`` are INSEE codes."""

    id: str
    name: str
    region: str
    departement: str | None = None
    communes: tuple[str, ...] = ()
    insee_communes: tuple[str, ...] = ()
    wave: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Institution:
    """A partner institution; a CRPV has kind ``crpv`` and a territory of
    ``regions`` and/or ``departements`` (INSEE codes)."""

    id: str
    name: str
    kind: str
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    def covers(self, region: str | None, departement: str | None) -> bool:
        """Whether a place lies in this institution's territory.

        A territory that lists départements covers those départements only
        (the Île-de-France and Occitanie CRPV work at that level); otherwise
        it covers its régions.

        >>> pb = Institution("pb", "Profession Banlieue", "crpv", regions=("11",), departements=("93",))
        >>> pb.covers("11", "93"), pb.covers("11", "91")
        (True, False)
        >>> Institution("rv", "RésOVilles", "crpv", regions=("53", "52")).covers("52", "44")
        True
        """
        if self.departements:
            return departement is not None and departement in self.departements
        return region is not None and region in self.regions


@dataclass(frozen=True, slots=True)
class Actor:
    """A person (personal data: never logged), affiliated to an institution and
    possibly working for one cité."""

    id: str
    name: str
    institution_id: str
    role: str | None = None
    cite_id: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting, seminar or remote workshop."""

    id: str
    date: date
    title: str
    format: str | None = None
    scale: str | None = None
    organiser_ids: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attendance:
    meeting_id: str
    actor_id: str


@dataclass(frozen=True, slots=True)
class Governance:
    """One leg of a cité's troïka."""

    cite_id: str
    institution_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Support:
    """A CRPV supporting a cité."""

    crpv_id: str
    cite_id: str
    since: date | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Dataset:
    """Everything coopgraph knows about one network, with lookups by id."""

    cites: tuple[Cite, ...] = ()
    institutions: tuple[Institution, ...] = ()
    actors: tuple[Actor, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    governance: tuple[Governance, ...] = ()
    support: tuple[Support, ...] = ()
    cite_by_id: dict[str, Cite] = field(init=False, repr=False, compare=False)
    institution_by_id: dict[str, Institution] = field(init=False, repr=False, compare=False)
    actor_by_id: dict[str, Actor] = field(init=False, repr=False, compare=False)
    meeting_by_id: dict[str, Meeting] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, records in (
            ("cite_by_id", self.cites),
            ("institution_by_id", self.institutions),
            ("actor_by_id", self.actors),
            ("meeting_by_id", self.meetings),
        ):
            object.__setattr__(self, name, {r.id: r for r in records})

    @property
    def crpvs(self) -> tuple[Institution, ...]:
        return tuple(i for i in self.institutions if i.kind == "crpv")

    def counts(self) -> dict[str, int]:
        """Number of records per entity, in the order of the input files."""
        return {
            "cites": len(self.cites),
            "institutions": len(self.institutions),
            "crpv": len(self.crpvs),
            "actors": len(self.actors),
            "meetings": len(self.meetings),
            "attendance": len(self.attendance),
            "governance": len(self.governance),
            "support": len(self.support),
        }

    def canonical(self) -> Dataset:
        """The same data with every collection sorted, so two datasets read from
        different sources compare equal when they hold the same facts."""
        return Dataset(
            cites=_sorted(self.cites),
            institutions=_sorted(self.institutions),
            actors=_sorted(self.actors),
            meetings=_sorted(self.meetings),
            attendance=tuple(sorted(self.attendance, key=lambda a: (a.meeting_id, a.actor_id))),
            governance=tuple(
                sorted(self.governance, key=lambda g: (g.cite_id, g.institution_id, g.role))
            ),
            support=tuple(sorted(self.support, key=lambda s: (s.crpv_id, s.cite_id))),
        )


def _sorted(records: Iterable) -> tuple:
    return tuple(sorted(records, key=lambda r: r.id))
