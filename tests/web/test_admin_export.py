"""CSV export: the import format, a round trip that changes nothing, no formulas."""

from __future__ import annotations

import csv
import io

import pytest

from matcher import store
from matcher.config import PROJECT_ROOT
from matcher.directory import export, importer
from matcher.directory.schema import FIELD_NAMES, FIELDS_BY_NAME
from tests.conftest import profile, to_csv, to_jsonl
from tests.web.admin_fixtures import post

DEMO = PROJECT_ROOT / "data" / "demo" / "therapists.csv"
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)", "\tTabbed", "\rReturned"]  # fmt: skip
NUMBER_FIELDS = {n for n, f in FIELDS_BY_NAME.items() if f.kind in ("int", "number")}
TRICKY = profile(
    id="NA", name="Zoë O'Brien, \"Jo\"", postal_code="02139", phone="0123 456",
    city="  Spaced  ", bio="Line one.\nLine two; with a semicolon, and \"quotes\".",
    latitude="42.3601", longitude="-71.0942", fee="$1,250.50", style_challenge="-3",
    languages="English;Spanish", accepting_new_clients="no", years_experience="0",
)  # fmt: skip


def download(client, **fields) -> bytes:
    """Post the export form and return the CSV bytes."""
    response = post(client, "/admin/export", fields)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def rows_of(data: bytes) -> list[dict[str, str]]:
    """Read exported CSV bytes back as rows."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_has_the_import_columns_and_formats(logged_in, admin_db):
    importer.import_bytes(admin_db, to_csv([TRICKY]), "tricky.csv")
    data = download(logged_in)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    rows = {row["id"]: row for row in rows_of(data)}
    assert list(next(iter(rows.values()))) == list(FIELD_NAMES)
    tricky = rows["NA"]
    assert tricky["postal_code"] == "02139" and tricky["phone"] == "0123 456"
    assert tricky["languages"] == "English;Spanish"
    assert tricky["accepting_new_clients"] == "false"
    assert tricky["in_person"] == "true"
    assert tricky["fee"] == "1250.5" and tricky["years_experience"] == "0"
    assert tricky["longitude"] == "-71.0942"  # a number, never neutralised
    assert tricky["style_challenge"] == "-3"
    assert tricky["city"] == "  Spaced  "


def test_export_round_trips_through_the_import(logged_in, admin_db):
    importer.import_bytes(admin_db, to_csv([TRICKY]), "tricky.csv")
    data = download(logged_in)
    report = importer.import_bytes(admin_db, data, "export.csv", dry_run=True)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 4)


def test_the_demo_directory_round_trips_unchanged(logged_in, admin_db):
    assert importer.import_file(admin_db, DEMO).ok
    data = download(logged_in)
    count = store.count_profiles(admin_db)
    assert len(rows_of(data)) == count
    report = importer.import_bytes(admin_db, data, "export.csv", dry_run=True)
    assert (report.new, report.updated, report.unchanged) == (0, 0, count)
    assert (
        report.unrecognised
        == importer.import_file(admin_db, DEMO, dry_run=True).unrecognised
    )


def test_inactive_profiles_are_exported_only_when_asked(logged_in, admin_db):
    post(logged_in, "/admin/therapists/ma-0001/deactivate")
    assert "ma-0001" not in {r["id"] for r in rows_of(download(logged_in))}
    everything = rows_of(download(logged_in, include_inactive="y"))
    assert "ma-0001" in {r["id"] for r in everything}


@pytest.mark.parametrize("formula", FORMULAS)
def test_free_text_cells_that_start_a_formula_are_neutralised(
    logged_in, admin_db, formula
):
    row = profile(
        id="ma-0900", name=formula, city=formula, pronouns=formula, bio=formula,
        phone=formula, gender=formula, insurance=formula + ";Aetna",
        email=formula.replace(" ", "").replace("@", "") + "@example.org",
    )  # fmt: skip
    # JSON Lines carries a bare carriage return safely; the test's CSV writer not.
    report = importer.import_bytes(admin_db, to_jsonl([row]), "evil.jsonl")
    assert report.ok, report.errors
    exported = next(r for r in rows_of(download(logged_in)) if r["id"] == "ma-0900")
    for name in ["name", "city", "pronouns", "bio", "phone", "gender"]:
        assert exported[name] == "'" + formula, name
    stored = store.get_profile(admin_db, "ma-0900")
    for name in ["email", "insurance"]:
        text = export.cell_text(FIELDS_BY_NAME[name], stored[name])
        dangerous = text.startswith(export.FORMULA_STARTS)
        assert exported[name] == ("'" + text if dangerous else text), name
    for name, cell in exported.items():
        if cell.startswith(export.FORMULA_STARTS):
            assert name in NUMBER_FIELDS, name


def test_a_neutralised_cell_keeps_its_apostrophe_on_the_way_back(logged_in, admin_db):
    row = profile(id="ma-0900", name="=1+2", phone="+1 617 555 0100")
    importer.import_bytes(admin_db, to_csv([row]), "evil.csv")
    data = download(logged_in)
    report = importer.import_bytes(admin_db, data, "export.csv")
    assert report.updated == 1  # documented: only the neutralised profile changes
    stored = store.get_profile(admin_db, "ma-0900")
    assert (stored["name"], stored["phone"]) == ("'=1+2", "'+1 617 555 0100")


def test_ids_and_numbers_are_never_neutralised():
    row = {"id": "-x1", "longitude": -71.5, "style_directiveness": -2, "fee": None}
    cells = dict(zip(FIELD_NAMES, export.export_row(row), strict=True))
    assert (cells["id"], cells["longitude"], cells["style_directiveness"]) == (
        "-x1",
        "-71.5",
        "-2",
    )
    assert cells["fee"] == ""
