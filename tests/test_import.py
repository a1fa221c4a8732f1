"""The import: round trips, every bad-input case, all-or-nothing, idempotence."""

from __future__ import annotations

import json

import pytest

from matcher import store
from matcher.directory.importer import format_report, import_bytes, import_file
from tests.conftest import profile, to_csv, to_jsonl

FULL_CSV_ROW = {
    "id": "ma-0042",
    "name": "Dr. Amara O'Neil",
    "credentials": "LICSW;PhD",
    "license_states": "ma;NH",
    "city": "Cambridge",
    "state": "ma",
    "postal_code": "02139",
    "latitude": "42.3647",
    "longitude": "-71.1042",
    "in_person": "Yes",
    "telehealth": "n",
    "accepting_new_clients": "",
    "gender": "Female",
    "pronouns": "she/her",
    "ethnicity": "Black;Caribbean",
    "faith": "Christian",
    "lgbtq_affirming": "Y",
    "identities": "parent;immigrant",
    "languages": "English;Español",
    "approaches": "Cognitive Behavioral (CBT);EMDR",
    "specialties": "Trauma and PTSD;Obsessive-Compulsive (OCD);anxiety",
    "populations": "adults",
    "session_formats": "individual;couples",
    "style_directiveness": "+2",
    "style_intensity": "-1",
    "style_orientation": "0",
    "style_challenge": "3",
    "insurance": "Aetna;BCBS",
    "fee": "$150",
    "sliding_scale": "TRUE",
    "free_consultation": "0",
    "availability": "evenings;weekends",
    "years_experience": "12",
    "bio": 'I help people; "safely" <b>and</b> steadily.\nTwo lines.',
    "email": "amara@example.org",
    "phone": "0123 456",
    "website": "https://amara.example.org",
    "updated_at": "2026-03-01",
}

FULL_EXPECTED = {
    "id": "ma-0042",
    "name": "Dr. Amara O'Neil",
    "credentials": ["LICSW", "PhD"],
    "license_states": ["MA", "NH"],
    "city": "Cambridge",
    "state": "MA",
    "postal_code": "02139",
    "latitude": 42.3647,
    "longitude": -71.1042,
    "in_person": True,
    "telehealth": False,
    "accepting_new_clients": True,
    "gender": "woman",
    "pronouns": "she/her",
    "ethnicity": ["black", "Caribbean"],
    "faith": ["christian"],
    "lgbtq_affirming": True,
    "identities": ["parent", "immigrant"],
    "languages": ["English", "Spanish"],
    "approaches": ["cbt", "emdr"],
    "specialties": ["trauma", "ocd", "anxiety"],
    "populations": ["adults"],
    "session_formats": ["individual", "couples"],
    "style_directiveness": 2,
    "style_intensity": -1,
    "style_orientation": 0,
    "style_challenge": 3,
    "insurance": ["aetna", "blue_cross_blue_shield"],
    "fee": 150.0,
    "sliding_scale": True,
    "free_consultation": False,
    "availability": ["evenings", "weekends"],
    "years_experience": 12,
    "bio": 'I help people; "safely" <b>and</b> steadily.\nTwo lines.',
    "email": "amara@example.org",
    "phone": "0123 456",
    "website": "https://amara.example.org",
    "updated_at": "2026-03-01",
}


def stored(db, therapist_id):
    """Return the profile fields of one stored therapist."""
    values = store.get_profile(db, therapist_id)
    return {k: values[k] for k in FULL_EXPECTED}


def test_every_field_round_trips_from_csv(db):
    report = import_bytes(db, to_csv([FULL_CSV_ROW]), "full.csv")
    assert report.outcome == "imported", format_report(report)
    assert stored(db, "ma-0042") == FULL_EXPECTED


