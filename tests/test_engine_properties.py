"""Properties on random directories and requests: the engine equals the reference."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.reference import ReferenceScorer
from matcher.engine.explain import (
    EXPLAINED_FIELDS,
    caveat_below,
    location_caveats,
    status_caveats,
)
from matcher.engine.index import profile_at
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from matcher.engine.scoring import tie_order, top_k
from matcher.engine.scoring_many import MIN_GROUP
from matcher.outcomes.track import TrackRecords
from tests.engine_helpers import directory, therapist
from tests.test_outcomes_track import episodes

TODAY = dt.date(2026, 11, 1)
ZIPS = ["02139", "02446", "01002", "10001", "11201", "12207"]
CONCERNS = ["anxiety", "depression", "trauma", "ocd", "insomnia", "grief"]
APPROACHES = ["cbt", "act", "emdr", "psychodynamic", "exposure_response_prevention"]
LANGUAGES = ["English", "Spanish", "Mandarin"]
ETHNICITY = ["black", "asian", "white", "hispanic_latino"]
FAITH = ["christian", "jewish", "muslim", "secular"]
IDENTITIES = ["lgbtq", "veteran", "parent"]
AVAILABILITY = ["weekdays", "evenings", "weekends"]
PAYERS = ["Aetna", "Cigna", "Medicaid", "Local Mutual"]
POPULATIONS = ["children", "adolescents", "adults", "older_adults"]
FORMATS = ["individual", "couples", "family", "group"]
SENTENCES = [
    "I help people with panic and worry.",
    "Trouble sleeping and racing thoughts at night are common in my practice.",
    "I work with grief and loss.",
    "Together we look at patterns from your past.",
    "Sessions are practical with exercises between them.",
]
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Contract properties run once per engine path (conftest.ENGINE_PATHS): fewer
# examples each, about as many in all.
PER_PATH = settings(SETTINGS, max_examples=40)


def subset(values, min_size=0):
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True)


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def profiles(draw, therapist_id):
    in_person = draw(st.booleans())
    return therapist(
        therapist_id,
        license_states=draw(subset(["MA", "NY"], min_size=1)),
        postal_code=draw(maybe(st.sampled_from(ZIPS))) or "",
        in_person=in_person,
        telehealth=draw(st.booleans()) or not in_person,
        accepting_new_clients=draw(maybe(st.booleans())),
        specialties=draw(subset(CONCERNS)),
        approaches=draw(subset(APPROACHES)),
        gender=draw(maybe(st.sampled_from(["woman", "man", "nonbinary"]))),
        ethnicity=draw(subset(ETHNICITY)),
        faith=draw(subset(FAITH)),
        identities=draw(subset(IDENTITIES)),
        languages=draw(subset(LANGUAGES)),
        lgbtq_affirming=draw(maybe(st.booleans())),
        availability=draw(subset(AVAILABILITY)),
        populations=draw(subset(POPULATIONS)),
        session_formats=draw(subset(FORMATS)),
        insurance=draw(subset(PAYERS)),
        fee=draw(maybe(st.integers(60, 250))),
        sliding_scale=draw(maybe(st.booleans())),
        bio=" ".join(draw(subset(SENTENCES))),
        **{
            f"style_{d}": draw(maybe(st.integers(-3, 3)))
            for d in ("directiveness", "intensity", "orientation", "challenge")
        },
    )


@st.composite
def directories(draw):
    ids = draw(st.lists(st.integers(0, 99), min_size=1, max_size=14, unique=True))
    return [draw(profiles(f"t{i:02d}")) for i in ids]


IMPORTANCE = st.sampled_from(["low", "medium", "high", "must"])


def preference(values):
    return st.fixed_dictionaries(
        {"value": subset(values, min_size=1), "importance": IMPORTANCE}
    )


@st.composite
def requests(draw):
    request = {"state": draw(st.sampled_from(["MA", "NY"])), "limit": 100}
    options = {
        "format": st.sampled_from(["in_person", "telehealth", "either"]),
        "concerns": preference(CONCERNS),
        "concerns_text": st.sampled_from(
            ["I panic and cannot sleep at night", "grief after a loss", "zzqx"]
        ),
        "approaches": preference(APPROACHES),
        "style": st.fixed_dictionaries(
            {d: maybe(st.integers(-3, 3)) for d in ("directiveness", "challenge")}
        ),
        "gender": preference(["woman", "man", "nonbinary"]),
        "ethnicity": preference(ETHNICITY),
        "faith": preference(FAITH),
        "identities": preference(IDENTITIES),
        "languages": preference(LANGUAGES),
        "lgbtq_affirming": st.fixed_dictionaries(
            {"value": st.just(True), "importance": IMPORTANCE}
        ),
        "availability": preference(AVAILABILITY),
        "insurance": st.sampled_from(PAYERS),
        "max_fee": st.integers(50, 200),
        "age_group": st.sampled_from(POPULATIONS),
        "session_format": st.sampled_from(FORMATS),
        "include_not_accepting": st.booleans(),
    }
    for name in draw(st.lists(st.sampled_from(sorted(options)), unique=True)):
        request[name] = draw(options[name])
    if draw(st.booleans()):
        request["postal_code"] = draw(st.sampled_from(ZIPS))
        if draw(st.booleans()):
            request["max_distance_km"] = draw(st.integers(5, 300))
    return request


@pytest.fixture(scope="module")
def ranked(fit_on):
    """Fit the engine (ranking on each path in turn) and the reference on rows."""

    def fit(rows):
        frame = directory(rows)
        return fit_on(frame, today=TODAY), ReferenceScorer().fit(frame), frame

    return fit


def assert_same_as_reference(answer, expected) -> None:
    """The engine's order, scores and points equal the reference scorer's."""
    assert [m.therapist_id for m in answer.matches] == [
        s.therapist_id for s in expected
    ]
    for match, oracle in zip(answer.matches, expected, strict=True):
        assert match.score == pytest.approx(oracle.score, abs=0.01)
        points = {f.factor: f.points for f in match.factors}
        assert points == pytest.approx(oracle.points, abs=0.01)


@settings(SETTINGS, max_examples=100)
@given(rows=directories(), request=requests())
def test_engine_equals_the_reference_scorer(ranked, rows, request):
    engine, reference, _ = ranked(rows)
    assert_same_as_reference(engine.rank(request), reference.rank(request))


def planted_outcomes() -> pd.DataFrame:
    """Outcome records of t00..t59 in depression and t00..t39 in anxiety.

    A therapist's number plants its class: in depression by fours
    (effective, ineffective, neutral, too few episodes), in anxiety by fives
    (ineffective, neutral, effective, neutral, too few). Effects of 1.5 SD
    over 20 episodes are clear enough to be classified as planted; t60..t99
    have no record, and no one has one in the other concerns.
    """
    rng = np.random.default_rng(11)
    plans = (
        ("depression", "PHQ-9", (5, 27), 60, [1.5, -1.5, 0.0, None]),
        ("anxiety", "GAD-7", (5, 21), 40, [-1.5, 0.0, 1.5, 0.0, None]),
    )
    rows = []
    for domain, measure, baselines, therapists, effects in plans:
        for number in range(therapists):
            effect = effects[number % len(effects)]
            rows += episodes(
                rng, f"t{number:02d}", 20 if effect is not None else 8,
                effect=effect or 0.0, domain=domain, measure=measure,
                baselines=baselines,
            )  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def outcomes() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The planted outcome records and their fitted classes."""
    records = planted_outcomes()
    return records, TrackRecords().fit(records).records_


