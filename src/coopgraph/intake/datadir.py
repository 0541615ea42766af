"""Editing a data directory as a set of CSV files, and writing the changed
files all together or not at all.

Existing rows are kept byte for byte in meaning: a file is read with the
csv module (separator and encoding as ``coopgraph.io`` accepts them) and
written back in the canonical form (UTF-8, ``,``), with the new rows at the
end. Missing files of the format are created with their canonical header.

Beside the seven files, the intake keeps its own small tables in
``DIR/intake/``:

``identities.csv``
    ``actor_id, email_hash, email``: keyed hashes of the e-mail addresses
    seen for an actor (``email`` only with ``--keep-emails``).
``names.csv``
    ``actor_id, name``: other spellings of a person's name met on matched
    rows, so that the next typing error is measured against all of them.
``places.csv``
    ``institution_id, commune``: the commune of an institution as read on
    attendance lists (institutions.csv has no commune column).
``aliases.csv``
    ``kind, old_id, new_id``: ids merged by ``coopgraph dedupe --apply``.
``audit.csv``
    one row per imported source row.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import DataValidationError, InputError, Problem
from coopgraph.intake.messages import message
from coopgraph.io.reader import decode
from coopgraph.io.tables import TABLES, canonical_column

INTAKE_DIR = "intake"
SIDECARS: dict[str, tuple[str, ...]] = {
    "identities": ("actor_id", "email_hash", "email"),
    "names": ("actor_id", "name"),
    "places": ("institution_id", "commune"),
    "aliases": ("kind", "old_id", "new_id"),
    "audit": (
        "source_file",
        "source_row",
        "decision",
        "score",
        "actor_id",
        "institution_id",
        "cite_id",
        "reason",
        "meeting_id",
    ),
}


@dataclass
class CsvTable:
    """A CSV file as an editable list of rows keyed by canonical column."""

    path: Path
    columns: list[str]  # canonical names, in file order
    rows: list[dict[str, str]]
    original: str | None = None  # text as read, to tell whether it changed

    @classmethod
    def read(cls, path: Path, canonical: tuple[str, ...], table: str | None = None) -> CsvTable:
        if not path.is_file():
            return cls(path, list(canonical), [], None)
        try:
            text = decode(path.read_bytes(), str(path)).lstrip("\ufeff")
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror}") from exc
        first = text.split("\n", 1)[0]
        sep = max(",;\t", key=first.count) if any(s in first for s in ",;\t") else ","
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        if not records:
            return cls(path, list(canonical), [], text)
        spec = TABLES.get(table) if table else None
        header = [canonical_column(h, spec) if spec else h.strip() for h in records[0]]
        columns = list(header)
        for name in canonical:
            if name not in columns:
                columns.append(name)
        rows = []
        for record in records[1:]:
            if not any(c.strip() for c in record):
                continue
            rows.append({h: (record[i] if i < len(record) else "") for i, h in enumerate(header)})
        return cls(path, columns, rows, text)

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([row.get(c, "") or "" for c in self.columns])
        return out.getvalue()

    @property
    def changed(self) -> bool:
        return self.original is None or self.text() != self.original

    def append(self, row: dict[str, str]) -> None:
        self.rows.append({c: row.get(c, "") or "" for c in self.columns})


@dataclass
class DataDir:
    """The seven tables and the intake side tables of one data directory."""

    path: Path
    tables: dict[str, CsvTable] = field(default_factory=dict)
    sidecars: dict[str, CsvTable] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path | str) -> DataDir:
        path = Path(path)
        if not path.is_dir():
            raise InputError(message("err.no_dir", path=path))
        tables = {
            name: CsvTable.read(path / spec.filename, spec.columns, name)
            for name, spec in TABLES.items()
        }
        sidecars = {
            name: CsvTable.read(path / INTAKE_DIR / f"{name}.csv", columns)
            for name, columns in SIDECARS.items()
        }
        return cls(path, tables, sidecars)

    def changed_files(
        self, extra: dict[Path, str | bytes] | None = None
    ) -> dict[Path, str | bytes]:
        files: dict[Path, str | bytes] = {}
        for name, table in [*self.tables.items(), *self.sidecars.items()]:
            optional = name in self.sidecars or not TABLES[name].mandatory_file
            if table.original is None and not table.rows and optional:
                continue  # do not create empty optional files
            files[table.path] = table.text()
        files = {p: text for p, text in files.items() if _differs(p, text)}
        files.update(extra or {})
        return files

    def validate_and_commit(
        self, extra: dict[Path, str | bytes] | None = None, remove: list[Path] | None = None
    ) -> list[Path]:
        """Check that the directory as it would be validates, then write every
        changed file as one set. Returns the files written."""
        files = self.changed_files(extra)
        if not files and not remove:
            return []
        self._validate_staged(files)
        commit_files(files, remove or [])
        return sorted(files)

    def _validate_staged(self, files: dict[Path, str | bytes]) -> None:
        from coopgraph.io import validate_directory

        with tempfile.TemporaryDirectory(prefix="coopgraph-intake-") as tmp:
            stage = Path(tmp)
            for name, spec in TABLES.items():
                target = self.path / spec.filename
                if target in files:
                    content = files[target]
                    (stage / spec.filename).write_bytes(
                        content if isinstance(content, bytes) else content.encode("utf-8")
                    )
                elif target.is_file():
                    shutil.copyfile(target, stage / spec.filename)
                elif TABLES[name].mandatory_file:
                    (stage / spec.filename).write_text(self.tables[name].text(), encoding="utf-8")
            problems = validate_directory(stage)
        if problems:
            located = [
                Problem(
                    str(self.path / Path(p.file).name),
                    p.line,
                    p.column,
                    p.column_name,
                    p.message,
                )
                for p in problems
            ]
            raise DataValidationError(located)


def _differs(path: Path, text: str | bytes) -> bool:
    try:
        return path.read_bytes() != (text if isinstance(text, bytes) else text.encode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def commit_files(files: dict[Path, str | bytes], remove: list[Path] | None = None) -> None:
    """Write several files as one change: every new content goes to a
    temporary file in its destination's directory first; only when all are
    written are they renamed into place. If a rename fails, the files
    already replaced get their previous content back, so the directory is
    left as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            if isinstance(text, bytes):
                with os.fdopen(fd, "wb") as fb:
                    fb.write(text)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
            os.chmod(tmp_name, 0o666 & ~_umask())
            staged.append((Path(tmp_name), path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    backups: list[tuple[Path, Path | None]] = []
    try:
        for tmp, path in staged:
            backup = None
            if path.exists():
                backup = path.with_name(f".{path.name}.{os.getpid()}.bak")
                os.link(path, backup)
            backups.append((path, backup))
            os.replace(tmp, path)
    except BaseException:
        for path, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink(missing_ok=True)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for _, backup in backups:
        if backup is not None:
            backup.unlink(missing_ok=True)
    for path in remove or []:
        path.unlink(missing_ok=True)