def test_json_and_jsonl_give_the_same_profile_as_csv(db):
    typed = dict(FULL_CSV_ROW, in_person=True, telehealth=False, fee=150)
    typed["specialties"] = ["Trauma and PTSD", "Obsessive-Compulsive (OCD)", "anxiety"]
    import_bytes(db, to_csv([FULL_CSV_ROW]), "full.csv")
    for name, data in [
        ("full.json", json.dumps([typed]).encode()),
        ("full.jsonl", to_jsonl([typed])),
    ]:
        report = import_bytes(db, data, name)
        assert report.ok and report.unchanged == 1, format_report(report)
        assert stored(db, "ma-0042") == FULL_EXPECTED


def test_unrecognised_values_are_kept_and_reported(db):
    report = import_bytes(db, to_csv([FULL_CSV_ROW]), "full.csv")
    assert {(u["field"], u["value"]) for u in report.unrecognised} == {
        ("ethnicity", "Caribbean")
    }
    assert "Caribbean" in store.get_profile(db, "ma-0042")["ethnicity"]


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("postal_code", "02139"),
        ("phone", "0123 456"),
        ("name", "NA"),
        ("city", "null"),
        ("pronouns", "None"),
        ("bio", "Robert'); DROP TABLE therapists;--"),
        ("bio", "<script>alert('x')</script>"),
        ("name", "  spaced  name  "),
        ("bio", '=HYPERLINK("http://evil")'),
    ],
)
def test_text_stays_exactly_as_typed(db, field, typed):
    report = import_bytes(db, to_csv([profile(**{field: typed})]), "t.csv")
    assert report.outcome == "imported", format_report(report)
    assert store.get_profile(db, "ma-0001")[field] == typed
    assert store.count_profiles(db) == 1


def test_id_na_and_empty_cells_come_back_unchanged(db):
    row = profile(id="NA", city="", fee="", languages="")
    import_bytes(db, to_csv([row]), "na.csv")
    got = store.get_profile(db, "NA")
    assert got["id"] == "NA"
    assert got["city"] is None and got["fee"] is None
    assert got["languages"] == ["English"]  # the documented default


def test_missing_required_column_rejects_the_whole_file(db):
    rows = [{"id": "a", "name": "A", "in_person": "yes"}]
    report = import_bytes(db, to_csv(rows), "x.csv")
    assert report.outcome == "unreadable"
    assert "license_states" in report.message
    assert store.count_profiles(db, active_only=False) == 0


def test_bad_row_at_the_end_of_a_long_file_writes_nothing(db):
    rows = [profile(id=f"t-{i:05d}") for i in range(5000)]
    rows.append(profile(id="t-last", license_states="ZZ", in_person="maybe"))
    report = import_bytes(db, to_csv(rows), "long.csv")
    assert report.outcome == "invalid"
    assert [(e.row, e.field) for e in report.errors] == [
        (5002, "license_states"),
        (5002, "in_person"),
    ]
    assert store.count_profiles(db, active_only=False) == 0
    assert store.directory_version(db) == 0


def test_every_bad_row_is_reported_not_just_the_first(db):
    rows = [
        profile(id="ok-1"),
        profile(id="bad id!"),
        profile(id="ok-2", style_directiveness="5"),
        profile(id="ok-3", postal_code="2139"),
        profile(id="ok-4", in_person="no", telehealth="no"),
        profile(id="ok-5", website="javascript:alert(1)", updated_at="2026-13-01"),
        profile(id="ok-6", name=""),
    ]
    report = import_bytes(db, to_csv(rows), "bad.csv")
    got = {(e.row, e.field) for e in report.errors}
    assert got == {
        (3, "id"),
        (4, "style_directiveness"),
        (5, "postal_code"),
        (6, "in_person"),
        (7, "website"),
        (7, "updated_at"),
        (8, "name"),
    }
    assert report.invalid_rows == 6
    assert "leading zero" in next(e.reason for e in report.errors if e.row == 5)
    assert store.count_profiles(db, active_only=False) == 0


