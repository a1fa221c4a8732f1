"""A request of requirements only: its card says what was met, not only that it was."""

from __future__ import annotations

import pytest

from matcher import Matcher
from tests.engine_helpers import directory, therapist


@pytest.fixture(scope="module")
def fitted():
    """One therapist who sees teenagers and adults, alone and as a family."""
    profiles = directory(
        [
            therapist(
                "t1",
                populations=["adolescents", "adults"],
                session_formats=["individual", "family"],
            )
        ]
    )
    return Matcher().fit(profiles)


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ({"age_group": "adolescents"}, "Sees teenagers"),
        ({"session_format": "family"}, "Offers family sessions"),
        (
            {"age_group": "adults", "session_format": "individual"},
            "Sees adults and offers individual sessions",
        ),
        ({"format": "telehealth"}, "Offers telehealth"),
        ({}, "Licensed in your state"),
    ],
)
def test_the_card_names_each_requirement_met(fitted, asked, said):
    match = fitted.rank({"state": "MA", **asked}).matches[0]
    (factor,) = match.factors
    assert (factor.factor, factor.match, factor.detail) == ("requirements", 1, said)
    assert list(match.reasons) == [said]
    assert not match.caveats


def test_a_factor_asked_for_leaves_no_requirements_row(fitted):
    match = fitted.rank({"state": "MA", "age_group": "adolescents", "style": {
        "directiveness": 1}}).matches[0]  # fmt: skip
    assert [f.factor for f in match.factors] == ["style"]
