"""A card built by ``web.match_card`` is exactly what the reference template renders.

``reference_card.html`` beside this file is the card written as a Jinja
template: the readable statement of the card's markup, which the Python
builder must match byte for byte on every page that shows cards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string

from matcher.demo import make_requests
from matcher.engine.answer import FactorTable, Match
from tests.web.helpers import XSS
from web.match_card import match_card
from web.present import shared_caveats
from web.search import find_matches, result_cards

INCLUDED = (Path(__file__).parent / "reference_card.html").read_text()


def template_card(match, profile, same_tab=None, page_caveats=None) -> str:
    """Render the card through the template, passing only what a page sets."""
    context = {"match": match, "profile": profile}
    if same_tab is not None:
        context["same_tab"] = same_tab
    if page_caveats is not None:
        context["page_caveats"] = page_caveats
    return render_template_string(INCLUDED, **context)


def both_ways(match, profile) -> list[tuple[str, str]]:
    """Return (template, builder) pairs for each way a page shows a card."""
    return [
        (
            template_card(match, profile, same_tab, caveats),
            str(match_card(match, profile, bool(same_tab), caveats or ())),
        )
        for same_tab in (None, True, False)
        for caveats in (None, [], list(match.caveats[:1]))
    ]


@pytest.fixture
def page_context(make_app):
    """A request context of the app on the small directory (XSS names included)."""
    app: Flask = make_app(MATCHER_REFIT="inline")
    with app.test_request_context("/results", method="POST"):
        yield app


def test_every_card_of_varied_searches_matches_the_template(page_context):
    shown = 0
    for request in [*make_requests(40, states=("MA",)), {"state": "MA"}]:
        answer = find_matches(request)
        page_caveats = shared_caveats(answer.matches)
        for match, profile in result_cards(answer):
            for expected, built in both_ways(match, profile):
                assert built == expected
            built = match_card(match, profile, True, page_caveats)
            assert built == template_card(match, profile, True, page_caveats)
            shown += 1
    assert shown > 40  # the searches did show cards


@pytest.mark.parametrize("score", [0.0, 12.5, 13.5, 49.99, 87.25, 100.0])
def test_words_and_numbers_with_markup_are_escaped_as_the_template_does(
    page_context, score
):
    answer = find_matches({"state": "MA"})
    _, profile = next(
        (m, p) for m, p in result_cards(answer) if m.therapist_id == "ma-xss"
    )
    factors = FactorTable(
        ("specialties", "made_up_factor", "fee"),
        (20.0, 7.25, 3.0),
        (1.0, 0.455, 0.0),
        (20.0, 3.3, 0.0),
        (f"detail {XSS}", "it's \"quoted\" & <b>bold</b>", ""),
    )  # fmt: skip
    match = Match(
        rank=3,
        therapist_id="ma-xss",
        name=f"O'Brien {XSS}",
        score=score,
        factors=factors,
        reasons=(f"reason {XSS}", "plain & simple"),
        caveats=("caveat <i>one</i>", "caveat 'two'"),
        consultation_questions=(f"question {XSS}?",),
    )
    for expected, built in both_ways(match, profile):
        assert built == expected
    assert "<script>" not in str(match_card(match, profile))


def test_a_card_without_words_matches_the_template(page_context):
    answer = find_matches({"state": "MA"})
    match, profile = result_cards(answer)[0]
    bare = Match(
        match.rank, match.therapist_id, match.name, match.score,
        FactorTable((), (), (), (), ()), (), (), (),
    )  # fmt: skip
    for expected, built in both_ways(bare, profile):
        assert built == expected
