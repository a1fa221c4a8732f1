"""The focus evaluation's data, grades and arithmetic (bench/focus, bench_focus)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from bench.bench_focus import dcg, ndcg, one_vignette, random_five, without_words
from bench.focus import grade as rubric
from matcher.directory.importer import import_file
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request

FOCUS = Path(__file__).resolve().parents[1] / "bench" / "focus"


def read_jsonl(name: str) -> list[dict]:
    lines = (FOCUS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def grade_rows() -> list[dict[str, str]]:
    with (FOCUS / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_profiles_import_without_errors_or_unknown_values(db):
    report = import_file(db, FOCUS / "profiles.jsonl")
    assert report.ok and not report.errors, report.message
    assert report.new >= 300
    assert not report.unrecognised
    # top_specialties (CONTRACT 5.5) is a profile field now, not an unknown column.
    assert not report.unknown_columns


def test_the_profiles_vary_in_breadth_and_keep_top_specialties_valid():
    profiles = read_jsonl("profiles.jsonl")
    breadth = [len(p["specialties"]) for p in profiles]
    assert sum(n >= 25 for n in breadth) >= 30
    assert sum(n <= 5 for n in breadth) >= 30
    assert len({p["id"] for p in profiles}) == len(profiles)
    for p in profiles:
        top = p.get("top_specialties", [])
        assert len(top) <= 5 and set(top) <= set(p["specialties"])


def test_the_profiles_file_is_what_build_writes():
    from bench.focus.build import build

    assert read_jsonl("profiles.jsonl") == build()


def test_every_vignette_parses_as_a_request():
    vignettes = read_jsonl("vignettes.jsonl")
    assert len(vignettes) >= 30
    assert len({v["request_id"] for v in vignettes}) == len(vignettes)
    for vignette in vignettes:
        request = parse_request(vignette)
        assert request.concerns, vignette["request_id"]


def test_every_grade_names_a_profile_and_a_vignette_and_is_0_to_3():
    profiles = {p["id"]: p for p in read_jsonl("profiles.jsonl")}
    vignettes = {v["request_id"]: v for v in read_jsonl("vignettes.jsonl")}
    pairs = set()
    for row in grade_rows():
        assert row["therapist_id"] in profiles and row["vignette"] in vignettes
        assert row["grade"] in {"0", "1", "2", "3"}
        pairs.add((row["vignette"], row["therapist_id"]))
    assert len(pairs) == len(grade_rows())
    licensed = {
        (v, p)
        for v, vignette in vignettes.items()
        for p, profile in profiles.items()
        if vignette["state"] in profile["license_states"]
    }
    assert pairs == licensed  # every possible candidate is graded


def test_the_grades_file_is_what_the_rubric_gives():
    written = [
        (r["vignette"], r["therapist_id"], int(r["grade"])) for r in grade_rows()
    ]
    assert written == rubric.all_grades()


def test_the_hand_graded_sample_agrees_with_the_grades():
    graded = {(r["vignette"], r["therapist_id"]): r["grade"] for r in grade_rows()}
    with (FOCUS / "audit.csv").open(encoding="utf-8", newline="") as handle:
        audit = list(csv.DictReader(handle))
    assert len(audit) >= 20
    for row in audit:
        assert graded[(row["vignette"], row["therapist_id"])] == row["hand_grade"]


def bio_profile(bio: str, specialties: list[str], approaches: list[str], **more):
    return {"bio": bio, "specialties": specialties, "approaches": approaches, **more}


BROAD = ["anxiety", "depression", "trauma", "grief", "stress", "anger", "ocd",
         "adhd", "career", "insomnia", "self_esteem", "perinatal"]  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # devoted to trauma in words, a short list and a fitting method
        (
            bio_profile(
                "I treat PTSD. Flashbacks fade.", ["trauma", "anxiety"], ["emdr"]
            ),
            3,
        ),
        # the same devotion without a method that fits trauma
        (bio_profile("I treat PTSD. Flashbacks fade.", ["trauma"], ["gestalt"]), 2),
        # a top specialty with nothing in the bio
        (bio_profile("Welcome.", BROAD, ["ifs"], top_specialties=["trauma"]), 2),
        # one box among twelve, named only in a list of problems
        (
            bio_profile("I help with anxiety, depression and trauma.", BROAD, ["emdr"]),
            1,
        ),
        # one box among twelve, a vague bio
        (bio_profile("A warm space to grow.", BROAD, ["cbt"]), 1),
        # not listed, not spoken of
        (bio_profile("I treat panic attacks.", ["anxiety"], ["cbt"]), 0),
    ],
)
def test_the_rubric_grades_known_profiles(profile, expected):
    assert rubric.concern_grade(profile, "trauma") == expected


def test_with_two_concerns_the_first_counts_twice():
    devoted = bio_profile("I treat PTSD. Flashbacks fade.", ["trauma"], ["emdr"])
    assert rubric.grade(devoted, ["trauma", "insomnia"]) == 2  # (2*3 + 0) / 3
    assert rubric.grade(devoted, ["insomnia", "trauma"]) == 1  # (2*0 + 3) / 3


def test_ndcg_at_5_gives_the_known_answers():
    assert ndcg([3, 2, 1, 0, 0], [0, 1, 2, 3, 0, 0]) == pytest.approx(1.0)
    # the only relevant candidate ranked fifth: (2^3-1)/log2(6) over (2^3-1)/log2(2)
    assert ndcg([0, 0, 0, 0, 3], [3, 0, 0, 0, 0, 0]) == pytest.approx(1 / math.log2(6))
    # grade 1 first, grade 3 second, against 3 then 1
    expected = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert ndcg([1, 3], [3, 1]) == pytest.approx(expected)
    assert ndcg([0, 0], [0, 0]) is None  # nothing to find: left out of the mean
    assert dcg([3, 3, 3, 3, 3, 3]) == pytest.approx(dcg([3, 3, 3, 3, 3]))


def test_the_random_five_is_deterministic_for_a_seed():
    pool = [3, 0, 1, 0, 2, 0, 0, 1, 0, 0, 3, 1]
    first = random_five(pool, seed=7, draws=300)
    assert first == random_five(pool, seed=7, draws=300)
    assert first != random_five(pool, seed=8, draws=300)
    # over many draws a random five's mean grade is close to the pool's mean
    many = random_five(pool, seed=7, draws=4_000)
    assert many["mean_grade"] == pytest.approx(sum(pool) / len(pool), abs=0.05)


def test_a_pool_of_five_draws_itself():
    drawn = random_five([3, 1, 0, 0, 2], seed=1, draws=50)
    assert drawn["mean_grade"] == pytest.approx(1.2)


def test_the_bench_scores_the_engine_top_five_against_the_grades(db):
    import_file(db, FOCUS / "profiles.jsonl")
    from matcher import store

    matcher = Matcher().fit(store.load_directory(db))
    request = {"request_id": "t", "state": "OR", "concerns": ["ocd"]}
    ranked = [m.therapist_id for m in matcher.rank(request, k=5).matches]
    graded = {tid: 0 for tid in matcher.index_.ids}
    graded[ranked[0]] = 3  # the engine's first is the only relevant one
    row = one_vignette(matcher, request, graded)
    assert row["top5"] == ranked
    assert row["ndcg_at_5"] == 1.0 and row["mean_grade_top5"] == 0.6


def test_a_vignette_without_words_keeps_everything_else():
    vignette = {"request_id": "x", "state": "WA", "concerns": ["ocd"]}
    assert without_words({**vignette, "concerns_text": "I check locks"}) == vignette


def summary(ndcg_at_5: float, mean_grade: float, random_grade: float) -> dict:
    row = {"vignette": "v", "ndcg_at_5": ndcg_at_5}
    return {
        "ndcg_at_5": ndcg_at_5,
        "mean_grade_top5": mean_grade,
        "random_mean_grade": random_grade,
        "per_vignette": [row],
    }


@pytest.mark.parametrize(
    ("now", "verdicts"),
    [
        (summary(0.65, 1.0, 0.6), ["(not met)", "(not met: the target is 0.700"]),
        (summary(0.65, 1.2, 0.6), ["(met)", "(not met: the target is 0.700"]),
        # exactly 0.1 up and 0.5 above random meet the targets
        (summary(0.70, 1.1, 0.6), ["(met)", "+0.100", "(met: the target is 0.700"]),
    ],
)
def test_the_report_says_whether_the_targets_are_met(now, verdicts):
    from bench.report import focus_targets

    before = {"ran_at": "then", "graded": {"ndcg_at_5": 0.6}}
    figures = {"graded": now, "graded_concerns_only": summary(0.5, 1.0, 0.6)}
    text = focus_targets(figures, before, ran_at="later")[0]
    assert all(v in text for v in verdicts), text
