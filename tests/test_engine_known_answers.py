"""Known answers: planted profiles whose right ranking is plain to see."""

from __future__ import annotations

import datetime as dt

import pytest
from sklearn.exceptions import NotFittedError

from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory, therapist

TODAY = dt.date(2026, 11, 1)
IDEAL = dict(
    specialties=["anxiety", "insomnia"],
    approaches=["cbt", "act"],
    style_directiveness=2,
    style_orientation=-1,
    gender="woman",
    lgbtq_affirming=True,
    languages=["English", "Spanish"],
    insurance=["Aetna"],
    fee=110,
    availability=["evenings"],
    bio="I help people who cannot switch off at night and who panic before meetings,"
    " with CBT.",
)
REQUEST = {
    "state": "MA",
    "concerns": ["anxiety", "insomnia"],
    "concerns_text": "I can't switch off at night and panic before meetings",
    "approaches": {"value": ["cbt", "act"], "importance": "high"},
    "style": {"directiveness": 2, "orientation": -1},
    "gender": {"value": ["woman"], "importance": "medium"},
    "lgbtq_affirming": {"value": True, "importance": "low"},
    "languages": {"value": ["Spanish"], "importance": "medium"},
    "insurance": "Aetna",
    "availability": {"value": ["evenings"], "importance": "medium"},
}
# One preference unmet per near miss, and the words its caveat must use.
NEAR_MISSES = {
    "concerns": ({"specialties": ["anxiety"]}, "insomnia"),
    "approaches": ({"approaches": ["psychodynamic"]}, "Doesn't list"),
    "style": ({"style_directiveness": -3}, "client-led"),
    "gender": ({"gender": "man"}, "gender"),
    "lgbtq_affirming": ({"lgbtq_affirming": False}, "LGBTQ+"),
    "languages": ({"languages": ["English"]}, "language"),
    "cost": ({"insurance": ["Cigna"], "fee": 200}, "Aetna"),
    "availability": ({"availability": ["weekdays"]}, "evening"),
}


@pytest.fixture
def fitted(fit_on):
    """Fit on rows built in the test; rank through each engine path in turn."""
    return lambda rows: fit_on(directory(rows), today=TODAY)


def test_planted_ideal_ranks_first_and_each_near_miss_names_its_gap(fitted):
    rows = [therapist("ideal", **IDEAL)]
    for name, (change, _) in NEAR_MISSES.items():
        rows.append(therapist(f"near-{name}", **{**IDEAL, **change}))
    answer = fitted(rows).rank(REQUEST, k=20)
    assert answer.matches[0].therapist_id == "ideal"
    assert answer.matches[0].score == pytest.approx(100, abs=0.01)
    assert answer.matches[0].caveats == ()
    by_id = {m.therapist_id: m for m in answer.matches}
    for name, (_, words) in NEAR_MISSES.items():
        near = by_id[f"near-{name}"]
        assert near.score < answer.matches[0].score, name
        unmet = [f for f in near.factors if f.match < 1]
        assert [f.factor for f in unmet] == [name], name
        assert any(words in caveat for caveat in near.caveats), (name, near.caveats)


def test_score_is_the_sum_of_the_factor_points(fitted):
    rows = [therapist(f"t{i}", **{**IDEAL, "fee": 80 + 30 * i}) for i in range(5)]
    request = {**REQUEST, "max_fee": 120, "insurance": "Cigna"}
    for match in fitted(rows).rank(request).matches:
        assert match.score == pytest.approx(
            sum(f.points for f in match.factors), abs=0.05
        )


def test_hard_filters_remove_and_count(fitted):
    rows = [
        therapist("ok", **IDEAL),
        therapist("ny-only", **IDEAL, license_states="NY", state="NY"),
        therapist("full", **IDEAL, accepting_new_clients=False),
        therapist("no-spanish", **{**IDEAL, "languages": ["English"]}),
        therapist("remote", **IDEAL, in_person=False),
    ]
    request = {
        **REQUEST,
        "format": "in_person",
        "languages": {"value": ["Spanish"], "importance": "must"},
    }
    answer = fitted(rows).rank(request)
    assert [m.therapist_id for m in answer.matches] == ["ok"]
    assert (answer.considered, answer.eligible) == (5, 1)
    assert answer.excluded == {
        "license_state": 1,
        "format": 1,
        "not_accepting": 1,
        "languages": 1,
    }


