"""``import-attendance``: attendance files into a data directory.

Each row is matched to a known organisation (name and place) and person
(e-mail, name, organisation); it gets the decision ``matched``, ``new`` or
``review``. Matched and new rows become attendances; review rows are left
out and written to a review file. Everything (data files, side tables,
audit, review file) is written as one set after the directory as it would
be has been validated, so an import either completes or writes nothing.
Re-importing a file adds nothing: its rows match the records the first
import created.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.intake.datadir import INTAKE_DIR, DataDir
from coopgraph.intake.layouts import SourceRow, read_attendance_file
from coopgraph.intake.matching import (
    ORG_MATCH,
    Linker,
    Org,
    OrgMatch,
    Person,
    PersonMatch,
    departement_index,
    org_similarity,
)
from coopgraph.intake.messages import message
from coopgraph.intake.normalise import (
    CIVILITIES,
    commune_key,
    fold,
    name_key,
    name_tokens,
    normalise_email,
    org_key,
    slug,
)
from coopgraph.intake.privacy import email_hash
from coopgraph.intake.review import (
    IMPORT_COLUMNS,
    Decision,
    read_decisions,
    review_csv,
    review_xlsx,
)
from coopgraph.model import MEETING_FORMATS, MEETING_SCALES

UNKNOWN_INSTITUTION = "inst-non-renseignee"
_NO_CITE_KINDS = frozenset({"crpv", "anct", "research", "prefecture"})


@dataclass
class MeetingSpec:
    """The meeting the attendance belongs to: an existing id, or the
    description of a meeting to create (found again by date and title)."""

    id: str | None = None
    title: str | None = None
    date: str | None = None
    scale: str | None = None
    organisers: tuple[str, ...] = ()
    format: str | None = None
    themes: tuple[str, ...] = ()


@dataclass
class Outcome:
    row: SourceRow
    key: str
    decision: str
    kind: str  # "actor" or "institution": what the decision is about
    score: float | None
    reasons: list[tuple[str, dict]]
    actor_id: str | None = None
    institution_id: str | None = None
    cite_id: str | None = None
    candidate_id: str | None = None
    candidate_name: str | None = None
    candidate_organisation: str | None = None

    def reason_text(self) -> str:
        return "; ".join(message(k, **v) for k, v in self.reasons)


@dataclass
class FileSummary:
    path: Path
    layout: str
    rows: int
    counts: dict[str, int]


@dataclass
class ImportResult:
    meeting_id: str
    files: list[FileSummary]
    outcomes: list[Outcome]
    written: list[Path]
    review_files: tuple[Path, Path] | None
    new_actors: int = 0
    new_institutions: int = 0
    new_attendance: int = 0
    meeting_created: bool = False
    extra: dict = field(default_factory=dict)


def row_key(row: SourceRow) -> str:
    """A stable key of a source row for review decisions: its file name and
    normalised content, not its line (a re-export may shift lines)."""
    f = row.fields
    text = "|".join(
        [
            row.file,
            name_key(row.full_name),
            org_key(f.get("organisation", "")),
            commune_key(f.get("commune")),
            normalise_email(f.get("email")) or "",
        ]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def display_name(row: SourceRow) -> str:
    """The person's name as it will be stored: civility dropped, words typed
    in capitals given ordinary case, "Prénom Nom" when the columns are split.

    >>> display_name(SourceRow("f", 2, {"first_name": "marie", "last_name": "DUPONT"}))
    'Marie Dupont'
    >>> display_name(SourceRow("f", 2, {"name": "Mme Jeanne LE GALL"}))
    'Jeanne Le Gall'
    """
    f = row.fields
    if f.get("first_name") or f.get("last_name"):
        words = f"{f.get('first_name', '')} {f.get('last_name', '')}".split()
    else:
        words = f.get("name", "").split()
    while len(words) > 1 and fold(words[0]).strip(".") in CIVILITIES:
        words = words[1:]
    out = []
    for word in words:
        if word.isupper() or word.islower():
            word = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
        out.append(word)
    return " ".join(out)


_KINDS: tuple[tuple[str, str], ...] = (
    (r"\bprefecture\b|\bsous prefecture\b|\bdelegue du prefet\b", "prefecture"),
    (r"\bcrpv\b|centre de ressources|\bcr csur\b", "crpv"),
    (r"\banct\b|agence nationale de la cohesion", "anct"),
    (
        r"\bdsden\b|\brectorat\b|\bcollege\b|\blycee\b|\becole\b|education nationale|"
        r"\binspection\b|\bacademie\b|\bcasnav\b|\brep\b",
        "education",
    ),
    (r"universite|laboratoire|\bcnrs\b|\binserm\b|recherche|\binstitut\b", "research"),
    (
        r"\bville\b|\bmairie\b|\bcommune\b|metropole|agglomeration|communaute|"
        r"conseil departemental|conseil regional|\bdepartement\b|\bregion\b|\bccas\b|\bepci\b|"
        r"\bcaf\b",
        "collectivite",
    ),
    (
        r"association|\basso\b|centre social|maison de quartier|\bmjc\b|\bfederation\b|"
        r"\bclub\b|\bligue\b|amicale",
        "association",
    ),
)


def guess_kind(name: str) -> str:
    """The institution kind suggested by a name.

    >>> guess_kind("Mairie de Rennes"), guess_kind("Collège Jean Moulin"), guess_kind("Les Amis")
    ('collectivite', 'education', 'other')
    """
    text = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    for pattern, kind in _KINDS:
        if re.search(pattern, text):
            return kind
    return "other"


class Importer:
    """One import into one data directory."""

    def __init__(
        self,
        data: DataDir,
        *,
        keep_emails: bool = False,
        hash_key: str | None = None,
        decisions: dict[str, Decision] | None = None,
        pseudonymise: bool = False,
    ) -> None:
        self.data = data
        self.keep_emails = keep_emails
        self.hash_key = hash_key
        self.decisions = decisions or {}
        self.pseudonymise = pseudonymise
        t = data.tables
        self.cites = t["cites"].rows
        self.actors = t["actors"]
        self.institutions = t["institutions"]
        self.meetings = t["meetings"]
        self.attendance = t["attendance"]
        self.aliases = {
            r["old_id"]: r["new_id"] for r in data.sidecars["aliases"].rows if r.get("old_id")
        }
        self.places = {
            self.resolve(r["institution_id"]): r["commune"]
            for r in data.sidecars["places"].rows
            if r.get("institution_id") and r.get("commune")
        }
        self.institution_rows = {r["institution_id"]: r for r in self.institutions.rows}
        self.actor_rows = {r["actor_id"]: r for r in self.actors.rows}
        self.attended = {(r["meeting_id"], r["actor_id"]) for r in self.attendance.rows}
        self.identities = {
            (self.resolve(r["actor_id"]), r["email_hash"]) for r in data.sidecars["identities"].rows
        }
        pairs: list[tuple[str, str]] = []
        for cite in self.cites:
            names = (cite.get("commune") or "").split(";")
            codes = (cite.get("insee_commune") or "").split(";")
            pairs.extend(zip(names, codes, strict=False))
        self.cites_by_commune: dict[str, list[str]] = {}
        for cite in self.cites:
            for name in (cite.get("commune") or "").split(";"):
                if name.strip():
                    self.cites_by_commune.setdefault(commune_key(name), []).append(cite["cite_id"])
        self.governed: dict[str, set[str]] = {}
        for row in data.tables["governance"].rows:
            self.governed.setdefault(row.get("institution_id", ""), set()).add(row["cite_id"])
        self.linker = Linker(
            orgs=[self._org(r) for r in self.institutions.rows],
            commune_departements=departement_index(pairs),
        )
        emails: dict[str, set[str]] = {}
        for actor_id, hashed in self.identities:
            emails.setdefault(actor_id, set()).add(hashed)
        for row in self.actors.rows:
            self.linker.add_person(self._person(row, emails.get(row["actor_id"], set())))
        for row in data.sidecars["names"].rows:
            actor_id = self.resolve(row.get("actor_id", ""))
            if actor_id in self.linker.people and row.get("name"):
                self.linker.add_variant(actor_id, row["name"])
        self.linker.placeholders.add(UNKNOWN_INSTITUTION)
        self.new_actors = self.new_institutions = self.new_attendance = 0
        self._row_has_place = False

    # ------------------------------------------------------------ records

    def resolve(self, record_id: str) -> str:
        seen = set()
        while record_id in self.aliases and record_id not in seen:
            seen.add(record_id)
            record_id = self.aliases[record_id]
        return record_id

    def _org(self, row: dict[str, str]) -> Org:
        deps = tuple(d.strip() for d in (row.get("departement") or "").split(";") if d.strip())
        try:
            deps = tuple(geo.resolve_departement(d) for d in deps)
        except (KeyError, ValueError):
            pass
        return Org(
            row["institution_id"],
            row.get("name", ""),
            row.get("kind", ""),
            org_key(row.get("name", "")),
            commune_key(self.places.get(row["institution_id"])),
            deps,
        )

    def _person(self, row: dict[str, str], emails: set[str]) -> Person:
        name = row.get("name", "")
        return Person(
            row["actor_id"],
            name,
            row.get("institution_id", ""),
            name_key(name),
            name_tokens(name),
            set(emails),
        )

    # ------------------------------------------------------------ meeting

    def meeting(self, spec: MeetingSpec) -> tuple[str, bool]:
        ids = {r["meeting_id"] for r in self.meetings.rows}
        if spec.id:
            meeting_id = self.resolve(spec.id)
            if meeting_id not in ids:
                raise InputError(message("err.meeting_unknown", meeting=spec.id))
            return meeting_id, False
        for option, value in (
            ("--title", spec.title),
            ("--date", spec.date),
            ("--scale", spec.scale),
            ("--organiser", spec.organisers),
        ):
            if not value:
                raise InputError(
                    message("err.meeting_field", option=option)
                    if spec.title or spec.date
                    else message("err.meeting_missing")
                )
        assert spec.title and spec.date and spec.scale
        try:
            day = date.fromisoformat(spec.date)
        except ValueError:
            raise InputError(message("err.date", value=spec.date)) from None
        if spec.scale not in MEETING_SCALES or (spec.format and spec.format not in MEETING_FORMATS):
            raise InputError(message("err.meeting_field", option="--scale/--format"))
        organisers = tuple(self.resolve(o) for o in spec.organisers)
        for organiser in organisers:
            if organiser not in self.institution_rows:
                raise InputError(message("err.organiser", organiser=organiser))
        title_key = " ".join(fold(spec.title).split())
        for row in self.meetings.rows:
            if row.get("date") == day.isoformat() and " ".join(fold(row["title"]).split()) == (
                title_key
            ):
                return row["meeting_id"], False
        prefix = f"mtg-{day.year}-"
        numbers = [
            int(m["meeting_id"][len(prefix) :])
            for m in self.meetings.rows
            if m["meeting_id"].startswith(prefix) and m["meeting_id"][len(prefix) :].isdigit()
        ]
        meeting_id = f"{prefix}{max(numbers, default=0) + 1:03d}"
        self.meetings.append(
            {
                "meeting_id": meeting_id,
                "date": day.isoformat(),
                "title": spec.title.strip(),
                "format": spec.format or "",
                "scale": spec.scale,
                "organiser_ids": ";".join(organisers),
                "themes": ";".join(spec.themes),
            }
        )
        return meeting_id, True

    # ------------------------------------------------------------ rows

    def process(self, row: SourceRow, meeting_id: str) -> Outcome:
        f = row.fields
        key = row_key(row)
        decision = self.decisions.get(key)
        org_text = f.get("organisation")
        email = normalise_email(f.get("email"))
        hashed = email_hash(email, self.hash_key) if email else None
        om = self.linker.match_org(org_text, f.get("commune"), f.get("postcode"))
        self._row_has_place = bool(f.get("commune") or f.get("postcode"))
        if decision and decision.kind == "institution":
            om = self._decided_org(om, decision)
        if om.decision == "review":
            assert om.org is not None
            return Outcome(
                row,
                key,
                "review",
                "institution",
                om.score,
                om.reasons,
                candidate_id=om.org.id,
                candidate_name=om.org.name,
            )
        pm = self.linker.match_person(row.full_name, hashed, om, org_text)
        if decision and decision.kind == "actor":
            pm = self._decided_person(pm, decision)
        if pm.decision == "review":
            assert pm.person is not None
            theirs = self.institution_rows.get(pm.person.institution_id, {})
            return Outcome(
                row,
                key,
                "review",
                "actor",
                pm.score,
                pm.reasons,
                candidate_id=pm.person.id,
                candidate_name=pm.person.name,
                candidate_organisation=theirs.get("name"),
            )
        if pm.decision == "matched":
            assert pm.person is not None
            actor_id = pm.person.id
            actor = self.actor_rows[actor_id]
            if self._placeless(actor["institution_id"], om, org_text):
                # first met without an organisation, or with a generic one
                # and no place: this row tells which
                actor["institution_id"] = self._institution_for(om, org_text, f)
                actor["cite_id"] = self._cite_for(actor["institution_id"], f.get("commune")) or ""
                pm.person.institution_id = actor["institution_id"]
            institution_id, cite_id = actor["institution_id"], actor.get("cite_id") or None
            spelling = display_name(row)
            if self.linker.add_variant(actor_id, spelling):
                self.data.sidecars["names"].append({"actor_id": actor_id, "name": spelling})
        else:
            institution_id = self._institution_for(om, org_text, f)
            cite_id = self._cite_for(institution_id, f.get("commune"))
            actor_id = self._new_actor(row, institution_id, cite_id)
        if hashed and (actor_id, hashed) not in self.identities:
            self.identities.add((actor_id, hashed))
            self.data.sidecars["identities"].append(
                {
                    "actor_id": actor_id,
                    "email_hash": hashed,
                    "email": (email or "") if self.keep_emails else "",
                }
            )
            self.linker.add_email(actor_id, hashed)
        if (meeting_id, actor_id) not in self.attended:
            self.attended.add((meeting_id, actor_id))
            self.attendance.append({"meeting_id": meeting_id, "actor_id": actor_id})
            self.new_attendance += 1
        reasons = pm.reasons if pm.decision == "matched" else [*om.reasons, *pm.reasons]
        return Outcome(
            row,
            key,
            pm.decision,
            "actor",
            pm.score if pm.decision == "matched" else None,
            reasons,
            actor_id=actor_id,
            institution_id=institution_id,
            cite_id=cite_id,
        )

    def _placeless(self, institution_id: str, om: OrgMatch, org_text: str | None) -> bool:
        """Whether a matched person's institution is a stand-in that this
        row's organisation, known with its place, should replace."""
        if om.decision not in ("matched", "new") or not org_text:
            return False
        if institution_id == UNKNOWN_INSTITUTION:
            return True
        if om.place != "same" and om.decision == "matched":
            return False
        if om.decision == "new" and not (om.org is None and self._row_has_place):
            return False
        current = self.linker.orgs.get(institution_id)
        if current is None or current.commune or current.departements:
            return False
        if om.org is not None and om.org.id == institution_id:
            return False
        return org_similarity(org_key(org_text), current.key) >= ORG_MATCH

    def _decided_org(self, om: OrgMatch, decision: Decision) -> OrgMatch:
        if decision.accept and decision.candidate_id:
            org = self.linker.orgs.get(self.resolve(decision.candidate_id))
            if org is not None:
                return OrgMatch("matched", org, om.score, [("reason.decision_accept", {})], "same")
        if not decision.accept:
            return OrgMatch("new", None, om.score, [("reason.decision_reject", {})], om.place)
        return om

    def _decided_person(self, pm: PersonMatch, decision: Decision) -> PersonMatch:
        if decision.accept and decision.candidate_id:
            person = self.linker.people.get(self.resolve(decision.candidate_id))
            if person is not None:
                return PersonMatch(
                    "matched", person, pm.weight, [*pm.reasons, ("reason.decision_accept", {})]
                )
        if not decision.accept:
            return PersonMatch(
                "new", None, pm.weight, [*pm.reasons, ("reason.decision_reject", {})]
            )
        return pm

    def _institution_for(self, om: OrgMatch, org_text: str | None, f: dict[str, str]) -> str:
        if om.decision == "matched" and om.org is not None:
            return om.org.id
        if om.decision == "none" or not org_text:
            if UNKNOWN_INSTITUTION not in self.institution_rows:
                self._add_institution(
                    UNKNOWN_INSTITUTION, "Organisation non renseignée", "other", None, None
                )
            return UNKNOWN_INSTITUTION
        commune = f.get("commune")
        dep = self.linker.departement_of(commune_key(commune), f.get("postcode"))
        base = f"inst-{slug(org_text)}"
        institution_id = base
        if institution_id in self.institution_rows and commune:
            institution_id = f"{base}-{slug(commune, 20)}"
        number = 2
        while institution_id in self.institution_rows:
            institution_id = f"{base}-{number}"
            number += 1
        self._add_institution(institution_id, org_text.strip(), guess_kind(org_text), dep, commune)
        return institution_id

    def _add_institution(
        self, institution_id: str, name: str, kind: str, dep: str | None, commune: str | None
    ) -> None:
        region = ""
        if dep:
            try:
                region = geo.region_of_departement(dep)
            except (KeyError, ValueError):
                dep = None
        row = {
            "institution_id": institution_id,
            "name": name,
            "kind": kind,
            "region": region,
            "departement": dep or "",
        }
        self.institutions.append(row)
        self.institution_rows[institution_id] = self.institutions.rows[-1]
        if commune:
            self.places[institution_id] = commune
            self.data.sidecars["places"].append(
                {"institution_id": institution_id, "commune": commune}
            )
        self.linker.add_org(self._org(self.institutions.rows[-1]))
        self.new_institutions += 1

    def _cite_for(self, institution_id: str, commune: str | None) -> str | None:
        kind = self.institution_rows.get(institution_id, {}).get("kind")
        if kind in _NO_CITE_KINDS or institution_id == UNKNOWN_INSTITUTION:
            return None
        for place in (commune, self.places.get(institution_id)):
            cites = self.cites_by_commune.get(commune_key(place), []) if place else []
            if len(cites) == 1:
                return cites[0]
        governed = self.governed.get(institution_id, set())
        return next(iter(governed)) if len(governed) == 1 else None

    def _new_actor(self, row: SourceRow, institution_id: str, cite_id: str | None) -> str:
        numbers = [int(a[4:]) for a in self.actor_rows if a.startswith("act-") and a[4:].isdigit()]
        actor_id = f"act-{max(numbers, default=0) + 1:04d}"
        values = {
            "actor_id": actor_id,
            "name": display_name(row),
            "institution_id": institution_id,
            "role": (row.fields.get("role") or "").strip().lower(),
            "cite_id": cite_id or "",
        }
        self.actors.append(values)
        self.actor_rows[actor_id] = self.actors.rows[-1]
        self.linker.add_person(self._person(self.actors.rows[-1], set()))
        self.new_actors += 1
        return actor_id


