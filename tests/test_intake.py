"""Getting data in: template, attendance layouts, matching, review, audit,
dedupe (issue 12)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.intake.layouts import read_attendance_file
from coopgraph.io import read_dataset, validate_directory

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
MEETING = ["--title", "Club test", "--date", "2023-03-14", "--scale", "regional"]
MEETING += ["--organiser", "crpv-resovilles"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(SAMPLE, out)
    return out


def run(*args: str) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------ layouts


@pytest.mark.parametrize(
    ("name", "layout", "expected"),
    [
        ("emargement.csv", "sign-in", 4),
        ("zoom_participants_en.csv", "zoom", 4),
        ("zoom_participants_fr.csv", "zoom", 2),
        ("teams_attendance_en.csv", "teams", 2),
        ("teams_attendance_fr.csv", "teams", 2),
        ("teams_attendance_legacy_en.csv", "teams", 3),
        ("google_forms.csv", "form", 2),
        ("framaforms.csv", "form", 1),
    ],
)
def test_layouts_are_recognised(name: str, layout: str, expected: int) -> None:
    read = read_attendance_file(FIXTURES / name)
    assert read.layout == layout
    assert len(read.rows) == expected
    first = read.rows[0]
    assert "dupont" in first.full_name.lower()
    assert "marie" in first.full_name.lower()


def test_zoom_display_name_gives_the_organisation() -> None:
    read = read_attendance_file(FIXTURES / "zoom_participants_en.csv")
    assert read.rows[0].fields["organisation"] == "Ville de Rennes"
    assert read.rows[0].fields["email"] == "marie.dupont@rennes.fr"
    assert read.rows[2].fields["organisation"] == "Collège Les Gayeulles"
    assert read.rows[3].full_name == "Sophie Leroy"
    assert "organisation" not in read.rows[3].fields
    assert read.rows[0].line == 5  # after the meeting block and its blank line


def test_teams_stops_at_the_next_section() -> None:
    read = read_attendance_file(FIXTURES / "teams_attendance_en.csv")
    assert [r.full_name for r in read.rows] == ["Dupont Marie", "Paul Bernard"]
    assert read.rows[0].fields["organisation"] == "Ville de Rennes"


def test_sign_in_sheet_in_xlsx_with_a_title_row(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Feuille d'émargement : club du 14 mars 2023"])
    sheet.append([])
    sheet.append(["NOM", "Prénom", "Organisme", "Ville", "E-mail"])
    sheet.append(["Dupont", "Marie", "Ville de Rennes", "Rennes", "marie.dupont@rennes.fr"])
    path = tmp_path / "emargement.xlsx"
    book.save(path)
    read = read_attendance_file(path)
    assert read.layout == "sign-in"
    assert read.rows[0].line == 4
    assert read.rows[0].fields == {
        "last_name": "Dupont",
        "first_name": "Marie",
        "organisation": "Ville de Rennes",
        "commune": "Rennes",
        "email": "marie.dupont@rennes.fr",
    }


def test_unknown_layout_lists_headers_and_the_option(data: Path) -> None:
    result = run("import-attendance", FIXTURES / "unknown_layout.csv", "--into", data, *MEETING)
    assert result.exit_code == 2
    assert "« Personne présente »" in result.output
    assert "--columns" in result.output
    with pytest.raises(InputError):
        read_attendance_file(FIXTURES / "unknown_layout.csv")
    read = read_attendance_file(
        FIXTURES / "unknown_layout.csv",
        {"name": "Personne présente", "organisation": "Rattachement"},
    )
    assert [r.full_name for r in read.rows] == ["Marie Dupont", "Paul Bernard"]


# ------------------------------------------------------------------ import


def test_import_creates_validates_and_reimport_adds_nothing(data: Path) -> None:
    before = len(rows(data / "actors.csv"))
    result = run("import-attendance", FIXTURES / "emargement.csv", "--into", data, *MEETING)
    assert result.exit_code == 0, result.output
    assert "3 nouvelle(s)" in result.output  # the Le Gall rows are one person
    assert validate_directory(data) == []
    actors = rows(data / "actors.csv")
    assert len(actors) == before + 3
    new = {a["name"]: a for a in actors[before:]}
    assert set(new) == {"Marie Dupont", "Jean-Luc Martin", "Anne Le Gall"}
    assert new["Marie Dupont"]["institution_id"] == "inst-ville-rennes"  # existing one
    assert new["Marie Dupont"]["cite_id"] == "cite-062"  # Rennes
    meetings = rows(data / "meetings.csv")
    assert meetings[-1]["title"] == "Club test" and meetings[-1]["scale"] == "regional"
    attendance = [
        r for r in rows(data / "attendance.csv") if r["meeting_id"] == meetings[-1]["meeting_id"]
    ]
    assert len(attendance) == 3
    audit = rows(data / "intake" / "audit.csv")
    assert [a["decision"] for a in audit] == ["new", "new", "new", "matched"]
    assert list(audit[0])[:8] == [
        "source_file",
        "source_row",
        "decision",
        "score",
        "actor_id",
        "institution_id",
        "cite_id",
        "reason",
    ]
    # e-mails only as keyed hashes, and nowhere in the data files
    identities = rows(data / "intake" / "identities.csv")
    assert identities and all(len(i["email_hash"]) == 32 and not i["email"] for i in identities)
    assert all(b"@" not in content for content in snapshot(data).values())

    state = snapshot(data)
    again = run("import-attendance", FIXTURES / "emargement.csv", "--into", data, *MEETING)
    assert again.exit_code == 0, again.output
    assert "4 reconnue(s), 0 nouvelle(s)" in again.output
    assert snapshot(data) == state


def test_same_person_in_zoom_and_teams_is_matched(data: Path) -> None:
    run("import-attendance", FIXTURES / "emargement.csv", "--into", data, *MEETING)
    before = len(rows(data / "actors.csv"))
    result = run(
        "import-attendance",
        FIXTURES / "teams_attendance_fr.csv",
        "--into",
        data,
        *MEETING[:1],
        "Club 2",
        *MEETING[2:],
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert "1 matched, 1 new" in result.output  # Marie by e-mail; Paul Bernard is new
    assert len(rows(data / "actors.csv")) == before + 1


def test_keep_emails(data: Path) -> None:
    run("import-attendance", FIXTURES / "emargement.csv", "--into", data, *MEETING, "--keep-emails")
    emails = {i["email"] for i in rows(data / "intake" / "identities.csv")}
    assert "marie.dupont@rennes.fr" in emails


def test_homonym_associations_of_two_communes_stay_two(data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Nom;Prénom;Structure;Commune\n"
        "Durand;Alice;Centre social Les Tilleuls;Rennes\n"
        "Petit;Bruno;Centre social Les Tilleuls;Angers\n"
        "Roux;Chloé;Centre social les tilleuls;Rennes\n",
        encoding="utf-8",
    )
    result = run("import-attendance", sheet, "--into", data, *MEETING)
    assert result.exit_code == 0, result.output
    institutions = [r for r in rows(data / "institutions.csv") if "tilleuls" in r["name"].lower()]
    assert len(institutions) == 2
    assert {i["departement"] for i in institutions} == {"35", "49"}
    actors = {a["name"]: a["institution_id"] for a in rows(data / "actors.csv")}
    assert actors["Alice Durand"] == actors["Chloé Roux"] != actors["Bruno Petit"]


def test_review_then_decisions(data: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text(
        "Nom;Prénom;Structure;Commune\nDurand;Alice;Ville de Rennes;Rennes\n", encoding="utf-8"
    )
    run("import-attendance", first, "--into", data, *MEETING)
    # a close name, same organisation, no e-mail: between match and new
    second = tmp_path / "b.csv"
    second.write_text(
        "Nom;Prénom;Structure;Commune\nDurant;Alicia;Ville de Rennes;Rennes\n", encoding="utf-8"
    )
    before = snapshot(data)
    result = run("import-attendance", second, "--into", data, "--meeting", "mtg-2019-001")
    assert result.exit_code == 0, result.output
    assert "1 à vérifier" in result.output
    review = data / "intake" / "review-mtg-2019-001.csv"
    assert review.is_file() and (data / "intake" / "review-mtg-2019-001.xlsx").is_file()
    table = rows(review)
    assert table[0]["candidat_nom"] == "Alice Durand" and table[0]["raisons"]
    # review rows are not imported
    assert (data / "actors.csv").read_bytes() == before["actors.csv"]
    assert (data / "attendance.csv").read_bytes() == before["attendance.csv"]
    table[0]["decision"] = "accepter"
    with open(review, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    decided = run(
        "import-attendance",
        second,
        "--into",
        data,
        "--meeting",
        "mtg-2019-001",
        "--decisions",
        review,
    )
    assert decided.exit_code == 0, decided.output
    alice = next(a for a in rows(data / "actors.csv") if a["name"] == "Alice Durand")
    assert {"meeting_id": "mtg-2019-001", "actor_id": alice["actor_id"]} in rows(
        data / "attendance.csv"
    )
    assert not review.exists()
    assert validate_directory(data) == []


def test_failed_import_writes_nothing(data: Path) -> None:
    before = snapshot(data)
    result = run(
        "import-attendance",
        FIXTURES / "emargement.csv",
        "--into",
        data,
        "--meeting",
        "mtg-1999-999",
    )
    assert result.exit_code == 2
    assert "mtg-1999-999" in result.output
    assert snapshot(data) == before


def test_commit_files_is_all_or_nothing(tmp_path: Path) -> None:
    """The second file of a set cannot be put in place (a directory stands
    there): the first, already replaced, gets its old content back and no
    temporary file is left."""
    from coopgraph.intake.datadir import commit_files

    first = tmp_path / "a.csv"
    first.write_text("old a\n", encoding="utf-8")
    blocked = tmp_path / "b.csv"
    blocked.mkdir()
    (blocked / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        commit_files({first: "new a\n", blocked: "new b\n"})
    assert first.read_text(encoding="utf-8") == "old a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_import_into_a_directory_with_only_cites(tmp_path: Path) -> None:
    out = tmp_path / "d"
    out.mkdir()
    shutil.copy(SAMPLE / "cites.csv", out / "cites.csv")
    institutions = "institution_id,name,kind,region,departement,lat,lon\n"
    institutions += "crpv-resovilles,RésOVilles,crpv,53;52,,,\n"
    (out / "institutions.csv").write_text(institutions, encoding="utf-8")
    result = run("import-attendance", FIXTURES / "google_forms.csv", "--into", out, *MEETING)
    assert result.exit_code == 0, result.output
    ds = read_dataset(out)
    assert len(ds.actors) == 2 and len(ds.attendance) == 2 and len(ds.meetings) == 1


# ------------------------------------------------------------------ template


def test_template_validates_and_filled_reads_like_the_directory(tmp_path: Path) -> None:
    book = tmp_path / "modele.xlsx"
    result = run("template", book, "--cites", SAMPLE, "--crpv", "crpv-resovilles")
    assert result.exit_code == 0, result.output
    assert validate_directory(book) == []
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["Aide", "Listes", "Cités"]
    assert {"Acteurs", "Rencontres", "Participations", "Institutions"} <= set(wb.sheetnames)
    cites = wb["Cités"]
    assert cites["A1"].value == "Id cité"
    prefilled = {cites.cell(row=r, column=1).value for r in range(2, cites.max_row + 1)}
    assert "cite-062" in prefilled and "cite-065" not in prefilled  # Rennes, not Rouen
    assert wb["Institutions"].data_validations.dataValidation  # drop-downs
    # fill every sheet with the sample, French headers kept
    ds_dir = read_dataset(SAMPLE)
    names = {
        "cites": "Cités",
        "institutions": "Institutions",
        "actors": "Acteurs",
        "meetings": "Rencontres",
        "attendance": "Participations",
        "governance": "Gouvernance",
        "support": "Accompagnements",
    }
    for table, sheet_name in names.items():
        sheet = wb[sheet_name]
        sheet.delete_rows(2, sheet.max_row)
        with open(SAMPLE / f"{table}.csv", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for record in reader:
                sheet.append([v or None for v in record])
    filled = tmp_path / "rempli.xlsx"
    wb.save(filled)
    assert read_dataset(filled).canonical() == ds_dir.canonical()


def test_template_in_english(tmp_path: Path) -> None:
    book = tmp_path / "template.xlsx"
    result = run(
        "template", book, "--cites", SAMPLE / "cites.csv", "--region", "Normandie", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert "pre-filled" in result.output
    assert validate_directory(book) == []
    assert "Help" in openpyxl.load_workbook(book).sheetnames


# ------------------------------------------------------------------ dedupe


def test_dedupe_finds_and_merges(data: Path, tmp_path: Path) -> None:
    actors = data / "actors.csv"
    text = actors.read_text(encoding="utf-8")
    text += "act-9001,DUPONT Marie,inst-ville-rennes,chef de projet,cite-062\n"
    text += "act-9002,Marie Dupont,inst-ville-rennes,,\n"
    actors.write_text(text, encoding="utf-8")
    attendance = data / "attendance.csv"
    attendance.write_text(
        attendance.read_text(encoding="utf-8") + "mtg-2019-001,act-9002\n", encoding="utf-8"
    )
    result = run("dedupe", data)
    assert result.exit_code == 0, result.output
    review = data / "intake" / "dedupe.csv"
    table = rows(review)
    pair = next(r for r in table if r["id_a"] == "act-9001")
    assert pair["id_b"] == "act-9002" and float(pair["score"]) > 0.8
    for row in table:
        row["decision"] = "accepter" if row is pair else ""
    with open(review, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    applied = run("dedupe", data, "--apply", review)
    assert applied.exit_code == 0, applied.output
    ids = {a["actor_id"] for a in rows(actors)}
    assert "act-9001" in ids and "act-9002" not in ids
    assert {"meeting_id": "mtg-2019-001", "actor_id": "act-9001"} in rows(attendance)
    assert rows(data / "intake" / "aliases.csv") == [
        {"kind": "actor", "old_id": "act-9002", "new_id": "act-9001"}
    ]
    assert validate_directory(data) == []


def test_commands_have_french_help() -> None:
    for command in ("template", "import-attendance", "dedupe"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "--lang" in result.output


def test_generic_organisation_without_place(data: Path, tmp_path: Path) -> None:
    """A Zoom row "(Centre social Les Tilleuls)" has no commune: a known person
    keeps their own centre; a new one is not put into either namesake."""
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Nom;Prénom;Structure;Commune\n"
        "Durand;Alice;Centre social Les Tilleuls;Rennes\n"
        "Petit;Bruno;Centre social Les Tilleuls;Angers\n",
        encoding="utf-8",
    )
    run("import-attendance", sheet, "--into", data, *MEETING)
    zoom = tmp_path / "zoom.csv"
    zoom.write_text(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Bruno PETIT (Centre social Les Tilleuls),,x,y,60,Yes\n"
        "Zoé Martin (Centre social Les Tilleuls),,x,y,60,Yes\n",
        encoding="utf-8",
    )
    result = run("import-attendance", zoom, "--into", data, "--meeting", "mtg-2019-001")
    assert result.exit_code == 0, result.output
    assert "1 reconnue(s), 1 nouvelle(s), 0 à vérifier" in result.output
    actors = {a["name"]: a["institution_id"] for a in rows(data / "actors.csv")}
    tilleuls = {
        r["institution_id"]: r["departement"]
        for r in rows(data / "institutions.csv")
        if "tilleuls" in r["name"].lower()
    }
    assert tilleuls[actors["Bruno Petit"]] == "49"
    assert actors["Zoé Martin"] not in (actors["Bruno Petit"], actors["Alice Durand"])
    assert tilleuls[actors["Zoé Martin"]] == ""  # a centre of unknown place, on its own
    # when Zoé later signs in at Rennes, she moves to the Rennes centre
    later = tmp_path / "later.csv"
    later.write_text(
        "Nom;Prénom;Structure;Commune\nMartin;Zoé;Centre social Les Tilleuls;Rennes\n",
        encoding="utf-8",
    )
    run("import-attendance", later, "--into", data, "--meeting", "mtg-2019-002")
    actors = {a["name"]: a["institution_id"] for a in rows(data / "actors.csv")}
    assert actors["Zoé Martin"] == actors["Alice Durand"]
    assert validate_directory(data) == []
