"""CSV cells a spreadsheet would run as a formula are written as text (OWASP)."""

from __future__ import annotations

import csv

import pytest

from matcher import store
from matcher.batch import batch
from matcher.batch.batch_output import write_output
from matcher.directory.export import export_row, neutralise, starts_formula
from matcher.directory.importer import import_bytes
from matcher.directory.schema import FIELD_NAMES
from tests.conftest import to_csv, to_jsonl
from tests.engine_helpers import therapist

DANGEROUS = [
    "=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1", "\rx", "\tTabbed",
    " =1+1", "   @SUM(A1)", "\n=HYPERLINK(\"http://evil.example\")", " \n -2+3",
    "\u3000=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", " \uff1dx",
]  # fmt: skip
HARMLESS = ["Dana", "a=b", "Jo-Ann", "x@example.org", "1+1", "", " plain", "'=x"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_cell_read_as_a_formula_gets_an_apostrophe(text):
    assert starts_formula(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_written_unchanged(text):
    assert not starts_formula(text)
    assert neutralise(text) == text


def cells(**fields) -> dict[str, str]:
    """Export one profile row and return its cells by column name."""
    row = {"id": "ma-1", "name": "Dana"} | fields
    return dict(zip(FIELD_NAMES, export_row(row), strict=True))


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["anxiety", "=HYPERLINK(\"http://evil.example\",\"x\")"],
         "anxiety;'=HYPERLINK(\"http://evil.example\",\"x\")"),
        (["Aetna", " +1", "\uff20x"], "Aetna;' +1;'\uff20x"),
        (["-2", "grief"], "'-2;grief"),
        (["anxiety", "grief"], "anxiety;grief"),
    ],
)  # fmt: skip
def test_every_item_of_a_list_cell_is_guarded(items, expected):
    assert cells(specialties=items)["specialties"] == expected


@pytest.mark.parametrize("text", ["\n=1+1", " @x", "\uff1dx"])
def test_free_text_fields_are_guarded_after_spaces_and_line_feeds(text):
    exported = cells(name=text, bio=text, phone=text, city=text)
    assert {exported[n] for n in ("name", "bio", "phone", "city")} == {"'" + text}


def test_numbers_and_ids_stay_readable():
    exported = cells(
        id="-x1", latitude=-33.9, longitude=-71.0942, style_challenge=-3, fee=0.0
    )
    assert (exported["id"], exported["latitude"], exported["longitude"]) == (
        "-x1",
        "-33.9",
        "-71.0942",
    )
    assert (exported["style_challenge"], exported["fee"]) == ("-3", "0")


def test_rescore_csv_guards_request_ids_and_names_but_not_scores(db, tmp_path):
    evil_name = '=HYPERLINK("http://evil.example")'
    report = import_bytes(db, to_csv([therapist("ma-1", name=evil_name)]), "d.csv")
    assert report.ok, report.errors
    requests = tmp_path / "requests.jsonl"
    requests.write_bytes(to_jsonl([{"request_id": " @cmd", "state": "MA"}]))
    source = batch.read_input(requests)
    run = batch.execute(db, batch.open_run(db, source, batch.Settings()), source)
    out = tmp_path / "results.csv"
    write_output(db, run["id"], out)
    with out.open(encoding="utf-8", newline="") as file:
        (row,) = list(csv.DictReader(file))
    assert (row["request_id"], row["name"]) == ("' @cmd", "'" + evil_name)
    assert float(row["score"]) >= 0 and row["rank"] == "1"
    assert store.get_profile(db, "ma-1")["name"] == evil_name  # the data is unchanged