def test_the_planted_outcome_records_read_as_planted(outcomes):
    _, classes = outcomes
    found = {
        (t, d): k
        for t, d, k in classes[["therapist_id", "domain", "track_record"]].itertuples(
            index=False
        )
    }
    assert found[("t00", "depression")] == "effective"
    assert found[("t01", "depression")] == "ineffective"
    assert found[("t02", "depression")] == "neutral"
    assert found[("t03", "depression")] == "too_few"
    assert found[("t00", "anxiety")] == "ineffective"
    assert found[("t02", "anxiety")] == "effective"
    assert found[("t04", "anxiety")] == "too_few"
    assert ("t60", "depression") not in found


@PER_PATH
@given(
    rows=directories(),
    request=requests(),
    concerns=preference(CONCERNS),
    weight=st.sampled_from([None, 0.0, 2.5]),
)
def test_engine_equals_the_reference_scorer_with_outcome_records(
    fit_on, outcomes, rows, request, concerns, weight
):
    records, classes = outcomes
    request = {**request, "concerns": concerns}
    weights = None if weight is None else {"track_record": weight}
    frame = directory(rows)
    engine = fit_on(frame, outcomes=records, today=TODAY, weights=weights)
    expected = ReferenceScorer(weights).fit(frame, classes).rank(request)
    answer = engine.rank(request)
    assert_same_as_reference(answer, expected)
    for match, oracle in zip(answer.matches, expected, strict=True):
        tracked = {f.factor: f.match for f in match.factors}.get("track_record")
        assert tracked == oracle.matches.get("track_record")


