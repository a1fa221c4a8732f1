"""Track records are fitted once per state of the outcome records (issue 16)."""

from __future__ import annotations

import pandas as pd
import pytest

from matcher.engine.matcher import Matcher
from matcher.outcomes import reuse
from matcher.outcomes.track import TrackRecords
from tests.engine_helpers import directory, therapist
from tests.test_engine_properties import TODAY
from tests.test_outcomes_track import clinic

ASKS_DEPRESSION = {"state": "MA", "concerns": ["depression"], "limit": 50}


def team(size: int) -> pd.DataFrame:
    """Profiles t0.. treating depression, as a directory frame."""
    return directory(
        [therapist(f"t{i}", specialties=["depression"]) for i in range(size)]
    )


@pytest.fixture
def fits(monkeypatch) -> list[int]:
    """Count the track-record fits, starting from nothing kept."""
    counted: list[int] = []
    real_fit = TrackRecords.fit

    def counting_fit(self, episodes):
        counted.append(len(episodes))
        return real_fit(self, episodes)

    monkeypatch.setattr(TrackRecords, "fit", counting_fit)
    monkeypatch.setattr(reuse, "_latest", None)
    return counted


def test_a_profile_change_reuses_the_track_records(fits):
    outcomes = pd.DataFrame(clinic(seed=7, effects={"t0": 1.0, "t1": -1.0}))
    first = Matcher(today=TODAY).fit(team(10), 1, outcomes)
    second = Matcher(today=TODAY).fit(team(11), 2, outcomes.copy())
    assert fits == [len(outcomes)]
    assert second.track_records_ is first.track_records_
    assert second.rank(ASKS_DEPRESSION).matches[0].therapist_id == "t0"
    assert second.rank(ASKS_DEPRESSION).matches[-1].therapist_id == "t1"


def test_changed_outcome_records_are_fitted_again(fits):
    outcomes = pd.DataFrame(clinic(seed=7, effects={"t0": 1.0, "t1": -1.0}))
    Matcher(today=TODAY).fit(team(10), 1, outcomes)
    flipped = pd.DataFrame(clinic(seed=7, effects={"t0": -1.0, "t1": 1.0}))
    second = Matcher(today=TODAY).fit(team(10), 2, flipped)
    assert len(fits) == 2
    assert second.rank(ASKS_DEPRESSION).matches[0].therapist_id == "t1"


def test_reused_records_rank_as_freshly_fitted_ones(fits):
    outcomes = pd.DataFrame(clinic(seed=3, effects={"t2": 1.0}))
    Matcher(today=TODAY).fit(team(12), 1, outcomes)
    reused = Matcher(today=TODAY).fit(team(12), 2, outcomes)
    reuse.remember("forgotten", TrackRecords())  # nothing kept for these
    fresh = Matcher(today=TODAY).fit(team(12), 2, outcomes)
    assert len(fits) == 2
    assert reused.rank(ASKS_DEPRESSION) == fresh.rank(ASKS_DEPRESSION)


def test_the_digest_follows_every_value_and_column():
    outcomes = pd.DataFrame(clinic(seed=7, effects={"t0": 1.0}))
    changed = outcomes.copy()
    changed.loc[3, "domain"] = (
        "anxiety" if changed.loc[3, "domain"] != "anxiety" else "grief"
    )
    digests = {
        reuse.outcomes_digest(frame)
        for frame in (outcomes, changed, outcomes.iloc[::-1], outcomes.iloc[:-1])
    }
    assert len(digests) == 4
    assert reuse.outcomes_digest(outcomes.copy()) == reuse.outcomes_digest(outcomes)
