"""coopgraph note: one A4 page (read back from the PDF), on the sample and on
the real ANCT list imported with the labelling years and a few meetings."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coopgraph.analysis import Analysis, AnalysisOptions, parse_territory
from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.graph.projections import Period
from coopgraph.io import read_dataset
from coopgraph.reports.note import build_note, note_html, select_territory

LAYER_2024 = "cites/anct_superposeur__citeduc_geom__2024-09.geojson"
DERIVED = "derived/cites_educatives_anct2024_by_commune.csv"
A4 = (595.3, 841.9)  # points

# A handful of real-looking meetings for 13 real cités (ids of the 2024 layer).
ACTORS = {
    "cite-006": "Aulnay-sous-Bois",
    "cite-011": "Bondy",
    "cite-018": "Clichy-sous-Bois",
    "cite-030": "La Courneuve",
    "cite-071": "Sevran",
    "cite-082": "Aubervilliers",
    "cite-070": "Sarcelles",
    "cite-026": "Garges-lès-Gonesse",
    "cite-032": "Le Havre Nord",
    "cite-065": "Rouen",
    "cite-067": "Saint-Étienne-du-Rouvray",
    "cite-062": "Rennes Le Blosne",
    "cite-183": "Rennes Villejean",
}
MEETINGS = [  # id, French date, scale, cités present
    ("m1", "10/03/2021", "departemental", ["cite-006", "cite-011", "cite-018"]),
    ("m2", "01/06/2022", "departemental", ["cite-011", "cite-030"]),
    ("m3", "15/09/2021", "local", ["cite-071"]),
    ("m4", "05/11/2021", "regional", ["cite-070", "cite-026", "cite-006"]),
    ("m5", "24/11/2020", "interregional", ["cite-065", "cite-062", "cite-032"]),
    ("m6", "15/01/2023", "national", ["cite-067", "cite-082"]),
    ("m7", "02/02/2023", "regional", ["cite-183", "cite-062"]),
]


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory, shared_data):
    """The real ANCT 2024 list imported with the derived table's years, plus
    the meetings above (a CRPV of Seine-Saint-Denis included)."""
    out = tmp_path_factory.mktemp("real")
    result = CliRunner().invoke(
        cli,
        [
            "import-cites",
            str(shared_data / LAYER_2024),
            "--waves",
            str(shared_data / DERIVED),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output

    def write(name, header, rows):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        (out / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")

    write(
        "institutions",
        ["institution_id", "name", "kind", "region", "departement"],
        [
            ["crpv-pb", "Profession Banlieue", "crpv", "11", "93"],
            ["crpv-nv", "Normanvilles", "crpv", "28", ""],
            ["ville", "Villes", "collectivite", "", ""],
        ],
    )
    write(
        "actors",
        ["actor_id", "name", "institution_id", "cite_id"],
        [[f"a-{cid}", f"Chef de projet {name}", "ville", cid] for cid, name in ACTORS.items()],
    )
    write(
        "meetings",
        ["meeting_id", "date", "title", "scale"],
        [[m, day, f"Rencontre {m}", scale] for m, day, scale, _ in MEETINGS],
    )
    write(
        "attendance",
        ["meeting_id", "actor_id"],
        [[m, f"a-{cid}"] for m, _, _, cites in MEETINGS for cid in cites],
    )
    write("support", ["crpv_id", "cite_id"], [["crpv-nv", "cite-062"]])
    return out


def note_of(ds, period=None, **where):
    """The note of ``ds`` over ``period`` for the territory of ``where``
    (``regions=``, ``departements=``, ``crpvs=``)."""
    options = AnalysisOptions(period=period or Period(), territory=parse_territory(**where))
    return build_note(Analysis(ds, options))


def run_note(tmp_path, data, *args, name="note.pdf"):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["note", str(data), *map(str, args), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    return out


def pdf_text(path) -> str:
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4
    return " ".join(reader.pages[0].extract_text().split())


# ---------------------------------------------------------------- sample


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--region", "Normandie"], ["Note de situation : Normandie (28)", "Le Havre Nord"]),
        ([], ["Note de situation : France", "Cités isolées ou fragiles", "Ajaccio"]),
        (["--departement", "93"], ["Seine-Saint-Denis (93)"]),
        (["--crpv", "crpv-resovilles"], ["CRPV RésOVilles", "Rennes"]),
        (
            ["--region", "28", "--region", "53", "--lang", "en"],
            ["Situation note: Normandie (28), Bretagne (53)", "Strongest interregional ties"],
        ),
    ],
)
def test_sample_note_is_one_a4_page(tmp_path, sample_dir, args, expected):
    text = pdf_text(run_note(tmp_path, sample_dir, *args))
    for phrase in expected:
        assert phrase in text, (phrase, text[:400])
    assert ("couverture" in text) != ("--lang" in args)
    assert "toutes (y compris nationales)" in text or "all (national ones included)" in text


def test_sample_note_says_the_scales_it_counts(tmp_path, sample_dir):
    text = pdf_text(run_note(tmp_path, sample_dir, "--scale", "regional", "--scale", "local"))
    assert "échelles de rencontres comptées : regional, local" in text


def test_html_note_is_a_printable_page_with_a_map(tmp_path, sample_dir):
    page = run_note(tmp_path, sample_dir, "--region", "Normandie", name="note.html").read_text(
        encoding="utf-8"
    )
    assert "@page { size: A4" in page
    assert page.count("<circle") == 5  # the five Normandie cités of the sample
    assert "<script" not in page


def test_wrong_extension_and_unknown_territories(tmp_path, sample_dir):
    runner = CliRunner()
    bad = runner.invoke(cli, ["note", str(sample_dir), "--out", str(tmp_path / "n.docx")])
    assert bad.exit_code == 2 and "la note s'écrit en .pdf ou en .html" in bad.output
    assert not (tmp_path / "n.docx").exists()
    ds = read_dataset(sample_dir)
    with pytest.raises(InputError, match="unknown région 'Normandi'; close matches: Normandie"):
        select_territory(ds, regions=["Normandi"])
    with pytest.raises(InputError, match="close matches: Seine-Saint-Denis"):
        select_territory(ds, departements=["Seine-St-Deni"])
    with pytest.raises(InputError, match="unknown CRPV 'resoville'.*crpv-resovilles"):
        select_territory(ds, crpvs=["resoville"])


def test_region_and_departement_codes_are_not_confused(sample_dir):
    ds = read_dataset(sample_dir)
    paca = select_territory(ds, regions=["93"])
    seine_saint_denis = select_territory(ds, departements=["93"])
    assert {ds.cite_by_id[i].region for i in paca.cite_ids} == {"93"}
    assert {ds.cite_by_id[i].departement for i in seine_saint_denis.cite_ids} == {"93"}
    assert paca.cite_ids.isdisjoint(seine_saint_denis.cite_ids)


# ---------------------------------------------------------------- real data


def test_real_departement_93_note(tmp_path, real_dir):
    text = pdf_text(run_note(tmp_path, real_dir, "--departement", "93"))
    assert "Note de situation : Seine-Saint-Denis (93)" in text
    assert "6 / 12 (50 %)" in text  # 12 cités in 93, six with recorded attendance
    assert "Cités sans donnée (6)" in text
    for name in ("Pantin", "Saint-Denis", "Bobigny", "Romainville", "Saint-Ouen"):
        assert name in text
    # Sevran's one local meeting is too little to call it isolated: listed apart
    assert "Cités aux données partielles (4)" in text  # Sevran, Aubervilliers...
    assert "Sevran aucun lien" not in text


def test_real_note_never_calls_a_cite_without_data_isolated(real_dir):
    ds = read_dataset(real_dir)
    note = note_of(ds)
    assert len(note.cites) == 208
    assert len(note.covered) == 13 and len(note.no_data) == 195
    assert {c.cite_id for c in note.isolated} <= note.covered
    assert {c.cite_id for c in note.isolated}.isdisjoint(c.cite_id for c in note.no_data)
    # one meeting only: sparse data, listed apart, not called isolated
    assert "Sevran" in {c.name for c in note.sparse}
    assert "Sevran" not in {c.name for c in note.isolated}


def test_real_national_note_fits_one_page_with_195_cites_without_data(tmp_path, real_dir):
    text = pdf_text(run_note(tmp_path, real_dir))
    assert "13 / 208 (6 %)" in text
    assert "Cités sans donnée (195)" in text
    assert "autre(s)" in text  # the list was shortened to fit, the rest counted


def test_real_crpv_territory_is_its_departement_plus_supported_cites(real_dir):
    ds = read_dataset(real_dir)
    pb = select_territory(ds, crpvs=["Profession Banlieue"])
    assert pb.cite_ids == select_territory(ds, departements=["93"]).cite_ids
    nv = select_territory(ds, crpvs=["crpv-nv"])
    assert nv.cite_ids == select_territory(ds, regions=["28"]).cite_ids | {"cite-062"}


def test_real_note_counts_cites_from_their_labelling_year(real_dir):
    ds = read_dataset(real_dir)
    note = note_of(ds, Period(None, date(2021, 6, 30)), departements=["93"])
    # five 2019 and four 2021 cités are labelled by mid-2021; the three of 2022 are not
    assert (len(note.cites), note.not_yet_labelled) == (9, 3)
    assert "3 cité(s) labellisée(s) après la période ne sont pas comptées" in note_html(note)
    assert {c.name for c in note.no_data} >= {"Pantin", "Saint-Denis"}
    assert "Bobigny" not in {c.name for c in note.cites}


def test_real_interregional_ties_strongest_and_missing(real_dir):
    ds = read_dataset(real_dir)
    note = note_of(ds, regions=["Normandie"])
    assert {(t.a, t.b) for t in note.strongest} == {
        ("Le Havre Nord", "Rennes Le Blosne"),
        ("Rouen", "Rennes Le Blosne"),
        ("Saint-Étienne-du-Rouvray", "Aubervilliers"),
    }
    # Normandie borders Bretagne (tied), Île-de-France (tied), Hauts-de-France,
    # Centre-Val de Loire and Pays de la Loire (not tied)
    assert [t.region_b for t in note.missing] == ["24", "32", "52"]


@pytest.mark.parametrize("scope", [(), ("--region", "32")], ids=["france", "hauts-de-france"])
def test_note_is_the_same_whatever_the_hash_seed(tmp_path, sample_dir, scope):
    """The whole note and a territory's (whose small map draws a subgraph,
    which networkx iterates in its node set's order) under two hash seeds."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"note-{seed}.html"
        subprocess.run(
            [
                *(
                    sys.executable,
                    "-c",
                    "import sys; from coopgraph.cli import main; main(sys.argv[1:])",
                ),
                *("note", str(sample_dir), *scope, "--out", str(out)),
            ],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_names_reach_the_page_as_text(tmp_path):
    from tinydata import TINY, tables_with, write_tables

    rows = [dict(TINY["cites"][0], name="<img src=x onerror=alert(1)>")] + TINY["cites"][1:]
    ds = read_dataset(write_tables(tmp_path / "d", tables_with(cites=rows)))
    page = note_html(note_of(ds))
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.neo4j
def test_note_from_neo4j_equals_note_from_files(neo4j_server, neo4j_store, sample_dir, tmp_path):
    env = neo4j_server.env()
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(sample_dir)], env=env).exit_code == 0
    pages = {}
    for source, extra in (("files", [str(sample_dir)]), ("neo4j", [])):
        out = tmp_path / f"{source}.html"
        args = ["note", *extra, "--source", source, "--crpv", "crpv-resovilles", "--out", str(out)]
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 0, result.output
        pages[source] = out.read_text(encoding="utf-8")
    label = neo4j_store.describe()
    assert label in pages["neo4j"]
    assert pages["neo4j"].replace(label, "SOURCE") == pages["files"].replace(
        str(sample_dir), "SOURCE"
    )
