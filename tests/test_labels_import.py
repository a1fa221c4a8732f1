"""The import maps labels with the mapper, reports what it did, keeps the raw words."""

from __future__ import annotations

import json

from matcher import store
from matcher.directory.export import export_directory, form_values
from matcher.directory.importer import format_report, import_bytes
from matcher.directory.upkeep import edit_profile
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from tests.conftest import profile, to_csv

TYPED = {
    "approaches": "Internal Family Sytems;CBT, DBT;Cognitive Behavioral (CBT)",
    "populations": "Adolescents / Teenagers (14 to 19);Adults",
    "specialties": "Anxeity;Anxiety",
}


def test_labels_map_and_the_report_lists_every_mapping_beyond_exact(db):
    report = import_bytes(db, to_csv([profile(**TYPED)]), "d.csv")
    assert report.outcome == "imported"
    values = store.get_profile(db, "ma-0001")
    assert values["approaches"] == ["ifs", "cbt", "dbt"]
    assert values["populations"] == ["adolescents", "adults"]
    made = {(m["field"], m["value"]): (m["keys"], m["stage"]) for m in report.mapped}
    assert made == {
        ("approaches", "Internal Family Sytems"): (["ifs"], "fuzzy"),
        ("approaches", "CBT, DBT"): (["cbt", "dbt"], "split"),
        ("populations", "Adolescents / Teenagers (14 to 19)"): (
            ["adolescents"],
            "split",
        ),
    }
    text = format_report(report)
    assert "'Internal Family Sytems' -> ifs (fuzzy) x1" in text


def test_unrecognised_values_carry_a_count_and_scored_suggestions(db):
    rows = [profile(id=f"p{i}", specialties="Anxeity") for i in range(3)]
    report = import_bytes(db, to_csv(rows), "d.csv")
    [line] = report.unrecognised
    assert (line["field"], line["value"], line["count"]) == (
        "specialties",
        "Anxeity",
        3,
    )
    assert line["suggestions"][0]["key"] == "anxiety"
    assert 0 < line["suggestions"][0]["score"] <= 100
    assert "suggested: anxiety" in format_report(report)


def test_raw_labels_are_kept_exactly_as_typed_beside_the_keys(db):
    import_bytes(db, to_csv([profile(**TYPED)]), "d.csv")
    raw = json.loads(store.get_profile(db, "ma-0001")["raw_labels"])
    assert raw == {
        "approaches": [
            "Internal Family Sytems",
            "CBT, DBT",
            "Cognitive Behavioral (CBT)",
        ],
        "populations": ["Adolescents / Teenagers (14 to 19)", "Adults"],
        "specialties": ["Anxeity", "Anxiety"],
    }


def test_a_profile_typed_as_keys_keeps_no_raw_labels(db):
    import_bytes(db, to_csv([profile(approaches="cbt;ifs")]), "d.csv")
    assert store.get_profile(db, "ma-0001")["raw_labels"] is None


def test_new_words_for_the_same_keys_update_the_profile(db):
    import_bytes(db, to_csv([profile(approaches="CBT")]), "d.csv")
    again = import_bytes(db, to_csv([profile(approaches="CBT")]), "d.csv")
    assert (again.updated, again.unchanged) == (0, 1)
    reworded = import_bytes(db, to_csv([profile(approaches="CBT Therapist")]), "d.csv")
    assert reworded.updated == 1
    raw = json.loads(store.get_profile(db, "ma-0001")["raw_labels"])
    assert raw == {"approaches": ["CBT Therapist"]}


def test_a_teen_search_finds_therapists_whose_age_band_label_was_mapped(db):
    rows = [
        profile(id="teen", populations="Adolescents / Teenagers (14 to 19)"),
        profile(id="tween", populations="Preteens / Tweens (11 to 13)"),
        profile(id="adult", populations="Adults"),
    ]
    import_bytes(db, to_csv(rows), "d.csv")
    matcher = Matcher().fit(store.load_directory(db))
    answer = matcher.rank(parse_request({"state": "MA", "age_group": "adolescents"}))
    assert {m.therapist_id for m in answer.matches} == {"teen", "tween"}


def test_an_admin_edit_keeps_the_words_of_fields_it_did_not_change(db):
    import_bytes(db, to_csv([profile(**TYPED)]), "d.csv")
    old = store.get_profile(db, "ma-0001")
    form = {**form_values(old), "name": "New Name", "specialties": "anxiety; grief"}
    result = edit_profile(db, "ma-0001", form, old["content_hash"])
    assert result.ok and set(result.changed) == {"name", "specialties"}
    raw = json.loads(store.get_profile(db, "ma-0001")["raw_labels"])
    assert raw == {
        "approaches": [
            "Internal Family Sytems",
            "CBT, DBT",
            "Cognitive Behavioral (CBT)",
        ],
        "populations": ["Adolescents / Teenagers (14 to 19)", "Adults"],
    }


def test_an_export_writes_the_words_back_and_imports_unchanged(db):
    import_bytes(db, to_csv([profile(**TYPED)]), "d.csv")
    data, _ = export_directory(db)
    again = import_bytes(db, data, "export.csv", dry_run=True)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert b"Internal Family Sytems" in data


def _populations(*labels: str) -> bytes:
    return to_csv([profile(id=f"p{i}", populations=v) for i, v in enumerate(labels)])


def test_a_field_whose_unknown_values_blind_a_states_filter_is_flagged(db):
    report = import_bytes(db, _populations(*["Youth"] * 9, ""), "d.csv")
    assert report.blind_filters == [
        {
            "state": "MA",
            "field": "populations",
            "therapists": 10,
            "excluded": 10,
            "unrecognised_only": 9,
        }
    ]
    assert "filters will exclude almost everyone: populations in MA" in (
        format_report(report)
    )


def test_empty_fields_or_a_known_tenth_do_not_flag_a_filter(db):
    assert import_bytes(db, _populations(*[""] * 10), "d.csv").blind_filters == []
    mixed = _populations(*["Youth"] * 9, "Adults")
    assert import_bytes(db, mixed, "d.csv").blind_filters == []
