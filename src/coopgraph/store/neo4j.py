"""The shared graph in a Neo4j server: loading a Dataset, reading it back, and
running the named read queries of ``cypher/``.

The store is handed a driver and never builds one itself; :func:`connect`
builds (and checks) one. Every query comes from a ``.cypher`` file (see
:mod:`coopgraph.store.queries`) and every value goes in as a parameter.
The graph model is documented in ``cypher/README.md``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from coopgraph import geo
from coopgraph.errors import CoopgraphError, InputError, StoreError
from coopgraph.io.messages import say
from coopgraph.model import (
    Actor,
    Attendance,
    Cite,
    Dataset,
    Governance,
    Institution,
    Meeting,
    Support,
)
from coopgraph.store.queries import Query, query

#: Node labels of the coopgraph graph (``:CRPV`` is an extra label on some
#: institutions). Every node coopgraph writes also carries :data:`SCOPE`, and
#: every read, count and wipe requires it, so that another application's
#: ``:Actor`` or ``:Region`` nodes in a shared database are never read or wiped.
LABELS = ("Cite", "Institution", "Actor", "Meeting", "Region", "Departement", "Theme")
SCOPE = "Coopgraph"

#: Uniqueness constraints of coopgraph 0.x (unscoped, on ``id`` alone).
LEGACY_CONSTRAINTS = tuple(f"coopgraph_{label.lower()}_id" for label in LABELS)

#: URI schemes of the Bolt protocol, the only one coopgraph speaks.
URI_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

#: Bounds on waiting for a server that went away: a load fails within about
#: this long with one line saying so, instead of retrying for half a minute.
DRIVER_TIMEOUTS = {
    "connection_timeout": 5.0,
    "connection_acquisition_timeout": 15.0,
    "max_transaction_retry_time": 8.0,
}

#: Rows sent per write transaction.
DEFAULT_BATCH_SIZE = 10_000


def safe_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part and with the values of
    its query string hidden, fit for messages.

    >>> safe_uri("neo4j://alice:s3cret@db.example:7687")
    'neo4j://db.example:7687'
    >>> safe_uri("neo4j://db.example:7687?region=eu&password=s3cret")
    'neo4j://db.example:7687?region=***&password=***'
    """
    try:
        parts = urlsplit(uri)
        host = parts.netloc.rpartition("@")[2]
        query = "&".join(f"{item.partition('=')[0]}=***" for item in parts.query.split("&") if item)
    except ValueError:
        return "<invalid URI>"
    return urlunsplit((parts.scheme, host, parts.path, query, ""))


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret (password, raw URI) replaced by ``***``.

    >>> redact("failed for neo4j://u:pw@h?x=pw", "neo4j://u:pw@h?x=pw", "pw")
    'failed for ***'
    """
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _quiet_driver_logs() -> None:
    """The driver logs every retry as a warning; with no logging configured,
    Python would print each one. The one-line error says what happened."""
    import logging

    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def connect(uri: str, user: str, password: str, **config: Any):
    """A driver for the Neo4j server at ``uri``, checked: the server answers
    and accepts the credentials. Failures become one-line ``StoreError``s
    that never contain the password or a secret of the URI."""
    import neo4j

    where = safe_uri(uri)
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme and scheme not in URI_SCHEMES:
        schemes = ", ".join(f"{s}://" for s in URI_SCHEMES)
        raise StoreError(say("neo4j.scheme", where=where, scheme=scheme, schemes=schemes))
    _quiet_driver_logs()
    try:
        # Notifications (deprecations, unknown labels) are for query authors,
        # not for the people running coopgraph.
        config.setdefault("notifications_min_severity", "OFF")
        for key, value in DRIVER_TIMEOUTS.items():
            config.setdefault(key, value)
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), **config)
    except (ValueError, neo4j.exceptions.ConfigurationError, ImportError):
        # The driver's own message quotes the whole URI, password included.
        key = "neo4j.uri_secret" if "@" in uri or "?" in uri else "neo4j.uri_form"
        raise StoreError(say(key, where=where)) from None
    try:
        secrets = (uri if uri != where else None, password)
        with _translated_errors(where, None, user, secrets=secrets):
            driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    return driver


@contextlib.contextmanager
def _translated_errors(
    where: str,
    database: str | None,
    user: str | None = None,
    secrets: tuple[str | None, ...] = (),
) -> Iterator[None]:
    """Turn the driver's exceptions into one clear ``StoreError`` line, with
    every secret redacted."""
    try:
        with _translated(where, database, user):
            yield
    except StoreError as exc:
        message = redact(str(exc), *secrets)
        if message != str(exc):
            raise StoreError(message) from None
        raise


@contextlib.contextmanager
def _translated(where: str, database: str | None, user: str | None = None) -> Iterator[None]:
    from neo4j import exceptions as ne

    try:
        yield
    except CoopgraphError:
        raise
    except ne.AuthError:
        who = say("neo4j.auth_user", user=user) if user else ""
        raise StoreError(say("neo4j.auth", where=where, who=who)) from None
    except (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit) as exc:
        raise StoreError(say("neo4j.gone", where=where, detail=_first_line(exc))) from None
    except ne.Neo4jError as exc:
        code = getattr(exc, "code", None) or ""
        if code.endswith("AuthenticationRateLimit"):
            raise StoreError(say("neo4j.locked", where=where)) from None
        if code.endswith("DatabaseNotFound"):
            raise StoreError(say("neo4j.no_database", where=where, database=database)) from None
        if (
            code.endswith("ForbiddenDueToTransactionType")
            or code.endswith("AccessMode")
            or ".ClientError." in code
        ):
            raise StoreError(say("neo4j.refused", detail=_first_line(exc))) from None
        detail = f"{code} {_first_line(exc)}"
        raise StoreError(say("neo4j.failed", where=where, detail=detail)) from None
    except ne.DriverError as exc:
        raise StoreError(say("neo4j.failed", where=where, detail=_first_line(exc))) from None
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise StoreError(say("neo4j.unreachable", where=where, detail=detail)) from None


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__


# ---------------------------------------------------------------- loading plan


@dataclass(frozen=True)
class Step:
    """One batched write: a ``load/`` query and the rows it takes; ``what``
    names the label or relationship type it creates, ``kind`` says which."""

    what: str
    kind: str  # "nodes" or "relationships"
    query_name: str
    rows: list


def load_plan(ds: Dataset) -> list[Step]:
    """The writes that put a Dataset into the graph, nodes before the
    relationships that join them. Pure: no server needed.

    >>> from coopgraph.model import Cite
    >>> plan = load_plan(Dataset(cites=(Cite("c1", "Allonnes", "52", "72"),)))
    >>> [(s.query_name, len(s.rows)) for s in plan if s.what in ("Cite", "IN_REGION")]
    [('load/cites', 1), ('load/departement_regions', 101), ('load/cite_regions', 1)]
    """
    region_codes = set(geo.REGIONS)
    region_codes.update(c.region for c in ds.cites)
    region_codes.update(r for i in ds.institutions for r in i.regions)
    dep_codes = set(geo.DEPARTEMENTS)
    dep_codes.update(c.departement for c in ds.cites if c.departement)
    dep_codes.update(d for i in ds.institutions for d in i.departements)
    themes = sorted({t for m in ds.meetings for t in m.themes})

    def by_rank(pairs):
        return [[owner, item, rank] for owner, items in pairs for rank, item in enumerate(items)]

    return [
        Step(
            "Region",
            "nodes",
            "load/regions",
            [
                {"id": code, "name": _place_name(code, geo.region_name)}
                for code in sorted(region_codes)
            ],
        ),
        Step(
            "Departement",
            "nodes",
            "load/departements",
            [
                {"id": code, "name": _place_name(code, geo.departement_name)}
                for code in sorted(dep_codes)
            ],
        ),
        Step("Theme", "nodes", "load/themes", themes),
        Step(
            "Cite",
            "nodes",
            "load/cites",
            [
                {
                    "id": c.id,
                    "props": {
                        "name": c.name,
                        "communes": list(c.communes),
                        "insee_communes": list(c.insee_communes),
                        "wave": c.wave,
                        "lat": c.lat,
                        "lon": c.lon,
                    },
                }
                for c in ds.cites
            ],
        ),
        Step(
            "Institution",
            "nodes",
            "load/institutions",
            [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "props": {"name": i.name, "kind": i.kind, "lat": i.lat, "lon": i.lon},
                }
                for i in ds.institutions
            ],
        ),
        Step(
            "Actor",
            "nodes",
            "load/actors",
            [{"id": a.id, "props": {"name": a.name, "role": a.role}} for a in ds.actors],
        ),
        Step(
            "Meeting",
            "nodes",
            "load/meetings",
            [
                {
                    "id": m.id,
                    "props": {
                        "date": m.date,
                        "title": m.title,
                        "format": m.format,
                        "scale": m.scale,
                    },
                }
                for m in ds.meetings
            ],
        ),
        Step(
            "BORDERS",
            "relationships",
            "load/region_borders",
            sorted(sorted(pair) for pair in geo.REGION_BORDERS),
        ),
        Step(
            "IN_REGION",
            "relationships",
            "load/departement_regions",
            [
                [code, geo.DEPARTEMENTS[code][1]]
                for code in sorted(dep_codes)
                if code in geo.DEPARTEMENTS
            ],
        ),
        Step(
            "IN_REGION", "relationships", "load/cite_regions", [[c.id, c.region] for c in ds.cites]
        ),
        Step(
            "LOCATED_IN",
            "relationships",
            "load/cite_departements",
            [[c.id, c.departement] for c in ds.cites if c.departement],
        ),
        Step(
            "COVERS",
            "relationships",
            "load/institution_regions",
            by_rank((i.id, i.regions) for i in ds.institutions),
        ),
        Step(
            "COVERS",
            "relationships",
            "load/institution_departements",
            by_rank((i.id, i.departements) for i in ds.institutions),
        ),
        Step(
            "AFFILIATED_TO",
            "relationships",
            "load/actor_institutions",
            [[a.id, a.institution_id] for a in ds.actors],
        ),
        Step(
            "WORKS_FOR",
            "relationships",
            "load/actor_cites",
            [[a.id, a.cite_id] for a in ds.actors if a.cite_id],
        ),
        Step(
            "ORGANISED",
            "relationships",
            "load/meeting_organisers",
            [
                [org, m, rank]
                for m, org_ids in ((m.id, m.organiser_ids) for m in ds.meetings)
                for rank, org in enumerate(org_ids)
            ],
        ),
        Step(
            "ABOUT",
            "relationships",
            "load/meeting_themes",
            by_rank((m.id, m.themes) for m in ds.meetings),
        ),
        Step(
            "GOVERNS",
            "relationships",
            "load/governance",
            [[g.institution_id, g.cite_id, g.role] for g in ds.governance],
        ),
        Step(
            "SUPPORTS",
            "relationships",
            "load/support",
            [
                {
                    "crpv_id": s.crpv_id,
                    "cite_id": s.cite_id,
                    "props": {"since": s.since, "kind": s.kind},
                }
                for s in ds.support
            ],
        ),
        Step(
            "ATTENDED",
            "relationships",
            "load/attendance",
            [[a.meeting_id, a.actor_id] for a in ds.attendance],
        ),
    ]


def _place_name(code: str, name_of: Callable[[str], str]) -> str:
    try:
        return name_of(code)
    except Exception:  # an overseas collectivity named by neither table
        return geo.OVERSEAS_COLLECTIVITIES.get(code, code)


@dataclass
class LoadReport:
    """What a load wrote: per label / relationship type, the rows sent and
    how many nodes or relationships were created (the rest were already there)."""

    rows: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    wiped: int = 0

    def add(self, step: Step, rows: int, created: int) -> None:
        self.kinds[step.what] = step.kind
        self.rows[step.what] = self.rows.get(step.what, 0) + rows
        self.created[step.what] = self.created.get(step.what, 0) + created

    def already_there(self, what: str) -> int:
        return self.rows[what] - self.created[what]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


# ---------------------------------------------------------------- intake changes


class GraphConflict(StoreError):
    """An intake commit created a node whose id another commit took
    meanwhile: nothing was written; import again on the graph as it is now."""


class IncompleteChange(StoreError):
    """A row of an intake commit named a node the graph does not have:
    nothing was written."""


@dataclass(frozen=True)
class GraphChange:
    """What one intake commit adds to the graph: new meetings, institutions
    and people, known people given an institution or cité, and attendance.
    Written by :meth:`Neo4jStore.write_change` in one transaction."""

    meetings: tuple[Meeting, ...] = ()
    institutions: tuple[Institution, ...] = ()
    actors: tuple[Actor, ...] = ()
    relinked: tuple[Actor, ...] = ()
    attendance: tuple[Attendance, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.meetings or self.institutions or self.actors or self.relinked or self.attendance
        )

    def counts(self) -> dict[str, int]:
        return {
            "meetings": len(self.meetings),
            "institutions": len(self.institutions),
            "actors": len(self.actors),
            "relinked": len(self.relinked),
            "attendance": len(self.attendance),
        }


def change_plan(change: GraphChange) -> list[Step]:
    """The writes of one intake commit, nodes before the relationships that
    join them. Nodes are created, not merged (an id taken meanwhile fails
    the transaction); the ``intake/`` queries return how many rows found
    their nodes, which must be all of them. Pure: no server needed.

    >>> from datetime import date
    >>> plan = change_plan(GraphChange(
    ...     meetings=(Meeting("m", date(2024, 1, 2), "Club", organiser_ids=("k",)),),
    ...     attendance=(Attendance("m", "a"),)))
    >>> [(s.query_name, s.rows) for s in plan if s.rows]  # doctest: +NORMALIZE_WHITESPACE
    [('intake/meetings', [{'id': 'm', 'props': {'date': datetime.date(2024, 1, 2),
       'title': 'Club', 'format': None, 'scale': None}}]),
     ('intake/meeting_organisers', [['k', 'm', 0]]),
     ('intake/attendance', [['m', 'a']])]
    """
    nodes = load_plan(
        Dataset(institutions=change.institutions, actors=change.actors, meetings=change.meetings)
    )
    step = {s.query_name: s for s in nodes}
    linked = (*change.actors, *change.relinked)
    themes = sorted({t for m in change.meetings for t in m.themes})
    return [
        Step("Meeting", "nodes", "intake/meetings", step["load/meetings"].rows),
        Step("Institution", "nodes", "intake/institutions", step["load/institutions"].rows),
        Step("Actor", "nodes", "intake/actors", step["load/actors"].rows),
        Step("Theme", "nodes", "load/themes", themes),
        Step(
            "COVERS",
            "relationships",
            "load/institution_regions",
            step["load/institution_regions"].rows,
        ),
        Step(
            "COVERS",
            "relationships",
            "load/institution_departements",
            step["load/institution_departements"].rows,
        ),
        Step(
            "AFFILIATED_TO",
            "relationships",
            "intake/actor_links",
            [
                {"id": a.id, "institution_id": a.institution_id, "cite_id": a.cite_id}
                for a in linked
            ],
        ),
        Step(
            "ORGANISED",
            "relationships",
            "intake/meeting_organisers",
            step["load/meeting_organisers"].rows,
        ),
        Step("ABOUT", "relationships", "load/meeting_themes", step["load/meeting_themes"].rows),
        Step(
            "ATTENDED",
            "relationships",
            "intake/attendance",
            [[a.meeting_id, a.actor_id] for a in change.attendance],
        ),
    ]


# ---------------------------------------------------------------- the store


class Neo4jStore:
    """The coopgraph graph in one database of a Neo4j server.

    Parameters
    ----------
    driver : neo4j.Driver
        A connected driver (see :func:`connect`); the store never builds one.
    database : str
        The database holding the graph (Community edition: ``neo4j``).
    owns_driver : bool
        Close the driver when the store is closed.
    """

    def __init__(self, driver, database: str = "neo4j", *, owns_driver: bool = False):
        self.driver = driver
        self.database = database
        self.owns_driver = owns_driver

    # -- plumbing

    def _where(self) -> str:
        return safe_uri(_driver_uri(self.driver))

    def _errors(self):
        return _translated_errors(self._where(), self.database)

    def _read(self, q: Query | str, params: dict | None = None):
        from neo4j import RoutingControl

        text = query(q).text if isinstance(q, str) else q.text
        with self._errors():
            return self.driver.execute_query(
                text,
                params or {},
                database_=self.database,
                routing_=RoutingControl.READ,
            )

    def _write(self, name: str, /, **params):
        text = query(name).text

        def work(tx):
            return tx.run(text, params).consume().counters

        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _autocommit(self, name: str, /, **params):
        """Queries with ``CALL {...} IN TRANSACTIONS`` must run outside an
        explicit transaction."""
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.run(query(name).text, params).consume()

    # -- schema and writes

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes (``IF NOT EXISTS``),
        after migrating a graph loaded by coopgraph 0.x (see :meth:`migrate`)."""
        from coopgraph.store.queries import all_queries

        self.migrate()
        for name in all_queries():
            if name.startswith("schema/"):
                with self._errors(), self.driver.session(database=self.database) as session:
                    session.run(query(name).text).consume()

    def migrate(self, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
        """Scope a graph loaded before coopgraph labelled its nodes
        :data:`SCOPE`: when the old unscoped constraints are there, the nodes
        with coopgraph's labels (which that version read and wiped as its own)
        get the label, then the old constraints are dropped. Returns the
        number of nodes migrated (0 when there was nothing to do)."""
        found = [
            r["name"]
            for r in self._read(
                "admin/legacy_constraints", {"names": list(LEGACY_CONSTRAINTS)}
            ).records
        ]
        if not found:
            return 0
        migrated = self._autocommit("admin/migrate_legacy", batch=batch_size).counters
        for name in found:
            self._autocommit("admin/drop_constraint", name=name)
        return migrated.labels_added

    def wipe(self, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
        """Delete the coopgraph graph (nodes with coopgraph's labels and their
        relationships) and nothing else; return the number of nodes deleted."""
        summary = self._autocommit("admin/wipe", batch=batch_size)
        return summary.counters.nodes_deleted

    def load(
        self,
        ds: Dataset,
        *,
        replace: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> LoadReport:
        """Merge a Dataset into the graph, in batches of ``batch_size`` rows.

        Idempotent: loading the same data again creates nothing. Incremental:
        new records are added, the others found already there. Interrupted
        loads (server gone) can simply be run again. ``replace`` wipes the
        coopgraph graph first. ``progress`` is called with the number of rows
        of every batch written.
        """
        if batch_size < 1:
            raise InputError("batch size must be at least 1")
        report = LoadReport()
        self.ensure_schema()
        if replace:
            report.wiped = self.wipe()
        plan = load_plan(ds)
        total, written = sum(len(step.rows) for step in plan), 0

        def counted(n: int) -> None:
            nonlocal written
            written += n
            if progress:
                progress(n)

        try:
            for step in plan:
                report.add(step, len(step.rows), self.write_step(step, batch_size, counted))
        except StoreError as exc:
            rows = say("neo4j.rows_written", written=written, total=total)
            raise StoreError(f"{exc} {rows}") from None
        return report

    def write_step(
        self,
        step: Step,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Write one step of a load plan in batches (one write transaction
        each); return the number of nodes or relationships it created."""
        created = 0
        for start in range(0, len(step.rows), batch_size):
            batch = step.rows[start : start + batch_size]
            counters = self._write(step.query_name, rows=batch)
            created += (
                counters.nodes_created if step.kind == "nodes" else counters.relationships_created
            )
            if progress:
                progress(len(batch))
        return created

    def write_change(self, change: GraphChange) -> dict[str, int]:
        """Write one intake commit (:func:`change_plan`) in a single write
        transaction: everything or, when any step fails (an id taken
        meanwhile, a row naming a node that is not there, the server going
        away), nothing. Returns the rows written per query."""
        from neo4j.exceptions import ConstraintError

        plan = [(s, query(s.query_name).text) for s in change_plan(change) if s.rows]

        def work(tx) -> dict[str, int]:
            written: dict[str, int] = {}
            for step, text in plan:
                result = tx.run(text, rows=step.rows)
                if step.query_name.startswith("intake/"):
                    record = result.single(strict=True)
                    if record["written"] != len(step.rows):
                        missing = len(step.rows) - record["written"]
                        raise IncompleteChange(
                            f"{step.query_name}: {missing} of {len(step.rows)} rows name a "
                            "node the graph does not have; nothing was written",
                            key="intake.err.graph_incomplete",
                            query=step.query_name,
                            missing=missing,
                            rows=len(step.rows),
                        )
                    written[step.query_name] = record["written"]
                else:
                    result.consume()
            return written

        with self._errors(), self.driver.session(database=self.database) as session:
            try:
                return session.execute_write(work)
            except ConstraintError as exc:
                raise GraphConflict(
                    f"another import took the same ids meanwhile; nothing was written "
                    f"({_first_line(exc)})",
                    key="intake.err.graph_conflict",
                ) from None

    # -- reads

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type in the coopgraph graph."""
        return {record["name"]: record["n"] for record in self._read("admin/counts").records}

    def read_dataset(self) -> Dataset:
        """The Dataset stored in the graph: the same records the files gave
        (compare with ``Dataset.canonical()``)."""
        cites = tuple(
            Cite(
                id=r["id"],
                name=r["name"],
                region=r["region"],
                departement=r["departement"],
                communes=tuple(r["communes"] or ()),
                insee_communes=tuple(r["insee_communes"] or ()),
                wave=r["wave"],
                lat=r["lat"],
                lon=r["lon"],
            )
            for r in self._read("read/cites").records
        )
        institutions = tuple(
            Institution(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                regions=tuple(r["regions"]),
                departements=tuple(r["departements"]),
                lat=r["lat"],
                lon=r["lon"],
            )
            for r in self._read("read/institutions").records
        )
        actors = tuple(
            Actor(r["id"], r["name"], r["institution_id"], r["role"], r["cite_id"])
            for r in self._read("read/actors").records
        )
        meetings = tuple(
            Meeting(
                r["id"],
                _native(r["date"]),
                r["title"],
                r["format"],
                r["scale"],
                tuple(r["organiser_ids"]),
                tuple(r["themes"]),
            )
            for r in self._read("read/meetings").records
        )
        attendance = tuple(
            Attendance(r["meeting_id"], r["actor_id"])
            for r in self._read("read/attendance").records
        )
        governance = tuple(
            Governance(r["cite_id"], r["institution_id"], r["role"])
            for r in self._read("read/governance").records
        )
        support = tuple(
            Support(r["crpv_id"], r["cite_id"], _native(r["since"]), r["kind"])
            for r in self._read("read/support").records
        )
        return Dataset(cites, institutions, actors, meetings, attendance, governance, support)

    def run_named(self, name: str, params: dict[str, object]):
        """Run a named read query (``cypher/read/<name>.cypher``) in a read
        transaction; returns ``(keys, records)``."""
        try:
            q = query(f"read/{name}")
        except KeyError:
            raise InputError(f"no query named '{name}' (see coopgraph query --list)") from None
        result = self._run_read_only(q.text, q.parameters(params))
        return result

    def run_cypher(self, text: str, params: dict[str, object]):
        """Run ad-hoc Cypher that only reads the graph, in a read transaction.

        The server itself judges the query first: ``EXPLAIN`` (which runs
        nothing) gives its query type and plan, and anything but a plain read
        is refused (see :func:`refusal`): writes, schema and administration
        commands, ``SHOW``/``TERMINATE TRANSACTIONS``, ``LOAD CSV`` and
        procedures outside the read-only part of ``db.*``. Returns
        ``(keys, records)``.
        """

        def explain(tx):
            return tx.run("EXPLAIN " + text, params).consume()

        with (
            self._errors(),
            self.driver.session(database=self.database, default_access_mode="READ") as session,
        ):
            summary = session.execute_read(explain)
        reason = refusal(summary.query_type, summary.plan)
        if reason:
            raise StoreError(say("neo4j.read_only", reason=reason))
        return self._run_read_only(text, params)

    def _run_read_only(self, text: str, params: dict[str, object]):
        def work(tx):
            result = tx.run(text, params)
            records = list(result)
            return result.keys(), records

        with (
            self._errors(),
            self.driver.session(database=self.database, default_access_mode="READ") as session,
        ):
            return session.execute_read(work)

    def describe(self) -> str:
        return f"Neo4j {self._where()} (database {self.database})"

    def close(self) -> None:
        if self.owns_driver:
            self.driver.close()


#: Plan operators refused in ad-hoc queries even when the server calls the
#: query a read: they act on the server, its users or the network.
_REFUSED_OPERATORS = {
    "LoadCSV": "neo4j.load_csv",
    "TerminateTransactions": "TERMINATE TRANSACTIONS",
    "AdministrationCommand": "neo4j.admin",
}
#: Command operators (SHOW TRANSACTIONS, SHOW SETTINGS, CREATE INDEX, ...).
_REFUSED_OPERATOR_PREFIXES = ("Show", "Terminate", "Create", "Drop", "Alter", "Grant", "Revoke")
#: Procedures refused even though they are in the ``db.`` namespace (every
#: procedure outside it, ``dbms.*``, ``apoc.*``, ``tx.*``, ..., is refused too).
DENIED_PROCEDURES = (
    "dbms.",
    "db.clearquerycaches",
    "db.stats.",
    "db.checkpoint",
    "db.create",
    "db.await",
    "db.resample",
    "db.prepareforreplanning",
    "db.index.fulltext.awaiteventuallyconsistentindexrefresh",
    "tx.",
    "apoc.",
    "gds.",
)
_PROCEDURE = re.compile(r"^\s*([\w.]+)\s*\(")


def refusal(query_type: str | None, plan: dict | None) -> str | None:
    """Why an ad-hoc query is not a plain read of the graph, or ``None``.

    ``query_type`` and ``plan`` come from the server's ``EXPLAIN`` of the
    query (the driver's result summary): the type must be ``'r'`` and no
    operator of the plan may act on the server or the network.

    >>> from coopgraph.i18n import use_lang
    >>> use_lang("en")
    >>> refusal("w", None)
    "a write (query type 'w')"
    >>> plan = {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
    ...     {"operatorType": "ProcedureCall@neo4j",
    ...      "args": {"Details": "db.clearQueryCaches() :: (value :: STRING)"}}]}
    >>> refusal("r", plan)
    'the procedure db.clearQueryCaches'
    >>> refusal("r", {"operatorType": "AllNodesScan@neo4j", "args": {}})
    >>> use_lang("fr")
    """
    if query_type != "r":
        kind = say("neo4j.kind_schema" if query_type == "s" else "neo4j.kind_write")
        return say("neo4j.query_type", kind=kind, type=query_type)
    for operator in _operators(plan):
        name = str(operator.get("operatorType", "")).split("@", 1)[0]
        if name in _REFUSED_OPERATORS:
            reason = _REFUSED_OPERATORS[name]
            return say(reason) if reason.startswith("neo4j.") else reason
        if name.startswith(_REFUSED_OPERATOR_PREFIXES):
            return say("neo4j.command", name=name)
        if name == "ProcedureCall":
            details = str((operator.get("args") or {}).get("Details", ""))
            match = _PROCEDURE.match(details)
            procedure = match.group(1) if match else details or "?"
            lowered = procedure.lower()
            if not lowered.startswith("db.") or lowered.startswith(DENIED_PROCEDURES):
                return say("neo4j.procedure", name=procedure)
    return None


def _operators(plan: dict | None) -> Iterator[dict]:
    if not plan:
        return
    yield plan
    for child in plan.get("children") or ():
        yield from _operators(child)


def _driver_uri(driver) -> str:
    """The address a driver talks to (for messages)."""
    try:
        address = driver._pool.address  # bolt:// driver
        return f"bolt://{address[0]}:{address[1]}"
    except Exception:
        return "the Neo4j server"


def _native(value):
    """A Neo4j temporal value as its Python equivalent (``None`` stays)."""
    return value.to_native() if hasattr(value, "to_native") else value
