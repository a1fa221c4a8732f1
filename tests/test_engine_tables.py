"""The factor registry and the filter and preference tables stay complete."""

from __future__ import annotations

from matcher.engine.explain import caveat_below
from matcher.engine.factors import FACTOR_LABELS, FACTOR_NAMES, REGISTRY, WORDS
from matcher.engine.relax import relaxations
from matcher.engine.request import PREFERENCES, parse_request
from matcher.engine.scoring import FILTERS, filter_inputs
from web.present import EXCLUDED_WORDS, FACTOR_WORDS

EVERY_MUST = {
    "lgbtq_affirming": {"value": True, "importance": "must"},
    "concerns": {"value": ["anxiety"], "importance": "must"},
    "approaches": {"value": ["cbt"], "importance": "must"},
    "gender": {"value": ["woman"], "importance": "must"},
    "ethnicity": {"value": ["black"], "importance": "must"},
    "faith": {"value": ["christian"], "importance": "must"},
    "identities": {"value": ["veteran"], "importance": "must"},
    "languages": {"value": ["Spanish"], "importance": "must"},
    "availability": {"value": ["evenings"], "importance": "must"},
}


def every_filter(**changes):
    """Return a request that applies every hard filter (with some changes)."""
    fields = {
        "state": "CA", "format": "in_person", "postal_code": "94706",
        "max_distance_km": 20, "age_group": "adults",
        "session_format": "individual", **EVERY_MUST,
    }  # fmt: skip
    return parse_request(fields | changes)


def test_every_filter_a_request_applies_offers_a_relaxation_in_table_order():
    assert set(PREFERENCES) <= set(EVERY_MUST)
    offered = [options[0].filter for options in relaxations(every_filter())]
    assert offered == [hard.name for hard in FILTERS[1:]]
    assert all(r.filter == options[0].filter for options in relaxations(every_filter())
               for r in options)  # fmt: skip


def test_the_licence_state_comes_first_and_is_never_relaxed():
    assert FILTERS[0].name == "license_state"
    assert FILTERS[0].relaxations is None and FILTERS[0].mask is None
    assert all(hard.relaxations is not None for hard in FILTERS[1:])


def test_the_must_haves_filter_last_in_the_order_of_the_preference_table():
    assert [hard.name for hard in FILTERS[-len(PREFERENCES) :]] == list(PREFERENCES)


def test_every_filter_and_factor_has_its_words_on_pages():
    assert list(EXCLUDED_WORDS) == [hard.name for hard in FILTERS]
    assert all(EXCLUDED_WORDS.values())
    assert list(FACTOR_WORDS) == list(FACTOR_NAMES) == list(FACTOR_LABELS)


def test_the_registry_is_in_summation_order_with_words_for_each():
    assert [f.name for f in REGISTRY] == list(FACTOR_NAMES[:-1])
    assert set(WORDS) == set(FACTOR_NAMES) - {"requirements"}


def test_kept_filter_results_are_keyed_on_what_the_filters_read():
    telehealth = every_filter(format="telehealth")
    assert filter_inputs(every_filter()) is None  # reads the client's location
    assert filter_inputs(telehealth) is not None
    other_words = every_filter(format="telehealth", concerns_text="I can't sleep")
    assert filter_inputs(other_words) == filter_inputs(telehealth)
    spanish = {"value": ["Spanish", "French"], "importance": "must"}
    other_language = every_filter(format="telehealth", languages=spanish)
    assert filter_inputs(other_language) != filter_inputs(telehealth)


def test_a_factor_caveats_below_its_own_threshold_from_the_registry():
    thresholds = {f.name: f.caveat_below for f in REGISTRY}
    assert thresholds["distance"] < thresholds["text"] < thresholds["concerns"] < 1
    words = parse_request({"state": "CA", "concerns_text": "I cannot sleep"})
    assert caveat_below("text", words) == thresholds["text"]
    assert caveat_below("concerns", words) == thresholds["concerns"]
    limited = parse_request({"state": "CA", "postal_code": "94706",
                             "format": "in_person", "max_distance_km": 10})  # fmt: skip
    assert caveat_below("distance", limited) == 0.0  # inside the client's own limit
