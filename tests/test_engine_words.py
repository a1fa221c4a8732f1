"""The engine's words: units, lists, labels mid-sentence, and no contradictions."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher import store
from matcher.directory.importer import import_file
from matcher.directory.vocab import vocabulary
from matcher.engine.answer import Match
from matcher.engine.factors import UNMET_QUESTIONS
from matcher.engine.matcher import Matcher
from matcher.engine.questions import ANSWERED_BY
from matcher.engine.request import RequestError, parse_request
from matcher.engine.words import COMMON_NOUNS, mid_sentence
from tests.engine_helpers import directory, therapist
from tests.test_engine_properties import SETTINGS, directories, requests


def test_distance_unit_defaults_to_km_and_accepts_mi():
    assert parse_request({"state": "MA"}).distance_unit == "km"
    assert parse_request({"state": "MA", "distance_unit": "MI"}).distance_unit == "mi"
    with pytest.raises(RequestError) as error:
        parse_request({"state": "MA", "distance_unit": "furlongs"})
    assert "distance_unit" in error.value.errors


def test_the_unit_changes_no_number_of_the_answer():
    rows = [therapist(f"t{i}", specialties=["anxiety"]) for i in range(6)]
    matcher = Matcher().fit(directory(rows))
    request = {"state": "MA", "format": "in_person", "postal_code": "02446",
               "max_distance_km": 30, "concerns": ["anxiety"]}  # fmt: skip
    km = matcher.rank(request).to_dict()
    mi = matcher.rank(request | {"distance_unit": "mi"}).to_dict()
    numbers = ("therapist_id", "score", "rank")
    assert [[m[n] for n in numbers] for m in km["matches"]] == [
        [m[n] for n in numbers] for m in mi["matches"]
    ]


TODAY = dt.date(2026, 11, 1)


def fitted(rows) -> Matcher:
    return Matcher(today=TODAY).fit(directory(rows))


def only(rows, request) -> Match:
    (match,) = fitted(rows).rank(request).matches
    return match


@pytest.mark.parametrize(
    ("fields", "request_fields", "reason"),
    [
        ({"gender": "woman"}, {"gender": ["woman"]}, "Is a woman, as you asked"),
        (
            {"gender": "nonbinary"},
            {"gender": ["nonbinary"]},
            "Is nonbinary, as you asked",
        ),
        (
            {"specialties": ["suicidal_thoughts"]},
            {"concerns": ["suicidal_thoughts"]},
            "Treats suicidal thoughts, which you named",
        ),
        (
            {"specialties": ["anxiety", "trauma"]},
            {"concerns": ["anxiety", "trauma"]},
            "Treats anxiety and trauma, both of which you named",
        ),
        (
            {"approaches": ["cbt", "act", "emdr"]},
            {"approaches": ["cbt", "act", "emdr"]},
            "Uses CBT, ACT and EMDR, the approaches you asked for",
        ),
        (
            {"identities": ["veteran"]},
            {"identities": ["veteran"]},
            "Shares the lived experience you asked for (veteran)",
        ),
        (
            {"availability": ["evenings", "weekends"]},
            {"availability": ["evenings", "weekends"]},
            "Has evening and weekend appointments",
        ),
    ],
)
def test_reasons_read_as_sentences(fields, request_fields, reason):
    match = only([therapist("t", **fields)], {"state": "MA", **request_fields})
    assert reason in match.reasons


def test_a_label_with_its_own_and_reads_whole_alone():
    match = only([therapist("t", specialties=["trauma"])],
                 {"state": "MA", "concerns": ["trauma", "ocd"]})  # fmt: skip
    assert match.factors[0].detail == "Trauma and PTSD is their main specialty"
    assert "Doesn't list OCD among their specialties" in match.caveats


@pytest.mark.parametrize(
    ("fields", "request_fields", "caveat"),
    [
        (
            {"specialties": ["anxiety"]},
            {"concerns": ["anxiety", "trauma", "grief"]},
            "Doesn't list trauma or grief among their specialties",
        ),
        (
            {"availability": ["weekdays"]},
            {"availability": ["evenings", "weekends"]},
            "Doesn't list evening or weekend appointments",
        ),
        (
            {"style_directiveness": -3, "style_challenge": 3},
            {"style": {"directiveness": 3, "challenge": -3}},
            "More client-led and collaborative than you said you prefer; "
            "more challenging than you said you prefer",
        ),
    ],
)
def test_caveats_read_as_sentences(fields, request_fields, caveat):
    match = only([therapist("t", **fields)], {"state": "MA", **request_fields})
    assert caveat in match.caveats


def test_a_must_have_suggestion_names_its_value():
    rows = [therapist("t", languages=["English"])]
    request = {"state": "MA", "languages": {
        "value": ["American Sign Language"], "importance": "must"}}  # fmt: skip
    (found,) = fitted(rows).rank(request).suggestions
    assert found.text == (
        "Making American Sign Language important rather than required "
        "would add 1 therapist"
    )


IN_PERSON = {"state": "MA", "format": "in_person", "postal_code": "02139"}


@pytest.mark.parametrize(
    ("limit", "unit", "detail", "caveat"),
    [
        (25, "km", "Office 14 km from you", None),  # inside the limit: a fact
        (25, "mi", "Office 8.6 miles from you", None),
        (None, "km", "Office 14 km from you", None),  # near enough without one
        (None, "mi", "Office 8.6 miles from you", None),
    ],
)
def test_a_distance_inside_the_clients_limit_is_a_fact(limit, unit, detail, caveat):
    request = IN_PERSON | {"distance_unit": unit}
    if limit:
        request["max_distance_km"] = limit
    match = only([therapist("woburn", postal_code="01801")], request)
    distance = next(f for f in match.factors if f.factor == "distance")
    assert distance.detail == detail
    assert not [c for c in match.caveats if "Office" in c]


@pytest.mark.parametrize(
    ("unit", "caveat"),
    [
        ("km", "Office 27 km from you, farther than you might like"),
        ("mi", "Office 17 miles from you, farther than you might like"),
    ],
)
def test_a_far_office_without_a_limit_earns_a_caveat(unit, caveat):
    request = IN_PERSON | {"distance_unit": unit}
    match = only([therapist("framingham", postal_code="01701")], request)
    assert caveat in match.caveats


def test_inside_a_wide_limit_a_far_office_is_still_no_caveat():
    request = IN_PERSON | {"max_distance_km": 50}
    match = only([therapist("framingham", postal_code="01701")], request)
    assert not [c for c in match.caveats if "Office" in c]


@pytest.mark.parametrize(
    ("fields", "request_fields", "caveat"),
    [
        ({"fee": None}, {"max_fee": 150}, "Doesn't list a fee: ask what sessions"),
        (
            {"fee": None, "insurance": ["Cigna"]},
            {"insurance": "Aetna"},
            "Doesn't take Aetna; doesn't list a fee: ask what sessions would cost",
        ),
        (
            {"fee": None, "sliding_scale": True},
            {"max_fee": 150},
            "Doesn't list a fee; offers a sliding scale: ask what you would pay",
        ),
        (
            {"fee": 200},
            {"max_fee": 150},
            "Fee $200 is above your $150 budget",
        ),
    ],
)
def test_cost_asked_and_not_stated_earns_a_caveat(fields, request_fields, caveat):
    match = only([therapist("t", **fields)], {"state": "MA", **request_fields})
    assert any(c.startswith(caveat) for c in match.caveats), match.caveats


STATED = {
    "telehealth": "telehealth",
    "fee": "cost",
    "sliding_scale": "sliding scale",
    "insurance": "insurance",
    "languages": "language",
    "approaches": "which approaches",
}


@pytest.mark.parametrize("name", sorted(UNMET_QUESTIONS))
@pytest.mark.parametrize("telehealth", [True, False])
def test_no_question_asks_what_the_profile_answers(name, telehealth):
    request = parse_request({"state": "MA", "insurance": "Aetna", "max_fee": 100})
    full = {
        "telehealth": telehealth,
        "fee": 180.0,
        "sliding_scale": False,
        "insurance": ["cigna"],
        "languages": ["English"],
        "approaches": ["cbt"],
    }
    for size in range(len(full) + 1):
        for stated in itertools.combinations(full, size):
            profile = {field: full[field] for field in stated}
            question = UNMET_QUESTIONS[name](profile, request) or ""
            for field in stated:
                assert STATED[field] not in question.lower(), (name, profile)


def test_every_answered_question_has_its_fields_walked():
    assert {f for fields in ANSWERED_BY.values() for f in fields} <= set(STATED)


def test_a_telehealth_therapist_is_not_asked_about_telehealth():
    request = IN_PERSON
    match = only([therapist("far", postal_code="01701", telehealth=True)], request)
    assert any("farther" in c for c in match.caveats)
    assert not [q for q in match.consultation_questions if "telehealth" in q]
    alone = only([therapist("far", postal_code="01701", telehealth=None)], request)
    assert "Do you also offer telehealth sessions?" in alone.consultation_questions


def sentences(answer) -> list[str]:
    """Every sentence the engine wrote for an answer."""
    found = [s.text for s in answer.suggestions] + [n.text for n in answer.notices]
    for match in answer.matches:
        found += [f.detail for f in match.factors]
        found += [*match.reasons, *match.caveats, *match.consultation_questions]
    return found


def _capitalised_common_words() -> set[str]:
    named = {w for k in vocabulary("approaches").keys
             for w in vocabulary("approaches").label(k).split()}  # fmt: skip
    found = set()
    for name in COMMON_NOUNS:
        for key in vocabulary(name).keys:
            for word in vocabulary(name).label(key).split():
                if mid_sentence(word) != word and word not in named:
                    found.add(word)
    return found


COMMON_WORDS = _capitalised_common_words()
BAD_PUNCTUATION = re.compile(r"[,;:.]\s*[,;:.]|\s[,;:.?]|\(\s*\)|\s{2}|^\s|\s$")
DOUBLED = re.compile(r"\b(and|or)\b[^,;:()]*\b\1\b")


def check_sentence(text: str, unit: str) -> None:
    """Fail on the faults issue 12 saw in the engine's words."""
    assert text, "an empty sentence"
    assert not BAD_PUNCTUATION.search(text), text
    for clause in re.split(r"[,;:()]", text):
        assert not DOUBLED.search(clause), text
    assert not re.search(r";\s+(More|Less|Doesn't|Their)\b", text), text
    own_words = text.split(", according to ")[0]  # a cited title keeps its capitals
    for word in re.findall(r"[\w+-]+", own_words)[1:]:
        assert word not in COMMON_WORDS, text
    if unit == "mi":
        assert not re.search(r"\bkm\b", text), text


