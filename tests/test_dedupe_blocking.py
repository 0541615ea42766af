"""``coopgraph dedupe`` blocks its comparisons by organisation (issue 15:
national data took minutes comparing every "Marie" with every other): the
pairs found are exactly those of the unblocked comparison, checked on
generated data with planted duplicates of every kind."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.intake.datadir import DataDir
from coopgraph.intake.dedupe import duplicate_pairs
from coopgraph.intake.matching import REVIEW_WEIGHT, W_NAME, W_ORG

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

# planted actors: (id, name, institution); act-00010's name and institution
# are read from the generated files
PLANTED = {
    "dup-order": "{last} {first}",  # same person, names swapped: exact
    "dup-typo": "{first} {last_typo}",  # one typing error: close
    "dup-initial": "{first_initial}. {last}",  # initial of the first name
    "dup-close-org": "{first} {last}",  # same name, organisation with a typo
    "dup-other-org": "{first} {last}",  # same name, unrelated organisation
}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header).writerows(rows)


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Generated data (1,500 actors) with five look-alikes of one actor."""
    out = tmp_path_factory.mktemp("dedupe") / "data"
    result = CliRunner().invoke(
        cli,
        ["generate", "--cites", "40", "--actors", "1500", "--meetings", "200"]
        + ["--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    actors = _rows(out / "actors.csv")
    institutions = {r["institution_id"]: r for r in _rows(out / "institutions.csv")}
    original = next(
        a
        for a in actors
        if institutions[a["institution_id"]]["kind"] == "prefecture" and len(a["name"].split()) == 2
    )
    first, last = original["name"].split()
    home = institutions[original["institution_id"]]
    # the same place, a name one letter away: a close organisation
    twin = dict(home, institution_id="planted-twin", name=home["name"].replace("(", "(X", 1))
    other = next(i for i in institutions.values() if i["kind"] == "education")
    _append(out / "institutions.csv", [twin])
    org = {
        "dup-order": home["institution_id"],
        "dup-typo": home["institution_id"],
        "dup-initial": home["institution_id"],
        "dup-close-org": "planted-twin",
        "dup-other-org": other["institution_id"],
    }
    fields = {
        "first": first,
        "last": last,
        "last_typo": last[0] + last[2] + last[1] + last[3:],
        "first_initial": first[0],
    }
    _append(
        out / "actors.csv",
        [
            {
                "actor_id": aid,
                "name": pattern.format(**fields),
                "institution_id": org[aid],
                "role": "",
                "cite_id": "",
            }
            for aid, pattern in PLANTED.items()
        ],
    )
    return out, {"original": original["actor_id"]}


def _as_tuples(pairs) -> list[tuple]:
    return [(p.kind, p.id_a, p.id_b, p.name_a, p.name_b, p.score, p.reasons) for p in pairs]


def test_the_blocking_bound_holds():
    # an actor of another organisation, without a shared address, cannot
    # reach the review threshold: what makes the blocking exact
    assert max(W_NAME.values()) + W_ORG["differs"] < REVIEW_WEIGHT


def test_blocked_pairs_equal_the_unblocked_oracle(planted):
    out, ids = planted
    directory = DataDir.open(out)
    blocked = duplicate_pairs(directory)
    oracle = duplicate_pairs(directory, block_by_organisation=False)
    assert _as_tuples(blocked) == _as_tuples(oracle)
    # the planted duplicates are found (any id order), the homonym of an
    # unrelated organisation is not
    found = {frozenset((p.id_a, p.id_b)) for p in blocked if p.kind == "actor"}
    for planted_id in ("dup-order", "dup-typo", "dup-initial", "dup-close-org"):
        assert frozenset((ids["original"], planted_id)) in found, planted_id
    assert frozenset((ids["original"], "dup-other-org")) not in found
    assert any(p.kind == "institution" and "planted-twin" in (p.id_a, p.id_b) for p in blocked)


def test_blocked_equals_unblocked_on_the_sample():
    directory = DataDir.open(SAMPLE)
    assert _as_tuples(duplicate_pairs(directory)) == _as_tuples(
        duplicate_pairs(directory, block_by_organisation=False)
    )
