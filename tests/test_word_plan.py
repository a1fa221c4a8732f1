"""Words worked out once per answer or per kept profile read as worked out each time."""

from __future__ import annotations

import datetime as dt

from matcher.engine import explain, style_words
from matcher.engine.kept_profile import MAX_DERIVED, KeptProfile, derived
from matcher.engine.matcher import Matcher
from matcher.engine.questions import consultation_questions, request_questions
from matcher.engine.request import parse_request
from tests.engine_helpers import directory, therapist

TODAY = dt.date(2026, 6, 1)


def test_a_kept_profile_works_out_what_it_keeps_once():
    calls = []

    def work():
        calls.append(1)
        return ("anxiety",)

    kept = KeptProfile({"specialties": ["anxiety"]})
    assert derived(kept, "concerns", work) == derived(kept, "concerns", work)
    assert len(calls) == 1
    assert kept == {"specialties": ["anxiety"]}  # the fields stay as given
    plain = {"specialties": ["anxiety"]}
    derived(plain, "concerns", work)
    derived(plain, "concerns", work)
    assert len(calls) == 3  # a plain dict keeps nothing
    assert plain == {"specialties": ["anxiety"]}


def test_questions_asked_once_per_answer_are_those_asked_per_match():
    request = parse_request({
        "state": "CA",
        "concerns": ["depression"],
        "style": {"directiveness": 2},
        "languages": ["Spanish"],
    })  # fmt: skip
    profile = {"specialties": ["anxiety"], "languages": None, "telehealth": None}
    unmet = ["languages", "concerns", "distance", "style"]
    once = consultation_questions(request, unmet, profile, request_questions(request))
    assert once == consultation_questions(request, unmet, profile)
    assert once == [
        "Could we work in the language I'm most comfortable in?",
        "Have you worked with people dealing with depression?",
        "How do you structure sessions, and do you suggest exercises or practice "
        "between them?",
        "How do you usually work with people dealing with depression?",
    ]


def test_a_planned_factor_reads_as_word_factor():
    rows = [
        therapist("t1", specialties="depression", languages="English", fee=100),
        therapist("t2", specialties="anxiety;depression", languages="Spanish", fee=90),
    ]
    matcher = Matcher(today=TODAY).fit(directory(rows))
    request = parse_request({
        "state": "MA",
        "concerns": ["depression", "anxiety"],
        "languages": {"value": ["Spanish"], "importance": "must"},
        "lgbtq_affirming": True,
        "max_fee": 120,
    })  # fmt: skip
    names = ["concerns", "languages", "lgbtq_affirming", "cost", "requirements"]
    plan = explain.word_plan(names, request)
    assert [wording.name for wording in plan] == names
    for row in (0, 1):
        profile = matcher.word_parts_.profile(row)
        for wording in plan:
            for match in (0.0, 0.5, 0.75, 1.0):
                worded = explain._worded(wording, profile, request, match, None)
                assert worded == explain.word_factor(
                    wording.name, dict(profile), request, match, None
                )
    spanish = explain._worded(
        plan[1], matcher.word_parts_.profile(1), request, 1.0, None
    )
    required = "Offers therapy in Spanish (you required this)"
    assert spanish == ("Works in Spanish", required, None)


def test_style_words_kept_by_the_dimensions_asked_read_as_worked_out_afresh():
    profile = {
        "approaches": ["cbt", "dbt"],
        "bio": "",
        "style_directiveness": None,
        "style_intensity": 1.0,
        "style_orientation": None,
        "style_challenge": None,
    }
    kept = KeptProfile(profile)
    asks = [
        {"directiveness": 2},
        {"intensity": -2},
        {"directiveness": 2, "orientation": -1},
        {"orientation": -1, "challenge": 0},
    ]
    seen = set()
    for _ in range(2):  # the second round reads what the first kept
        for style in asks:
            request = parse_request({"state": "MA", "style": style})
            question = style_words.style_question(kept, request)
            assert question == style_words.style_question(dict(profile), request)
            for match in (0.4, 0.8, 1.0):
                assert style_words.style_words(kept, request, match) == (
                    style_words.style_words(dict(profile), request, match)
                )
            seen.add(question)
    assert "How would we decide together what to work on first?" in seen
    assert len(seen) > 1  # a question by the dimensions asked, not one for all


def test_concern_words_kept_by_the_concerns_asked_read_as_worked_out_afresh():
    profile = {
        "specialties": ["anxiety", "depression", "grief"],
        "top_specialties": None,
        "bio_focus": {"anxiety": 1.0, "grief": 0.3},
    }
    kept = KeptProfile(profile)
    asks = [["anxiety"], ["grief"], ["ocd"], ["anxiety", "ocd"], ["grief", "anxiety"]]
    worded = set()
    for _ in range(2):
        for concerns in asks:
            request = parse_request({"state": "MA", "concerns": concerns})
            words = explain._set_words(kept, request, "concerns", 1.0)
            assert words == explain._set_words(dict(profile), request, "concerns", 1.0)
            worded.add(words)
    assert len(worded) == len(asks)


def test_a_kept_profile_keeps_a_bounded_number_of_values():
    kept = KeptProfile({})
    for n in range(MAX_DERIVED * 3):
        assert derived(kept, ("asked", n), lambda n=n: n * 2) == n * 2
    assert len(kept.derived_) <= MAX_DERIVED
