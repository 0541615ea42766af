"""Writing output files so that a failure never leaves a half-written file,
and text that is safe for the program that will read it (a spreadsheet, a
terminal, an XML parser).

Atomic writes. Every file is written to a temporary file beside it, then
renamed into place. Files that belong together (a report's Markdown, HTML
and map) are written as a set inside :func:`output_set`: all temporary files
first, then a journal, then the renames, each old file kept as a backup until
the journal is removed (the commit point). A failure rolls back to the old
set; a process killed half-way leaves a journal that the next write in the
same directory uses to put the old set back. Temporary files are named
``.NAME.coopgraph-PID-TOKEN.tmp`` so that those of a dead process are
recognisably stale and removed by the next write in their directory.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from coopgraph.errors import OutputError

# ---------------------------------------------------------------- safe text

#: Cells that spreadsheet programs run as formulas (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
#: C0 and C1 control characters but tab and newline: what a terminal obeys.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Characters XML 1.0 cannot hold at all (not even as character references).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def csv_cell(value: str, *, raw: bool | None = None) -> str:
    """``value`` made safe for a spreadsheet: a cell starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'`` so that
    Excel or LibreOffice show it as text instead of running it as a formula
    (OWASP CSV injection guidance). Plain numbers (``-1.68``) are left alone.
    ``raw`` (or the environment variable ``COOPGRAPH_CSV_RAW=1``) keeps the
    value unchanged.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-1.68"), csv_cell("@SUM(A1)")
    ('\\'=HYPERLINK("http://x")', '-1.68', "'@SUM(A1)")
    >>> csv_cell("=1+1", raw=True)
    '=1+1'
    """
    if raw is None:
        raw = os.environ.get("COOPGRAPH_CSV_RAW", "") not in ("", "0")
    if raw or not value or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_row(row, *, raw: bool | None = None) -> list:
    """Every text cell of ``row`` through :func:`csv_cell` (numbers as they are)."""
    return [csv_cell(c, raw=raw) if isinstance(c, str) else c for c in row]


def uncsv_cell(value: str) -> str:
    """The value :func:`csv_cell` neutralised, back (reading our own files).

    >>> uncsv_cell("'=SUM(A1)"), uncsv_cell("'quoted")
    ('=SUM(A1)', "'quoted")
    """
    if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def terminal_text(text: str) -> str:
    """``text`` with control characters (escape sequences, bells, carriage
    returns) shown as ``\\xNN`` instead of being obeyed by the terminal.

    >>> terminal_text("Zoé\\x1b[2J\\x07 Martin")
    'Zoé\\\\x1b[2J\\\\x07 Martin'
    """
    return _TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


#: The report page has no script and makes no request: its policy forbids
#: both (inline CSS and inline SVG figures only), like the maps' policy.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def md_text(text: str) -> str:
    """``text`` safe in Markdown: HTML tags and entities shown as text, and
    no link or image (``[...](...)``, ``<http://...>``) can be made of it.

    >>> print(md_text('<img src=x onerror=alert(1)> & ![t](http://x/p.png)'))
    &lt;img src=x onerror=alert(1)&gt; &amp; !\\[t\\](http://x/p.png)
    """
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (most control
    characters), each replaced by U+FFFD, so GraphML and GEXF stay readable.

    >>> xml_text("a\\x00b\\x1bc\\td")
    'a\\ufffdb\\ufffdc\\td'
    """
    return _XML_INVALID.sub("\ufffd", text)


# ---------------------------------------------------------------- atomic writes


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def unique_suffix() -> str:
    """``coopgraph-PID-TOKEN``: names a temporary file or directory as ours,
    and as stale once the process PID is gone (see :func:`clean_stale`)."""
    return f"coopgraph-{os.getpid()}-{secrets.token_hex(4)}"


_STALE = re.compile(r"^\..*\.coopgraph-(\d+)-[0-9a-f]{8}\.(tmp|old|journal)$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def output_error(path: Path, exc: OSError) -> OutputError:
    """The one-line error for an ``OSError`` met writing ``path``."""
    from coopgraph.io.messages import say

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"{path}: {say('disk_full')}")
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return OutputError(f"{path}: {say('output_not_dir')}")
    if exc.errno == errno.EISDIR or (path.is_dir() and not path.is_symlink()):
        return OutputError(f"{path}: {say('output_blocked', path=path)}")
    return OutputError(f"{path}: {say('output_error', reason=exc.strerror or exc)}")


def clean_stale(directory: Path) -> list[Path]:
    """Recover from writes killed half-way in ``directory``: put back the old
    files of an unfinished set (its journal says which) and remove the
    temporary files and backups of processes that are gone. Returns the
    paths removed or restored."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    done: list[Path] = []
    stale = [e for e in entries if (m := _STALE.match(e.name)) and not _alive(int(m.group(1)))]
    for entry in stale:  # journals first: they restore old files from backups
        if entry.name.endswith(".journal"):
            done.extend(_roll_back(Path(entry.path)))
    for entry in stale:
        path = Path(entry.path)
        if entry.name.endswith(".journal") or not os.path.lexists(path):
            continue
        target = path.parent / entry.name[1:].rsplit(".coopgraph-", 1)[0]
        with contextlib.suppress(OSError):
            if entry.name.endswith(".old") and not os.path.lexists(target):
                os.replace(path, target)  # killed between moving it away and replacing it
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            done.append(path)
    return done


def _roll_back(journal: Path) -> list[Path]:
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []
    restored = []
    for target, tmp, backup, had_old in entries:
        with contextlib.suppress(OSError):
            if os.path.lexists(backup):
                os.replace(backup, target)
                restored.append(Path(target))
            elif not had_old and not os.path.lexists(tmp) and os.path.lexists(target):
                os.unlink(target)  # new in the unfinished set: the old set had none
                restored.append(Path(target))
    with contextlib.suppress(OSError):
        journal.unlink()
    return restored


class OutputSet:
    """Files staged to be written together (see :func:`output_set`)."""

    def __init__(self) -> None:
        self.token = unique_suffix()
        self.staged: dict[Path, Path] = {}  # target -> temporary file

    def stage(self, path: Path, text: str) -> None:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(path.parent, exc) from None
        if path.is_dir() and not path.is_symlink():
            raise output_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
        if path.parent not in {p.parent for p in self.staged}:
            clean_stale(path.parent)
        tmp = path.parent / f".{path.name}.{self.token}.tmp"
        try:
            with open(tmp, "x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise output_error(path, exc) from None
        old = self.staged.pop(path, None)
        if old is not None:
            old.unlink(missing_ok=True)
        self.staged[path] = tmp

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
        self.staged.clear()

    def commit(self) -> list[Path]:
        """Rename every staged file into place, all or none."""
        if not self.staged:
            return []
        first = next(iter(self.staged))
        journal = first.parent / f".{first.name}.{self.token}.journal"
        plan = [
            (target, tmp, target.parent / f".{target.name}.{self.token}.old", target.exists())
            for target, tmp in self.staged.items()
        ]
        try:
            journal.write_text(
                json.dumps([[str(t), str(m), str(b), h] for t, m, b, h in plan]), encoding="utf-8"
            )
            for target, _tmp, backup, had_old in plan:
                if had_old:
                    _keep(target, backup)
        except OSError as exc:
            self._undo(plan, journal, renamed=0)
            raise output_error(first, exc) from None
        renamed = 0
        try:
            for target, tmp, _backup, _had_old in plan:
                os.replace(tmp, target)
                renamed += 1
        except BaseException as exc:
            self._undo(plan, journal, renamed)
            if isinstance(exc, OSError):
                raise output_error(plan[renamed][0], exc) from None
            raise
        journal.unlink()  # the commit point: from here the new set stands
        for _target, _tmp, backup, _had_old in plan:
            with contextlib.suppress(OSError):
                backup.unlink()
        self.staged.clear()
        return [target for target, *_ in plan]

    def _undo(self, plan, journal: Path, renamed: int) -> None:
        for target, _tmp, backup, had_old in plan[:renamed]:
            with contextlib.suppress(OSError):
                if had_old:
                    os.replace(backup, target)
                else:
                    target.unlink()
        for _target, tmp, backup, _had_old in plan:
            with contextlib.suppress(OSError):
                tmp.unlink()
            with contextlib.suppress(OSError):
                backup.unlink()
        with contextlib.suppress(OSError):
            journal.unlink()
        self.staged.clear()


def _keep(target: Path, backup: Path) -> None:
    """Keep the old ``target`` whole under the name ``backup``."""
    try:
        os.link(target, backup)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        shutil.copy2(target, backup)  # a file system without hard links


_CURRENT: list[OutputSet] = []


@contextlib.contextmanager
def output_set() -> Iterator[OutputSet]:
    """Write every file of the block as one set: :func:`write_atomically`
    calls inside it only stage their file; on leaving the block all files
    are renamed into place together, and on an error none is.

    Sets nest: an inner block joins the outer set.
    """
    if _CURRENT:
        yield _CURRENT[-1]
        return
    files = OutputSet()
    _CURRENT.append(files)
    try:
        yield files
    except BaseException:
        files.discard()
        raise
    finally:
        _CURRENT.pop()
    files.commit()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so a
    failure never leaves a half-written file behind (and an earlier version of
    the file stays whole). The file gets ordinary permissions (0666 less the
    umask), not the private ones of a temporary file. Inside
    :func:`output_set` the file joins the set, written with the others."""
    with output_set() as files:
        files.stage(Path(path), text)