def test_suggestions_say_what_relaxing_each_filter_adds(fitted):
    rows = [
        therapist("ok", **IDEAL),
        therapist("remote-1", **IDEAL, in_person=False),
        therapist("remote-2", **IDEAL, in_person=False),
        therapist("full", **IDEAL, accepting_new_clients=False),
    ]
    answer = fitted(rows).rank({**REQUEST, "format": "in_person", "limit": 10})
    found = {s.change: s.adds for s in answer.suggestions}
    assert found == {"format=either": 2, "include_not_accepting=true": 1}


def test_evidence_based_approaches_earn_credit_when_no_approach_is_named(fitted):
    rows = [
        therapist(
            "erp", specialties=["ocd"], approaches=["exposure_response_prevention"]
        ),
        therapist("art", specialties=["ocd"], approaches=["art_therapy"]),
    ]
    answer = fitted(rows).rank({"state": "MA", "concerns": ["ocd"]})
    assert [m.therapist_id for m in answer.matches] == ["erp", "art"]
    evidence = answer.matches[0].factors[1]
    assert evidence.factor == "approach_evidence" and evidence.match == 1
    assert "research evidence" in answer.matches[0].reasons[1]


def test_stale_profiles_stay_matchable_with_a_caveat(fitted):
    rows = [therapist("old", **IDEAL, updated_at="2025-08-01")]
    match = fitted(rows).rank(REQUEST).matches[0]
    assert any("15 months ago" in c for c in match.caveats)


def test_a_therapist_without_a_style_gets_a_neutral_value_and_a_caveat(fitted):
    rows = [
        therapist("close", **IDEAL),
        therapist(
            "silent",  # and nothing to estimate it from (test_style_ranking.py)
            **{
                **IDEAL,
                "style_directiveness": None,
                "style_orientation": None,
                "approaches": None,
            },
        ),
        therapist(
            "far", **{**IDEAL, "style_directiveness": -3, "style_orientation": 3}
        ),
    ]
    answer = fitted(rows).rank({"state": "MA", "style": REQUEST["style"]})
    assert [m.therapist_id for m in answer.matches] == ["close", "silent", "far"]
    assert answer.matches[1].factors[0].match == 0.5
    assert "Doesn't describe their style" in answer.matches[1].caveats[0]


def test_rank_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        Matcher().rank({"state": "MA"})


def test_equal_scores_keep_one_order_per_request_but_not_always_the_same_ids(fitted):
    rows = [therapist(f"t{i:02d}") for i in range(20)]
    matcher = fitted(rows)
    asks = [
        {"state": "MA"},
        {"state": "MA", "format": "telehealth"},
        {"state": "MA", "format": "in_person"},
        {"state": "MA", "age_group": "adults"},
        {"state": "MA", "session_format": "individual"},
    ]
    firsts = set()
    for ask in asks:
        answer = matcher.rank(ask)
        assert {m.score for m in answer.matches} == {100.0}
        again = fitted(list(reversed(rows))).rank({**ask, "request_id": "other"})
        assert [m.therapist_id for m in again.matches] == [
            m.therapist_id for m in answer.matches
        ]
        firsts.add(answer.matches[0].therapist_id)
    assert len(firsts) >= 2


def test_an_office_across_the_state_line_is_named_for_in_person_clients(fitted):
    rows = [therapist("ny-office", license_states=["VT", "NY"], state="NY")]
    answer = fitted(rows).rank({"state": "VT", "format": "in_person"})
    assert "Office is in New York" in answer.matches[0].caveats[0]


def test_an_unknown_payer_is_kept_as_typed_and_matched_folded(fitted):
    rows = [therapist("acme", insurance=["ACME Health"]), therapist("none")]
    answer = fitted(rows).rank({"state": "MA", "insurance": "Acme health"})
    assert [m.therapist_id for m in answer.matches] == ["acme", "none"]
    assert answer.matches[0].reasons == ("Takes Acme health",)
    assert "Doesn't take Acme health" in answer.matches[1].caveats[0]


def test_listing_one_asked_time_never_ranks_below_listing_none(fitted):
    rows = [therapist("silent"), therapist("weekdays", availability=["weekdays"])]
    request = {"state": "MA", "availability": ["weekdays", "evenings", "weekends"]}
    answer = fitted(rows).rank(request)
    assert [m.therapist_id for m in answer.matches] == ["weekdays", "silent"]
    assert "Doesn't list their hours" in answer.matches[1].caveats[0]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"batch_path": "matrix"}, "batch_path"),
        ({"batch_path": None}, "batch_path"),
        ({"part_rows": 0}, "part_rows"),
        ({"part_rows": 2.5}, "part_rows"),
        ({"part_rows": True}, "part_rows"),
    ],
)
def test_fit_refuses_a_bad_batch_setting_by_name(settings, field):
    with pytest.raises(ValueError, match=field):
        Matcher(**settings).fit(directory([therapist("t1")]))
