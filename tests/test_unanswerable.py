"""A hard filter the directory's data cannot answer carries a notice, never silence."""

from __future__ import annotations

import pytest

from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from matcher.labels.unanswerable import (
    NOTICE_KIND,
    list_filters,
    unanswerable_filters,
)
from tests.engine_helpers import directory, therapist

TEEN_REQUEST = {"state": "MA", "format": "telehealth", "age_group": "adolescents"}


def ma_directory(teens: int, youth: int, adults: int, others: int = 0) -> Matcher:
    """MA therapists: recognised teens, unrecognised "Youth", adults, RI ones."""
    rows = (
        [therapist(f"t{i}", populations="Teens") for i in range(teens)]
        + [therapist(f"y{i}", populations="Youth") for i in range(youth)]
        + [therapist(f"a{i}", populations="Adults") for i in range(adults)]
        + [therapist(f"r{i}", license_states="RI") for i in range(others)]
    )
    return Matcher().fit(directory(rows))


def kinds(answer) -> list[str]:
    return [n.kind for n in answer.notices]


def test_an_age_group_unanswerable_for_want_of_recognised_labels_gets_the_notice():
    matcher = ma_directory(teens=0, youth=19, adults=1, others=5)
    answer = matcher.rank(TEEN_REQUEST)
    assert answer.eligible == 0
    assert kinds(answer) == [NOTICE_KIND]
    text = answer.notices[0].text
    assert "cannot answer your age group filter" in text
    assert "19 of the 20 therapists licensed in Massachusetts" in text
    assert "describe the age groups they see in words" in text
    assert "Leave the age group unanswered" in text
    [found] = unanswerable_filters(matcher.index_, parse_request(TEEN_REQUEST))
    assert (found.filter, found.field, found.therapists) == (
        "age_group",
        "populations",
        20,
    )
    assert (found.excluded, found.unrecognised_only) == (20, 19)


@pytest.mark.parametrize(
    ("teens", "youth", "adults", "notice"),
    [
        (0, 19, 1, True),  # 100% left out, 5% even with the labels recognised
        (1, 18, 1, True),  # 95% left out, 5% would be: still the data's fault
        (3, 17, 0, False),  # 85% left out: the filter still answers
        (0, 5, 15, True),  # 100% left out; 75% with the labels recognised
        (0, 1, 19, False),  # 100% left out; 95% would be even so: a true answer
        (0, 0, 20, False),  # nothing unrecognised: a true answer, no notice
    ],
)
def test_the_notice_follows_the_90_percent_rule(teens, youth, adults, notice):
    answer = ma_directory(teens, youth, adults).rank(TEEN_REQUEST)
    assert (NOTICE_KIND in kinds(answer)) is notice


def test_no_notice_without_a_list_filter_or_in_a_state_without_therapists():
    matcher = ma_directory(teens=0, youth=19, adults=1)
    assert kinds(matcher.rank({"state": "MA", "format": "telehealth"})) == []
    no_one = matcher.rank({**TEEN_REQUEST, "state": "WY"})
    assert kinds(no_one) == ["no_coverage"]


def test_a_must_on_a_list_preference_is_checked_too():
    rows = [therapist(f"s{i}", languages="Espanol fluido") for i in range(10)]
    matcher = Matcher().fit(directory(rows))
    request = {
        "state": "MA",
        "format": "telehealth",
        "languages": {"value": ["Spanish"], "importance": "must"},
    }
    answer = matcher.rank(request)
    assert answer.eligible == 0
    assert kinds(answer) == [NOTICE_KIND]
    assert "Make languages something you prefer rather than a must" in (
        answer.notices[0].text
    )
    preferred = {**request, "languages": {"value": ["Spanish"], "importance": "high"}}
    assert kinds(matcher.rank(preferred)) == []


def test_list_filters_names_each_hard_list_filter():
    request = parse_request(
        {
            "state": "MA",
            "age_group": "children",
            "session_format": "family",
            "faith": {"value": ["christian"], "importance": "must"},
            "gender": {"value": ["woman"], "importance": "high"},
            "lgbtq_affirming": {"value": True, "importance": "must"},
        }
    )
    assert list_filters(request) == [
        ("age_group", "populations", ("children",)),
        ("session_format", "session_formats", ("family",)),
        ("faith", "faith", ("christian",)),
    ]


def test_the_batch_path_gives_the_same_notice():
    matcher = ma_directory(teens=0, youth=19, adults=1)
    requests = [TEEN_REQUEST, {"state": "MA", "format": "telehealth"}] * 4
    single = [matcher.rank(r).to_dict()["notices"] for r in requests]
    assert [a.to_dict()["notices"] for a in matcher.rank_many(requests)] == single
    assert [len(n) for n in single[:2]] == [1, 0]


def test_the_answer_offers_to_drop_the_filter_first_in_place_of_the_same_relaxation():
    matcher = ma_directory(teens=0, youth=19, adults=1, others=5)
    answer = matcher.rank(TEEN_REQUEST).to_dict()
    [notice] = answer["notices"]
    assert notice["change"] == "age_group=none"
    assert answer["suggestions"] == [
        {
            "change": "age_group=none",
            "adds": 20,
            "text": "The directory's age-group data can't answer this filter yet; "
            "search without it (adds 20 therapists)",
        }
    ]
    crisis = matcher.rank({**TEEN_REQUEST, "concerns": ["self_harm"]}).to_dict()
    assert [set(n) for n in crisis["notices"]] == [
        {"kind", "text"},
        {"kind", "text", "change"},
    ]


def test_the_drop_is_offered_even_with_enough_therapists_eligible():
    matcher = ma_directory(teens=15, youth=185, adults=0)  # 92.5% left out
    answer = matcher.rank(TEEN_REQUEST)
    assert answer.eligible == 15 >= parse_request(TEEN_REQUEST).limit
    assert [(s.change, s.adds) for s in answer.suggestions] == [("age_group=none", 185)]


def test_a_must_have_is_dropped_by_making_it_important():
    rows = [therapist(f"s{i}", languages="Espanol fluido") for i in range(10)]
    rows += [therapist("w0", languages="Spanish", accepting_new_clients="false")]
    request = {
        "state": "MA",
        "format": "telehealth",
        "languages": {"value": ["Spanish"], "importance": "must"},
    }
    answer = Matcher().fit(directory(rows)).rank(request)
    assert answer.notices[0].change == "languages.importance=high"
    [drop] = [s for s in answer.suggestions if s.change == answer.notices[0].change]
    assert drop.adds == 10  # the one not accepting stays out
    assert drop.text == (
        "The directory's language data can't answer this must-have yet; make it "
        "important rather than required (adds 10 therapists)"
    )


def test_no_drop_is_offered_when_another_filter_leaves_no_one_anyway():
    matcher = ma_directory(teens=0, youth=19, adults=1)
    request = {**TEEN_REQUEST, "session_format": "group"}
    answer = matcher.rank(request)
    assert "age_group=none" in [n.change for n in answer.notices]
    assert "age_group=none" not in [s.change for s in answer.suggestions]
