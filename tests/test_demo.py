"""Tests for the synthetic demo-data generator and its committed output."""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.demo import (
    DEMO_STATES,
    PROFILE_COLUMNS,
    REQUEST_KEYS,
    make_profiles,
    make_requests,
    write_csv,
    write_jsonl,
)
from matcher.style_estimate import StyleEstimate, estimate_styles

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"
ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STYLE_COLUMNS = [c for c in PROFILE_COLUMNS if c.startswith("style_")]
IMPORTANCE = {"low", "medium", "high", "must"}
NOT_SURE = StyleEstimate(value=0.0, confidence=0.0, evidence=())


@pytest.fixture(scope="module")
def profiles() -> list[dict[str, str]]:
    return make_profiles(600, seed=3)


@pytest.fixture(scope="module")
def requests() -> list[dict]:
    return make_requests(200, seed=5)


def test_same_seed_gives_same_output():
    assert make_profiles(50, seed=1) == make_profiles(50, seed=1)
    assert make_requests(50, seed=1) == make_requests(50, seed=1)


def test_different_seed_gives_different_output():
    assert make_profiles(50, seed=1) != make_profiles(50, seed=2)
    assert make_requests(50, seed=1) != make_requests(50, seed=2)


def test_zero_profiles_is_empty():
    assert make_profiles(0) == []


def test_every_row_has_every_contract_column_as_text(profiles):
    for row in profiles:
        assert tuple(row) == PROFILE_COLUMNS
        assert all(isinstance(value, str) for value in row.values())
        assert row["name"] and row["license_states"] and row["bio"]


def test_ids_are_unique_and_valid(profiles):
    ids = [row["id"] for row in profiles]
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.match(i) for i in ids)


def test_postal_codes_are_five_digit_text_with_leading_zeros(profiles):
    assert all(re.fullmatch(r"\d{5}", row["postal_code"]) for row in profiles)
    massachusetts = [row["postal_code"] for row in profiles if row["state"] == "MA"]
    assert massachusetts and all(code.startswith("0") for code in massachusetts)


def test_office_state_is_among_licence_states(profiles):
    for row in profiles:
        assert row["state"] in DEMO_STATES
        assert row["state"] in row["license_states"].split(";")


def test_at_least_one_format_is_offered(profiles):
    assert all("true" in (row["in_person"], row["telehealth"]) for row in profiles)


def test_style_values_are_in_range_or_blank(profiles):
    allowed = {"", *(str(v) for v in range(-3, 4))}
    assert all(row[c] in allowed for row in profiles for c in STYLE_COLUMNS)
    assert any(row["style_directiveness"] == "" for row in profiles)


def test_a_third_leave_their_style_empty_and_describe_it_in_words(profiles):
    empty = [row for row in profiles if row["style_directiveness"] == ""]
    assert 0.25 < len(empty) / len(profiles) < 0.42
    assert all(row[c] == "" for row in empty for c in STYLE_COLUMNS)
    found = [e.get("directiveness", NOT_SURE) for e in estimate_styles(empty)]
    confident = [e for e in found if e.confidence >= 0.5]
    assert len(confident) > 0.7 * len(empty)
    assert all(any("Their description" in why for why in e.evidence) for e in confident)


def test_coordinates_are_given_for_most_but_not_all(profiles):
    given = sum(row["latitude"] != "" for row in profiles) / len(profiles)
    assert 0.6 < given < 0.8


def test_some_rows_use_directory_labels(profiles):
    labelled = [row for row in profiles if "Trauma and PTSD" in row["specialties"]]
    assert 0 < len(labelled) < 0.1 * len(profiles)


def test_phones_use_the_fictional_range(profiles):
    phones = [row["phone"] for row in profiles if row["phone"]]
    assert all(re.fullmatch(r"\(\d{3}\) 555-01\d\d", phone) for phone in phones)


def test_requests_use_only_contract_keys(requests):
    for request in requests:
        assert request["state"] in DEMO_STATES
        assert set(request) <= set(REQUEST_KEYS)
        assert ID_PATTERN.match(request["request_id"])


def test_request_preferences_are_well_formed(requests):
    for request in requests:
        for value in request.values():
            if isinstance(value, dict) and "importance" in value:
                assert value["importance"] in IMPORTANCE
        for score in request.get("style", {}).values():
            assert score is None or -3 <= score <= 3
        assert 5 <= request.get("limit", 10) <= 20
        assert 5 <= request.get("max_distance_km", 25) <= 80


def test_requests_mix_minimal_and_rich(requests):
    sizes = [len(request) for request in requests]
    assert min(sizes) == 3 and max(sizes) >= 10


def test_written_files_round_trip(tmp_path):
    rows = make_profiles(20)
    write_csv(rows, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as file:
        assert list(csv.DictReader(file)) == rows
    write_jsonl(make_requests(5), tmp_path / "r.jsonl")
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == make_requests(5)


def test_committed_demo_files_match_the_generator(tmp_path):
    write_csv(make_profiles(2000), tmp_path / "therapists.csv")
    write_jsonl(make_requests(300), tmp_path / "requests.jsonl")
    for name in ("therapists.csv", "requests.jsonl"):
        committed = (DEMO_DIR / name).read_bytes()
        assert committed == (tmp_path / name).read_bytes(), f"regenerate {name}"


def test_script_writes_profiles_only(tmp_path):
    script = ROOT / "scripts" / "make_demo_data.py"
    target = tmp_path / "big.csv"
    command = [sys.executable, str(script), "--profiles", "30", "--profiles-only"]
    subprocess.run([*command, "--csv", str(target)], check=True, cwd=tmp_path)
    with target.open(encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) == 30
