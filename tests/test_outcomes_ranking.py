"""Track records in the ranking: known answers, words, and the score's properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.engine.matcher import DirectoryMatcher, Matcher
from matcher.engine.scoring_many import MIN_GROUP
from matcher.outcomes import import_outcomes, reuse
from matcher.outcomes.ranking import attach_track_records
from matcher.outcomes.track import CLASSES, TrackRecords
from tests.conftest import to_csv
from tests.engine_helpers import directory, therapist
from tests.test_engine_properties import (
    CONCERNS,
    SETTINGS,
    TODAY,
    directories,
    factor_table,
    requests,
)
from tests.test_outcomes_track import clinic, episodes

ASKS_DEPRESSION = {"state": "MA", "concerns": ["depression"], "limit": 50}


def team(*extra: str) -> list[dict]:
    """Ten identical profiles t0..t9 (and any extra ids) treating two concerns."""
    ids = [f"t{i}" for i in range(10)] + list(extra)
    return [therapist(i, specialties=["depression", "anxiety"]) for i in ids]


def fitted(outcomes: list[dict], *extra: str, **options) -> Matcher:
    frame = pd.DataFrame(outcomes) if outcomes else None
    return Matcher(today=TODAY, **options).fit(directory(team(*extra)), 1, frame)


def scores(answer) -> dict[str, float]:
    return {m.therapist_id: m.score for m in answer.matches}


def track_factor(match):
    return next(f for f in match.factors if f.factor == "track_record")


@pytest.fixture(scope="module")
def planted() -> Matcher:
    """t0 effective and t1 ineffective in depression; 'new' has no record."""
    return fitted(clinic(seed=7, effects={"t0": 1.0, "t1": -1.0}), "new")


def test_a_planted_effective_therapist_ranks_first(planted):
    answer = planted.rank(ASKS_DEPRESSION)
    first = answer.matches[0]
    assert first.therapist_id == "t0"
    assert (
        "Clients treated here for depression by this therapist improved more "
        "than expected (30 cases)" in first.reasons
    )


def test_an_ineffective_therapist_ranks_below_every_neutral_one(planted):
    answer = planted.rank(ASKS_DEPRESSION)
    found = scores(answer)
    assert answer.matches[-1].therapist_id == "t1"
    assert all(found["t1"] < found[t] for t in found if t not in ("t0", "t1"))
    assert any("improved less than expected" in c for c in answer.matches[-1].caveats)


def test_no_record_scores_exactly_like_a_neutral_record(planted):
    found = scores(planted.rank(ASKS_DEPRESSION))
    neutral = {found[t] for t in found if t not in ("t0", "t1")}
    assert neutral == {found["new"]}


def test_an_unmeasured_or_as_expected_record_raises_no_caveat(planted):
    # Half a track-record match is nothing to warn a client about: only an
    # ineffective record gives a caveat, never "Only partly meets ...".
    answer = planted.rank(ASKS_DEPRESSION)
    for match in answer.matches:
        about_records = [c for c in match.caveats if "track record" in c]
        assert about_records == [], match.therapist_id
        assert track_factor(match).match == 0.5 or match.therapist_id in ("t0", "t1")
    worse = next(m for m in answer.matches if m.therapist_id == "t1")
    assert any("improved less than expected" in c for c in worse.caveats)


def test_six_great_episodes_score_exactly_like_a_neutral_record():
    rng = np.random.default_rng(11)
    rows = clinic(seed=7, effects={"t0": 1.0}) + episodes(rng, "lucky", 6, effect=3.0)
    engine = fitted(rows, "lucky")
    answer = engine.rank(ASKS_DEPRESSION)
    found = scores(answer)
    assert found["lucky"] == found["t5"] < found["t0"]
    lucky = next(m for m in answer.matches if m.therapist_id == "lucky")
    words = " ".join([track_factor(lucky).detail, *lucky.reasons, *lucky.caveats])
    assert "6 cases" not in words and "too_few" not in words
    assert track_factor(lucky).detail.startswith("No measured track record")


def test_a_record_in_one_domain_does_not_lift_another():
    rows = clinic(seed=7, effects={"t0": 1.0}) + clinic(
        seed=8, effects={}, domain="anxiety", measure="GAD-7", baselines=(5, 21)
    )
    engine = fitted(rows)
    anxiety = engine.rank({"state": "MA", "concerns": ["anxiety"]})
    assert len(set(scores(anxiety).values())) == 1
    assert track_factor(anxiety.matches[0]).match == 0.5
    both = scores(engine.rank({"state": "MA", "concerns": ["anxiety", "depression"]}))
    assert both["t0"] > both["t1"]


def test_the_factor_counts_only_for_concerns_with_outcome_data(planted):
    grief = planted.rank({"state": "MA", "concerns": ["anxiety"]})
    assert all(f.factor != "track_record" for f in grief.matches[0].factors)
    bare = fitted([]).rank(ASKS_DEPRESSION)
    assert all(f.factor != "track_record" for f in bare.matches[0].factors)


def test_the_weight_is_configurable_like_the_others():
    rows = clinic(seed=7, effects={"t0": 1.0})
    silent = fitted(rows, weights={"track_record": 0}).rank(ASKS_DEPRESSION)
    assert len(set(scores(silent).values())) == 1
    assert track_factor(silent.matches[0]).points == 0
    louder = fitted(rows, weights={"track_record": 3}).rank(ASKS_DEPRESSION)
    plain = fitted(rows).rank(ASKS_DEPRESSION)
    assert (
        track_factor(louder.matches[0]).points > track_factor(plain.matches[0]).points
    )


def test_track_records_are_fitted_once_per_fit_not_per_request(monkeypatch):
    calls = []
    real_fit = TrackRecords.fit

    def counting_fit(self, frame):
        calls.append(len(frame))
        return real_fit(self, frame)

    monkeypatch.setattr(TrackRecords, "fit", counting_fit)
    monkeypatch.setattr(reuse, "_latest", None)  # none kept from other tests
    engine = fitted(clinic(seed=7, effects={"t0": 1.0}))
    engine.rank(ASKS_DEPRESSION)
    engine.rank_many([ASKS_DEPRESSION] * (MIN_GROUP + 1))
    assert calls == [300]


def test_an_outcome_import_refits_the_kept_engine(db):
    assert import_bytes(db, to_csv(team()), "team.csv").outcome == "imported"
    engines = DirectoryMatcher(today=TODAY)
    before = engines.get(db).rank(ASKS_DEPRESSION)
    assert all(f.factor != "track_record" for f in before.matches[0].factors)
    rows = [
        {**row, "final": round(min(27.0, max(0.0, row["final"])), 1)}
        for row in clinic(seed=7, effects={"t0": 1.0})
    ]  # a real measure's range
    report = import_outcomes(db, to_csv(rows), "outcomes.csv")
    assert report.outcome == "imported", report.errors
    after = engines.get(db).rank(ASKS_DEPRESSION)
    assert after.directory_version == store.directory_version(db) > 1
    assert after.matches[0].therapist_id == "t0"


def test_single_and_batch_paths_agree_with_track_records(planted):
    batch = [
        ASKS_DEPRESSION,
        {"state": "MA", "concerns": ["depression", "anxiety"], "limit": 4},
        {"state": "MA", "concerns": ["anxiety"]},
        {"state": "MA", "concerns": {"value": ["depression"], "importance": "high"}},
        {"state": "MA", "concerns_text": "low mood", "concerns": ["depression"]},
    ]
    for together, request in zip(planted.rank_many(batch), batch, strict=True):
        assert together.to_dict() == planted.rank(request).to_dict()


@st.composite
def records(draw, ids):
    """A table of track records for some of the directory's therapists."""
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(CONCERNS)),
            unique=True,
            max_size=12,
        )
    )
    return pd.DataFrame(
        [
            {"therapist_id": t, "domain": d,
             "track_record": draw(st.sampled_from(CLASSES)),
             "n": draw(st.integers(1, 60))}
            for t, d in rows
        ],
        columns=["therapist_id", "domain", "track_record", "n"],
    )  # fmt: skip


