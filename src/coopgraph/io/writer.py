"""Writing a Dataset as a data directory of the input format (7 CSV files).

The files are those :func:`coopgraph.io.read_dataset` reads, with the columns
of :data:`coopgraph.io.tables.TABLES` in order, UTF-8, comma-separated, ``\\n``
line ends and ``;``-separated lists, so the same Dataset always gives the same
bytes. The directory is written beside its destination and renamed into
place, so a failure never leaves a half-written data directory.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.io.output import clean_stale, csv_row, output_error, unique_suffix
from coopgraph.io.tables import TABLES
from coopgraph.model import Dataset

__all__ = ["dataset_rows", "write_dataset"]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)  # str, int, date (ISO 8601)


def dataset_rows(ds: Dataset) -> dict[str, Iterable[tuple]]:
    """Rows of each input table, in the column order of ``TABLES``.

    >>> from coopgraph.model import Cite
    >>> rows = dataset_rows(Dataset(cites=(Cite("c1", "Cité A", "28", "14", ("Caen",), wave=2019),)))
    >>> [tuple(map(_text, r)) for r in rows["cites"]]
    [('c1', 'Cité A', '28', 'Caen', '', '14', '2019', '', '')]
    """
    return {
        "cites": (
            (
                c.id,
                c.name,
                c.region,
                c.communes,
                c.insee_communes,
                c.departement,
                c.wave,
                c.lat,
                c.lon,
            )
            for c in ds.cites
        ),
        "institutions": (
            (i.id, i.name, i.kind, i.regions, i.departements, i.lat, i.lon) for i in ds.institutions
        ),
        "actors": ((a.id, a.name, a.institution_id, a.role, a.cite_id) for a in ds.actors),
        "meetings": (
            (m.id, m.date.isoformat(), m.title, m.format, m.scale, m.organiser_ids, m.themes)
            for m in ds.meetings
        ),
        "attendance": ((a.meeting_id, a.actor_id) for a in ds.attendance),
        "governance": ((g.cite_id, g.institution_id, g.role) for g in ds.governance),
        "support": (
            (s.crpv_id, s.cite_id, s.since.isoformat() if s.since else None, s.kind)
            for s in ds.support
        ),
    }


def write_dataset(
    ds: Dataset, out: Path | str, *, overwrite: bool = False, raw: bool | None = None
) -> list[Path]:
    """Write ``ds`` as the 7 CSV files of the input format into directory ``out``.

    Parameters
    ----------
    ds : Dataset
        The records to write, in their order.
    out : Path
        Destination directory; created with its parents when missing.
    overwrite : bool
        Replace ``out`` when it already holds files; without it such a
        directory is an error and is left untouched.
    raw : bool, optional
        Keep cells that a spreadsheet would run as formulas unchanged;
        by default they get a leading ``'`` (see
        :func:`coopgraph.io.output.csv_cell`), which the reader removes.

    Returns
    -------
    list of Path
        The files written, in the order of ``TABLES``.

    Raises
    ------
    InputError
        ``out`` is a file, or a non-empty directory and ``overwrite`` is false.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise InputError(f"{out}: directory is not empty (overwrite it with --force)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(out.parent, exc) from None
    # os.mkdir (unlike tempfile.mkdtemp) honours the umask, so the renamed
    # directory gets ordinary permissions.
    clean_stale(out.parent)
    tmp = out.parent / f".{out.name}.{unique_suffix()}.tmp"
    try:
        os.mkdir(tmp)
    except OSError as exc:
        raise output_error(out, exc) from None
    try:
        for name, rows in dataset_rows(ds).items():
            spec = TABLES[name]
            with open(tmp / spec.filename, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(spec.columns)
                writer.writerows(csv_row(map(_text, row), raw=raw) for row in rows)
        _replace_directory(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise output_error(out, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / spec.filename for spec in TABLES.values()]


def _replace_directory(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    if not any(out.iterdir()):
        out.rmdir()
        os.replace(new, out)
        return
    old = out.parent / f".{out.name}.{unique_suffix()}.old"
    os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old, out)  # put the previous data back
        raise
    shutil.rmtree(old, ignore_errors=True)