@PER_PATH
@given(rows=directories(), request=requests())
def test_scores_are_0_to_100_and_the_sum_of_their_points(ranked, rows, request):
    engine, reference, _ = ranked(rows)
    answer = engine.rank(request)
    profiles = {p["id"]: p for p in reference.profiles_}
    parsed = parse_request(request)
    for match in answer.matches:
        assert 0 <= match.score <= 100
        assert match.score == pytest.approx(
            sum(f.points for f in match.factors), abs=0.1
        )
        # One caveat per factor not met enough, and none for a factor that
        # is, besides the caveats about the listing and the office itself.
        unmet = [f for f in match.factors if f.match < caveat_below(f.factor, parsed)]
        listing = listing_caveats(engine, match.therapist_id, parsed)
        assert len(match.caveats) == len(unmet) + len(listing)
        assert match.caveats[len(unmet) :] == tuple(listing)
        # No result ever violates a hard filter.
        assert reference.eligible(profiles[match.therapist_id], parse_request(request))
    assert answer.eligible + sum(answer.excluded.values()) == answer.considered


def listing_caveats(engine, therapist_id, request):
    """Return the caveats about a listing and its office, not about a factor."""
    row = list(engine.index_.ids).index(therapist_id)
    profile = profile_at(engine.index_, row, EXPLAINED_FIELDS)
    return [
        *location_caveats(profile, request),
        *status_caveats(profile, TODAY, engine.stale_after_days),
    ]


@PER_PATH
@given(rows=directories(), request=requests(), seed=st.randoms())
def test_profile_order_never_changes_the_answer(ranked, fit_on, rows, request, seed):
    engine, _, frame = ranked(rows)
    shuffled = frame.sample(frac=1.0, random_state=seed.randint(0, 10_000))
    again = fit_on(shuffled, today=TODAY)
    assert again.rank(request).to_dict() == engine.rank(request).to_dict()


EXTRA_PREFERENCES = {
    "approaches": {"value": ["cbt"], "importance": "low"},
    "languages": {"value": ["Spanish"], "importance": "low"},
    "faith": {"value": ["jewish"], "importance": "low"},
    "availability": {"value": ["evenings"], "importance": "low"},
    "lgbtq_affirming": {"value": True, "importance": "low"},
}


def meet(row, name, pref):
    """Change a profile row so that it meets one preference."""
    if name == "lgbtq_affirming":
        return {**row, name: "true"}
    have = [v for v in row.get(name, "").split(";") if v]
    return {**row, name: ";".join(dict.fromkeys([*have, pref["value"][0]]))}


@PER_PATH
@given(
    rows=directories(),
    request=requests(),
    name=st.sampled_from(sorted(EXTRA_PREFERENCES)),
)
def test_meeting_one_more_preference_never_lowers_a_score(ranked, rows, request, name):
    # The target is made eligible (licensed in the client's state, taking
    # clients, and no must-have) so that the property is never passed vacuously.
    request = {**request, name: EXTRA_PREFERENCES[name], "limit": len(rows)}
    target = {**rows[0], "accepting_new_clients": "true"}
    request["state"] = target["license_states"].split(";")[0]
    request = {k: v for k, v in request.items() if not must_or_hard(k, v)}
    changed = [meet(target, name, request[name]), *rows[1:]]
    before = {
        m.therapist_id: m.score
        for m in ranked([target, *rows[1:]])[0].rank(request).matches
    }
    after = {m.therapist_id: m.score for m in ranked(changed)[0].rank(request).matches}
    assert target["id"] in before and target["id"] in after
    assert after[target["id"]] >= before[target["id"]] - 1e-6


def must_or_hard(field, value):
    """Tell whether a request field is a hard filter that could drop the target."""
    hard = ("format", "max_distance_km", "age_group", "session_format")
    return field in hard or (
        isinstance(value, dict) and value.get("importance") == "must"
    )


