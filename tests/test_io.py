"""Reading and validating the input format: every error case names file, line
and column; encodings, separators, header aliases and workbooks just work."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from coopgraph.errors import DataValidationError, InputError
from coopgraph.io import read_dataset, validate_directory
from coopgraph.io.messages import say
from tinydata import TINY, tables_with, write_tables


@pytest.fixture(autouse=True)
def english():
    """These tests read the library's messages in English (``use_lang``);
    French, the default, is checked in test_validation_lang.py."""
    from coopgraph.i18n import reset_lang, use_lang

    use_lang("en")
    yield
    reset_lang()


def problems_of(tmp_path, **changes):
    return validate_directory(write_tables(tmp_path / "d", tables_with(**changes)))


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_tiny_dataset_reads_into_typed_records(tiny_dir):
    ds = read_dataset(tiny_dir)
    assert ds.counts() == {
        "cites": 3,
        "institutions": 3,
        "crpv": 1,
        "actors": 4,
        "meetings": 3,
        "attendance": 5,
        "governance": 2,
        "support": 2,
    }
    b = ds.cite_by_id["b"]
    assert b.region == "53"  # "Bretagne" resolved to its INSEE code
    assert (b.lat, b.lon, b.wave) == (48.11, -1.68, 2019)
    c = ds.cite_by_id["c"]
    assert c.departement == "49"  # derived from the INSEE commune code
    assert c.lat is None and c.wave is None
    m2 = ds.meeting_by_id["m2"]
    assert m2.date == date(2020, 5, 14)
    assert m2.organiser_ids == ("crpv", "pref76")
    assert m2.themes == ("gouvernance", "evaluation")
    assert ds.meeting_by_id["m3"].scale is None
    assert ds.actor_by_id["k"].cite_id is None
    assert ds.support[1].since is None


@pytest.mark.parametrize(
    "encoding,delimiter",
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", ","), ("utf-8", "\t")],
)
def test_excel_exports_read_the_same(tmp_path, tiny_dir, encoding, delimiter):
    other = write_tables(tmp_path / "x", encoding=encoding, delimiter=delimiter)
    assert read_dataset(other) == read_dataset(tiny_dir)


def test_cp1252_accents_survive(tmp_path):
    ds = read_dataset(write_tables(tmp_path / "x", encoding="cp1252", delimiter=";"))
    assert ds.institution_by_id["pref76"].name == "Préfecture 76"
    assert ds.actor_by_id["z"].name == "Zoé Martin"


def test_french_header_aliases(tmp_path, tiny_dir):
    headers = {
        "region": "Région",
        "date": "Date de la rencontre",
        "name": "Nom",
        "lat": "Latitude",
        "scale": "Échelle",
    }
    assert read_dataset(write_tables(tmp_path / "fr", headers=headers)) == read_dataset(tiny_dir)


def test_xlsx_workbook_with_one_sheet_per_file(tmp_path, tiny_dir):
    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, rows in TINY.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
    assert read_dataset(book) == read_dataset(tiny_dir)


def test_xlsx_errors_name_sheet_row_and_column(tmp_path):
    book = tmp_path / "data.xlsx"
    tables = tables_with(cites=TINY["cites"] + [dict(TINY["cites"][0])])
    with pd.ExcelWriter(book) as writer:
        for name, rows in tables.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
    p = only(validate_directory(book))
    assert (p.file, p.line, p.column) == (f"{book}[cites]", 5, 1)
    assert "duplicate id 'a'" in p.message


def test_duplicate_id(tmp_path):
    p = only(problems_of(tmp_path, cites=TINY["cites"] + [dict(TINY["cites"][1], name="Autre")]))
    assert (p.file.endswith("cites.csv"), p.line, p.column, p.column_name) == (
        True,
        5,
        1,
        "cite_id",
    )
    assert p.message == "duplicate id 'b'"


def test_empty_id(tmp_path):
    p = only(problems_of(tmp_path, actors=TINY["actors"] + [dict(TINY["actors"][0], actor_id="")]))
    assert (p.line, p.column, p.column_name) == (6, 1, "actor_id")
    assert p.message == "required value is empty"


def test_missing_required_column(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "title"} for r in TINY["meetings"]]
    p = only(problems_of(tmp_path, meetings=rows))
    assert p.file.endswith("meetings.csv") and p.line == 1 and p.column is None
    assert p.message == "missing required column 'title'"


def test_missing_mandatory_file(tmp_path, tiny_dir):
    (tiny_dir / "attendance.csv").unlink()
    p = only(validate_directory(tiny_dir))
    assert p.file.endswith("attendance.csv") and p.message == say("missing_file")


def test_optional_files_may_be_absent(tiny_dir):
    (tiny_dir / "governance.csv").unlink()
    (tiny_dir / "support.csv").unlink()
    assert read_dataset(tiny_dir).governance == ()


def test_unknown_references(tmp_path):
    problems = problems_of(
        tmp_path,
        attendance=TINY["attendance"] + [{"meeting_id": "m9", "actor_id": "ghost"}],
        governance=TINY["governance"]
        + [{"cite_id": "nowhere", "institution_id": "pref76", "role": "prefecture"}],
        support=TINY["support"] + [{"crpv_id": "pref76", "cite_id": "a", "since": "", "kind": ""}],
    )
    found = {(p.file.rsplit("/", 1)[1], p.line, p.column, p.message) for p in problems}
    assert found == {
        ("attendance.csv", 7, 1, "unknown meeting 'm9' (not in meetings.csv)"),
        ("attendance.csv", 7, 2, "unknown actor 'ghost' (not in actors.csv)"),
        ("governance.csv", 4, 1, "unknown cité 'nowhere' (not in cites.csv)"),
        ("support.csv", 4, 1, "'pref76' is not an institution of kind crpv in institutions.csv"),
    }


def test_unknown_organiser_in_a_list(tmp_path):
    rows = [dict(TINY["meetings"][0], organiser_ids="ville;nobody")] + TINY["meetings"][1:]
    p = only(problems_of(tmp_path, meetings=rows))
    assert (p.line, p.column) == (2, 6)
    assert "unknown institution" in p.message and "nobody" in p.message


@pytest.mark.parametrize(
    "bad", ["14/05/20", "31/04/2020", "05/14/2020", "2020-13-01", "2020-02-30", "mai 2020"]
)
def test_bad_dates(tmp_path, bad):
    rows = TINY["meetings"][:2] + [dict(TINY["meetings"][2], date=bad)]
    p = only(problems_of(tmp_path, meetings=rows))
    assert (p.line, p.column, p.column_name) == (4, 2, "date")
    assert p.message == f"'{bad}' is not a date (YYYY-MM-DD, or JJ/MM/AAAA)"


def test_unknown_kind_role_scale_and_format(tmp_path):
    problems = problems_of(
        tmp_path,
        institutions=TINY["institutions"]
        + [dict(TINY["institutions"][0], institution_id="q", kind="mairie")],
        governance=[dict(TINY["governance"][0], role="maire")],
        meetings=[dict(TINY["meetings"][0], scale="europeen", format="radio")]
        + TINY["meetings"][1:],
    )
    messages = sorted(p.message.split(" (")[0] for p in problems)
    assert messages == [
        "unknown format 'radio'",
        "unknown kind 'mairie'",
        "unknown role 'maire'",
        "unknown scale 'europeen'",
    ]


def test_coordinates_out_of_range_and_unknown_region(tmp_path):
    rows = [
        dict(TINY["cites"][0], lat="123.5"),
        dict(TINY["cites"][1], lon="abc"),
        dict(TINY["cites"][2], region="Atlantide"),
    ]
    problems = problems_of(tmp_path, cites=rows)
    assert {(p.line, p.column_name) for p in problems} == {(2, "lat"), (3, "lon"), (4, "region")}


def test_french_decimal_comma_is_accepted(tmp_path):
    rows = [dict(TINY["cites"][0], lat="49,44", lon="1,1")] + TINY["cites"][1:]
    ds = read_dataset(write_tables(tmp_path / "d", tables_with(cites=rows)))
    assert ds.cite_by_id["a"].lat == 49.44


def test_duplicate_attendance_row(tmp_path):
    p = only(problems_of(tmp_path, attendance=TINY["attendance"] + [dict(TINY["attendance"][0])]))
    assert p.line == 7 and p.message == "duplicate row"


def test_all_problems_reported_at_once_and_read_refuses(tmp_path):
    directory = write_tables(
        tmp_path / "d",
        tables_with(
            cites=TINY["cites"] + [dict(TINY["cites"][0])],
            attendance=TINY["attendance"] + [{"meeting_id": "m1", "actor_id": "ghost"}],
        ),
    )
    with pytest.raises(DataValidationError) as err:
        read_dataset(directory)
    assert len(err.value.problems) == 2


def test_line_numbers_count_quoted_newlines(tmp_path):
    rows = (
        [dict(TINY["meetings"][0], title="Réunion\nsur deux lignes")]
        + TINY["meetings"][1:2]
        + [dict(TINY["meetings"][2], date="bad")]
    )
    p = only(problems_of(tmp_path, meetings=rows))
    assert p.line == 5  # header 1, m1 on lines 2-3, m2 on 4, m3 on 5


def test_extra_cells_beyond_the_header(tmp_path, tiny_dir):
    with open(tiny_dir / "attendance.csv", "a", encoding="utf-8") as fh:
        fh.write("m1,z,surplus\r\n")
    p = only(validate_directory(tiny_dir))
    assert (p.line, p.column) == (7, 3)


def test_missing_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        read_dataset(tmp_path / "nope")


def test_undecodable_byte_is_a_located_error(tiny_dir):
    from coopgraph.i18n import use_lang

    use_lang("fr")  # French, the default outside these tests
    with open(tiny_dir / "actors.csv", "ab") as fh:
        fh.write("act-x,Zo\u00e9,ville,,\r\n".encode("utf-8") + b"\x81bad,name,ville,,\r\n")
    with pytest.raises(
        InputError, match=r"actors\.csv:7:1: octet 0x81 invalide en UTF-8 alors que"
    ):
        read_dataset(tiny_dir)


def test_utf16_excel_unicode_text_reads(tmp_path, tiny_dir):
    other = write_tables(tmp_path / "u16", encoding="utf-16", delimiter="\t")
    assert read_dataset(other) == read_dataset(tiny_dir)


def test_missing_table_is_reported_once_not_as_unknown_references(tiny_dir):
    (tiny_dir / "meetings.csv").unlink()
    assert [p.message for p in validate_directory(tiny_dir)] == [say("missing_file")]


def test_cites_with_a_header_and_no_rows(tmp_path):
    p = only(
        problems_of(
            tmp_path,
            cites=[],
            actors=[dict(a, cite_id="") for a in TINY["actors"]],
            governance=[],
            support=[],
        )
    )
    assert p.file.endswith("cites.csv") and p.message == say("no_rows")


def test_cells_cleaned_by_column_as_cell_by_cell():
    """The usual file's cells are cleaned column by column (fast path); the
    result is the one of ``_clean`` on every cell (the general path)."""
    from coopgraph.io.reader import _clean, _table
    from coopgraph.io.tables import TABLES

    header = ["actor_id", "name", "institution_id", "role", "cite_id"]
    rows = [
        ["a1", " Zoé ", "i1", "", "c1"],
        ["a2", "'=SUM(A1)", "i1", "  ", "'quoted"],
        ["a3", "'-x", " i2", "coordination", ""],
    ]
    table = _table(TABLES["actors"], "actors.csv", header, rows, [2, 3, 4])
    want = [[_clean(c) for c in row] for row in rows]
    assert table.frame.values.tolist() == want
    assert list(table.frame.columns) == header and want[1][1] == "=SUM(A1)"
    assert table.frame.dtypes.eq(object).all()


# ---------------------------------------------------------------- quick check


def _pandera_finds(frame: pd.DataFrame, schema) -> bool:
    import pandera.pandas as pa

    from coopgraph.io.validation import _pandera_schema

    try:
        _pandera_schema(schema).validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return True
    return False


def test_quick_check_never_passes_what_pandera_refuses():
    """:func:`coopgraph.io.validation.passes` lets a table skip pandera: it
    must never pass a table in which pandera finds a problem (pandera, the
    oracle, on every combination of good and bad cells)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coopgraph.io.validation import Schema, _check, _column, _member, _year, passes

    schema = Schema(
        {
            "id": _column(_check("year", _year), required=True, unique=True),
            "kind": _column(_check("meeting_scale", _member(["local", "national"]))),
            "free": _column(),
        },
        unique=["kind", "free"],
    )
    cells = st.sampled_from(["2020", "2021", "1820", "x", "", None, "local", "national", 2020])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=5))
    def check(rows):
        frame = pd.DataFrame(rows, columns=["id", "kind", "free"], dtype=object)
        if passes(frame, schema):
            assert not _pandera_finds(frame, schema), rows

    check()
    good = pd.DataFrame({"id": ["2020", "2021"], "kind": ["local", "national"]}, dtype=object)
    assert passes(good, schema) and not _pandera_finds(good, schema)


def test_valid_national_data_never_imports_pandera(tmp_path):
    """Valid data is read without pandera (its import costs a third of a
    second of every command); invalid data still gets pandera's report."""
    import subprocess
    import sys

    write_tables(tmp_path / "ok", TINY)
    code = (
        "import sys; from coopgraph.io import read_dataset; read_dataset(sys.argv[1]); "
        "print('pandera' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "ok")], capture_output=True, text=True
    )
    assert done.stdout.strip() == "False", done.stderr


def test_plain_records_are_what_csv_reads():
    """A text without quotes is split by hand (several times faster):
    the same records as :mod:`csv`, the oracle, line for line."""
    import csv
    import io

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coopgraph.io.reader import _plain_records

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet="ab ,;\t\r\n\x00\"'é", max_size=40), st.sampled_from(",;\t"))
    def check(text, delimiter):
        plain = _plain_records(text, delimiter)
        if plain is None:
            return
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        expected, lines = [], []
        for record in reader:
            expected.append(record)
            lines.append(reader.line_num)
        assert plain == expected, text
        assert lines == list(range(1, len(lines) + 1))

    check()
