"""import-cites with labelling years (a column of the input or --waves FILE),
and the 2023 layer (no INSEE code) placed in départements and régions."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from click.testing import CliRunner

from coopgraph import geo
from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.io import read_dataset
from coopgraph.io.anct import (
    BY_NAME,
    BY_NEAREST,
    BY_WAVES,
    import_official_list,
    parse_wave,
)

LAYER_2024 = "cites/anct_superposeur__citeduc_geom__2024-09.geojson"
LAYER_2023 = "cites/anct_superposeur__citeduc_geom__2023-11.geojson"
DERIVED = "derived/cites_educatives_anct2024_by_commune.csv"
EMPTY_TABLES = {
    "institutions": "institution_id,name,kind",
    "actors": "actor_id,name,institution_id",
    "meetings": "meeting_id,date,title",
    "attendance": "meeting_id,actor_id",
}


def derived_cites(shared_data):
    """Per cité of the derived table: (name, wave_guess, région, départements)."""
    cites: dict[str, dict] = {}
    with open(shared_data / DERIVED, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            c = cites.setdefault(
                row["lib_cite"],
                {"wave": row["wave_guess"], "region": row["insee_reg"], "deps": set()},
            )
            c["deps"].add(row["insee_dep"])
    return cites


def import_dir(tmp_path, *args):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import-cites", *map(str, args), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name, header in EMPTY_TABLES.items():
        (out / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    return out, result.output


@pytest.mark.parametrize("layer", [LAYER_2024, LAYER_2023], ids=["2024", "2023"])
def test_acceptance_counts_per_wave_and_region_equal_the_derived_table(
    tmp_path, shared_data, layer
):
    out, output = import_dir(tmp_path, shared_data / layer, "--waves", shared_data / DERIVED)
    ds = read_dataset(out)
    reference = derived_cites(shared_data)
    expected_waves = Counter(
        int(c["wave"]) if c["wave"].isdigit() else None for c in reference.values()
    )
    assert Counter(c.wave for c in ds.cites) == expected_waves
    assert expected_waves == {2019: 79, 2021: 46, 2022: 80, None: 3}  # the table's own sizes
    assert Counter(c.region for c in ds.cites) == Counter(c["region"] for c in reference.values())
    for c in ds.cites:  # cité by cité, not only the totals
        assert c.region == reference[c.name]["region"], c.name
        assert c.departement in reference[c.name]["deps"], c.name
    assert "3 cité(s) sans année de labellisation (dont 3 labellisée(s) après 2022" in output
    assert "208 cité(s) retrouvée(s), 0 absente(s) du fichier, 0 de ses cités sans" in output


def test_without_waves_every_cite_is_counted_as_without_year(tmp_path, shared_data):
    out, output = import_dir(tmp_path, shared_data / LAYER_2024)
    assert "208 cité(s) sans année de labellisation" in output
    assert all(c.wave is None for c in read_dataset(out).cites)


def test_wave_column_of_the_input_is_read(tmp_path, shared_data):
    out, output = import_dir(tmp_path, shared_data / DERIVED)  # its wave_guess column
    assert Counter(c.wave for c in read_dataset(out).cites)[2021] == 46
    assert "année de labellisation : 2019: 79, 2021: 46, 2022: 80" in output


def test_2023_layer_alone_is_placed_by_nearest_centre(shared_data):
    imported = import_official_list(shared_data / LAYER_2023)
    reference = derived_cites(shared_data)
    nearest = imported.placed(BY_NEAREST)
    assert len(nearest) == 207
    assert [c.name for c in imported.placed(BY_NAME)] == ["Saint-Martin"]
    assert imported.placed(BY_NAME)[0].place() == ("978", "978")
    right_region = sum(c.place()[1] == reference[c.name]["region"] for c in nearest)
    right_dep = sum(c.place()[0] in reference[c.name]["deps"] for c in nearest)
    # the reliability stated in the module's documentation and the README
    assert (right_region, right_dep) == (204, 171)
    assert any("placed at the nearest département centre" in line for line in imported.summary())


def test_2023_layer_with_waves_gets_communes_from_the_join(shared_data):
    imported = import_official_list(shared_data / LAYER_2023, shared_data / DERIVED)
    assert len(imported.placed(BY_WAVES)) == 208
    nancy = next(c for c in imported.cites if c.name.startswith("Nancy"))
    assert sorted(nancy.insee) == ["54304", "54357", "54395"]
    assert len({code for c in imported.cites for code in c.insee}) == 219


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def mini_layer(tmp_path):
    """Two cités of one commune (Marseille) and one of two communes."""
    return write(
        tmp_path / "layer.csv",
        "id_cite,lib_cite,insee_com,lib_com,lon,lat\n"
        "cite-1,Marseille Nord,13055,Marseille,5.40,43.33\n"
        "cite-2,Marseille Centre,13055,Marseille,5.37,43.30\n"
        "cite-3,Nancy / Laxou,54395,Nancy,6.18,48.69\n"
        "cite-3,Nancy / Laxou,54304,Laxou,6.15,48.68\n",
    )


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("vague", ("2019", "2021", "2022")),
        ("Année de labellisation", ("2019", "2021", "2022")),
        ("annee_labellisation", ("05/09/2019", "2021-01-15", "2022.0")),
        ("wave_guess", ("2019", "2021", "2022")),
    ],
)
def test_join_file_column_names_and_french_excel(tmp_path, mini_layer, header, values):
    # new ids (renumbered release), French Excel: ';', Windows-1252, renamed columns
    waves = write(
        tmp_path / "vagues.csv",
        f"identifiant;Nom;Code INSEE;{header}\n"
        f"x-9;Marseille Centre;13055;{values[1]}\n"
        f"x-8;Marseille Nord;13055;{values[0]}\n"
        f"x-7;Nancy / Laxou;54304;{values[2]}\n",
        encoding="cp1252",
    )
    imported = import_official_list(mini_layer, waves)
    assert {c.cite_id: c.wave for c in imported.cites} == {
        "cite-1": 2019,
        "cite-2": 2021,
        "cite-3": 2022,
    }


def test_join_by_insee_only_when_unambiguous(tmp_path, mini_layer):
    waves = write(tmp_path / "w.csv", "insee_com,wave\n13055,2019\n54395,2022\n")
    imported = import_official_list(mini_layer, waves)
    # Marseille holds two cités: a commune code alone cannot say which
    assert {c.cite_id: c.wave for c in imported.cites} == {
        "cite-1": None,
        "cite-2": None,
        "cite-3": 2022,
    }
    assert imported.join is not None and imported.join.unmatched == ["cite-1", "cite-2"]


def test_renamed_cite_is_found_by_its_only_commune_and_unused_rows_counted(tmp_path, mini_layer):
    waves = write(
        tmp_path / "w.csv",
        "lib_cite,insee_com,wave_guess\n"
        "Nancy Plateau de Haye,54395,2021\n"
        "Marseille Nord,13055,later\n"
        "Grigny,91286,2019\n",
    )
    imported = import_official_list(mini_layer, waves)
    by_id = {c.cite_id: c for c in imported.cites}
    assert by_id["cite-3"].wave == 2021
    assert by_id["cite-1"].wave is None and by_id["cite-1"].later
    assert imported.join is not None
    assert (imported.join.matched, imported.join.unused) == (2, 1)
    assert imported.without_year == 2 and imported.later == 1


def test_join_file_year_replaces_the_input_and_says_so(tmp_path, shared_data):
    waves = write(tmp_path / "w.csv", "lib_cite,insee_com,vague\nAllonnes,72003,2021\n")
    imported = import_official_list(shared_data / DERIVED, waves)
    assert next(c for c in imported.cites if c.name == "Allonnes").wave == 2021
    assert imported.join is not None and imported.join.changed == 1
    assert "1 year(s) of the input replaced" in imported.summary()[-1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lib_cite,insee_com\nA,72003\n", ":1: no labelling-year column"),
        ("wave,commentaire\n2019,x\n", ":1: no column to join on"),
        ("lib_cite,insee_com,vague\nAllonnes,72003,vague 1\n", ":2:3: [vague] 'vague 1' is not"),
        (
            "lib_cite,insee_com,wave\nNancy,54395,2019\nNancy,54304,2021\n",
            ":3:3: [wave] cité 'Nancy' has another labelling year on line 2",
        ),
    ],
)
def test_bad_join_files_are_located_errors(tmp_path, mini_layer, text, message):
    waves = write(tmp_path / "w.csv", text)
    with pytest.raises(InputError, match=None) as info:
        import_official_list(mini_layer, waves)
    assert str(info.value).startswith(str(waves)) and message in str(info.value)


def test_cli_bad_waves_file_writes_nothing(tmp_path, mini_layer):
    waves = write(tmp_path / "w.csv", "lib_cite,vague\nMarseille Nord,bientôt\n")
    result = CliRunner().invoke(
        cli, ["import-cites", str(mini_layer), "--out", str(tmp_path / "o"), "--waves", str(waves)]
    )
    assert result.exit_code == 2
    assert f"erreur : {waves}:2:2: [vague] 'bientôt' is not a labelling year" in result.output
    assert not (tmp_path / "o" / "cites.csv").exists()


def test_a_point_without_insee_code_goes_to_the_nearest_departement(tmp_path):
    layer = write(
        tmp_path / "l.geojson",
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"id_territoire": "c1", "lib_territoire": "Rennes",'
        ' "liste_geo": "Rennes (c1)", "vague": "2021"},'
        ' "geometry": {"type": "Point", "coordinates": [-1.68, 48.11]}},'
        '{"type": "Feature", "properties": {"id_territoire": "c2", "lib_territoire": "Atlantide",'
        ' "liste_geo": "Atlantide (c2)"}, "geometry": null}]}',
    )
    with pytest.raises(InputError, match="cité c2 \\('Atlantide'\\) has no INSEE commune code"):
        import_official_list(layer)
    layer.write_text(layer.read_text().replace("Atlantide", "Mayotte"))
    imported = import_official_list(layer)
    rennes, mayotte = imported.cites
    assert (rennes.place(), rennes.wave, rennes.placed_by) == (("35", "53"), 2021, BY_NEAREST)
    assert mayotte.place() == ("976", geo.region_of_departement("976"))


@pytest.mark.parametrize("text", ["2019", "2019.0", "2019,0", " 2019 ", "05/09/2019", "2019-09-05"])
def test_parse_wave_years(text):
    assert parse_wave(text) == 2019


@pytest.mark.parametrize("text", ["", "later", "Later", "2023+", "2023 +", "inconnue", "?", "N/A"])
def test_parse_wave_unknown(text):
    assert parse_wave(text) is None


@pytest.mark.parametrize("text", ["vague 1", "1", "19", "2019/2021", "abc"])
def test_parse_wave_refuses(text):
    with pytest.raises(ValueError):
        parse_wave(text)