@settings(SETTINGS, max_examples=150)
@given(rows=directories(), batch=st.lists(requests(), min_size=1, max_size=8))
def test_the_batch_path_gives_the_same_answers_as_one_at_a_time(rows, batch):
    engine = Matcher(today=TODAY).fit(directory(rows))
    together = engine.rank_many(batch)
    for request, answer in zip(batch, together, strict=True):
        alone = engine.rank(request)
        assert (answer.eligible, answer.excluded) == (alone.eligible, alone.excluded)
        assert [m.therapist_id for m in answer.matches] == [
            m.therapist_id for m in alone.matches
        ]
        for a, b in zip(answer.matches, alone.matches, strict=True):
            assert a.score == pytest.approx(b.score, abs=0.011)
            assert [f.factor for f in a.factors] == [f.factor for f in b.factors]
            assert a.caveats == b.caveats
        assert answer.suggestions == alone.suggestions


def factor_table(match):
    return [(f.factor, f.weight, f.match, f.points) for f in match.factors]


@settings(SETTINGS, max_examples=150)
@given(
    rows=directories(),
    batch=st.lists(requests(), min_size=MIN_GROUP, max_size=10),
    limits=st.lists(st.integers(1, 4), min_size=10, max_size=10),
    k=st.none() | st.integers(1, 3),
)
def test_a_group_keeps_every_row_that_can_reach_each_top_k(rows, batch, limits, k):
    # One state and small limits: the group path picks top-k candidates from
    # its own totals, and must still give rank()'s exact matches and points.
    batch = [
        {**r, "state": "MA", "limit": n} for r, n in zip(batch, limits, strict=False)
    ]
    engine = Matcher(today=TODAY).fit(directory(rows))
    together = engine.rank_many(batch, k, explain=False)
    for request, answer in zip(batch, together, strict=True):
        alone = engine.rank(request, k)
        assert (answer.eligible, answer.excluded) == (alone.eligible, alone.excluded)
        assert [(m.therapist_id, m.score, factor_table(m)) for m in answer.matches] == [
            (m.therapist_id, m.score, factor_table(m)) for m in alone.matches
        ]


@settings(SETTINGS, max_examples=150)
@given(
    rows=directories(),
    batch=st.lists(requests(), min_size=1, max_size=8),
    limits=st.lists(st.integers(1, 4), min_size=8, max_size=8),
    k=st.none() | st.integers(1, 3),
)
def test_a_state_part_gives_rank_answers(rows, batch, limits, k):
    # Every state scored over its own part (as a large state is), with small
    # limits so that the part picks top-k candidates from its own totals.
    batch = [{**r, "limit": n} for r, n in zip(batch, limits, strict=False)]
    engine = Matcher(today=TODAY, batch_path="parts").fit(directory(rows))
    quiet = engine.rank_many(batch, k, explain=False)
    explained = engine.rank_many(batch, k)
    staffed = {r["state"] for r in batch} & set(engine.index_.by_state)
    assert set(engine.parts_._parts) == staffed
    for request, answer, worded in zip(batch, quiet, explained, strict=True):
        alone = engine.rank(request, k)
        assert worded.to_dict() == alone.to_dict()
        assert list(answer.excluded.items()) == list(alone.excluded.items())
        assert answer.eligible == alone.eligible
        assert [(m.therapist_id, m.score, factor_table(m)) for m in answer.matches] == [
            (m.therapist_id, m.score, factor_table(m)) for m in alone.matches
        ]


@SETTINGS
@given(
    scores=st.lists(
        st.sampled_from([0.0, 12.5, 50.0, 50.0000001, 87.5, 100.0]), max_size=60
    ),
    k=st.integers(1, 12),
    seed=st.integers(0, 2**64 - 1),
)
def test_top_k_is_the_first_k_by_score_then_tie_order(scores, k, seed):
    # Many equal scores at the cut-off: the tied are taken in tie order.
    values = np.array(scores, dtype=np.float64)
    ties = tie_order(np.arange(len(values), dtype=np.uint64) * 7919, seed)
    expected = sorted(range(len(values)), key=lambda i: (-round(scores[i], 6), ties[i]))
    assert top_k(values, ties, k).tolist() == expected[:k]
