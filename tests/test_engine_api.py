"""The engine's Python API: weights, batch ranking, refits on directory change."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from matcher import store
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import import_bytes
from matcher.engine.candidates import SAMPLE_STEP
from matcher.engine.matcher import DirectoryMatcher, Matcher
from matcher.engine.scoring_many import MIN_GROUP
from tests.conftest import to_csv
from tests.engine_helpers import directory, therapist

TODAY = dt.date(2026, 11, 1)
ROWS = [
    therapist("cheap", fee=80, approaches=["psychodynamic"]),
    therapist("cbt", fee=200, approaches=["cbt"]),
]
REQUEST = {"state": "MA", "max_fee": 100, "approaches": ["cbt"]}


def test_weights_change_the_order_and_stay_explained():
    frame = directory(ROWS)
    default = Matcher(today=TODAY).fit(frame).rank(REQUEST)
    approach_heavy = Matcher(weights={"approaches": 3.0}, today=TODAY).fit(frame)
    answer = approach_heavy.rank(REQUEST)
    assert [m.therapist_id for m in default.matches] == ["cheap", "cbt"]
    assert [m.therapist_id for m in answer.matches] == ["cbt", "cheap"]
    weights = {f.factor: f.weight for f in answer.matches[0].factors}
    assert weights == {"approaches": 6.0, "cost": 3.0}


@pytest.mark.parametrize(
    "weights", [{"charisma": 1.0}, {"cost": -1}, {"cost": float("nan")}, {"cost": "2"}]
)
def test_bad_weights_are_refused_at_fit(weights):
    with pytest.raises(ValueError):
        Matcher(weights=weights).fit(directory(ROWS))


def test_rank_many_equals_rank_one_at_a_time():
    matcher = Matcher(today=TODAY).fit(directory(ROWS))
    requests = [
        REQUEST,
        {"state": "MA"},
        {**REQUEST, "concerns_text": "panic"},
        {"state": "MA", "format": "in_person", "postal_code": "02139"},
        {"state": "MA", "style": {"directiveness": 2}, "insurance": "Aetna"},
        {"state": "MA", "approaches": {"value": ["cbt"], "importance": "must"}},
    ]
    assert len(requests) >= MIN_GROUP  # scored together, as one group
    one_by_one = [matcher.rank(r).to_dict() for r in requests]
    together = [a.to_dict() for a in matcher.rank_many(requests)]
    assert together == one_by_one
    # As JSON too: the same text, so no NumPy number hides in a batch answer.
    assert json.dumps(together) == json.dumps(one_by_one)
    quiet = matcher.rank_many(requests, explain=False)
    for answer, full in zip(quiet, one_by_one, strict=True):
        assert [(m.therapist_id, m.score) for m in answer.matches] == [
            (m["therapist_id"], m["score"]) for m in full["matches"]
        ]
        assert all(not m.reasons and not m.caveats for m in answer.matches)


def test_directory_matcher_refits_when_the_directory_changes(db):
    import_bytes(db, to_csv(ROWS), "first.csv")
    matchers = DirectoryMatcher(today=TODAY)
    first = matchers.get(db)
    assert matchers.get(db) is first  # same version: no refit
    assert [m.therapist_id for m in first.rank(REQUEST).matches] == ["cheap", "cbt"]
    import_bytes(db, to_csv([therapist("new", fee=90, approaches=["cbt"])]), "n.csv")
    second = matchers.get(db)
    assert second is not first
    assert second.directory_version_ == store.directory_version(db) == 2
    assert second.rank(REQUEST).matches[0].therapist_id == "new"


def test_an_empty_directory_answers_with_no_matches():
    db = store.connect(memory=True)
    matcher = Matcher().fit(store.load_directory(db))
    answer = matcher.rank({"state": "MA", "concerns_text": "worry"})
    assert (answer.matches, answer.eligible, answer.considered) == ([], 0, 0)


@pytest.mark.parametrize("path", ["matrices", "state part"])
def test_a_large_state_samples_its_threshold_and_keeps_rank_answers(path):
    # Enough therapists in one state that the batch path takes each request's
    # k-th best threshold from a sample of rows; the answers must not change,
    # whether the state is scored as matrices or over its own part.
    profiles = directory(make_profiles(1500, seed=4))
    matcher = Matcher(today=TODAY).fit(profiles)
    state = max(matcher.index_.by_state, key=lambda s: len(matcher.index_.by_state[s]))
    therapists = len(matcher.index_.by_state[state])
    assert therapists >= SAMPLE_STEP * SAMPLE_STEP * 3
    if path == "state part":  # the largest state only, as "auto" chooses it
        matcher = Matcher(today=TODAY, part_rows=therapists).fit(profiles)
    requests = [{**r, "state": state} for r in make_requests(40, seed=9)]
    for k in (1, 3):
        matcher.forget_parts()
        assert_same_as_rank(matcher, requests, k)
        assert list(matcher.parts_._parts) == ([state] if path == "state part" else [])


def test_a_state_part_whose_sampled_rows_are_all_filtered_out_still_ranks():
    # Every 8th therapist (the rows a sample would read) is not taking
    # clients; the threshold must then come from all the eligible rows.
    rows = [
        therapist(f"t{i:03d}", accepting_new_clients=i % SAMPLE_STEP != 0, fee=60 + i)
        for i in range(SAMPLE_STEP * SAMPLE_STEP * 8)
    ]
    matcher = Matcher(today=TODAY, batch_path="parts").fit(directory(rows))
    requests = [{"state": "MA", "max_fee": 100 + n, "limit": 2} for n in range(20)]
    answers = assert_same_as_rank(matcher, requests, None)
    assert list(matcher.parts_._parts) == ["MA"]
    assert {a.eligible for a in answers} == {len(rows) * 7 // 8}


def assert_same_as_rank(matcher, requests, k):
    """Rank the requests together and one by one; the numbers must be equal."""
    together = matcher.rank_many(requests, k, explain=False)
    for request, answer in zip(requests, together, strict=True):
        alone = matcher.rank(request, k)
        assert answer.eligible == alone.eligible
        assert [numbers(m) for m in answer.matches] == [
            numbers(m) for m in alone.matches
        ]
    return together


def numbers(match):
    """A match's id, score and factor points, without the words."""
    table = [(f.factor, f.weight, f.match, f.points) for f in match.factors]
    return match.therapist_id, match.score, table
