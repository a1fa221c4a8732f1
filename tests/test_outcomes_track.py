"""Track records: known answers on clinics built here, and a property."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from matcher.directory.importer import import_bytes
from matcher.outcomes import TrackRecords, fit_track_records, import_outcomes
from matcher.outcomes.expected import fit_expected_change
from tests.conftest import profile, to_csv

PHQ9_NOISE = 4.5  # points of PHQ-9 change not explained by baseline


def episodes(
    rng: np.random.Generator,
    therapist: str,
    count: int,
    *,
    effect: float = 0.0,
    domain: str = "depression",
    measure: str = "PHQ-9",
    baselines: tuple[float, float] = (5, 27),
) -> list[dict]:
    """Episodes whose improvement is 40% of the baseline, plus effect and noise.

    ``effect`` is in standard deviations of the noise: 1.0 means each client
    of this therapist improves on average 4.5 points more than expected.
    """
    rows = []
    for number in range(count):
        baseline = rng.uniform(*baselines)
        change = 0.4 * baseline + (effect + rng.normal()) * PHQ9_NOISE
        rows.append({
            "episode_id": f"{therapist}-{domain}-{number}", "therapist_id": therapist,
            "domain": domain, "measure": measure, "baseline": baseline,
            "final": baseline - change,
        })  # fmt: skip
    return rows


def clinic(seed: int, effects: dict[str, float], count: int = 30, **kw) -> list[dict]:
    """A clinic of therapists t0..t9, with planted effects for some."""
    rng = np.random.default_rng(seed)
    return [
        row
        for index in range(10)
        for row in episodes(
            rng, f"t{index}", count, effect=effects.get(f"t{index}", 0), **kw
        )
    ]


def classes(records: TrackRecords, domain: str = "depression") -> dict[str, str]:
    table = records.records_[records.records_["domain"] == domain]
    return dict(zip(table["therapist_id"], table["track_record"], strict=True))


def test_planted_effective_and_ineffective_therapists_are_found():
    rows = clinic(seed=7, effects={"t0": 1.0, "t1": -1.0})
    found = classes(TrackRecords().fit(pd.DataFrame(rows)))
    assert found.pop("t0") == "effective"
    assert found.pop("t1") == "ineffective"
    assert set(found.values()) == {"neutral"}


def test_clients_who_start_more_severe_and_improve_as_expected_are_neutral():
    rng = np.random.default_rng(3)
    effects = {1: 1.0, 2: -1.0}  # real differences, so that shrinkage is mild
    rows = [
        row
        for i in range(1, 10)
        for row in episodes(rng, f"t{i}", 30, effect=effects.get(i, 0.0))
    ]
    rows += episodes(rng, "severe", 30, baselines=(20, 27))
    frame = pd.DataFrame(rows)
    raw_change = (frame["baseline"] - frame["final"]).groupby(frame["therapist_id"])
    # Unadjusted, the therapist of severe clients looks far better than the rest.
    assert raw_change.mean()["severe"] - raw_change.mean().drop("severe").median() > 2
    severe = TrackRecords().fit(frame).record("severe", "depression")
    assert severe["track_record"] == "neutral" and abs(severe["mean_residual"]) < 0.25


def test_a_record_in_one_domain_says_nothing_of_another():
    rows = clinic(seed=11, effects={"t0": 1.5})
    rows += clinic(seed=12, effects={}, domain="anxiety", measure="GAD-7",
                   baselines=(5, 21))  # fmt: skip
    rows += episodes(np.random.default_rng(5), "new", 20)  # depression only
    records = TrackRecords().fit(pd.DataFrame(rows))
    assert records.record("t0", "depression")["track_record"] == "effective"
    assert records.record("t0", "anxiety")["track_record"] == "neutral"
    assert records.record("new", "anxiety") is None


def test_six_great_episodes_are_too_few():
    rows = clinic(seed=5, effects={"t1": 0.5, "t2": -0.5})
    rows += episodes(np.random.default_rng(9), "star", 6, effect=3.0)
    frame = pd.DataFrame(rows)
    star = TrackRecords().fit(frame).record("star", "depression")
    assert star["track_record"] == "too_few" and star["n"] == 6
    # The same six clear a lower minimum: the data are great, only too few.
    lowered = TrackRecords(min_episodes=5).fit(frame).record("star", "depression")
    assert lowered["track_record"] == "effective"


def test_with_no_spread_between_therapists_nobody_is_singled_out():
    rows = clinic(seed=2, effects={}, count=40)
    records = TrackRecords().fit(pd.DataFrame(rows))
    assert set(classes(records).values()) == {"neutral"}


def test_shrinkage_pulls_a_small_sample_further_than_a_large_one():
    rng = np.random.default_rng(4)
    rows = clinic(seed=4, effects={"t1": 1.0, "t2": -1.0})
    rows += episodes(rng, "small", 8, effect=1.0) + episodes(
        rng, "large", 60, effect=1.0
    )
    records = TrackRecords().fit(pd.DataFrame(rows))
    small, large = (records.record(t, "depression") for t in ("small", "large"))
    assert (
        small["effect"] / small["mean_residual"]
        < large["effect"] / large["mean_residual"]
    )
    assert small["high"] - small["low"] > large["high"] - large["low"]


def test_dropout_and_alliance_are_reported_beside_the_class():
    rows = clinic(seed=1, effects={}, count=40)
    for index, row in enumerate(r for r in rows if r["therapist_id"] == "t0"):
        row["completed"] = index % 4 != 0  # one in four dropped out
        row["alliance"] = 6.0 if index % 2 else 8.0
    record = TrackRecords().fit(pd.DataFrame(rows)).record("t0", "depression")
    assert record["dropout_rate"] == 0.25 and record["dropout_known"] == 40
    assert record["alliance_mean"] == 7.0 and record["alliance_n"] == 40
    other = TrackRecords().fit(pd.DataFrame(rows)).record("t1", "depression")
    assert other["dropout_known"] == 0 and np.isnan(other["dropout_rate"])


def test_a_query_before_fit_is_refused():
    with pytest.raises(NotFittedError):
        TrackRecords().record("t0", "depression")


def test_track_records_fit_from_imported_records(db):
    ids = [f"t{i}" for i in range(10)]
    assert import_bytes(db, to_csv([profile(id=i) for i in ids]), "p.csv").ok
    rows = clinic(seed=7, effects={"t0": 1.0, "t1": -1.0})
    for row in rows:
        row["baseline"] = round(row["baseline"])
        row["final"] = min(27, max(0, round(row["final"])))
    report = import_outcomes(db, to_csv(rows), "o.csv")
    assert report.ok, report.errors[:3]
    records = fit_track_records(db)
    assert records.record("t0", "depression")["track_record"] == "effective"
    assert records.record("t1", "depression")["track_record"] == "ineffective"


def neutral_episode(frame: pd.DataFrame, therapist: str, baseline: float) -> dict:
    """An episode of a therapist that improves exactly as the clinic expects."""
    model, measures = fit_expected_change(frame)
    expected = model.predict([[baseline / 27, *[0.0] * (len(measures) - 1)]])[0]
    return {
        "episode_id": f"added-{therapist}", "therapist_id": therapist,
        "domain": "depression", "measure": "PHQ-9", "baseline": baseline,
        "final": baseline - expected * 27,
    }  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    therapist=st.sampled_from([f"t{i}" for i in range(10)]),
    baseline=st.floats(0, 27),
    planted=st.lists(st.floats(-1.5, 1.5), min_size=10, max_size=10),
    count=st.integers(10, 40),
)
def test_adding_a_neutral_episode_never_turns_effective_into_ineffective(
    seed, therapist, baseline, planted, count
):
    effects = {f"t{i}": effect for i, effect in enumerate(planted)}
    frame = pd.DataFrame(clinic(seed, effects, count=count))
    before = classes(TrackRecords().fit(frame))
    added = pd.concat(
        [frame, pd.DataFrame([neutral_episode(frame, therapist, baseline)])]
    )
    after = classes(TrackRecords().fit(added))
    for who, was in before.items():
        assert {was, after[who]} != {"effective", "ineffective"}