def test_the_sentence_check_catches_the_faults_seen():
    for text in [
        "Treats Anxiety and Trauma and PTSD",
        "Lists Woman, as you asked",
        "Office 13 km from you, , farther",
        "Treats Suicidal thoughts",
    ]:
        with pytest.raises(AssertionError):
            check_sentence(text, "km")
    with pytest.raises(AssertionError):
        check_sentence("Office 13 km from you", "mi")


@SETTINGS
@given(rows=directories(), request=requests(), unit=st.sampled_from(["km", "mi"]))
def test_every_sentence_the_engine_writes_reads_well(rows, request, unit):
    request = request | {"distance_unit": unit}
    answer = fitted(rows).rank(request)
    for text in sentences(answer):
        check_sentence(text, unit)


DEMO_REQUESTS = [
    {"state": "MA", "concerns": ["anxiety", "trauma", "grief", "insomnia"],
     "gender": ["woman", "nonbinary"], "identities": ["deaf", "veteran"],
     "availability": ["evenings", "weekends"], "insurance": "Aetna", "max_fee": 120,
     "format": "in_person", "postal_code": "02139", "distance_unit": "mi",
     "approaches": ["cbt", "act", "exposure_response_prevention"],
     "style": {"directiveness": 2, "challenge": -2}, "limit": 30},
    {"state": "MA", "format": "in_person", "postal_code": "02139",
     "max_distance_km": 10, "distance_unit": "mi", "age_group": "adolescents",
     "session_format": "couples",
     "ethnicity": {"value": ["hispanic_latino", "black"], "importance": "must"},
     "faith": {"value": ["jewish"], "importance": "must"},
     "availability": {"value": ["weekends"], "importance": "must"}},
    {"state": "NY", "concerns": ["suicidal_thoughts", "chronic_illness", "perinatal"],
     "concerns_text": "I have a plan", "lgbtq_affirming": True,
     "languages": ["Spanish", "Haitian Creole"], "limit": 30},
]  # fmt: skip


