"""``coopgraph dedupe``: probable duplicates among the actors and the
institutions already in a data directory, with scores and reasons, in the
review format; ``--apply`` merges the accepted pairs (attendance,
affiliations, organisers, governance and support rewritten) and keeps an
alias table so later imports resolve to the merged id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process

from coopgraph.intake.datadir import INTAKE_DIR, DataDir
from coopgraph.intake.importer import Importer
from coopgraph.intake.matching import (
    ORG_MATCH,
    REVIEW_WEIGHT,
    W_NAME,
    W_ORG,
    Linker,
    OrgMatch,
    Person,
    org_similarity,
    score_of,
)
from coopgraph.intake.messages import message
from coopgraph.intake.normalise import PARTICLES
from coopgraph.intake.review import DEDUPE_COLUMNS, read_decisions, review_csv, review_xlsx


@dataclass
class Pair:
    kind: str  # actor | institution
    id_a: str
    name_a: str
    id_b: str
    name_b: str
    score: float
    reasons: list[tuple[str, dict]]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id_a}:{self.id_b}"


def duplicate_pairs(data: DataDir, *, block_by_organisation: bool = True) -> list[Pair]:
    """Probable duplicate pairs, best first.

    Two actors are compared when they share an e-mail address or the first
    three letters of a word of their names (the linker's candidates). With
    ``block_by_organisation`` (the default), a pair is also left out when
    their organisations differ and they share no address: such a pair
    weighs at most ``W_NAME["exact"] + W_ORG["differs"] = 3``, below
    :data:`~coopgraph.intake.matching.REVIEW_WEIGHT`, so the pairs found
    are the same, but each actor meets the namesakes of its own and close
    organisations instead of every "Marie" of the country (national data:
    7.8 million comparisons became about 20,000; see
    ``benchmarks/bench_commands.py``).
    """
    importer = Importer(data)
    linker = importer.linker
    assert W_NAME["exact"] + W_ORG["differs"] < REVIEW_WEIGHT  # what the blocking relies on
    blocks = _blocks_by_organisation(linker) if block_by_organisation else None
    compatible: dict[str, list[str]] = {}
    pairs: list[Pair] = []
    for a in sorted(linker.people.values(), key=lambda p: p.id):
        org_a = linker.orgs.get(a.institution_id)
        om = (
            OrgMatch("matched", org_a, 1.0, [], "same")
            if org_a
            else OrgMatch("none", None, 0, [], "unknown")
        )
        org_text = org_a.name if org_a else None
        if blocks is None:
            candidates = linker.candidates(a.tokens, None)
        else:
            if a.institution_id not in compatible:
                compatible[a.institution_id] = [
                    inst
                    for inst, someone in blocks.representatives.items()
                    if linker.org_level(om, org_text, someone) != "differs"
                ]
            candidates = blocks.candidates(a.tokens, compatible[a.institution_id])
        for pid in sorted(candidates | _sharing(linker, a.emails)):
            if pid <= a.id:
                continue
            b = linker.people[pid]
            email = next(iter(a.emails & b.emails), None) or next(iter(a.emails), None)
            weight, reasons = linker.compare(a.tokens, email, om, org_text, b)
            if weight >= REVIEW_WEIGHT:
                pairs.append(Pair("actor", a.id, a.name, b.id, b.name, score_of(weight), reasons))
    orgs = sorted(linker.orgs.values(), key=lambda o: o.id)
    keys = {o.id: o.key for o in orgs}
    for oa in orgs:
        dep = oa.departements[0] if len(oa.departements) == 1 else None
        for _key, similarity, oid in process.extract(
            oa.key, keys, scorer=org_similarity, limit=10, score_cutoff=ORG_MATCH
        ):
            if oid <= oa.id:
                continue
            ob = linker.orgs[oid]
            if oa.kind != ob.kind and "crpv" in (oa.kind, ob.kind):
                continue
            place = linker.place_agreement(ob, oa.commune, dep)
            if place == "differs":
                continue
            org_reasons: list[tuple[str, dict]] = [
                ("reason.org_same", {}) if similarity >= 99.5 else ("reason.org_close", {}),
                ("reason.place_same", {}) if place == "same" else ("reason.place_unknown", {}),
            ]
            pairs.append(
                Pair(
                    "institution",
                    oa.id,
                    oa.name,
                    ob.id,
                    ob.name,
                    round(similarity / 100, 3),
                    org_reasons,
                )
            )
    pairs.sort(key=lambda p: (-p.score, p.kind, p.id_a, p.id_b))
    return pairs


@dataclass
class _Blocks:
    """The linker's name blocks (people by the first three letters of a
    word of their names) split by organisation, and one person of each
    organisation (the organisation level of a pair depends on the other
    person's organisation only)."""

    by_prefix: dict[str, dict[str, set[str]]]
    representatives: dict[str, Person]

    def candidates(self, tokens: tuple[str, ...], institutions: list[str]) -> set[str]:
        out: set[str] = set()
        for token in tokens:
            if token in PARTICLES:
                continue
            by_institution = self.by_prefix.get(token[:3])
            if not by_institution:
                continue
            for inst in institutions:
                out |= by_institution.get(inst, set())
        return out


def _blocks_by_organisation(linker: Linker) -> _Blocks:
    by_prefix: dict[str, dict[str, set[str]]] = {}
    # the linker's own index, variants of names included
    for prefix, ids in linker._by_token.items():
        split = by_prefix.setdefault(prefix, {})
        for pid in ids:
            split.setdefault(linker.people[pid].institution_id, set()).add(pid)
    representatives: dict[str, Person] = {}
    for person in sorted(linker.people.values(), key=lambda p: p.id):
        representatives.setdefault(person.institution_id, person)
    return _Blocks(by_prefix, representatives)


def _sharing(linker, emails: set[str]) -> set[str]:
    out: set[str] = set()
    for email in emails:
        out |= linker._by_email.get(email, set())
    return out


def find_duplicates(
    data: Path | str, *, pseudonymise: bool = False
) -> tuple[list[Pair], tuple[Path, Path]]:
    """Write the review file of probable duplicates (CSV and xlsx) into
    ``DIR/intake/``; returns the pairs and the two paths."""
    from coopgraph.intake.datadir import commit_files
    from coopgraph.reports.privacy import pseudonym

    directory = DataDir.open(data)
    pairs = duplicate_pairs(directory)
    base = directory.path / INTAKE_DIR / "dedupe"
    paths = (base.with_suffix(".csv"), base.with_suffix(".xlsx"))
    rows = []
    for p in pairs:
        hide = pseudonymise and p.kind == "actor"
        rows.append(
            {
                "key": p.key,
                "kind": message(f"kind.{p.kind}"),
                "id_a": p.id_a,
                "name_a": pseudonym(p.id_a) if hide else p.name_a,
                "id_b": p.id_b,
                "name_b": pseudonym(p.id_b) if hide else p.name_b,
                "score": p.score,
                "reasons": "; ".join(message(k, **v) for k, v in p.reasons),
                "decision": "",
            }
        )
    if pairs:
        commit_files(
            {
                paths[0]: review_csv(DEDUPE_COLUMNS, rows),
                paths[1]: review_xlsx(DEDUPE_COLUMNS, rows),
            }
        )
    return pairs, paths


def apply_merges(data: Path | str, decisions_file: Path | str) -> tuple[int, int]:
    """Merge the accepted pairs of a filled-in dedupe file; returns the
    numbers of actors and institutions merged away."""
    directory = DataDir.open(data)
    decisions = [d for d in read_decisions(decisions_file).values() if d.accept]
    aliases = directory.sidecars["aliases"]
    known = {r["old_id"]: r["new_id"] for r in aliases.rows}

    def resolve(record_id: str) -> str:
        while record_id in known:
            record_id = known[record_id]
        return record_id

    merged = {"actor": 0, "institution": 0}
    t = directory.tables
    for d in decisions:
        kind = d.kind or (d.key.split(":", 1)[0] if ":" in d.key else None)
        if kind not in merged or not d.candidate_id or not d.other_id:
            continue
        keep, drop = resolve(d.candidate_id), resolve(d.other_id)
        if keep == drop:
            continue
        if kind == "actor":
            rows = {r["actor_id"]: r for r in t["actors"].rows}
            if keep not in rows or drop not in rows:
                continue
            if not rows[keep].get("cite_id") and rows[drop].get("cite_id"):
                rows[keep]["cite_id"] = rows[drop]["cite_id"]
            t["actors"].rows = [r for r in t["actors"].rows if r["actor_id"] != drop]
            _rewrite(t["attendance"].rows, "actor_id", drop, keep)
            t["attendance"].rows = _unique(t["attendance"].rows, ("meeting_id", "actor_id"))
            _rewrite(directory.sidecars["identities"].rows, "actor_id", drop, keep)
            dropped_name = rows[drop].get("name", "")
            _rewrite(directory.sidecars["names"].rows, "actor_id", drop, keep)
            if dropped_name:
                directory.sidecars["names"].append({"actor_id": keep, "name": dropped_name})
        else:
            ids = {r["institution_id"] for r in t["institutions"].rows}
            if keep not in ids or drop not in ids:
                continue
            t["institutions"].rows = [
                r for r in t["institutions"].rows if r["institution_id"] != drop
            ]
            _rewrite(t["actors"].rows, "institution_id", drop, keep)
            for row in t["meetings"].rows:
                organisers = [
                    keep if o == drop else o
                    for o in (row.get("organiser_ids") or "").split(";")
                    if o
                ]
                row["organiser_ids"] = ";".join(dict.fromkeys(organisers))
            _rewrite(t["governance"].rows, "institution_id", drop, keep)
            t["governance"].rows = _unique(
                t["governance"].rows, ("cite_id", "institution_id", "role")
            )
            _rewrite(t["support"].rows, "crpv_id", drop, keep)
            t["support"].rows = _unique(t["support"].rows, ("crpv_id", "cite_id"))
            _rewrite(directory.sidecars["places"].rows, "institution_id", drop, keep)
            directory.sidecars["places"].rows = _unique(
                directory.sidecars["places"].rows, ("institution_id",)
            )
        aliases.append({"kind": kind, "old_id": drop, "new_id": keep})
        known[drop] = keep
        merged[kind] += 1
    directory.validate_and_commit()
    return merged["actor"], merged["institution"]


def _rewrite(rows: list[dict[str, str]], column: str, old: str, new: str) -> None:
    for row in rows:
        if row.get(column) == old:
            row[column] = new


def _unique(rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[dict[str, str]]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for row in rows:
        key = tuple(row.get(c, "") for c in columns)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
