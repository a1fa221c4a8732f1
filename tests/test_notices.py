"""Notices: a crisis named or spoken of, and a state with no licensed therapist."""

from __future__ import annotations

import pytest

from matcher.engine.matcher import Matcher
from matcher.engine.safety import speaks_of_crisis
from tests.engine_helpers import directory, therapist

ALARMING = [
    "I have a plan",
    "I have a plan.",
    "I want to die",
    "Sometimes I just want to die, honestly",
    "I keep thinking I should kill myself",
    "thoughts of killing myself",
    "I've been cutting",
    "I\u2019ve been cutting again",
    "I don't want to be here anymore",
    "I dont want to be here any more",
    "I don't want to live",
    "I want to end my life",
    "I think about ending it all",
    "everyone would be better off without me",
    "I wish I was dead",
    "I have been having suicidal thoughts",
    "SUICIDE has been on my mind",
    "I've been hurting myself when it gets bad",
    "history of self-harm",
    "I self harm",
    "I cut my arms when I'm stressed",
    "I can't stop thinking about killing myself",
    "I'm not okay and I want to die",
    "I'm not suicidal but I keep hurting myself",
    "There is no reason to live",
    "I thought about taking an overdose",
    "I'm not saying I want to die, but I think about it",
    "I'm not sure I don't want to be here anymore",
]
ORDINARY = [
    "my job is killing me",
    "I'm dying to get better sleep",
    "I cut back on coffee",
    "I've been cutting back on sugar and still can't sleep",
    "cutting costs at work has me stressed",
    "I have a plan for my career but feel stuck",
    "I'm not suicidal, just very anxious",
    "I have never had suicidal thoughts",
    "no thoughts of self-harm, mostly panic attacks",
    "I don't want to die, I just want to feel calmer",
    "I'm not thinking about killing myself, I'm just exhausted",
    "This commute is killing me and I want to be here for my kids",
    "I'd like help with grief after my dad died",
    "panic before meetings and trouble sleeping",
    "in a panic attack I feel like I'm going to die",
    "",
]


@pytest.mark.parametrize("text", ALARMING)
def test_own_words_of_ending_life_or_self_harm_raise_the_alarm(text):
    assert speaks_of_crisis(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_or_denied_words_do_not(text):
    assert not speaks_of_crisis(text)


@pytest.fixture(scope="module")
def matcher():
    rows = [therapist(f"t{i}", specialties=["anxiety"]) for i in range(3)]
    rows.append(therapist("ri", license_states="RI", state="RI", postal_code="02903"))
    return Matcher().fit(directory(rows))


def kinds(answer) -> list[str]:
    return [notice["kind"] for notice in answer.to_dict()["notices"]]


def test_an_ordinary_request_has_an_empty_list_of_notices(matcher):
    answer = matcher.rank({"state": "MA", "concerns": ["anxiety"]})
    assert answer.to_dict()["notices"] == []


@pytest.mark.parametrize("concern", ["suicidal_thoughts", "self_harm"])
def test_a_named_crisis_concern_brings_the_crisis_notice_and_matches(matcher, concern):
    answer = matcher.rank({"state": "MA", "concerns": ["anxiety", concern]})
    assert kinds(answer) == ["crisis"]
    text = answer.notices[0].text
    assert "988" in text and "911" in text and "741741" in text
    assert "Crisis Text Line" in text and "call or text" in text.lower()
    assert len(answer.matches) == 3


def test_own_words_bring_the_crisis_notice(matcher):
    answer = matcher.rank({"state": "MA", "concerns_text": "I have a plan"})
    assert kinds(answer) == ["crisis"]


def test_a_state_with_no_licensed_therapist_gets_no_coverage_and_no_suggestion(
    matcher,
):
    answer = matcher.rank({"state": "WY", "format": "telehealth"})
    assert kinds(answer) == ["no_coverage"]
    text = answer.notices[0].text
    assert "Wyoming" in text and "licensed" in text and "telehealth" in text
    assert "licensing board" in text and "http" not in text
    assert answer.matches == [] and answer.suggestions == []


def test_a_covered_state_with_no_one_eligible_gets_no_coverage_notice(matcher):
    answer = matcher.rank({"state": "RI", "format": "in_person", "gender": {
        "value": ["nonbinary"], "importance": "must"}})  # fmt: skip
    assert "no_coverage" not in kinds(answer)


def test_crisis_comes_before_no_coverage(matcher):
    answer = matcher.rank({"state": "WY", "concerns": ["self_harm"]})
    assert kinds(answer) == ["crisis", "no_coverage"]


def test_the_batch_path_gives_the_same_notices(matcher):
    requests = [
        {"state": "MA", "concerns": ["suicidal_thoughts"]},
        {"state": "WY"},
        {"state": "MA", "concerns_text": "my job is killing me"},
    ] * 4
    single = [matcher.rank(r).to_dict()["notices"] for r in requests]
    many = [a.to_dict()["notices"] for a in matcher.rank_many(requests)]
    assert many == single
    assert [len(n) for n in single[:3]] == [1, 1, 0]
