"""The shared state of a running workspace: where the data lives, the
dataset read from it, and the analyses of it that pages reuse.

One :class:`Workspace` per server process (:func:`install` / :func:`current`).
The dataset is read once at start; analyses are computed once per set of
options and shared by every request (guarded by a lock, so twenty sessions
asking for the same map compute it once). Everything here knows nothing of
accounts: views pass a :class:`~coopgraph.web.scope.Scope` to filter.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.graph.projections import Period
from coopgraph.labels import Labeller
from coopgraph.model import Dataset


@dataclass(frozen=True)
class Options:
    """The analysis options a page can set (the rest are the defaults of the
    command line)."""

    since: date | None = None
    until: date | None = None
    scales: tuple[str, ...] | None = None
    min_shared: int = 1

    @property
    def period(self) -> Period:
        return Period(self.since, self.until)

    def analysis_options(self) -> AnalysisOptions:
        return AnalysisOptions(period=self.period, scales=self.scales, min_shared=self.min_shared)


@dataclass
class Workspace:
    """The data of the workspace and a memo of what was computed from it."""

    ds: Dataset
    source: str
    data_dir: Path | None = None
    neo4j: Any = None  # a Neo4jStore when the workspace runs on Neo4j
    state_dir: Path | None = None  # uploads waiting for review live here
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _memo: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _building: dict = field(default_factory=dict, repr=False)
    _generation: int = field(default=0, repr=False)

    # ------------------------------------------------------------ memo

    def memo(self, key: tuple, build: Callable[[], Any], size: int = 64) -> Any:
        """``build()`` once per ``key`` (least recently used dropped). Two
        requests for the same key wait for one build; requests for other
        keys are not held up by it (a plan may take seconds)."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
            building = self._building.setdefault(key, threading.Lock())
            generation = self._generation
        with building:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]
            value = build()
            with self._lock:
                if generation == self._generation:  # not built from replaced data
                    self._memo[key] = value
                self._building.pop(key, None)
                while len(self._memo) > size:
                    self._memo.popitem(last=False)
            return value

    def replace_dataset(self, ds: Dataset) -> None:
        """Use ``ds`` from now on (after a committed write); drops the memo."""
        with self._lock:
            self.ds = ds
            self._memo.clear()
            self._generation += 1

    def reload(self) -> None:
        """Read the data again (after a ``coopgraph load`` or an import made
        outside the workspace)."""
        if self.neo4j is not None:
            ds = self.neo4j.read_dataset()
        elif self.data_dir is not None:
            from coopgraph.io import read_dataset

            ds = read_dataset(self.data_dir)
        else:
            return
        self.replace_dataset(ds)

    # ------------------------------------------------------------ analyses

    def analysis(self, opts: Options) -> Analysis:
        """The :class:`~coopgraph.analysis.Analysis` of the dataset under
        ``opts``: one per set of options, shared by every page (its graphs
        and metrics are computed once, whoever asks first)."""
        ds = self.ds
        return self.memo(("analysis", opts), lambda: Analysis(ds, opts.analysis_options()))

    def cite_graph(self, opts: Options) -> nx.Graph:
        an = self.analysis(opts)
        return self.memo(("cites", opts), lambda: an.cites)

    def isolated(self, opts: Options, lang: str) -> list[dict]:
        """Isolated and fragile cités, ranked. The labeller pseudonymises:
        the only person in these records (``via`` of a ``one_person``
        cité) is never shown by name."""
        from coopgraph.reports.records import isolated_records

        an = self.analysis(opts)
        labeller = Labeller(self.ds, lang, pseudonymise=True)
        return self.memo(("isolated", opts, lang), lambda: isolated_records(an, labeller))

    def cite_view(self, opts: Options, lang: str) -> nx.Graph:
        """The labelled cité view behind the maps (read-only)."""
        from coopgraph.export import labelled_view

        an = self.analysis(opts)
        return self.memo(
            ("view", opts, lang), lambda: labelled_view(an, "cites", Labeller(self.ds, lang))
        )

    def suggestions(self, opts: Options, lang: str) -> list[dict]:
        """Partner suggestions (:func:`coopgraph.suggest.suggest_partners`)
        for every isolated or weakly tied cité, as records in ``lang``:
        computed once per set of options and filtered by the pages (a
        territory's dashboard, a cité's page), since the model and the
        candidates do not depend on which cités ask. Introducers who are
        people keep their actor id in ``introducer_id``: views label them
        for the reader."""
        from coopgraph.suggest import Scope, suggest_partners, suggestion_records

        def build() -> list[dict]:
            found = suggest_partners(
                self.ds,
                period=opts.period,
                scales=opts.scales,
                min_shared=opts.min_shared,
                scope=Scope(),
                top=5,
            )
            return suggestion_records(self.ds, found, lang, pseudonymise=True)

        return self.memo(("suggest", opts, lang), build)

    def warm(self) -> None:
        """Compute what the first pages need (default options, both
        languages), so that the first people signing in do not wait."""
        opts = Options()
        self.cite_graph(opts)
        for lang in ("fr", "en"):
            self.isolated(opts, lang)
            self.suggestions(opts, lang)
        self.cite_view(opts, "fr")

    @property
    def cite_meetings(self) -> dict[str, dict[str, list[str]]]:
        """For each cité, its meetings (by id) and which of its actors came."""

        def build() -> dict[str, dict[str, list[str]]]:
            actor_cite = {a.id: a.cite_id for a in self.ds.actors if a.cite_id}
            out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for row in self.ds.attendance:
                cid = actor_cite.get(row.actor_id)
                if cid:
                    out[cid][row.meeting_id].append(row.actor_id)
            return {c: dict(m) for c, m in out.items()}

        return self.memo(("cite_meetings",), build)

    @property
    def meeting_attendees(self) -> dict[str, list[str]]:
        def build() -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for row in self.ds.attendance:
                out[row.meeting_id].append(row.actor_id)
            return dict(out)

        return self.memo(("meeting_attendees",), build)


_CURRENT: Workspace | None = None


def install(workspace: Workspace) -> Workspace:
    """Make ``workspace`` the one the views serve."""
    global _CURRENT
    _CURRENT = workspace
    return workspace


def current() -> Workspace:
    if _CURRENT is None:
        raise RuntimeError("no workspace installed (coopgraph.web.workspace.install)")
    return _CURRENT


def open_workspace(
    data: Path | None,
    source: str = "auto",
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Workspace:
    """Read the dataset from the files or from Neo4j (as the analysis
    commands do); on Neo4j, keep the store open for the named queries."""
    from coopgraph.store import open_store

    store = open_store(data, source, uri=uri, user=user, password=password, database=database)
    ds = store.read_dataset()
    label = store.describe()
    on_neo4j = store.__class__.__name__ == "Neo4jStore"
    if not on_neo4j:
        store.close()
    return Workspace(
        ds, label, data_dir=None if on_neo4j else data, neo4j=store if on_neo4j else None
    )
