"""Record linkage of attendance rows to the people and organisations a
dataset already holds.

The scorer follows Fellegi and Sunter: each comparison (e-mail, name,
organisation, place) falls into a level, each level carries a weight, the
log2 of how much more often that level is seen between records of one
entity than between records of two; a pair's weight is the sum. Similarities
come from RapidFuzz (``fuzz.token_sort_ratio`` on normalised keys, so name
order, case, accents, civilities and hyphens do not count, and typing errors
count little). The weights are set by hand from the meaning of each level
and checked by ``benchmarks/bench_matching.py``; see ``docs/matching.md``
for why this is not Splink.

Organisations match on normalised name **and** place: two same-named
associations in different communes stay two organisations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import permutations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from coopgraph import geo
from coopgraph.intake.normalise import (
    PARTICLES,
    commune_key,
    name_key,
    name_tokens,
    org_key,
)

# ---------------------------------------------------------------- weights
# log2 Bayes factors of each comparison level (see module docstring).
W_EMAIL_SAME = 12.0
W_EMAIL_DIFFERS = -2.0  # people use several addresses: weak evidence
W_NAME = {"exact": 10.0, "close": 7.0, "medium": 3.5, "initial": 2.0, "far": -8.0}
# A same name in another organisation weighs 10 - 7 = 3: a homonym is a new
# person unless an e-mail says otherwise.
W_ORG = {"same": 4.0, "close": 1.5, "differs": -7.0, "unknown": 0.0}
MATCH_WEIGHT = 9.0  # at or above: matched
REVIEW_WEIGHT = 4.0  # at or above (and below MATCH_WEIGHT): review
# Organisations: name similarity (0-100) needed, when places agree.
ORG_MATCH = 90.0
ORG_REVIEW = 80.0


def org_similarity(a: str, b: str, **_: object) -> float:
    """Similarity (0-100) of two organisation keys: in their order, or with
    their words sorted, whichever is higher (a typo in a first letter
    upsets the sorted order).

    >>> org_similarity("mjc espace eeunes", "mjc espace jeunes") > 90
    True
    """
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def score_of(weight: float) -> float:
    """The weight as a 0-1 score for people to read (0.5 halfway between the
    review and match thresholds).

    >>> score_of(MATCH_WEIGHT) > 0.8 > score_of(REVIEW_WEIGHT)
    True
    """
    middle = (MATCH_WEIGHT + REVIEW_WEIGHT) / 2
    return round(1 / (1 + 2 ** (-(weight - middle))), 3)


Reason = tuple[str, dict]


@dataclass
class Person:
    id: str
    name: str
    institution_id: str
    key: str
    tokens: tuple[str, ...]
    emails: set[str] = field(default_factory=set)
    # other spellings met on matched rows (tokens, key), compared too
    variants: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


@dataclass
class Org:
    id: str
    name: str
    kind: str
    key: str
    commune: str  # commune key, "" when unknown
    departements: tuple[str, ...] = ()


@dataclass
class OrgMatch:
    # matched | new | review | none (no organisation given) | ambiguous (a
    # generic name without place: any namesake, or a new one)
    decision: str
    org: Org | None
    score: float
    reasons: list[Reason]
    place: str  # "same" | "differs" | "unknown"
    # same-named organisations the row could belong to when its place is
    # unknown; the person's own record may tell which
    alternatives: tuple[Org, ...] = ()


@dataclass
class PersonMatch:
    decision: str  # matched | new | review
    person: Person | None
    weight: float
    reasons: list[Reason]

    @property
    def score(self) -> float:
        return score_of(self.weight)


def postcode_departement(postcode: str | None) -> str | None:
    """Département of a French postcode (None for Corsica's "20", ambiguous).

    >>> postcode_departement("35000"), postcode_departement("97411"), postcode_departement("20000")
    ('35', '974', None)
    """
    if not postcode:
        return None
    code = postcode.strip().replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return None
    if code.startswith("97"):
        return code[:3]
    if code.startswith("20"):
        return None
    return code[:2]


def name_level(a: Person | tuple[str, ...], b: Person) -> tuple[str, float]:
    """Comparison level of two person names, and their similarity (0-100).

    >>> p = lambda n: Person("x", n, "i", name_key(n), name_tokens(n))
    >>> name_level(p("DUPONT Marie"), p("Mme Marie Dupont"))
    ('exact', 100.0)
    >>> name_level(p("Marie Dupnot"), p("Marie Dupont"))[0]
    'close'
    >>> name_level(p("J. Dupont"), p("Jean Dupont"))[0]
    'initial'
    >>> name_level(p("Paul Durand"), p("Marie Dupont"))[0]
    'far'
    """
    ta = a.tokens if isinstance(a, Person) else a
    ka = a.key if isinstance(a, Person) else " ".join(sorted(t for t in ta if t not in PARTICLES))
    if ka == b.key:
        return "exact", 100.0
    score = fuzz.token_sort_ratio(ka, b.key)
    la = [t for t in ta if t not in PARTICLES] or list(ta)
    lb = [t for t in b.tokens if t not in PARTICLES] or list(b.tokens)
    sa, sb = set(la), set(lb)
    if min(len(sa), len(sb)) >= 2 and (sa <= sb or sb <= sa):
        return "close", max(score, 90.0)
    # a shared long word, and the other words agreeing on their initial
    shared = {t for t in sa & sb if len(t) >= 3}
    if shared:
        ra, rb = sa - shared, sb - shared
        if ra and rb and {t[0] for t in ra} & {t[0] for t in rb}:
            if any(len(t) == 1 for t in ra | rb):
                return "initial", score
    worst = _aligned_similarity(la, lb)
    if worst >= 0.92:
        return "close", score
    if worst >= 0.86:
        return "medium", score
    return "far", score


def _word_similarity(x: str, y: str) -> float:
    """Similarity of two words (0-1): Jaro-Winkler, raised to 0.95 for one
    typing error (insertion, deletion, substitution or swap of neighbours)
    in a word of four letters or more, which Jaro-Winkler punishes hard
    near the start of a word ("Hnlene" for "Hélène")."""
    similarity = JaroWinkler.normalized_similarity(x, y)
    if min(len(x), len(y)) >= 4 and DamerauLevenshtein.distance(x, y) <= 1:
        similarity = max(similarity, 0.95)
    return similarity


def _aligned_similarity(a: list[str], b: list[str]) -> float:
    """The lowest word-to-word similarity under the best pairing of the
    words of two names (0 when their numbers differ by more than one word).

    >>> _aligned_similarity(["hnlene", "legrand"], ["legrand", "helene"])
    0.95
    >>> _aligned_similarity(["damien", "lopez"], ["amina", "lopez"]) < 0.86
    True
    """
    if not a or not b or abs(len(a) - len(b)) > 1 or max(len(a), len(b)) > 5:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < len(long_) and len(short) < 2:
        return 0.0  # one word against two says too little
    best = 0.0
    for chosen in permutations(long_, len(short)):
        worst = min(_word_similarity(x, y) for x, y in zip(short, chosen, strict=True))
        best = max(best, worst)
    return best


def best_name_level(tokens: tuple[str, ...], person: Person) -> tuple[str, float]:
    """The best name level of ``tokens`` against a person's name and the
    other spellings met for them."""
    best = name_level(tokens, person)
    for variant_tokens, variant_key in person.variants:
        other = Person(person.id, person.name, person.institution_id, variant_key, variant_tokens)
        level = name_level(tokens, other)
        if (W_NAME[level[0]], level[1]) > (W_NAME[best[0]], best[1]):
            best = level
    return best


class Linker:
    """People and organisations known so far, and the matching of new rows
    against them. New records are added as they are created, so a second
    row of the same person in one import finds the first."""

    def __init__(
        self,
        people: Iterable[Person] = (),
        orgs: Iterable[Org] = (),
        commune_departements: dict[str, str] | None = None,
    ) -> None:
        self.people: dict[str, Person] = {}
        self.orgs: dict[str, Org] = {}
        self._by_email: dict[str, set[str]] = {}
        self._by_token: dict[str, set[str]] = {}
        self.commune_departements = dict(commune_departements or {})
        self.placeholders: set[str] = set()  # "organisation not given"
        for person in people:
            self.add_person(person)
        for org in orgs:
            self.add_org(org)

    # ------------------------------------------------------------ records

    def add_person(self, person: Person) -> None:
        self.people[person.id] = person
        for email in person.emails:
            self._by_email.setdefault(email, set()).add(person.id)
        for token in set(person.tokens):
            if token not in PARTICLES:
                self._by_token.setdefault(token[:3], set()).add(person.id)

    def add_variant(self, person_id: str, name: str) -> bool:
        """Remember another spelling of a person's name; False when known."""
        person = self.people[person_id]
        key = name_key(name)
        if key == person.key or any(key == k for _, k in person.variants):
            return False
        tokens = name_tokens(name)
        person.variants.append((tokens, key))
        for token in set(tokens):
            if token not in PARTICLES:
                self._by_token.setdefault(token[:3], set()).add(person_id)
        return True

    def add_email(self, person_id: str, email: str) -> None:
        self.people[person_id].emails.add(email)
        self._by_email.setdefault(email, set()).add(person_id)

    def add_org(self, org: Org) -> None:
        self.orgs[org.id] = org
        if org.commune and len(org.departements) == 1:
            self.commune_departements.setdefault(org.commune, org.departements[0])

    # ------------------------------------------------------------ organisations

    def departement_of(self, commune: str, postcode: str | None = None) -> str | None:
        return postcode_departement(postcode) or self.commune_departements.get(commune)

    def place_agreement(self, org: Org, commune: str, departement: str | None) -> str:
        """``same``, ``differs`` or ``unknown``: whether a row's place fits an
        organisation's."""
        if commune and org.commune:
            return "same" if commune == org.commune else "differs"
        if departement and org.departements:
            # a département-wide body (préfecture, DSDEN) fits its communes;
            # a commune-level one without commune cannot be told apart
            return "same" if departement in org.departements else "differs"
        return "unknown"

    def match_org(
        self, name: str | None, commune: str | None = None, postcode: str | None = None
    ) -> OrgMatch:
        if not name or not org_key(name):
            return OrgMatch("none", None, 0.0, [], "unknown")
        key = org_key(name)
        ckey = commune_key(commune)
        dep = self.departement_of(ckey, postcode)
        found = process.extract(
            key,
            {oid: o.key for oid, o in self.orgs.items()},
            scorer=fuzz.token_sort_ratio,
            limit=20,
            score_cutoff=ORG_REVIEW,
        )
        fitting: list[tuple[float, Org, str]] = []
        for _key, similarity, oid in found:
            org = self.orgs[oid]
            fitting.append((similarity, org, self.place_agreement(org, ckey, dep)))
        same = [f for f in fitting if f[2] == "same"]
        unknown = [f for f in fitting if f[2] == "unknown"]
        best_same = max(same, key=lambda f: f[0], default=None)
        if best_same and best_same[0] >= ORG_MATCH:
            top = [f for f in same if f[0] == best_same[0]]
            if len(top) == 1:
                return self._org_result("matched", best_same)
            return self._org_result("review", best_same)
        strong_unknown = [f for f in unknown if f[0] >= ORG_MATCH]
        if not (ckey or dep):
            # no place on the row: an organisation whose name says its place
            # ("Ville de Rennes") is the one; a generic name ("Centre social
            # Les Tilleuls") may be any of its namesakes or a new one, which
            # only the person's own record can tell ("ambiguous")
            if len(strong_unknown) == 1:
                org = strong_unknown[0][1]
                if org.commune and org.commune in org.key:
                    return self._org_result("matched", strong_unknown[0])
            if strong_unknown:
                result = self._org_result("ambiguous", max(strong_unknown, key=lambda f: f[0]))
                result.alternatives = tuple(f[1] for f in strong_unknown)
                return result
            return OrgMatch("new", None, 0.0, [("reason.new", {})], "unknown")
        # the row has a place: a namesake met without any place cannot be
        # confirmed, one known only by a wider territory needs a look
        territorial = [f for f in strong_unknown if f[1].commune or f[1].departements]
        if territorial:
            return self._org_result("review", max(territorial, key=lambda f: f[0]))
        if best_same:  # similar name, same place
            return self._org_result("review", best_same)
        return OrgMatch("new", None, 0.0, [("reason.new", {})], "unknown")

    def _org_result(self, decision: str, found: tuple[float, Org, str]) -> OrgMatch:
        similarity, org, place = found
        reasons: list[Reason] = [
            ("reason.org_same", {}) if similarity >= 99.5 else ("reason.org_close", {})
        ]
        reasons.append(
            {
                "same": ("reason.place_same", {}),
                "differs": ("reason.place_differs", {}),
                "unknown": ("reason.place_unknown", {}),
            }[place]
        )
        return OrgMatch(decision, org, round(similarity / 100, 3), reasons, place)

    # ------------------------------------------------------------ people

    def candidates(self, tokens: tuple[str, ...], email: str | None) -> set[str]:
        ids = set(self._by_email.get(email, ())) if email else set()
        for token in tokens:
            if token not in PARTICLES:
                ids |= self._by_token.get(token[:3], set())
        return ids

    def compare(
        self,
        tokens: tuple[str, ...],
        email: str | None,
        org: OrgMatch,
        org_text: str | None,
        person: Person,
    ) -> tuple[float, list[Reason]]:
        """Weight and reasons of one row against one known person."""
        weight = 0.0
        reasons: list[Reason] = []
        if email and person.emails:
            if email in person.emails:
                weight += W_EMAIL_SAME
                reasons.append(("reason.email", {}))
            else:
                weight += W_EMAIL_DIFFERS
                reasons.append(("reason.email_differs", {}))
        level, similarity = best_name_level(tokens, person)
        weight += W_NAME[level]
        reasons.append(
            {
                "exact": ("reason.name_exact", {}),
                "close": ("reason.name_close", {"score": similarity}),
                "medium": ("reason.name_close", {"score": similarity}),
                "initial": ("reason.last_name", {}),
                "far": ("reason.name_far", {"score": similarity}),
            }[level]
        )
        org_level = self.org_level(org, org_text, person)
        weight += W_ORG[org_level]
        if org_level != "unknown":
            reasons.append(
                {
                    "same": ("reason.org_same", {}),
                    "close": ("reason.org_close", {}),
                    "differs": ("reason.org_differs", {}),
                }[org_level]
            )
        return weight, reasons

    def org_level(self, org: OrgMatch, org_text: str | None, person: Person) -> str:
        if org.decision == "none" or not org_text:
            return "unknown"
        if org.org is not None and org.org.id == person.institution_id:
            return "same" if org.decision == "matched" else "close"
        if any(alt.id == person.institution_id for alt in org.alternatives):
            return "close"
        theirs = self.orgs.get(person.institution_id)
        if theirs is None or not theirs.key or person.institution_id in self.placeholders:
            return "unknown"
        similarity = org_similarity(org_key(org_text), theirs.key)
        if similarity >= ORG_MATCH and org.place != "differs":
            return "close"
        return "differs"

    def match_person(
        self,
        name: str,
        email: str | None,
        org: OrgMatch,
        org_text: str | None,
    ) -> PersonMatch:
        tokens = name_tokens(name)
        scored = []
        for pid in self.candidates(tokens, email):
            person = self.people[pid]
            weight, reasons = self.compare(tokens, email, org, org_text, person)
            scored.append((weight, pid, reasons))
        if not scored:
            return PersonMatch("new", None, -math.inf, [("reason.new", {})])
        scored.sort(key=lambda s: (-s[0], s[1]))
        weight, pid, reasons = scored[0]
        person = self.people[pid]
        if weight >= MATCH_WEIGHT:
            runner_up = scored[1][0] if len(scored) > 1 else -math.inf
            if runner_up >= MATCH_WEIGHT and runner_up >= weight - 1:
                return PersonMatch("review", person, weight, reasons)
            return PersonMatch("matched", person, weight, reasons)
        if weight >= REVIEW_WEIGHT:
            return PersonMatch("review", person, weight, reasons)
        if W_NAME["exact"] + W_ORG["differs"] <= weight and ("reason.name_exact", {}) in reasons:
            reasons = [*reasons, ("reason.homonym", {})]
        return PersonMatch("new", None, weight, reasons)


def departement_index(
    cites: Iterable[tuple[str, str]],
) -> dict[str, str]:
    """Commune key -> département code from (commune name, INSEE code) pairs."""
    out: dict[str, str] = {}
    for name, insee in cites:
        try:
            out.setdefault(commune_key(name), geo.departement_of_commune(insee))
        except (KeyError, ValueError, TypeError):
            continue
    return out