@pytest.mark.parametrize("request_data", DEMO_REQUESTS)
def test_sentences_on_the_demo_directory_read_well(demo_matcher, request_data):
    answer = demo_matcher.rank(request_data)
    written = sentences(answer)
    assert len(written) > 20 or answer.suggestions
    for text in written:
        check_sentence(text, request_data.get("distance_unit", "km"))


@pytest.fixture(scope="module")
def demo_directory():
    db = store.connect(memory=True)
    import_file(db, Path(__file__).resolve().parent.parent / "data/demo/therapists.csv")
    return store.load_directory(db)


@pytest.fixture(scope="module")
def demo_matcher(demo_directory):
    return Matcher(today=TODAY).fit(demo_directory)


def test_the_batch_paths_write_the_same_words_and_notices(demo_directory, fit_on):
    matcher = fit_on(demo_directory, today=TODAY)
    batch = [r | {"limit": 5} for r in DEMO_REQUESTS] * 4  # matrices from 4 a state
    single = [matcher.matcher.rank(r).to_dict() for r in batch]
    assert [a.to_dict() for a in matcher.rank_many(batch)] == single


@pytest.mark.parametrize(
    ("concerns", "detail", "question"),
    [
        (["ocd"], "Doesn't list OCD", "dealing with OCD?"),
        (
            ["ocd", "insomnia"],
            "Lists none of the concerns you named",
            "dealing with OCD or insomnia?",
        ),
    ],
)
def test_unlisted_concerns_are_named_in_the_detail_and_the_question(
    concerns, detail, question
):
    rows = [therapist("a", specialties=["grief"])]
    matcher = Matcher().fit(directory(rows))
    [match] = matcher.rank({"state": "MA", "concerns": concerns}).matches
    assert match.factors[0].detail == detail
    assert any(q.endswith(question) for q in match.consultation_questions)
    assert not any("what I described" in q for q in match.consultation_questions)
