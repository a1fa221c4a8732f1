"""The style factor's detail says how close a style is in plain words."""

from __future__ import annotations

import pytest

from matcher import Matcher
from tests.engine_helpers import directory, therapist

ASKED = {"state": "MA", "style": {"directiveness": 1, "challenge": -1}}


def style_factor(**style):
    """Rank one therapist with the given style fields; return its style factor."""
    profiles = directory([therapist("t1", **style)])
    match = Matcher().fit(profiles).rank(ASKED).matches[0]
    return next(f for f in match.factors if f.factor == "style")


@pytest.mark.parametrize(
    ("directiveness", "challenge", "match", "words"),
    [
        (1, -1, 1.0, "Style just as you described"),  # both on the point
        (2, -1, 1 - 1 / 12, "Style close to what you described"),  # 1 point off
        (3, 1, 1 - 4 / 12, "Style partly like what you described"),  # 2 + 2
        (-3, 3, 1 - 8 / 12, "Style different from what you described"),  # 4 + 4
    ],
)
def test_a_stated_style_reads_as_how_close_it_is(
    directiveness, challenge, match, words
):
    factor = style_factor(style_directiveness=directiveness, style_challenge=challenge)
    assert factor.match == pytest.approx(match, abs=1e-4)
    assert factor.detail == words
    assert "%" not in factor.detail and "closeness" not in factor.detail


def test_a_style_with_nothing_to_go_on_says_so():
    factor = style_factor()  # no style fields, no approaches, no bio
    assert factor.match == pytest.approx(0.5)
    assert factor.detail == "Doesn't describe their style"


def test_an_estimated_style_says_how_close_then_what_it_was_read_from():
    factor = style_factor(
        approaches=["cbt"], bio="Sessions are structured, with homework and tools."
    )
    words, seems = factor.detail.split(". ", 1)
    assert words.startswith("Style ") and words.endswith("what you described")
    assert seems.startswith("Seems") and "(estimated from CBT" in seems
