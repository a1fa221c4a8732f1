"""Focus over box-ticking (issue 20): known answers, words and properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.directory.vocab import vocabulary
from matcher.engine import focus, focus_words
from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory, ids_without_ties, therapist

TODAY = dt.date(2026, 11, 1)
ALL_CONCERNS = list(vocabulary("specialties").entries)
OTHERS = [c for c in ALL_CONCERNS if c != "trauma"]
TRAUMA_BIO = (
    "My practice is devoted to trauma. I treat PTSD after accidents, assault "
    "and combat, and we work on flashbacks and nightmares until they loosen."
)
PLAIN_BIO = "I offer a warm, welcoming space where you can be yourself."
FILLER = [
    "Sessions are warm and practical.",
    "I have practised for many years in the city.",
    "Together we find a way forward that suits you.",
]
TRAUMA = {"state": "MA", "concerns": ["trauma"]}


def ranked(rows, request=TRAUMA):
    answer = Matcher(today=TODAY).fit(directory(rows)).rank(request, k=50)
    return answer.matches


def order(rows, request=TRAUMA):
    """Return the ids best first, checking that no two scores tie."""
    return ids_without_ties(ranked(rows, request))


def broad(count: int) -> list[str]:
    """Trauma and count - 1 other concerns."""
    return ["trauma", *OTHERS[: count - 1]]


def test_a_focused_specialist_who_speaks_of_it_outranks_a_30_box_generalist():
    rows = [
        therapist("generalist", specialties=broad(30), bio=PLAIN_BIO),
        therapist("specialist", specialties=broad(3), bio=TRAUMA_BIO),
    ]
    assert order(rows) == ["specialist", "generalist"]


def test_a_focused_profile_outranks_an_otherwise_identical_box_ticker():
    rows = [
        therapist("box-ticker", specialties=broad(25), bio=TRAUMA_BIO),
        therapist("focused", specialties=broad(4), bio=TRAUMA_BIO),
    ]
    assert order(rows) == ["focused", "box-ticker"]


def test_a_bio_that_speaks_of_the_concern_outranks_one_that_does_not():
    rows = [
        therapist("silent", specialties=broad(10), bio=PLAIN_BIO),
        therapist("speaks", specialties=broad(10), bio=TRAUMA_BIO),
    ]
    assert order(rows) == ["speaks", "silent"]


def test_a_top_specialty_outranks_a_plain_listing():
    rows = [
        therapist("plain", specialties=broad(20), bio=PLAIN_BIO),
        therapist(
            "top", specialties=broad(20), top_specialties=["trauma"], bio=PLAIN_BIO
        ),
    ]
    assert order(rows) == ["top", "plain"]


def test_words_say_how_focused_the_profile_is():
    rows = [
        therapist("focused", specialties=broad(3), bio=TRAUMA_BIO),
        therapist("broad", specialties=broad(31), bio=PLAIN_BIO),
    ]
    by_id = {m.therapist_id: m for m in ranked(rows)}
    focused, wide = by_id["focused"].factors[0], by_id["broad"].factors[0]
    assert focused.detail == (
        "Trauma and PTSD is one of their 3 main specialties, "
        "and their description speaks of it"
    )
    assert wide.detail == "Lists trauma and PTSD among 31 specialties"
    assert "Lists 31 specialties, so trauma and PTSD may not be a main focus" in (
        by_id["broad"].caveats
    )
    assert focused.match == pytest.approx(1.0)
    assert not any("trauma" in c for c in by_id["focused"].caveats)
    for match in by_id.values():
        assert match.score == pytest.approx(sum(f.points for f in match.factors))


def test_top_specialties_are_named_as_the_main_ones():
    rows = [
        therapist(
            "t",
            specialties=broad(20),
            top_specialties=["trauma", "grief"],
            bio=PLAIN_BIO,
        )
    ]
    [match] = ranked(rows)
    assert match.factors[0].detail == (
        "Trauma and PTSD is one of their 2 main specialties"
    )
    assert "Their description says little about trauma and PTSD" in match.caveats


def test_breadth_dampening_is_smooth_and_never_rises():
    counts = np.arange(1, 41)
    values = focus.breadth(counts)
    assert values[2] == 1.0 and values[29] < 0.4  # among 3 full, among 30 a third
    assert np.all(np.diff(values) <= 0)
    assert np.max(-np.diff(values)) < 0.1  # no cliff anywhere


# Properties on small random directories.
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONCERNS = ["anxiety", "depression", "trauma", "ocd", "insomnia", "grief"]
BIOS = [TRAUMA_BIO, PLAIN_BIO, *FILLER, "I help with panic, sleep and grief."]


@st.composite
def profile_rows(draw):
    count = draw(st.integers(2, 6))
    rows = []
    for i in range(count):
        listed = draw(st.lists(st.sampled_from(ALL_CONCERNS), max_size=30, unique=True))
        top = draw(st.lists(st.sampled_from(listed), max_size=5, unique=True)) if (
            listed and draw(st.booleans())
        ) else []  # fmt: skip
        rows.append(
            therapist(
                f"t{i}", specialties=listed, top_specialties=top,
                bio=draw(st.sampled_from(BIOS)),
            )
        )  # fmt: skip
    return rows


def concern_points(rows, request, who="t0"):
    return {m.therapist_id: m.factors[0].points for m in ranked(rows, request)}.get(
        who, 0.0
    )


concern_requests = st.lists(
    st.sampled_from(CONCERNS), min_size=1, max_size=3, unique=True
).map(lambda c: {"state": "MA", "concerns": c})


@SETTINGS
@given(rows=profile_rows(), request=concern_requests, data=st.data())
def test_adding_an_unrelated_specialty_never_raises_the_concern_score(
    rows, request, data
):
    have = [v for v in rows[0]["specialties"].split(";") if v]
    spare = [c for c in ALL_CONCERNS if c not in have + request["concerns"]]
    added = data.draw(st.sampled_from(spare))
    changed = [{**rows[0], "specialties": ";".join([*have, added])}, *rows[1:]]
    assert concern_points(changed, request) <= concern_points(rows, request) + 1e-9


@SETTINGS
@given(rows=profile_rows(), request=concern_requests)
def test_adding_the_clients_concern_never_lowers_the_score(rows, request):
    have = [v for v in rows[0]["specialties"].split(";") if v]
    wanted = request["concerns"][0]
    changed = [
        {**rows[0], "specialties": ";".join(dict.fromkeys([*have, wanted]))},
        *rows[1:],
    ]
    assert concern_points(changed, request) >= concern_points(rows, request) - 1e-9


@SETTINGS
@given(rows=profile_rows(), batch=st.lists(concern_requests, min_size=1, max_size=5))
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


BRIEFLY = "Depression is one of their 3 main specialties, and their description"


@pytest.mark.parametrize(
    ("bio_part", "detail", "caveat"),
    [
        (1.0, f"{BRIEFLY} speaks of it", None),
        (0.7, f"{BRIEFLY} mentions it briefly",
         "Their description speaks of depression only briefly"),
        (0.6, f"{BRIEFLY} mentions it briefly",
         "Their description speaks of depression only briefly"),
        (0.3, "Depression is one of their 3 main specialties",
         "Their description says little about depression"),
    ],
)  # fmt: skip
def test_a_main_specialty_spoken_of_briefly_says_so_in_its_detail(
    bio_part, detail, caveat
):
    profile = {
        "specialties": ["anxiety", "depression", "grief"],
        "bio_focus": {"depression": bio_part},
    }
    assert focus_words.concern_words(profile, ("depression",), None) == (
        detail,
        caveat,
    )


def test_concerns_spoken_of_fully_and_briefly_are_worded_apart():
    profile = {
        "specialties": ["anxiety", "depression"],
        "bio_focus": {"anxiety": 1.0, "depression": 0.8},
    }
    detail, caveat = focus_words.concern_words(profile, ("anxiety", "depression"), None)
    assert detail == (
        "Anxiety and depression are among their 2 main specialties; their "
        "description speaks of anxiety and mentions depression briefly"
    )
    assert caveat == "Their description speaks of depression only briefly"


MAINS = {
    "specialties": ["anxiety", "depression", "grief", "insomnia"],
    "bio_focus": {"anxiety": 1.0, "depression": 0.8, "insomnia": 1.0},
}


@pytest.mark.parametrize(
    ("wanted", "detail"),
    [
        (("depression", "grief"),
         "Depression and grief are among their 4 main specialties, and their "
         "description mentions depression briefly"),
        (("grief", "anxiety"),
         "Grief and anxiety are among their 4 main specialties, and their "
         "description speaks of anxiety"),
        (("grief", "depression", "anxiety"),
         "Grief, depression and anxiety are among their 4 main specialties; "
         "their description speaks of anxiety and mentions depression briefly"),
        (("depression", "anxiety", "insomnia"),  # joined, would read "and … and"
         "Depression is one of their 4 main specialties, and their description "
         "mentions it briefly; anxiety and insomnia are among their 4 main "
         "specialties, and their description speaks of them"),
        (("ocd", "anxiety", "grief"),
         "Anxiety and grief are among their 4 main specialties, and their "
         "description speaks of anxiety"),
        (("anxiety", "insomnia"),
         "Anxiety and insomnia are among their 4 main specialties, and their "
         "description speaks of them"),
    ],
)  # fmt: skip
def test_main_specialties_spoken_of_differently_share_one_clause(wanted, detail):
    # Each is a main specialty, named once, with what the bio says of each;
    # the caveats still name every shortfall apart.
    assert focus_words.concern_words(MAINS, wanted, None)[0] == detail