def test_duplicate_ids_in_one_file_are_reported(db):
    rows = [profile(id="dup"), profile(id="other"), profile(id="dup")]
    report = import_bytes(db, to_csv(rows), "dup.csv")
    assert [(e.row, e.field) for e in report.errors] == [(4, "id")]
    assert "row 2" in report.errors[0].reason


def test_wrong_encoding_gets_a_clear_error(db):
    data = to_csv([profile(name="José Núñez")]).decode().encode("latin-1")
    report = import_bytes(db, data, "latin.csv")
    assert report.outcome == "unreadable"
    assert "not UTF-8" in report.message and "line 2" in report.message


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("sheet.csv", b"PK\x03\x04\x00\x00binary", "binary"),
        ("empty.csv", b"", "empty"),
        ("notes.csv", b"just some notes\nnot a table\n", "missing required"),
        ("broken.json", b'[{"id": "a",', "not valid JSON"),
        ("object.json", b'{"id": "a"}', "array"),
    ],
)
def test_unreadable_files_get_a_clear_error(db, name, data, words):
    report = import_bytes(db, data, name)
    assert report.outcome == "unreadable"
    assert words in report.message


def test_a_column_that_first_appears_late_in_json_is_read(db):
    items = [profile(id=f"p{i}") for i in range(3)]
    items[2]["faith"] = "jewish"
    report = import_bytes(db, json.dumps(items).encode(), "late.json")
    assert report.outcome == "imported"
    assert store.get_profile(db, "p2")["faith"] == ["jewish"]
    assert store.get_profile(db, "p0")["faith"] is None


def test_json_row_missing_a_required_key_is_a_row_error(db):
    items = [profile(id="p0"), {"id": "p1", "name": "X", "in_person": True}]
    report = import_bytes(db, json.dumps(items).encode(), "rows.json")
    assert [(e.row, e.field) for e in report.errors] == [(2, "license_states")]


def test_json_list_items_with_the_csv_separator_are_refused(db):
    items = [dict(profile(), approaches=["cbt", "act; dbt"])]
    report = import_bytes(db, json.dumps(items).encode(), "sep.json")
    assert [(e.row, e.field) for e in report.errors] == [(1, "approaches")]
    assert "';'" in report.errors[0].reason


def test_json_numbers_for_zip_codes_are_refused(db):
    items = [dict(profile(), postal_code=2139)]
    report = import_bytes(db, json.dumps(items).encode(), "zip.json")
    assert report.errors[0].field == "postal_code"
    assert "leading zero" in report.errors[0].reason


def test_jsonl_bad_line_reports_its_line_number(db):
    data = to_jsonl([profile(id="a")]) + b"{not json}\n" + to_jsonl([profile(id="b")])
    report = import_bytes(db, data, "x.jsonl")
    assert [(e.row, e.field) for e in report.errors] == [(2, "(row)")]


def test_unknown_columns_are_reported_and_ignored(db):
    report = import_bytes(db, to_csv([profile(favourite_colour="teal")]), "x.csv")
    assert report.outcome == "imported"
    assert report.unknown_columns == ["favourite_colour"]


def test_headers_match_leniently(db):
    rows = [{"ID": "h1", " Name": "H", "License-States": "MA", "In Person": "yes"}]
    assert import_bytes(db, to_csv(rows), "h.csv").outcome == "imported"