def with_records(rows, table) -> Matcher:
    engine = Matcher(today=TODAY).fit(directory(rows))
    attach_track_records(engine.index_, table)
    return engine


@settings(SETTINGS, max_examples=60)
@given(data=st.data(), rows=directories(), batch=st.lists(requests(), max_size=6))
def test_scores_stay_0_to_100_and_equal_their_points(data, rows, batch):
    engine = with_records(rows, data.draw(records([r["id"] for r in rows])))
    for request in batch:
        for match in engine.rank(request).matches:
            assert 0 <= match.score <= 100
            assert match.score == pytest.approx(
                sum(f.points for f in match.factors), abs=0.1
            )  # each point is rounded to 0.01 on its own
            words = " ".join(f.detail for f in match.factors)
            assert "too_few" not in words


@settings(SETTINGS, max_examples=60)
@given(
    data=st.data(),
    rows=directories(),
    batch=st.lists(requests(), min_size=MIN_GROUP, max_size=8),
)
def test_the_batch_path_equals_rank_with_track_records(data, rows, batch):
    engine = with_records(rows, data.draw(records([r["id"] for r in rows])))
    batch = [{**r, "state": "MA", "limit": 3} for r in batch]
    with pytest.MonkeyPatch.context() as patch:
        together = engine.rank_many(batch, explain=False)
        patch.setattr("matcher.engine.matcher.PART_ROWS", 1)
        patch.setattr("matcher.engine.scoring_state.PART_REQUESTS", 1)
        in_part = engine.rank_many(batch, explain=False)
    for request, a, b in zip(batch, together, in_part, strict=True):
        alone = engine.rank(request)
        expected = [(m.therapist_id, m.score, factor_table(m)) for m in alone.matches]
        assert [
            (m.therapist_id, m.score, factor_table(m)) for m in a.matches
        ] == expected
        assert [
            (m.therapist_id, m.score, factor_table(m)) for m in b.matches
        ] == expected
