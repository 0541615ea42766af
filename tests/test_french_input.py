"""French input: day-first dates (JJ/MM/AAAA), decimal commas, and French
sheet names in workbooks (with the sheets found when one is missing)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from coopgraph.errors import InputError
from coopgraph.io import read_dataset, validate_directory
from coopgraph.io.tables import table_of_sheet
from coopgraph.io.validation import parse_date
from tinydata import TINY, tables_with, write_tables


@pytest.fixture(autouse=True)
def english():
    """These tests read the library's messages in English (``use_lang``);
    French, the default, is checked in test_validation_lang.py."""
    from coopgraph.i18n import reset_lang, use_lang

    use_lang("en")
    yield
    reset_lang()


FRENCH_SHEETS = {
    "cites": "Cités",
    "institutions": "INSTITUTIONS",
    "actors": "acteurs",
    "meetings": "Rencontres",
    "attendance": "participations",
    "governance": "Gouvernance",
    "support": "accompagnement",
}


def french_excel(tables):
    """``tables`` as French Excel writes them: day-first dates, decimal commas."""
    out = {name: [dict(r) for r in rows] for name, rows in tables.items()}
    for row in out["meetings"]:
        y, m, d = row["date"].split("-")
        row["date"] = f"{d}/{m}/{y}"
    for row in out["support"]:
        if row["since"]:
            y, m, d = row["since"].split("-")
            row["since"] = f"{d}/{m}/{y}"
    for row in out["cites"]:
        row["lat"], row["lon"] = row["lat"].replace(".", ","), row["lon"].replace(".", ",")
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24/11/2020", date(2020, 11, 24)),
        ("1/2/2021", date(2021, 2, 1)),
        ("01.02.2021", date(2021, 2, 1)),
        ("01-02-2021", date(2021, 2, 1)),
        ("24/11/2020 14:30", date(2020, 11, 24)),
        ("2020-11-24", date(2020, 11, 24)),
        ("2020-11-24 00:00:00", date(2020, 11, 24)),  # a date cell of a workbook
    ],
)
def test_dates_french_or_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "bad", ["24/11/20", "11/24/2020", "29/02/2021", "24/11-2020", "24 nov 2020"]
)
def test_ambiguous_or_impossible_french_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_french_excel_export_reads_like_the_iso_files(tmp_path, tiny_dir):
    french = write_tables(tmp_path / "fr", french_excel(TINY), encoding="cp1252", delimiter=";")
    assert (french / "meetings.csv").read_text(encoding="cp1252").count("14/05/2020") == 1
    assert "49,44" in (french / "cites.csv").read_text(encoding="cp1252")
    ds = read_dataset(french)
    assert ds == read_dataset(tiny_dir)
    assert ds.meeting_by_id["m2"].date == date(2020, 5, 14)
    assert ds.support[0].since == date(2020, 1, 1)
    assert ds.cite_by_id["a"].lat == 49.44


def test_a_bad_french_date_is_located(tmp_path):
    rows = TINY["meetings"][:2] + [dict(TINY["meetings"][2], date="31/04/2021")]
    problems = validate_directory(write_tables(tmp_path / "d", tables_with(meetings=rows)))
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, 2, "'31/04/2021' is not a date (YYYY-MM-DD, or JJ/MM/AAAA)")
    ]


@pytest.mark.parametrize(
    ("sheet", "table"),
    [
        ("cites", "cites"),
        ("cites.csv", "cites"),
        ("Cités", "cites"),
        ("CITÉS", "cites"),
        ("cites ", "cites"),
        ("Acteurs", "actors"),
        ("rencontres.csv", "meetings"),
        ("Participations", "attendance"),
        ("gouvernance", "governance"),
        ("Accompagnement", "support"),
        ("Institutions", "institutions"),
        ("Feuil1", None),
        ("cités (copie)", None),
    ],
)
def test_sheet_names(sheet, table):
    assert table_of_sheet(sheet) == table


def write_book(path, tables, names):
    with pd.ExcelWriter(path) as writer:
        for name, rows in tables.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=names.get(name, name), index=False)
    return path


def test_workbook_with_french_sheet_names_and_french_cells(tmp_path, tiny_dir):
    book = write_book(tmp_path / "données.xlsx", french_excel(TINY), FRENCH_SHEETS)
    assert read_dataset(book) == read_dataset(tiny_dir)


def test_missing_sheet_lists_the_sheets_found(tmp_path):
    tables = {k: v for k, v in TINY.items() if k != "meetings"}
    book = write_book(tmp_path / "book.xlsx", tables, {**FRENCH_SHEETS, "attendance": "Présences"})
    problems = validate_directory(book)
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert p.file == str(book)
    assert p.message == (
        "required sheet 'meetings' (or 'rencontres') is missing; sheets found: 'Cités', "
        "'INSTITUTIONS', 'acteurs', 'Présences', 'Gouvernance', 'accompagnement'"
    )


def test_two_sheets_for_one_table_is_an_error(tmp_path):
    from coopgraph.i18n import use_lang

    use_lang("fr")  # French, the default outside these tests
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, rows in TINY.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame(TINY["cites"]).to_excel(writer, sheet_name="Cités", index=False)
    with pytest.raises(InputError, match="'cites' et 'Cités'"):
        read_dataset(book)


def test_workbook_with_real_date_cells(tmp_path, tiny_dir):
    tables = {name: [dict(r) for r in rows] for name, rows in TINY.items()}
    for row in tables["meetings"]:
        row["date"] = pd.Timestamp(row["date"])  # a date cell, as Excel stores it
    book = write_book(tmp_path / "dates.xlsx", tables, FRENCH_SHEETS)
    assert read_dataset(book) == read_dataset(tiny_dir)