def test_reimporting_the_same_file_changes_nothing(db, write_file):
    path = write_file("dir.csv", to_csv([FULL_CSV_ROW, profile()]))
    first = import_file(db, path)
    before = list(db.execute("SELECT * FROM therapists ORDER BY id").fetchall())
    second = import_file(db, path)
    assert (first.new, second.new, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert second.outcome == "unchanged"
    assert second.directory_version == first.directory_version == 1
    assert list(db.execute("SELECT * FROM therapists ORDER BY id").fetchall()) == before


def test_upsert_updates_by_id_and_bumps_the_version(db):
    import_bytes(db, to_csv([profile(name="Old Name")]), "a.csv")
    report = import_bytes(db, to_csv([profile(name="New Name")]), "b.csv")
    assert (report.new, report.updated) == (0, 1)
    assert store.get_profile(db, "ma-0001")["name"] == "New Name"
    assert store.directory_version(db) == 2


def test_replace_deactivates_missing_profiles_and_reactivates_returning_ones(db):
    import_bytes(db, to_csv([profile(id="a"), profile(id="b")]), "ab.csv")
    report = import_bytes(db, to_csv([profile(id="a")]), "a.csv", replace=True)
    assert report.deactivated == 1
    assert store.count_profiles(db) == 1
    assert store.get_profile(db, "b")["active"] == 0  # kept, hidden from matching
    back = import_bytes(db, to_csv([profile(id="a"), profile(id="b")]), "ab.csv")
    assert (back.reactivated, store.count_profiles(db)) == (1, 2)


def test_dry_run_counts_without_writing(db):
    import_bytes(db, to_csv([profile(id="a"), profile(id="b")]), "ab.csv")
    rows = [profile(id="a", name="Changed"), profile(id="c")]
    report = import_bytes(db, to_csv(rows), "x.csv", replace=True, dry_run=True)
    assert (report.new, report.updated, report.deactivated) == (1, 1, 1)
    assert report.deactivated_ids == ["b"]
    assert report.outcome == "dry_run"
    assert store.get_profile(db, "a")["name"] == "Dana Reyes"
    assert store.get_profile(db, "c") is None
    assert store.directory_version(db) == 1


def test_import_runs_are_recorded_with_counts_and_outcome(db):
    import_bytes(db, to_csv([profile(id="a")]), "good.csv")
    import_bytes(db, to_csv([profile(id="bad!")]), "bad.csv")
    runs = store.import_runs(db)
    assert [(r["file_name"], r["outcome"]) for r in runs] == [
        ("bad.csv", "invalid"),
        ("good.csv", "imported"),
    ]
    assert (runs[1]["new"], runs[0]["invalid_rows"]) == (1, 1)


def test_coordinates_are_derived_from_the_postal_code_when_absent(db):
    import_bytes(db, to_csv([profile(postal_code="02139")]), "z.csv")
    row = db["therapists"].get("ma-0001")
    assert row["latitude"] is None
    assert row["geo_latitude"] == pytest.approx(42.36, abs=0.05)
    assert row["geo_longitude"] == pytest.approx(-71.10, abs=0.05)


@pytest.mark.parametrize("replace", [False, True])
def test_a_file_with_no_profiles_is_refused(db, replace):
    import_bytes(db, to_csv([profile(id="keep")]), "one.csv")
    header_only = to_csv([profile()]).split(b"\n")[0] + b"\n"
    report = import_bytes(db, header_only, "empty.csv", replace=replace)
    assert report.outcome == "unreadable"
    assert "no profiles" in report.message
    assert store.count_profiles(db) == 1
    assert import_bytes(db, b"[]", "empty.json").outcome == "unreadable"


def test_a_list_cell_of_only_separators_counts_as_empty(db):
    report = import_bytes(
        db, to_csv([profile(languages=";", license_states="MA")]), "s.csv"
    )
    assert report.outcome == "imported"
    assert store.get_profile(db, "ma-0001")["languages"] == ["English"]
    bad = import_bytes(db, to_csv([profile(license_states=" ; ")]), "s.csv")
    assert [(e.field, e.reason) for e in bad.errors] == [
        ("license_states", "is required")
    ]


# ------------------------------------------- invisible characters, names, limits

RLO, ZWSP, BOM, LRI = "\u202e", "\u200b", "\ufeff", "\u2066"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", f"{RLO}2410-555 (716)"),
        ("email", f"dana{ZWSP}@example.org"),
        ("website", f"https://exa{BOM}mple.org"),
        ("id", f"ma-{LRI}0001"),
    ],
)
def test_invisible_characters_are_refused_where_they_change_what_is_dialled(
    db, field, value
):
    report = import_bytes(db, to_csv([profile(**{field: value})]), "x.csv")
    assert report.outcome == "invalid"
    [error] = report.errors
    assert (error.row, error.field) == (2, field)
    assert "invisible formatting characters" in error.reason
    assert f"U+{ord(value[[c.isascii() for c in value].index(False)]):04X}" in (
        error.reason
    )


