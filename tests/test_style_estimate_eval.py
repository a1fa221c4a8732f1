"""The style estimator against the labelled evaluation set (issue 19's targets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.directory.vocab import vocabulary
from matcher.style_estimate import DIMENSIONS
from matcher.style_estimate.evaluate import (
    evaluate,
    load_labelled,
    one_sided,
    sign,
    without_bio,
)

EVAL_SET = Path(__file__).parent / "data" / "style_eval.jsonl"


@pytest.fixture(scope="module")
def rows():
    return load_labelled(EVAL_SET)


@pytest.fixture(scope="module")
def full(rows):
    return evaluate(rows)


def test_the_set_is_large_varied_and_well_formed(rows):
    assert len(rows) >= 200
    assert len({row["id"] for row in rows}) == len(rows)
    assert {"clear", "eclectic", "negation", "sparse"} <= {row["kind"] for row in rows}
    keys = set(vocabulary("approaches").keys)
    for row in rows:
        assert set(row["approaches"]) <= keys
        assert isinstance(row["bio"], str)
        for dim in DIMENSIONS:
            assert row.get(dim) is None or -3 <= row[dim] <= 3
        assert row["directiveness"] is not None
    assert {sign(row["directiveness"]) for row in rows} == {-1, 0, 1}


def test_sign_accuracy_and_coverage_meet_the_targets(full):
    assert full["coverage"] >= 0.60
    assert full["sign_accuracy"] >= 0.85


def test_never_a_confident_wrong_sign_where_all_approaches_lean_one_way(full):
    assert full["wrong_sign_one_sided"] == []


def test_the_words_add_coverage_to_the_approach_priors(rows, full):
    priors_only = evaluate(without_bio(rows))
    assert full["coverage"] > priors_only["coverage"] + 0.2


def test_one_sided_reads_the_priors():
    assert one_sided(["cbt", "dbt"]) == 1
    assert one_sided(["person_centered", "psychoanalytic"]) == -1
    assert one_sided(["cbt", "psychodynamic"]) == 0
    assert one_sided(["cbt", "integrative"]) == 0  # integrative leans neither way
    assert one_sided([]) == 0


def test_evaluate_counts_a_known_answer():
    rows = [
        {"id": "a", "approaches": ["cbt"], "bio": "Homework.", "directiveness": 2},
        {"id": "b", "approaches": [], "bio": "Homework.", "directiveness": -2},
        {"id": "c", "approaches": [], "bio": "", "directiveness": 0},
    ]
    result = evaluate(rows)
    assert result["confident"] == 2 and result["wrong"] == ["b"]
    assert result["sign_accuracy"] == 0.5 and result["coverage"] == 0.667
    assert result["estimated_share"] == 0.667
