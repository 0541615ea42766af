"""Attendance lists imported straight into the shared Neo4j graph.

The intake's rules live in :func:`coopgraph.intake.importer.import_attendance`,
which edits a data directory. On Neo4j there is none, so a commit stages one:

1. the graph as it is now (:meth:`Neo4jStore.read_dataset`) is written as the
   seven CSV files of a temporary directory, next to the intake's own side
   tables (identities, other spellings, places, aliases, audit) kept in
   ``SIDE/intake/``;
2. the import runs there, with the same matching, review decisions,
   validation and audit as on files;
3. what it added (:func:`dataset_change`) goes to the graph in **one** write
   transaction (:meth:`Neo4jStore.write_change`): meeting, people,
   institutions and attendance together, or nothing;
4. only then are the side tables that changed written back, as one atomic
   set of files.

New nodes are created, not merged, so a commit made meanwhile by another
server on the same graph (which may have picked the same new ids) makes this
transaction fail whole; it is then run again from step 1 on the graph as it
is now, where the other commit's meeting and people are found and matched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coopgraph.intake.datadir import INTAKE_DIR, SIDECARS, commit_files
from coopgraph.intake.importer import ImportResult
from coopgraph.model import Dataset
from coopgraph.store.neo4j import GraphChange, GraphConflict

#: How many times a commit is run again after another commit took its ids.
ATTEMPTS = 4


def dataset_change(before: Dataset, after: Dataset) -> GraphChange:
    """What an import added to ``before`` to make ``after``: records whose
    id is new, known people whose institution or cité changed, and new
    attendance.

    >>> from coopgraph.model import Actor, Attendance
    >>> a = Dataset(actors=(Actor("p", "P", "i"),))
    >>> b = Dataset(actors=(Actor("p", "P", "j"), Actor("q", "Q", "i")),
    ...             attendance=(Attendance("m", "q"),))
    >>> c = dataset_change(a, b)
    >>> [x.id for x in c.actors], [x.id for x in c.relinked], len(c.attendance)
    (['q'], ['p'], 1)
    """
    old_actors = before.actor_by_id
    old_institutions = before.institution_by_id
    old_meetings = before.meeting_by_id
    attended = set(before.attendance)
    relinked = tuple(
        a
        for a in after.actors
        if a.id in old_actors
        and (a.institution_id, a.cite_id)
        != (old_actors[a.id].institution_id, old_actors[a.id].cite_id)
    )
    return GraphChange(
        meetings=tuple(m for m in after.meetings if m.id not in old_meetings),
        institutions=tuple(i for i in after.institutions if i.id not in old_institutions),
        actors=tuple(a for a in after.actors if a.id not in old_actors),
        relinked=relinked,
        attendance=tuple(a for a in after.attendance if a not in attended),
    )


def stage(ds: Dataset, side: Path, into: Path) -> Path:
    """A data directory ``into`` holding ``ds`` as CSV files and the side
    tables of ``SIDE/intake/`` (its review files too)."""
    from coopgraph.io.writer import write_dataset

    write_dataset(ds, into, raw=True)
    source = Path(side) / INTAKE_DIR
    target = into / INTAKE_DIR
    target.mkdir(exist_ok=True)
    if source.is_dir():
        for path in source.iterdir():
            if path.is_file() and (path.stem in SIDECARS or path.name.startswith("review-")):
                shutil.copyfile(path, target / path.name)
    return into


@dataclass
class GraphImport:
    """A committed import: the importer's result (its paths point into
    ``SIDE/intake/``) and what reached the graph."""

    result: ImportResult
    change: GraphChange
    attempts: int


def import_into_graph(
    store,
    side: Path,
    run: Callable[[Path], ImportResult],
    *,
    after_stage: Callable[[int], None] | None = None,
) -> GraphImport:
    """Run ``run(directory)`` (an import into a data directory) on a staged
    copy of the graph, then write what it added to the graph in one
    transaction and the changed side tables to ``SIDE/intake/``. Callers
    serialise commits on one ``side`` directory (a lock); commits from
    other processes on the same graph are caught by the transaction (see
    the module's notes). ``after_stage(attempt)`` is for tests."""
    for attempt in range(1, ATTEMPTS + 1):
        with tempfile.TemporaryDirectory(prefix="coopgraph-intake-graph-") as tmp:
            before = store.read_dataset()
            directory = stage(before, Path(side), Path(tmp) / "data")
            if after_stage is not None:
                after_stage(attempt)
            result = run(directory)
            if not result.written:
                return GraphImport(result, GraphChange(), attempt)
            from coopgraph.io import read_dataset

            change = dataset_change(before, read_dataset(directory))
            try:
                if change:
                    store.write_change(change)
            except GraphConflict:
                if attempt == ATTEMPTS:
                    raise
                continue
            result.written = _keep_side_tables(directory, Path(side), result.written)
            if result.review_files:
                csv_file, xlsx_file = result.review_files
                result.review_files = (
                    _side_path(csv_file, directory, Path(side)),
                    _side_path(xlsx_file, directory, Path(side)),
                )
            return GraphImport(result, change, attempt)
    raise AssertionError("unreachable")


def _side_path(path: Path, directory: Path, side: Path) -> Path:
    return side / path.relative_to(directory)


def _keep_side_tables(directory: Path, side: Path, written: list[Path]) -> list[Path]:
    """Copy the intake files the import wrote (side tables, audit, review
    files) to ``SIDE/intake/`` as one set, and remove review files the
    import removed; the seven data files are in the graph already. Returns
    the side files written."""
    staged = directory / INTAKE_DIR
    files: dict[Path, str | bytes] = {
        _side_path(p, directory, side): p.read_bytes()
        for p in written
        if p.parent == staged and p.is_file()
    }
    remove = [
        p
        for p in (side / INTAKE_DIR).glob("review-*")
        if p.is_file() and not (staged / p.name).exists()
    ]
    commit_files(files, remove)
    return sorted(files)