def test_invisible_characters_are_stripped_from_names_and_free_text(db):
    rows = [
        profile(id="a", name=f"Ann Lee{RLO} DSW", city=f"Bos{ZWSP}ton"),
        profile(id="b", bio=f"Calm{LRI} and kind", specialties=f"anx{ZWSP}iety;grief"),
        profile(id="c", name="Plain Name"),
    ]
    report = import_bytes(db, to_jsonl(rows), "x.jsonl")
    assert report.outcome == "imported", report.errors
    changed = {(w.row, w.field): w.reason for w in report.warnings}
    assert set(changed) == {(1, "name"), (1, "city"), (2, "bio"), (2, "specialties")}
    assert "U+202E" in changed[(1, "name")]
    assert store.get_profile(db, "a")["name"] == "Ann Lee DSW"
    assert store.get_profile(db, "a")["city"] == "Boston"
    assert store.get_profile(db, "b")["specialties"] == ["anxiety", "grief"]
    assert not report.unrecognised
    assert "row 1, name: invisible formatting characters removed" in (
        format_report(report)
    )


def test_joiners_stay_in_names_and_are_refused_in_ids(db):
    persian = "\u0645\u06cc\u200c\u0634\u0648\u062f"  # a ZWNJ inside a word
    rows = [profile(id="a", name=f"Sara {persian}"), profile(id="b\u200d")]
    report = import_bytes(db, to_jsonl(rows), "x.jsonl")
    assert [(e.row, e.field) for e in report.errors] == [(2, "id")]
    report = import_bytes(db, to_jsonl(rows[:1]), "x.jsonl")
    assert report.outcome == "imported" and not report.warnings
    assert store.get_profile(db, "a")["name"] == f"Sara {persian}"


def test_a_name_of_only_invisible_characters_is_missing(db):
    report = import_bytes(db, to_csv([profile(name=f"{ZWSP}{RLO}")]), "x.csv")
    assert [(e.field, e.reason) for e in report.errors] == [
        ("name", "is required (it held only invisible characters)")
    ]


def test_a_file_with_more_than_200_columns_is_refused_whole(db):
    columns = [*profile(), *(f"extra_{n}" for n in range(100_000))]
    report = import_bytes(db, to_csv([profile()], columns), "wide.csv")
    assert report.outcome == "unreadable"
    assert "100,005 columns" in report.message and "at most 200" in report.message
    assert len(format_report(report)) < 300
    wide_json = json.dumps([{**profile(), **{f"x{n}": 1 for n in range(300)}}])
    assert import_bytes(db, wide_json.encode(), "wide.json").outcome == "unreadable"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("list\r\nforged line.csv", "list__forged line.csv"),
        ("a\x00b.csv", "a_b.csv"),
        ("bad\udcff.csv", "bad_.csv"),
        ("../../x/\x1b[2Jy.csv", "_[2Jy.csv"),
        ("C:\\Users\\me\\dir.csv", "dir.csv"),
        ("\r\n", "upload"),
    ],
)
def test_file_names_are_stored_and_shown_without_control_characters(db, sent, kept):
    report = import_bytes(db, to_csv([profile()]), sent)
    assert report.file_name == kept
    assert store.import_runs(db)[0]["file_name"] == kept
    assert format_report(report).startswith(kept)
