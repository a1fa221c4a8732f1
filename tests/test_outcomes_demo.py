"""The demo's outcome records: reproducible from the seed, planted effects found."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from matcher.demo.outcomes import demo_outcome_file, make_outcomes
from matcher.outcomes import TrackRecords

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "therapists.csv"


def frame(data: bytes) -> pd.DataFrame:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    out = pd.DataFrame(rows)
    out[["baseline", "final"]] = out[["baseline", "final"]].astype(float)
    out["completed"] = out["completed"] == "true"
    out["alliance"] = out["alliance"].astype(float)
    return out


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    assert demo_outcome_file(DEMO) == demo_outcome_file(DEMO)
    assert demo_outcome_file(DEMO, seed=18) != demo_outcome_file(DEMO)


def test_only_part_of_the_directory_has_records_and_only_listed_concerns():
    profiles = [
        {"id": f"p{i}", "specialties": "depression;anxiety;grief"} for i in range(200)
    ]
    rows, truth = make_outcomes(profiles, seed=3, share=0.25)
    therapists = {row["therapist_id"] for row in rows}
    assert 20 < len(therapists) < 80
    assert {row["domain"] for row in rows} == {"depression", "anxiety"}
    assert set(truth) == {(row["therapist_id"], row["domain"]) for row in rows}


def test_the_planted_effects_are_what_the_track_records_find():
    episodes = frame(demo_outcome_file(DEMO))
    with DEMO.open(encoding="utf-8") as file:
        _, truth = make_outcomes(csv.DictReader(file))
    records = TrackRecords().fit(episodes).records_
    planted = records.apply(lambda r: truth[(r["therapist_id"], r["domain"])], axis=1)
    effective = records["track_record"] == "effective"
    ineffective = records["track_record"] == "ineffective"
    assert effective.sum() > 50 and ineffective.sum() > 30
    assert (planted[effective] > 0).mean() >= 0.9
    assert (planted[ineffective] < 0).mean() >= 0.8
    classified = records["track_record"] != "too_few"
    assert effective[classified & (planted > 0)].mean() >= 0.8
    assert ineffective[classified & (planted < 0)].mean() >= 0.8