def _review_rows(outcomes: list[Outcome], pseudonymise: bool) -> list[dict[str, object]]:
    from coopgraph.reports.privacy import pseudonym

    rows = []
    for o in outcomes:
        if o.decision != "review":
            continue
        f = o.row.fields
        name = o.row.full_name
        candidate = o.candidate_name
        if pseudonymise:
            name = pseudonym(f"row:{o.key}")
            if o.kind == "actor" and o.candidate_id:
                candidate = pseudonym(o.candidate_id)
        rows.append(
            {
                "key": o.key,
                "kind": message(f"kind.{o.kind}"),
                "file": o.row.file,
                "line": o.row.line,
                "name": name,
                "organisation": f.get("organisation"),
                "commune": f.get("commune"),
                "candidate_id": o.candidate_id,
                "candidate_name": candidate,
                "candidate_organisation": o.candidate_organisation,
                "score": o.score,
                "reasons": o.reason_text(),
                "decision": "",
            }
        )
    return rows


def import_attendance(
    data: Path | str,
    files: list[Path | str],
    meeting: MeetingSpec,
    *,
    columns: dict[str, str] | None = None,
    decisions: Path | str | None = None,
    keep_emails: bool = False,
    pseudonymise: bool = False,
    hash_key: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import attendance files into the data directory ``data``.

    Returns what happened to every row; writes nothing when ``dry_run``.
    """
    directory = DataDir.open(data)
    read = [read_attendance_file(Path(f), columns) for f in files]
    importer = Importer(
        directory,
        keep_emails=keep_emails,
        hash_key=hash_key,
        decisions=read_decisions(decisions) if decisions else None,
        pseudonymise=pseudonymise,
    )
    meeting_id, created = importer.meeting(meeting)
    outcomes: list[Outcome] = []
    summaries = []
    for attendance_file in read:
        file_outcomes = [importer.process(row, meeting_id) for row in attendance_file.rows]
        counts = {
            d: sum(o.decision == d for o in file_outcomes) for d in ("matched", "new", "review")
        }
        summaries.append(
            FileSummary(attendance_file.path, attendance_file.layout, len(file_outcomes), counts)
        )
        outcomes.extend(file_outcomes)
    audit = directory.sidecars["audit"]
    for o in outcomes:
        audit.append(
            {
                "source_file": o.row.file,
                "source_row": str(o.row.line),
                "decision": o.decision,
                "score": "" if o.score is None else f"{o.score:.3f}",
                "actor_id": o.actor_id or "",
                "institution_id": o.institution_id or "",
                "cite_id": o.cite_id or "",
                "reason": o.reason_text(),
                "meeting_id": meeting_id,
            }
        )
    review_rows = _review_rows(outcomes, pseudonymise)
    base = directory.path / INTAKE_DIR / f"review-{meeting_id}"
    review_paths = (base.with_suffix(".csv"), base.with_suffix(".xlsx"))
    extra: dict[Path, str | bytes] = {}
    remove: list[Path] = []
    if review_rows:
        extra[review_paths[0]] = review_csv(IMPORT_COLUMNS, review_rows)
        extra[review_paths[1]] = review_xlsx(IMPORT_COLUMNS, review_rows)
    else:
        remove = [p for p in review_paths if p.exists()]
    written: list[Path] = []
    nothing_new = not (importer.new_attendance or importer.new_actors or created)
    if not dry_run:
        if nothing_new and not review_rows and not remove and not decisions:
            written = []  # a re-import: leave every file as it is, audit included
        else:
            written = directory.validate_and_commit(extra, remove)
    return ImportResult(
        meeting_id,
        summaries,
        outcomes,
        written,
        review_paths if review_rows else None,
        importer.new_actors,
        importer.new_institutions,
        importer.new_attendance,
        created,
    )
