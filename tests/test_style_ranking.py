"""The style factor on profiles that state no style: estimates in the ranking."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.reference import ReferenceScorer
from matcher import store
from matcher.directory.importer import import_file
from matcher.engine.matcher import Matcher
from matcher.engine.scoring import UNKNOWN, style_match
from matcher.style_estimate import estimate_style
from matcher.style_estimate.sources import approach_priors
from tests.engine_helpers import directory, therapist

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 1)
DIRECTIVE = {"state": "MA", "style": {"directiveness": 3}, "limit": 20}
COLLABORATIVE = {"state": "MA", "style": {"directiveness": -3}, "limit": 20}
STRUCTURED_CBT = therapist(
    "planted-structured",
    approaches=["cbt"],
    bio="Sessions are structured, with homework, skills and practical tools.",
)
OWN_PACE = therapist(
    "planted-own-pace",
    approaches=["psychodynamic"],
    bio="We explore together at your own pace; you are the expert on your life.",
)
# Directive profiles whose evidence differs in strength: approaches of stronger
# or milder lean, bios with more or fewer cues.
HOMEWORK = "You get homework."
HOMEWORK_SKILLS = "You get homework and build skills."
STRUCTURED = "Structured sessions with homework."
STRUCTURED_TOOLS = "Structured sessions, homework and practical tools."
SKILLS = "We build skills."
GRADED_DIRECTIVE = [
    (["exposure_response_prevention"], STRUCTURED),
    (["solution_focused"], STRUCTURED_TOOLS),
    (["mindfulness_based"], STRUCTURED_TOOLS),
    (["cbt"], STRUCTURED),
    (["exposure_response_prevention", "solution_focused"], STRUCTURED),
    (["cbt", "exposure_response_prevention"], HOMEWORK_SKILLS),
    (["cbt", "solution_focused"], STRUCTURED),
    (["cbt", "mindfulness_based"], STRUCTURED),
    (["cbt"], HOMEWORK_SKILLS),
    (["exposure_response_prevention", "solution_focused"], HOMEWORK_SKILLS),
    (["solution_focused"], STRUCTURED),
    (["cbt", "exposure_response_prevention"], HOMEWORK),
    (["solution_focused", "mindfulness_based"], STRUCTURED),
    (["mindfulness_based"], STRUCTURED),
    (["cbt", "mindfulness_based"], HOMEWORK_SKILLS),
    (["cbt"], HOMEWORK),
    (["exposure_response_prevention", "solution_focused"], HOMEWORK),
    (["exposure_response_prevention", "mindfulness_based"], HOMEWORK),
    (["solution_focused"], HOMEWORK_SKILLS),
    (["cbt", "exposure_response_prevention"], SKILLS),
    (["solution_focused", "mindfulness_based"], HOMEWORK_SKILLS),
    (["mindfulness_based"], HOMEWORK_SKILLS),
    (["cbt"], SKILLS),
    (["cbt"], ""),
]
CLIENT_LED_APPROACHES = ["person_centered", "psychoanalytic", "humanistic"]
CLIENT_LED_WORDS = ["at your own pace", "you lead", "we explore together", "I listen"]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def client_led() -> list[dict]:
    """Return profiles whose approaches and words all lean client-led, in many mixes."""
    rows = []
    for size in (1, 2):
        for keys in itertools.combinations(CLIENT_LED_APPROACHES, size):
            for count in range(len(CLIENT_LED_WORDS) + 1):
                bio = "In our sessions: " + ", ".join(CLIENT_LED_WORDS[:count]) + "."
                row_id = f"client-led-{len(rows):02d}"
                rows.append(therapist(row_id, approaches=keys, bio=bio))
    return rows


def unstated_directory() -> list[dict]:
    """A directory in which no profile states a style, as on a real directory."""
    return [
        STRUCTURED_CBT,
        OWN_PACE,
        *(
            therapist(f"directive-{i:02d}", approaches=keys, bio=bio)
            for i, (keys, bio) in enumerate(GRADED_DIRECTIVE)
        ),
        *client_led(),
        therapist("nothing-said", approaches=None, bio="I am a licensed counselor."),
    ]


@pytest.fixture(scope="module")
def unstated() -> Matcher:
    return Matcher(today=TODAY).fit(directory(unstated_directory()))


def ids(answer) -> list[str]:
    return [m.therapist_id for m in answer.matches]


def match_of(answer, therapist_id: str):
    return next(m for m in answer.matches if m.therapist_id == therapist_id)


# ---------------------------------------------------------------- known answers
def test_a_directive_client_gets_a_top_20_with_distinct_scores(unstated):
    answer = unstated.rank(DIRECTIVE)
    scores = [m.score for m in answer.matches]
    assert len(scores) == 20 and len(set(scores)) == 20
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("request_", "above", "below"),
    [
        (DIRECTIVE, "planted-structured", "planted-own-pace"),
        (COLLABORATIVE, "planted-own-pace", "planted-structured"),
    ],
)
def test_the_planted_therapists_rank_by_the_style_asked(
    unstated, request_, above, below
):
    order = ids(unstated.rank({**request_, "limit": 100}))
    assert order.index(above) < order.index(below)


@pytest.mark.parametrize(
    ("request_", "other_side"),
    [(DIRECTIVE, "client-led-"), (COLLABORATIVE, "directive-")],
)
def test_therapists_all_on_the_other_side_miss_the_top_20(
    unstated, request_, other_side
):
    top = ids(unstated.rank(request_))
    assert len(top) == 20
    assert not [i for i in top if i.startswith(other_side)]


def test_the_two_requests_rank_differently(unstated):
    assert ids(unstated.rank(DIRECTIVE)) != ids(unstated.rank(COLLABORATIVE))


def test_a_profile_with_nothing_to_go_on_stays_neutral(unstated):
    match = match_of(unstated.rank({**DIRECTIVE, "limit": 100}), "nothing-said")
    assert match.factors[0].match == UNKNOWN
    assert "Doesn't describe their style" in match.caveats[0]


def test_a_stated_value_wins_over_what_the_words_suggest():
    rows = [therapist("says-2", approaches=["person_centered"], bio="At your own pace.",
                      style_directiveness=2)]  # fmt: skip
    match = Matcher(today=TODAY).fit(directory(rows)).rank(DIRECTIVE).matches[0]
    assert match.factors[0].match == pytest.approx(1 - 1 / 6, abs=1e-4)
    assert "estimated" not in match.factors[0].detail
    assert not any("estimated" in c for c in match.caveats)


# ---------------------------------------------------------------- words
def test_an_estimated_style_reads_as_estimated_with_its_sources(unstated):
    match = match_of(unstated.rank(DIRECTIVE), "planted-structured")
    detail = match.factors[0].detail
    assert detail.endswith(
        "Seems to work in a structured, therapist-directed way "
        "(estimated from CBT and their description)"
    )
    assert match.reasons[0] == (
        "Seems to work in a style close to what you described "
        "(estimated from CBT and their description)"
    )
    assert match.caveats[0] == (
        "Their style is estimated, not stated: "
        "ask how structured sessions are and who leads"
    )
    assert match.consultation_questions[0] == (
        "Would you say you work in a structured, therapist-directed way, "
        "as your approaches and description suggest?"
    )


def test_an_estimate_on_the_other_side_says_so(unstated):
    match = match_of(
        unstated.rank({**COLLABORATIVE, "limit": 100}), "planted-structured"
    )
    assert match.caveats[0].startswith(
        "Seems more directive and structured than you said you prefer; "
        "their style is estimated, not stated"
    )
    assert "Seems to work in a structured" in match.factors[0].detail
    assert not match.reasons


@pytest.mark.parametrize(
    ("wanted", "caveat"),
    [
        (0, "Seems more client-led and collaborative than you said you prefer"),
        (3, "Seems more client-led and collaborative than you said you prefer"),
    ],
)
def test_a_far_estimate_is_named_by_the_side_it_lies_toward(unstated, wanted, caveat):
    request = {"state": "MA", "style": {"directiveness": wanted}, "limit": 100}
    match = match_of(unstated.rank(request), "planted-own-pace")
    assert match.caveats[0].startswith(caveat + "; their style is estimated")


def test_an_estimate_short_of_the_clients_side_reads_less():
    rows = [therapist("mild", approaches=["mindfulness_based"], bio="We build skills.")]
    match = Matcher(today=TODAY).fit(directory(rows)).rank(DIRECTIVE).matches[0]
    assert "Seems a little inclined to work in a structured" in match.factors[0].detail
    assert match.caveats[0].startswith(
        "Seems less directive and structured than you said you prefer"
    )


def test_a_style_read_from_approaches_alone_names_them():
    rows = [therapist("pc", approaches=["person_centered", "humanistic"], bio="")]
    match = Matcher(today=TODAY).fit(directory(rows)).rank(COLLABORATIVE).matches[0]
    assert match.factors[0].detail.endswith(
        "Seems a little inclined to let you lead at your own pace "
        "(estimated from person-centered therapy and humanistic therapy)"
    )
    assert match.consultation_questions[0].endswith("as your approaches suggest?")


@pytest.mark.parametrize(
    ("approaches", "bio", "words"),
    [
        (["cbt"], "", "Seems a little inclined to work in a structured, "
         "therapist-directed way (estimated from CBT)"),
        (["cbt", "person_centered"], "", "Seems to balance structure with "
         "following your lead (estimated from CBT and person-centered therapy)"),
    ],
)  # fmt: skip
def test_a_weak_or_balanced_estimate_reads_as_such(approaches, bio, words):
    rows = [therapist("weak", approaches=approaches, bio=bio)]
    match = Matcher(today=TODAY).fit(directory(rows)).rank(DIRECTIVE).matches[0]
    assert match.factors[0].detail.endswith(words)


# ---------------------------------------------------------------- properties
finite = st.floats(-3, 3, allow_nan=False)
confidences = st.floats(0, 0.95, allow_nan=False)
wanted = st.integers(-3, 3)


@given(estimate=finite, confidence=confidences, point=wanted)
def test_an_exact_stated_match_is_never_outscored_by_an_estimate(
    estimate, confidence, point
):
    exact = style_match(np.float64(point), np.float64(0), np.float64(0), point)
    guessed = style_match(np.float64(np.nan), estimate, confidence, point)
    assert exact == 1.0 and guessed < exact


@given(estimate=finite, low=confidences, high=confidences, point=wanted)
def test_more_confidence_in_a_matching_estimate_never_lowers_the_match(
    estimate, low, high, point
):
    if abs(estimate - point) > 3:  # an estimate on the far half does not match
        return
    low, high = sorted((low, high))
    before = style_match(np.float64(np.nan), estimate, low, point)
    after = style_match(np.float64(np.nan), estimate, high, point)
    assert after >= before


@given(distance=st.floats(0, 6), confidence=confidences)
def test_an_estimate_moves_a_match_no_further_than_a_stated_value_would(
    distance, confidence
):
    stated = style_match(np.float64(distance - 3), np.float64(0), np.float64(0), -3)
    guessed = style_match(np.float64(np.nan), distance - 3, confidence, -3)
    assert abs(guessed - UNKNOWN) <= abs(stated - UNKNOWN) + 1e-12


SENTENCES = [
    "Sessions are structured, with homework.",
    "We go at your own pace and explore together.",
    "We look at patterns from your childhood.",
    "I give direct feedback and challenge you.",
    "A warm, gentle space.",
    "I focus on the here and now.",
]
APPROACHES = ["cbt", "dbt", "psychodynamic", "person_centered", "solution_focused"]


@st.composite
def unstated_profiles(draw, therapist_id: str):
    return therapist(
        therapist_id,
        approaches=draw(st.lists(st.sampled_from(APPROACHES), max_size=3, unique=True)),
        bio=" ".join(
            draw(st.lists(st.sampled_from(SENTENCES), max_size=3, unique=True))
        ),
    )


@st.composite
def style_requests(draw):
    dims = ("directiveness", "orientation", "challenge")
    style = draw(st.fixed_dictionaries({d: st.integers(-3, 3) for d in dims}))
    return {"state": "MA", "style": style, "limit": 100}


@settings(SETTINGS)
@given(base=unstated_profiles("copy"), request=style_requests())
def test_an_estimate_never_beats_the_same_profile_stating_the_asked_style(
    base, request
):
    exact = {**base, "id": "stated"} | {
        f"style_{d}": str(v) for d, v in request["style"].items()
    }
    answer = Matcher(today=TODAY).fit(directory([base, exact])).rank(request)
    assert ids(answer)[0] == "stated"
    assert answer.matches[0].score >= answer.matches[1].score


@settings(SETTINGS)
@given(
    rows=st.lists(st.integers(0, 40), min_size=1, max_size=10, unique=True).flatmap(
        lambda numbers: st.tuples(*(unstated_profiles(f"t{n:02d}") for n in numbers))
    ),
    batch=st.lists(style_requests(), min_size=1, max_size=6),
)
def test_single_batch_and_reference_agree_on_estimated_profiles(rows, batch):
    frame = directory(list(rows))
    engine, reference = Matcher(today=TODAY).fit(frame), ReferenceScorer().fit(frame)
    for request, together in zip(batch, engine.rank_many(batch), strict=True):
        alone = engine.rank(request)
        oracle = reference.rank(request)
        assert ids(together) == ids(alone) == [s.therapist_id for s in oracle]
        for a, b, c in zip(together.matches, alone.matches, oracle, strict=True):
            assert a.score == pytest.approx(b.score, abs=0.011)
            assert b.score == pytest.approx(c.score, abs=0.011)
            assert b.score == pytest.approx(sum(f.points for f in b.factors), abs=0.02)
            assert (a.factors, a.caveats) == (b.factors, b.caveats)


def test_estimates_are_worked_out_once_per_fit(unstated):
    index = unstated.index_
    row = list(index.ids).index("planted-structured")
    found = estimate_style({"approaches": ["cbt"], "bio": STRUCTURED_CBT["bio"]})[
        "directiveness"
    ]
    # Kept unrounded for ranking; the shown estimate is the same number rounded.
    assert round(index.style_estimate[row, 0], 1) == found.value
    assert round(index.style_confidence[row, 0], 2) == found.confidence
    assert np.isnan(index.style[row, 0])  # never stored as the stated value


def test_a_stated_and_an_estimated_scale_read_each_as_what_it_is():
    rows = [
        therapist(
            "mixed", approaches=["solution_focused"], style_directiveness=3,
            bio="We stay in the here and now and work toward your preferred future.",
        )
    ]  # fmt: skip
    request = {"state": "MA", "style": {"directiveness": 3, "orientation": -3}}
    match = Matcher(today=TODAY).fit(directory(rows)).rank(request).matches[0]
    assert match.reasons[0].startswith(
        "Works in a style close to what you described (directive and structured); "
        "seems to focus on the present and the future (estimated from "
    )
    assert match.caveats[0] == (
        "Their style is partly estimated, not stated: "
        "ask how much time goes to the past"
    )


def leans_all(approaches, side: int) -> bool:
    """Tell whether every approach with a directiveness lean leans to this side."""
    priors = approach_priors()
    pulls = [
        priors.points[priors.index[k], 0]
        for k in approaches or ()
        if k in priors.index and priors.points[priors.index[k], 0] != 0
    ]
    return bool(pulls) and all(np.sign(p) == side for p in pulls)


@pytest.fixture(scope="module")
def demo_without_styles() -> tuple[Matcher, dict[str, list[str]]]:
    """The demo directory with every stated style removed, as on a real directory."""
    db = store.connect(memory=True)
    assert import_file(db, ROOT / "data" / "demo" / "therapists.csv").ok
    frame = store.load_directory(db)
    for dim in ("directiveness", "intensity", "orientation", "challenge"):
        frame[f"style_{dim}"] = None
    approaches = dict(zip(frame["id"], frame["approaches"], strict=True))
    return Matcher(today=TODAY).fit(frame), approaches


@pytest.mark.parametrize("state", ["MA", "CA", "TX"])
def test_on_the_demo_without_stated_styles_the_two_requests_part_ways(
    demo_without_styles, state
):
    engine, approaches = demo_without_styles
    directive = engine.rank({**DIRECTIVE, "state": state})
    collaborative = engine.rank({**COLLABORATIVE, "state": state})
    assert not set(ids(directive)) & set(ids(collaborative))
    for answer, other_side in ((directive, -1), (collaborative, 1)):
        assert not [i for i in ids(answer) if leans_all(approaches[i], other_side)]
        scores = [m.score for m in answer.matches]
        assert len(set(scores)) > len(scores) / 2  # not the old 20-way tie
