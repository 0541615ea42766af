"""Matching quality of ``coopgraph import-attendance`` on generated attendance
lists with realistic noise.

A population of invented people (with homonyms in different organisations)
works in organisations placed in real communes of the sample cités, among
them same-named associations and collèges in different communes. Meetings
draw attendees (some people come often, most rarely) and each list is
written as a CRPV would hold it: a sign-in sheet typed into Excel (CSV with
French headers), a Zoom participants report (display name "Prénom Nom
(Structure)", no commune) or a form export. Rows carry noise: typing errors,
accents dropped, names in capitals or swapped, civilities, nicknames, e-mail
missing or another address, organisation written differently.

The lists are imported one after the other into a copy of ``data/sample``
(778 unrelated actors already there), with the real importer. Measured over
the imported rows: pairwise precision and recall of people (two rows are
one person when they got the same actor id) and of organisations (the
institution of each row's actor at the end, leaving out the people who never
gave one), rows linked to one of the pre-existing actors (all wrong),
same-named organisations of different communes merged, and the share of rows
sent to review (review rows are not imported, so they are not in the
pairwise figures).

Run::

    python benchmarks/bench_matching.py     # writes benchmarks/results/matching.json and .md
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import shutil
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from coopgraph.intake.importer import MeetingSpec, import_attendance

ROOT = Path(__file__).resolve().parents[1]

FIRST = (
    "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine Sophie "
    "Céline Hélène Aurélie Émilie Julie Léa Chloé Camille Inès Amina Fatima Yasmine Nadia "
    "Jean Pierre Michel Philippe Alain Nicolas Frédéric Stéphane Sébastien Christophe "
    "Laurent Julien Thomas Maxime Alexandre Emmanuel Benjamin Karim Mohamed Youssef Mehdi "
    "Grégory Dominique François Jérôme Cédric Rémi Hugo"
).split()
LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre "
    "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
    "Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont "
    "Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire "
    "Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand "
    "Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez "
    "Haddad Benali Diallo Traoré Le-Gall Da-Silva De-la-Fontaine"
).split()
NICK = {
    "Frédéric": "Fred",
    "Nicolas": "Nico",
    "Sébastien": "Seb",
    "Stéphane": "Steph",
    "Emmanuel": "Manu",
    "Catherine": "Cathy",
    "Christophe": "Chris",
    "Alexandre": "Alex",
    "Valérie": "Val",
    "Isabelle": "Isa",
    "Grégory": "Greg",
    "Thomas": "Tom",
    "Benjamin": "Ben",
    "Nathalie": "Nath",
}
ASSOCIATIONS = (
    "Centre social Les Tilleuls",
    "Association Arc-en-Ciel",
    "Maison de quartier du Centre",
    "Association Réussir Ensemble",
    "Centre social Jacques Prévert",
    "Les Petits Débrouillards",
    "Association Léo Lagrange",
    "MJC Espace Jeunes",
)
COLLEGES = ("Collège Jean Moulin", "Collège Victor Hugo", "Collège Louise Michel")
ROLES = (
    "chef de projet",
    "coordonnateur",
    "principal de collège",
    "directrice",
    "animateur",
    "chargée de mission",
    "délégué du préfet",
)


@dataclass
class Org:
    id: str
    name: str
    commune: str
    domain: str


@dataclass
class Person:
    id: str
    first: str
    last: str
    org: Org
    role: str
    email: str


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioustnrl") + word[i + 1 :]


def build_world(rng: random.Random, n_people: int) -> tuple[list[Org], list[Person]]:
    communes = []
    with open(ROOT / "data/sample/cites.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            communes.extend(c for c in row["commune"].split(";") if c)
    communes = sorted(set(communes))
    rng.shuffle(communes)
    towns = communes[:24]
    orgs: list[Org] = []
    for town in towns:
        slug = strip_accents(town).lower().replace(" ", "-").replace("'", "")
        orgs.append(Org(f"ville-{slug}", f"Ville de {town}", town, f"ville-{slug}.fr"))
    # same-named associations and collèges in several communes
    for name in ASSOCIATIONS + COLLEGES:
        for town in rng.sample(towns, 3):
            slug = strip_accents(name + "-" + town).lower().replace(" ", "-")
            domain = "ac-academie.fr" if name.startswith("Collège") else "asso.fr"
            orgs.append(Org(slug, name, town, domain))
    orgs.append(Org("crpv", "Centre de ressources politique de la ville", "", "crpv.org"))
    people: list[Person] = []
    names_used: set[tuple[str, str]] = set()
    emails: set[str] = set()
    for number in range(n_people):
        org = rng.choice(orgs)
        if people and rng.random() < 0.04:
            # a homonym in another organisation
            other = rng.choice(people)
            first, last = other.first, other.last
            org = rng.choice([o for o in orgs if o.id != other.org.id])
        else:
            while True:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                if (first, last) not in names_used:
                    break
        names_used.add((first, last))
        local = strip_accents(f"{first}.{last}").lower().replace(" ", "-")
        email = f"{local}@{org.domain}"
        suffix = 2
        while email in emails:  # mail systems number the second Marie Dupont
            email = f"{local}{suffix}@{org.domain}"
            suffix += 1
        emails.add(email)
        people.append(Person(f"p{number:04d}", first, last, org, rng.choice(ROLES), email))
    return orgs, people


def noisy_person(rng: random.Random, person: Person) -> dict[str, str]:
    first, last = person.first, person.last.replace("-", rng.choice(("-", " ")))
    if rng.random() < 0.05 and first in NICK:
        first = NICK[first]
    if rng.random() < 0.06:
        last = typo(rng, last)
    elif rng.random() < 0.04:
        first = typo(rng, first)
    if rng.random() < 0.3:
        first, last = strip_accents(first), strip_accents(last)
    if rng.random() < 0.4:
        last = last.upper()
    org = person.org.name
    r = rng.random()
    if org.startswith("Ville de ") and r < 0.3:
        org = org.replace("Ville de", rng.choice(("Mairie de", "Commune de", "VILLE DE")))
    elif org.startswith("Association ") and r < 0.3:
        org = org.replace("Association", "Asso")
    elif r < 0.35:
        org = strip_accents(org).lower()
    elif r < 0.4:
        org = typo(rng, org)
    email = person.email
    r = rng.random()
    if r < 0.3:
        email = ""
    elif r < 0.4:
        # a personal address: one per person, as mail providers make sure
        email = strip_accents(f"{person.first[0]}{person.last}{person.id[1:]}").lower()
        email = email.replace(" ", "") + "@gmail.com"
    elif r < 0.5:
        email = email.upper()
    commune = person.org.commune if rng.random() < 0.92 else ""
    civility = rng.choice(("", "", "", "Mme ", "M. ")) if rng.random() < 0.3 else ""
    return {
        "first": first,
        "last": last,
        "org": org,
        "email": email,
        "commune": commune,
        "role": person.role,
        "civility": civility,
    }


def write_list(path: Path, layout: str, rows: list[dict[str, str]], rng: random.Random) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if layout == "sign-in":
            w = csv.writer(fh, delimiter=";")
            w.writerow(["Nom", "Prénom", "Structure", "Fonction", "Commune", "Courriel"])
            for r in rows:
                w.writerow(
                    [
                        r["civility"] + r["last"],
                        r["first"],
                        r["org"],
                        r["role"],
                        r["commune"],
                        r["email"],
                    ]
                )
        elif layout == "zoom":
            w = csv.writer(fh)
            w.writerow(
                [
                    "Name (Original Name)",
                    "User Email",
                    "Join Time",
                    "Leave Time",
                    "Duration (Minutes)",
                    "Guest",
                ]
            )
            for r in rows:
                name = (
                    f"{r['first']} {r['last']}"
                    if rng.random() < 0.7
                    else f"{r['last']} {r['first']}"
                )
                display = f"{name} ({r['org']})" if rng.random() < 0.85 else name
                w.writerow(
                    [
                        display,
                        r["email"],
                        "03/14/2023 09:58:12 AM",
                        "03/14/2023 12:01:40 PM",
                        "124",
                        "Yes",
                    ]
                )
        else:
            w = csv.writer(fh)
            w.writerow(["Horodateur", "Nom", "Prénom", "Adresse e-mail", "Structure", "Commune"])
            for r in rows:
                w.writerow(
                    [
                        "2023/03/01 10:12:44",
                        r["last"],
                        r["first"],
                        r["email"],
                        r["org"],
                        r["commune"],
                    ]
                )


def pairwise(truth: list[str], predicted: list[str]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for i, j in combinations(range(len(truth)), 2):
        same_t, same_p = truth[i] == truth[j], predicted[i] == predicted[j]
        tp += same_t and same_p
        fp += same_p and not same_t
        fn += same_t and not same_p
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--meetings", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results")
    parser.add_argument("--verbose", action="store_true", help="Print the review reasons.")
    parser.add_argument("--keep", action="store_true", help="Keep the data directory.")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    orgs, people = build_world(rng, args.people)
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(people))]
    work = Path(tempfile.mkdtemp(prefix="coopgraph-bench-matching-"))
    data = work / "data"
    shutil.copytree(ROOT / "data/sample", data)
    pre_existing = {
        row["actor_id"] for row in csv.DictReader(open(data / "actors.csv", encoding="utf-8"))
    }
    truth_person, truth_org, got_actor, got_inst = [], [], [], []
    decisions: Counter[str] = Counter()
    by_layout: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    seen: dict[str, list] = {}
    started = time.perf_counter()
    try:
        for number in range(args.meetings):
            size = rng.randint(12, 40)
            attendees: list[Person] = []
            while len(attendees) < size:
                p = rng.choices(people, weights)[0]
                if p not in attendees:
                    attendees.append(p)
            layout = rng.choice(("sign-in", "sign-in", "zoom", "form"))
            rows = [noisy_person(rng, p) for p in attendees]
            path = work / f"liste-{number:02d}.csv"
            write_list(path, layout, rows, rng)
            result = import_attendance(
                data,
                [path],
                MeetingSpec(
                    title=f"Rencontre {number}",
                    date=f"2023-{1 + number % 12:02d}-{1 + number % 27:02d}",
                    scale="regional",
                    organisers=("crpv-resovilles",),
                ),
            )
            for person, outcome in zip(attendees, result.outcomes, strict=True):
                decisions[outcome.decision] += 1
                by_layout[layout] += 1
                if outcome.decision == "review":
                    reasons[f"{layout} {outcome.kind}: {outcome.reason_text()}"] += 1
                    continue
                seen.setdefault(person.id, []).append(
                    (
                        outcome.actor_id,
                        outcome.institution_id,
                        outcome.decision,
                        outcome.row.fields,
                        outcome.reason_text(),
                    )
                )
                truth_person.append(person.id)
                truth_org.append(person.org.id)
                got_actor.append(outcome.actor_id)
                got_inst.append(outcome.institution_id)
        elapsed = time.perf_counter() - started
        # organisations as the dataset holds them at the end: an actor first
        # met without organisation gets it from a later row
        with open(data / "actors.csv", encoding="utf-8") as fh:
            final_inst = {r["actor_id"]: r["institution_id"] for r in csv.DictReader(fh)}
        got_inst = [final_inst[a] for a in got_actor]
    finally:
        if args.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    p_prec, p_rec, p_tp, p_fp, p_fn = pairwise(truth_person, got_actor)
    placeholder = "inst-non-renseignee"
    known = [i for i, inst in enumerate(got_inst) if inst != placeholder]
    o_prec, o_rec, o_tp, o_fp, o_fn = pairwise(
        [truth_org[i] for i in known], [got_inst[i] for i in known]
    )
    without_org = len(got_inst) - len(known)
    # same-named organisations of different communes given one institution id
    inst_of: dict[str, set[str]] = {}
    for org_id, inst in zip(truth_org, got_inst, strict=True):
        if inst != placeholder:
            inst_of.setdefault(inst, set()).add(org_id)
    org_by_id = {o.id: o for o in orgs}
    merged_homonym_orgs = sum(
        1
        for ids in inst_of.values()
        for a, b in combinations(sorted(ids), 2)
        if org_by_id[a].name == org_by_id[b].name and org_by_id[a].commune != org_by_id[b].commune
    )
    if args.verbose:
        for inst, ids in inst_of.items():
            names = {org_by_id[i].name for i in ids}
            if len(ids) > 1 and len(names) < len(ids):
                print("MERGED", inst, [(org_by_id[i].name, org_by_id[i].commune) for i in ids])
                for records in seen.values():
                    for record in records:
                        if record[1] == inst:
                            print("   ", record)
    rows_total = sum(decisions.values())
    results = {
        "seed": args.seed,
        "people": args.people,
        "meetings": args.meetings,
        "rows": rows_total,
        "rows_by_layout": dict(by_layout),
        "decisions": dict(decisions),
        "review_share": round(decisions["review"] / rows_total, 4),
        "people_precision": round(p_prec, 4),
        "people_recall": round(p_rec, 4),
        "people_pairs": {"tp": p_tp, "fp": p_fp, "fn": p_fn},
        "rows_linked_to_pre_existing_actors": sum(a in pre_existing for a in got_actor),
        "rows_whose_actor_has_no_organisation": without_org,
        "organisations_precision": round(o_prec, 4),
        "organisations_recall": round(o_rec, 4),
        "organisation_pairs": {"tp": o_tp, "fp": o_fp, "fn": o_fn},
        "same_named_orgs_of_different_communes_merged": merged_homonym_orgs,
        "seconds": round(elapsed, 1),
        "python": platform.python_version(),
        "targets": {
            "people_precision": ">= 0.99",
            "people_recall": ">= 0.95",
            "same_named_orgs_of_different_communes_merged": "0",
            "review_share": "<= 0.10",
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "matching.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md = [
        "# Matching benchmark (`python benchmarks/bench_matching.py`)",
        "",
        f"{args.meetings} generated attendance lists, {rows_total} rows "
        f"({', '.join(f'{k} {v}' for k, v in sorted(by_layout.items()))}), "
        f"{args.people} people, seed {args.seed}, imported into a copy of data/sample.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| people: pairwise precision | {p_prec:.4f} | ≥ 0.99 |",
        f"| people: pairwise recall | {p_rec:.4f} | ≥ 0.95 |",
        f"| rows linked to a pre-existing (unrelated) actor | {results['rows_linked_to_pre_existing_actors']} | 0 |",
        f"| rows whose person never gave an organisation (kept apart) | {without_org} | |",
        f"| organisations: pairwise precision | {o_prec:.4f} | |",
        f"| organisations: pairwise recall | {o_rec:.4f} | |",
        f"| same-named organisations of different communes merged | {merged_homonym_orgs} | 0 |",
        f"| rows sent to review | {results['review_share']:.1%} | ≤ 10 % |",
        "",
        f"Decisions: {dict(decisions)}. Import time: {elapsed:.1f} s in all.",
        "",
    ]
    if args.verbose:
        for text, n in reasons.most_common(25):
            print(n, text)
        split = [v for v in seen.values() if len({a for a, *_ in v}) > 1]
        for records in split[:12]:
            print("SPLIT")
            for record in records:
                print("   ", record)
    (args.out / "matching.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
