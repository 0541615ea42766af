"""Data intake in the browser: upload an attendance list, review the
proposed matches (accept / reject), commit. The work is
:func:`coopgraph.intake.importer.import_attendance`, with the same rules,
review columns and audit file as ``coopgraph import-attendance``.

Writes are serialised: one commit at a time per directory in this process (a
lock) and across processes serving the same directory (an exclusive
``flock`` on ``DIR/intake/web.lock``).

* On files, each commit is the intake's atomic set of files. A second user
  committing right after the first imports into the directory as the first
  left it: nothing is lost.
* On Neo4j, each commit is one write transaction
  (:mod:`coopgraph.intake.graph`): meeting, people, institutions and
  attendance, or nothing. The intake's side tables and audit file live in
  ``STATE/intake/``. A commit made meanwhile by another server on the same
  graph fails this transaction whole, which is then run again on the graph
  as it now is.
"""

from __future__ import annotations

import fcntl
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.intake.datadir import INTAKE_DIR
from coopgraph.intake.graph import GraphImport
from coopgraph.intake.importer import ImportResult, MeetingSpec, import_attendance
from coopgraph.intake.messages import use_lang
from coopgraph.intake.review import IMPORT_COLUMNS, review_csv
from coopgraph.model import Dataset
from coopgraph.web.scope import Scope

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")


@dataclass
class Pending:
    """An upload waiting for review: where its file is, and the meeting."""

    token: str
    filename: str
    meeting: dict

    @property
    def spec(self) -> MeetingSpec:
        m = dict(self.meeting)
        m["organisers"] = tuple(m.get("organisers") or ())
        m["themes"] = tuple(m.get("themes") or ())
        return MeetingSpec(**m)

    def as_session(self) -> dict:
        return asdict(self)


def save_upload(state_dir: Path, name: str, chunks: Iterator[bytes], spec: MeetingSpec) -> Pending:
    """Keep an uploaded file under ``STATE/uploads/TOKEN/`` (its name made
    safe; only the suffixes the importer reads)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: not an attendance list ({', '.join(SUFFIXES)})")
    token = secrets.token_hex(16)
    safe = _SAFE.sub("_", Path(name).name)[-100:] or f"upload{suffix}"
    folder = state_dir / "uploads" / token
    folder.mkdir(parents=True, mode=0o700)
    with open(folder / safe, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
    meeting = asdict(spec)
    meeting["organisers"] = list(spec.organisers)
    meeting["themes"] = list(spec.themes)
    return Pending(token, safe, meeting)


def discard_upload(state_dir: Path, pending: Pending) -> None:
    """Remove an upload once committed (the data and audit files keep what
    it brought)."""
    import shutil

    shutil.rmtree(upload_path(state_dir, pending).parent, ignore_errors=True)


def upload_path(state_dir: Path, pending: Pending) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", pending.token):
        raise InputError("unknown upload")
    return state_dir / "uploads" / pending.token / pending.filename


@contextmanager
def write_lock(data_dir: Path) -> Iterator[None]:
    """One writer at a time on ``data_dir``, in this process and across
    processes (advisory ``flock``)."""
    lock_path = Path(data_dir) / INTAKE_DIR / "web.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(lock_path.resolve(), threading.Lock())
    with lock, open(lock_path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def outside_scope(result: ImportResult, scope: Scope, ds) -> list[str]:
    """The cités outside the account's territory the import would touch."""
    found = set()
    for o in result.outcomes:
        if o.decision == "review" or not o.cite_id:
            continue
        if not scope.covers_cite(ds.cite_by_id.get(o.cite_id)):
            found.add(o.cite_id)
    return sorted(found)


def preview(
    data_dir: Path, path: Path, spec: MeetingSpec, lang: str
) -> tuple[ImportResult, list[dict]]:
    """What an import would do (nothing written), and the rows to review
    (their reasons in ``lang``: the intake's language is process-wide, so
    they are phrased under the lock)."""
    with write_lock(data_dir):
        use_lang(lang)
        result = import_attendance(data_dir, [path], spec, dry_run=True)
        return result, review_rows(result)


def preview_on_graph(
    ds: Dataset, state_dir: Path, path: Path, spec: MeetingSpec, lang: str
) -> tuple[ImportResult, list[dict]]:
    """:func:`preview` for a workspace on Neo4j: the import tried on ``ds``
    (the graph as the workspace read it) and the side tables of
    ``STATE/intake/``."""
    from coopgraph.intake.graph import stage

    with write_lock(state_dir), tempfile.TemporaryDirectory(prefix="coopgraph-preview-") as tmp:
        use_lang(lang)
        directory = stage(ds, state_dir, Path(tmp) / "data")
        result = import_attendance(directory, [path], spec, dry_run=True)
        return result, review_rows(result)


def review_rows(result: ImportResult) -> list[dict]:
    """The rows to decide, as plain values for the page."""
    return [
        {
            "key": o.key,
            "kind": o.kind,
            "line": o.row.line,
            "name": o.row.full_name,
            "organisation": o.row.fields.get("organisation") or "",
            "candidate_id": o.candidate_id or "",
            "candidate_name": o.candidate_name or "",
            "candidate_organisation": o.candidate_organisation or "",
            "score": "" if o.score is None else f"{o.score:.2f}",
            "reasons": o.reason_text(),
        }
        for o in result.outcomes
        if o.decision == "review"
    ]


def commit(
    data_dir: Path,
    path: Path,
    spec: MeetingSpec,
    decisions: dict[str, bool],
    lang: str,
    check: Callable[[ImportResult], None],
) -> ImportResult:
    """Apply the reviewer's decisions and import, as one atomic set of
    files; ``check(result)`` sees the dry run of exactly what will be
    written (under the same lock) and raises to refuse it."""
    with write_lock(data_dir):
        use_lang(lang)
        return _import(data_dir, path, spec, decisions, check)


def commit_to_graph(
    store,
    state_dir: Path,
    path: Path,
    spec: MeetingSpec,
    decisions: dict[str, bool],
    lang: str,
    check: Callable[[ImportResult], None],
    *,
    after_stage: Callable[[int], None] | None = None,
) -> GraphImport:
    """:func:`commit` for a workspace on Neo4j: one write transaction
    (:func:`coopgraph.intake.graph.import_into_graph`); the side tables and
    audit file in ``STATE/intake/``."""
    from coopgraph.intake.graph import import_into_graph

    with write_lock(state_dir):
        use_lang(lang)
        return import_into_graph(
            store,
            state_dir,
            lambda directory: _import(directory, path, spec, decisions, check),
            after_stage=after_stage,
        )


def _import(
    directory: Path,
    path: Path,
    spec: MeetingSpec,
    decisions: dict[str, bool],
    check: Callable[[ImportResult], None],
) -> ImportResult:
    decision_file = None
    if decisions:
        dry = import_attendance(directory, [path], spec, dry_run=True)
        rows: list[dict[str, object]] = []
        for o in dry.outcomes:
            if o.decision == "review" and o.key in decisions:
                rows.append(
                    {
                        "key": o.key,
                        "kind": o.kind,
                        "candidate_id": o.candidate_id,
                        "decision": "accept" if decisions[o.key] else "reject",
                    }
                )
        decision_file = path.with_name("decisions.csv")
        decision_file.write_text(review_csv(IMPORT_COLUMNS, rows), encoding="utf-8")
    dry = import_attendance(directory, [path], spec, decisions=decision_file, dry_run=True)
    check(dry)
    return import_attendance(directory, [path], spec, decisions=decision_file)
