"""A state's part of the index: the same values as the whole index, kept."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest

from matcher.demo import make_profiles
from matcher.engine.evidence import evidence_credit
from matcher.engine.index import build_index
from matcher.engine.index_kept import KEPT_VALUES, WHOLE, KeptListColumn
from matcher.engine.index_lists import build_list_column
from matcher.engine.matcher import Matcher
from matcher.engine.scoring_state import PART_REQUESTS, PARTS_KEPT, StateParts
from tests.engine_helpers import directory


@pytest.fixture(scope="module")
def index():
    return build_index(directory(make_profiles(400, seed=21)))


def largest(index):
    return max(index.by_state, key=lambda s: len(index.by_state[s]))


def test_a_part_holds_its_states_rows_of_every_array(index):
    state = largest(index)
    rows = index.by_state[state]
    part = index.part(state)
    assert part.size == len(rows) and list(part.by_state) == [state]
    assert np.array_equal(part.by_state[state], np.arange(len(rows)))
    assert list(part.ids) == list(index.ids[rows])
    np.testing.assert_array_equal(part.style, index.style[rows])
    np.testing.assert_array_equal(part.fee, index.fee[rows])
    for name, column in index.lists.items():
        assert isinstance(part.lists[name], KeptListColumn)
        np.testing.assert_array_equal(part.lists[name].matrix, column.matrix[rows])


def test_kept_list_columns_count_as_the_whole_index_does(index):
    state = largest(index)
    rows = index.by_state[state]
    part = index.part(state)
    for name, column in index.lists.items():
        values = tuple(column.columns)[:3] + ("not-a-value",)
        for _ in range(2):  # worked out, then read from what was kept
            np.testing.assert_array_equal(
                part.lists[name].count(values, WHOLE), column.count(values, rows)
            )
        some = np.arange(0, len(rows), 3)
        np.testing.assert_array_equal(
            part.lists[name].has_any(values, some), column.has_any(values, rows[some])
        )


def test_kept_best_credit_equals_the_whole_index(index):
    state = largest(index)
    rows = index.by_state[state]
    part = index.part(state)
    approaches = index.lists["approaches"]
    for credit in evidence_credit().values():
        expected = approaches.best_of(credit, rows)
        first = part.lists["approaches"].best_of(credit, WHOLE)
        assert np.array_equal(first, expected)
        assert part.lists["approaches"].best_of(credit, WHOLE) is first  # kept
    assert set(np.unique(expected)) <= {0.0, 0.5, 1.0}


def test_kept_best_credit_is_the_best_credit_of_any_listed_approach(index):
    part = index.part(largest(index))
    approaches = part.lists["approaches"]
    for concern, credit in evidence_credit().items():
        best = approaches.best_of(credit, WHOLE)
        for row in range(part.size):
            listed = [
                a for a, c in approaches.columns.items() if approaches.matrix[row, c]
            ]
            assert best[row] == max(
                [credit.get(a, 0.0) for a in listed], default=0.0
            ), concern


def test_text_similarity_adds_float32_products_term_by_term(index):
    # The sum the single path has always made: per profile, in the query's
    # term order, each product of float32 weights added in float64.
    docs = index.text.documents
    query = index.text.query("panic attacks worry and grief at night")
    expected = np.zeros(index.size)
    for column, weight in zip(query.columns, query.weights, strict=True):
        for entry in range(docs.indptr[column], docs.indptr[column + 1]):
            product = np.float32(weight) * docs.data[entry]
            expected[docs.indices[entry]] += float(product)
    rows = np.arange(index.size)
    assert np.array_equal(index.text.similarity(query, rows), expected)
    part = index.part(largest(index))
    state_rows = index.by_state[largest(index)]
    assert np.array_equal(part.text.similarity(query, WHOLE), expected[state_rows])


def test_a_parts_text_gives_the_same_similarity(index):
    state = largest(index)
    rows = index.by_state[state]
    part = index.part(state)
    for words in ("panic attacks and worry", "grief after a loss", "sleep"):
        query = index.text.query(words)
        assert query is not None
        whole = index.text.similarity(query, rows)
        for _ in range(2):  # narrowed, then read from what was kept
            assert np.array_equal(part.text.similarity(query, WHOLE), whole)
        assert whole.max() > 0


def test_parts_are_kept_for_the_latest_states_only(index):
    parts = StateParts(index)
    states = sorted(index.by_state, key=lambda s: -len(index.by_state[s]))
    assert parts.get(states[0], PART_REQUESTS - 1) is None  # too few to pay for it
    first = parts.get(states[0], PART_REQUESTS)
    assert first is not None and parts.get(states[0], 1) is first  # kept
    for state in states[1 : PARTS_KEPT + 1]:
        parts.get(state, PART_REQUESTS)
    assert states[0] not in parts._parts  # the least recently read went
    assert list(parts._parts) == states[1 : PARTS_KEPT + 1]


def test_a_matcher_sent_to_another_process_keeps_no_parts():
    matcher = Matcher().fit(directory(make_profiles(60, seed=2)))
    state = largest(matcher.index_)
    assert matcher.parts_.get(state, PART_REQUESTS) is not None
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy.parts_._parts == {} and copy.parts_.get(state, 1) is None
    matcher.forget_parts()
    assert matcher.parts_._parts == {}


def test_a_part_keeps_its_latest_values_only(index):
    part = index.part(largest(index))
    made = []

    def work(n):
        made.append(n)
        return np.full(part.size, float(n))

    for n in range(KEPT_VALUES + 1):
        part.kept(("value", n), WHOLE, lambda n=n: work(n))
    assert part.kept(("value", KEPT_VALUES), WHOLE, lambda: work(-1))[0] == KEPT_VALUES
    part.kept(("value", 0), WHOLE, lambda: work(0))  # the oldest was let go
    assert made == [*range(KEPT_VALUES + 1), 0]
    part.kept(("value", 1), np.arange(3), lambda: work(1))  # some rows: not kept
    part.kept(("value", 1), np.arange(3), lambda: work(1))
    index.kept(("value", 2), WHOLE, lambda: work(2))  # the whole index keeps nothing
    index.kept(("value", 2), WHOLE, lambda: work(2))
    assert made == [*range(KEPT_VALUES + 1), 0, 1, 1, 2, 2]


def test_requests_with_other_filters_never_share_a_parts_eligible_rows():
    # A part keeps the eligible rows of requests with the same filters; each
    # filter a request sets must tell its requests apart.
    matcher = Matcher(today=dt.date(2026, 11, 1), batch_path="parts")
    matcher.fit(directory(make_profiles(400, seed=21)))
    state = largest(matcher.index_)
    base = {"state": state, "limit": 3}
    variants = [
        {},
        {"format": "in_person"},
        {"format": "telehealth"},
        {"include_not_accepting": True},
        {"age_group": "children"},
        {"session_format": "couples"},
        {"languages": {"value": ["Spanish"], "importance": "must"}},
        {"languages": {"value": ["Mandarin"], "importance": "must"}},
        {"lgbtq_affirming": {"value": True, "importance": "must"}},
        {"concerns": {"value": ["anxiety"], "importance": "must"}},
        {"format": "in_person", "postal_code": "02139", "max_distance_km": 30},
    ]
    requests = [{**base, **v} for v in variants] * 2
    together = matcher.rank_many(requests, explain=False)
    assert list(matcher.parts_._parts) == [state]
    seen = set()
    for request, answer in zip(requests, together, strict=True):
        alone = matcher.rank(request)
        assert (answer.eligible, list(answer.excluded.items())) == (
            alone.eligible, list(alone.excluded.items()),
        )  # fmt: skip
        assert [m.therapist_id for m in answer.matches] == [
            m.therapist_id for m in alone.matches
        ]
        seen.add(answer.eligible)
    assert len(seen) >= 6  # the filters really differ on this directory


def test_best_of_reads_the_rows_asked_and_hands_out_no_kept_array():
    column = build_list_column(
        [("cbt",), ("dbt", "cbt"), (), ("emdr",), ("dbt",)], assumed=()
    )
    credit = {"cbt": 0.5, "dbt": 1.0, "act": 0.25}
    rows = np.array([4, 0, 2, 1])
    assert column.best_of(credit, rows).tolist() == [1.0, 0.5, 0.0, 1.0]
    whole = column.best_of(credit, slice(None))
    assert whole.tolist() == [0.5, 1.0, 0.0, 0.0, 1.0]
    whole[:] = 9.0  # a caller's own array: the next read is unchanged
    assert column.best_of(credit, slice(1, 3)).tolist() == [1.0, 0.0]
    assert column.best_of(credit, rows).tolist() == [1.0, 0.5, 0.0, 1.0]
    assert column.best_of({"act": 1.0}, rows).tolist() == [0.0] * 4
