"""Approaches graded by the profile (issue 20): known answers, words, properties."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.directory.vocab import vocabulary
from matcher.engine import focus_approaches, focus_words, words
from matcher.engine.focus_approaches import ApproachFocus, row_count
from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory, ids_without_ties, therapist

TODAY = dt.date(2026, 11, 1)
ALL_APPROACHES = list(vocabulary("approaches").entries)
OTHERS = [a for a in ALL_APPROACHES if a != "emdr"]
EMDR_BIO = (
    "I help adults after frightening events. Most of my work is EMDR: eye "
    "movement desensitization and reprocessing of the memories that stay raw."
)
PLAIN_BIO = "I help adults after frightening events, at a pace that feels safe."
EMDR = {"state": "MA", "approaches": {"value": ["emdr"], "importance": "high"}}


def ranked(rows, request=EMDR):
    return Matcher(today=TODAY).fit(directory(rows)).rank(request, k=50).matches


def order(rows, request=EMDR):
    """Return the ids best first, checking that no two scores tie."""
    return ids_without_ties(ranked(rows, request))


def listing(count: int) -> list[str]:
    """EMDR and count - 1 other approaches."""
    return ["emdr", *OTHERS[: count - 1]]


def approach_factor(match):
    return next(f for f in match.factors if f.factor == "approaches")


def test_a_bio_that_speaks_of_emdr_outranks_an_identical_lister_whose_bio_does_not():
    rows = [
        therapist("lister", approaches=listing(3), bio=PLAIN_BIO),
        therapist("speaker", approaches=listing(3), bio=EMDR_BIO),
    ]
    assert order(rows) == ["speaker", "lister"]


def test_emdr_among_few_approaches_outranks_emdr_among_fourteen():
    rows = [
        therapist("broad", approaches=listing(14), bio=PLAIN_BIO),
        therapist("few", approaches=listing(3), bio=PLAIN_BIO),
    ]
    assert order(rows) == ["few", "broad"]


def test_listing_stays_the_main_part_of_the_match():
    rows = [
        therapist("lister", approaches=listing(14), bio=PLAIN_BIO),
        therapist("speaks-only", approaches=["cbt"], bio=EMDR_BIO),
    ]
    by_id = {m.therapist_id: approach_factor(m).match for m in ranked(rows)}
    assert by_id["speaks-only"] == 0.0  # the bio counts only beside a listing
    assert by_id["lister"] >= focus_approaches.LISTED
    assert by_id["lister"] < 1.0


def test_words_say_whether_the_bio_speaks_of_it_or_the_list_is_long():
    rows = [
        therapist("speaker", approaches=listing(3), bio=EMDR_BIO),
        therapist("broad", approaches=listing(14), bio=PLAIN_BIO),
    ]
    by_id = {m.therapist_id: m for m in ranked(rows)}
    speaker, broad = by_id["speaker"], by_id["broad"]
    assert approach_factor(speaker).detail == (
        "Uses EMDR, and their description speaks of it"
    )
    assert "Uses EMDR, the approach you asked for" in speaker.reasons[0]
    assert approach_factor(broad).detail == "Lists EMDR among 14 approaches"
    assert (
        "Lists 14 approaches; their description says little about EMDR" in broad.caveats
    )


def test_a_caveat_names_the_list_length_only_once_it_costs_a_third():
    rows = [
        therapist("six", approaches=listing(6), bio=PLAIN_BIO),
        therapist("eight", approaches=listing(8), bio=PLAIN_BIO),
    ]
    by_id = {m.therapist_id: m for m in ranked(rows)}
    assert "Their description says little about EMDR" in by_id["six"].caveats
    assert not any("approaches;" in c for c in by_id["six"].caveats)
    assert (
        "Lists 8 approaches; their description says little about EMDR"
        in by_id["eight"].caveats
    )


def test_every_approach_label_reads_well_after_uses():
    # A checkbox label that is an adjective ("Mindfulness-Based") takes a noun.
    noun = re.compile(
        r"(\([A-Z-]+\)|EMDR|[Tt]herapy|Treatment|Method|care|counseling|Training|"
        r"Interviewing|Activation|Psychology|Hypnotherapy|Brainspotting)$"
    )
    for key in ALL_APPROACHES:
        sentence = words.labels("approaches", [key])
        assert noun.search(sentence), sentence
        profile = {"approaches": [key], "approach_focus": {key: 1.0}}
        detail, reason, caveat = focus_words.approach_words(profile, (key,), (key,))
        assert detail == f"Uses {sentence}, and their description speaks of it"
        assert caveat is None


@pytest.mark.parametrize(
    ("listed", "expected"),
    [(1, 1.0), (4, 1.0), (5, 0.889), (14, 0.444), (30, 0.235)],
)
def test_breadth_of_approaches_is_smooth_and_never_rises(listed, expected):
    assert float(focus_approaches.approach_breadth(listed)) == pytest.approx(
        expected, abs=0.001
    )


SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ASKED = ["emdr", "cbt", "act", "psychodynamic", "mindfulness_based", "ifs"]
BIOS = [EMDR_BIO, PLAIN_BIO, "I use CBT with homework and ACT for values."]


@st.composite
def profile_rows(draw):
    rows = []
    for i in range(draw(st.integers(2, 5))):
        used = draw(st.lists(st.sampled_from(ALL_APPROACHES), max_size=16, unique=True))
        bio = draw(st.sampled_from(BIOS))
        rows.append(therapist(f"t{i}", approaches=used, bio=bio))
    return rows


approach_requests = st.lists(
    st.sampled_from(ASKED), min_size=1, max_size=3, unique=True
).map(lambda a: {"state": "MA", "approaches": {"value": a, "importance": "high"}})


def approach_points(rows, request, who="t0"):
    found = {m.therapist_id: approach_factor(m).points for m in ranked(rows, request)}
    return found.get(who, 0.0)


def with_approaches(rows, approaches):
    return [{**rows[0], "approaches": ";".join(approaches)}, *rows[1:]]


@SETTINGS
@given(rows=profile_rows(), request=approach_requests, data=st.data())
def test_an_unrelated_approach_never_raises_the_score(rows, request, data):
    have = [v for v in rows[0]["approaches"].split(";") if v]
    spare = [
        a for a in ALL_APPROACHES if a not in have + request["approaches"]["value"]
    ]
    added = data.draw(st.sampled_from(spare))
    changed = with_approaches(rows, [*have, added])
    assert approach_points(changed, request) <= approach_points(rows, request) + 1e-9


@SETTINGS
@given(rows=profile_rows(), request=approach_requests)
def test_adding_the_clients_approach_never_lowers_the_score(rows, request):
    # Among therapists who use none of the approaches asked: a second asked
    # approach beside one already used lengthens the list like any other.
    asked = request["approaches"]["value"]
    have = [v for v in rows[0]["approaches"].split(";") if v and v not in asked]
    rows = with_approaches(rows, have)
    changed = with_approaches(rows, [*have, asked[0]])
    assert approach_points(changed, request) >= approach_points(rows, request) - 1e-9
    assert approach_points(changed, request) > 0


@SETTINGS
@given(rows=profile_rows(), batch=st.lists(approach_requests, min_size=1, max_size=4))
def test_scores_are_sums_of_points_and_single_equals_batch(rows, batch):
    matcher = Matcher(today=TODAY).fit(directory(rows))
    together = matcher.rank_many(batch)
    for request, answer in zip(batch, together, strict=True):
        alone = matcher.rank(request)
        assert answer.to_dict() == alone.to_dict()
        for match in alone.matches:
            assert 0 <= match.score <= 100
            assert match.score == pytest.approx(
                sum(f.points for f in match.factors), abs=0.05
            )


@pytest.mark.parametrize(
    ("used", "bio", "expected"),
    [
        (["emdr", "cbt"], EMDR_BIO, 3),
        (["emdr", "cbt"], PLAIN_BIO, 2),
        (listing(5), PLAIN_BIO, 1),
        (["cbt"], EMDR_BIO, 2),
        (["cbt"], PLAIN_BIO, 0),
    ],
)
def test_the_evaluation_grades_an_approach_by_the_rubric(used, bio, expected):
    from bench.focus import grade as rubric

    profile = {"approaches": used, "bio": bio}
    assert rubric.approach_grade(profile, "emdr") == expected


def test_the_approach_grades_file_is_what_the_rubric_gives():
    import csv
    from pathlib import Path

    from bench.focus import grade as rubric

    path = Path(rubric.__file__).with_name("approach_grades.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["vignette"], r["therapist_id"], int(r["grade"]))
            for r in csv.DictReader(handle)
        ]
    assert rows == rubric.all_grades("approach_vignettes.jsonl", with_approaches=True)


def test_row_count_reads_rows_without_copying_them():
    table = np.arange(12.0).reshape(6, 2)
    assert row_count(table, np.array([4, 0, 4])) == 3
    assert row_count(table, slice(None)) == 6
    assert row_count(table, slice(2, None)) == 4
    assert row_count(table, slice(1, 5, 2)) == 2


def test_approaches_match_is_the_same_over_a_slice_and_its_rows():
    focus = ApproachFocus(
        {"cbt": 0, "dbt": 1, "act": 2},
        np.array([[0.2, 0.9, 0.1], [0.6, 0.3, 0.0], [0.0, 0.0, 0.8]]),
        np.zeros((3, 3)),
    )
    asked = ["act", "cbt"]
    by_rows = focus.approaches_match(asked, np.array([2, 0, 1]))
    assert by_rows.tolist() == [0.8, 0.2, 0.6]
    assert focus.approaches_match(asked, slice(None)).tolist() == [0.2, 0.6, 0.8]
    assert focus.approaches_match(["unknown"], np.array([1, 2])).tolist() == [0, 0]


USES_CBT = "Uses Cognitive Behavioral Therapy (CBT), and their description"
BRIEF_CBT = (
    "Their description speaks of Cognitive Behavioral Therapy (CBT) only briefly"
)


@pytest.mark.parametrize(
    ("bio_part", "detail", "caveat"),
    [
        (1.0, f"{USES_CBT} speaks of it", None),
        (0.8, f"{USES_CBT} mentions it briefly", BRIEF_CBT),
        (0.6, f"{USES_CBT} mentions it briefly", BRIEF_CBT),
        (0.3, "Uses Cognitive Behavioral Therapy (CBT)",
         "Their description says little about Cognitive Behavioral Therapy (CBT)"),
    ],
)  # fmt: skip
def test_an_approach_spoken_of_briefly_says_so_in_its_detail(bio_part, detail, caveat):
    profile = {"approaches": ["cbt", "dbt"], "approach_focus": {"cbt": bio_part}}
    got, reason, got_caveat = focus_words.approach_words(profile, ("cbt",), ("cbt",))
    assert (got, got_caveat) == (detail, caveat)
    uses = "Uses Cognitive Behavioral Therapy (CBT)"
    assert reason == f"{uses}, the approach you asked for{detail[len(uses) :]}"


@pytest.mark.parametrize(
    ("parts", "detail"),
    [
        ({"cbt": 0.8, "emdr": 0.7},
         "Uses CBT and EMDR, and their description mentions them briefly"),
        ({"cbt": 0.8},
         "Uses CBT and EMDR, and their description mentions CBT briefly"),
        ({"cbt": 1.0, "emdr": 0.7},
         "Uses CBT and EMDR; their description speaks of CBT and mentions EMDR "
         "briefly"),
        ({"cbt": 1.0, "emdr": 1.0},
         "Uses CBT and EMDR, and their description speaks of them"),
    ],
)  # fmt: skip
def test_approaches_spoken_of_fully_and_briefly_are_worded_apart(parts, detail):
    profile = {"approaches": ["cbt", "emdr"], "approach_focus": parts}
    wanted = ("cbt", "emdr")
    assert focus_words.approach_words(profile, wanted, wanted)[0] == detail


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(ALL_APPROACHES), min_size=1, max_size=4, unique=True),
    st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4),
)
def test_no_detail_speaks_of_what_its_caveat_calls_brief(have, parts):
    # A brief caveat means the best part is brief, so every part is: the
    # detail may then never say the description speaks of any of them.
    profile = {
        "approaches": have,
        "approach_focus": dict(zip(have, parts[: len(have)], strict=True)),
    }
    detail, _, caveat = focus_words.approach_words(profile, tuple(have), tuple(have))
    if caveat and "only briefly" in caveat:
        assert "speaks of" not in detail
        assert detail.endswith("briefly")
