"""Issue 12 on the client pages: combined suggestions, notices, miles, the form's
sections, the way back to the results and the 413 page."""

from __future__ import annotations

import json
import re

import pytest

from matcher.engine.request import RequestError, parse_request
from tests.engine_helpers import therapist
from tests.web.helpers import DIRECTORY, form_data, hidden_value, ranked_ids
from web.forms import KM_PER_MILE, km_to_miles, miles_to_km
from web.search import apply_change

BASE = {"state": "MA", "format": "in_person", "postal_code": "02139"}
CRISIS_LINKS = ('href="tel:988"', 'href="sms:988"', 'href="tel:911"', "741741")


def visible_text(html: str) -> str:
    """Return the words a person reads: no tags, no hidden inputs."""
    return re.sub(r"<[^>]+>", " ", html)


def test_a_combined_change_applies_every_part():
    request = BASE | {
        "languages": {"value": ["ASL"], "importance": "must"},
        "max_distance_km": 10,
    }
    relaxed = apply_change(
        request, "languages.importance=high&format=either&max_distance_km=none"
    )
    assert relaxed == {
        "state": "MA",
        "format": "either",
        "postal_code": "02139",
        "languages": {"value": ["ASL"], "importance": "high"},
    }
    parse_request(relaxed)
    assert request["format"] == "in_person"  # the carried request is untouched


@pytest.mark.parametrize(
    "change", ["format=either&", "&format=either", "format=either&colour=red"]
)
def test_a_combined_change_with_one_bad_part_is_refused_whole(change):
    with pytest.raises(RequestError):
        apply_change(BASE, change)


def test_a_combined_suggestion_button_reruns_the_search_from_the_page_body(client):
    fields = form_data({"languages-value": ["Spanish"], "gender-value": ["man"]})
    fields["languages-importance"] = fields["gender-importance"] = "must"
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert ranked_ids(html) == []
    licensed = sum("MA" in t["license_states"] for t in DIRECTORY)
    assert (
        f"Of the {licensed} licensed in Massachusetts, none meets everything you "
        "required" in " ".join(visible_text(html).split())
    )
    carried = hidden_value(html, "request_json")
    response = client.post(
        "/results/relaxed",
        data={
            "request_json": carried,
            "change": "languages.importance=high&gender.importance=high",
        },
    )
    relaxed = response.get_data(as_text=True)
    assert response.request.url.endswith("/results/relaxed")  # nothing in the URL
    assert set(ranked_ids(relaxed)) == {"ma-cbt", "ma-dyn", "ma-xss"}
    again = json.loads(hidden_value(relaxed, "request_json"))
    assert again["gender"] == {"value": ["man"], "importance": "high"}
    assert again["languages"] == {"value": ["Spanish"], "importance": "high"}


@pytest.mark.parametrize(
    "answers",
    [
        {"concerns": ["suicidal_thoughts"]},
        {"concerns": ["anxiety", "self_harm"]},
        {"concerns_text": "I have a plan to end my life"},
    ],
)
def test_a_crisis_search_opens_with_the_crisis_section_before_the_matches(
    client, answers
):
    html = client.post("/results", data=form_data(**answers)).get_data(as_text=True)
    main = html[html.index('<main id="content">') :]
    assert 'id="crisis-heading"' in main
    for link in CRISIS_LINKS:
        assert link in main
    assert "text HOME to 741741" in main
    assert main.index("crisis-heading") < main.index('class="card"')
    assert len(ranked_ids(html)) == 3  # the matches still follow


@pytest.mark.parametrize(
    "answers",
    [
        {"concerns": ["anxiety", "depression"]},
        {"concerns_text": "I'm not suicidal, just exhausted; my job is killing me"},
    ],
)
def test_an_ordinary_search_has_no_crisis_section(client, answers):
    html = client.post("/results", data=form_data(**answers)).get_data(as_text=True)
    assert "crisis-heading" not in html
    assert 'href="sms:988"' not in html


def test_a_state_without_therapists_says_so_and_what_to_do(client):
    html = client.post("/results", data=form_data(state="WY")).get_data(as_text=True)
    text = visible_text(html)
    assert "No therapist here is licensed in Wyoming" in text
    assert "licensing board" in text  # what the person can do next
    assert "You could change your answers" not in text
    assert "We looked at" not in text  # the notice already says it
    assert "<iframe" not in html and "https://" not in html


@pytest.mark.parametrize(("miles", "km"), [("5", 8.05), ("10", 16.09), ("60", 96.56)])
def test_miles_chosen_on_the_form_reach_the_engine_as_km(client, miles, km):
    fields = form_data(postal_code="02139", max_distance_miles=miles)
    html = client.post("/results", data=fields).get_data(as_text=True)
    sent = json.loads(hidden_value(html, "request_json"))
    assert sent["max_distance_km"] == km
    assert sent["distance_unit"] == "mi"
    assert km_to_miles(km) == miles  # and the form shows the same choice again


@pytest.mark.parametrize("km", [0.5, 8.05, 16.09, 24.14, 25, 50, 100, 499.9])
def test_a_km_limit_shown_in_miles_never_narrows_the_search(km):
    miles = km_to_miles(km)
    assert miles_to_km(miles) >= km - 0.01
    assert int(miles) - 1 < km / KM_PER_MILE + 1e-6


def test_the_results_page_writes_distances_in_miles(make_app):
    far = therapist(
        "ma-far", name="Far Office", postal_code="01701", specialties=["anxiety"]
    )
    client = make_app([*DIRECTORY, far]).test_client()
    fields = form_data(
        postal_code="02139",
        max_distance_miles="60",
        concerns=["anxiety"],
        format="in_person",
    )
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert "ma-far" in ranked_ids(html)
    text = visible_text(html)
    assert re.search(r"\d+ miles", text)
    assert not re.search(r"\d\s*km\b", text)


def test_a_carried_km_limit_off_the_list_is_kept_on_the_form(client):
    sent = BASE | {"max_distance_km": 50}
    html = client.post("/", data={"request_json": json.dumps(sent)}).get_data(
        as_text=True
    )
    assert '<option selected value="32">Within 32 miles</option>' in html


def test_the_form_puts_the_essentials_first_and_the_rest_in_named_sections(client):
    html = client.get("/").get_data(as_text=True)
    essentials, _, optional = html.partition("Everything below is optional")
    for visible in (
        'name="state"',
        'name="format"',
        'name="postal_code"',
        'name="max_distance_miles"',
        'value="anxiety"',
        'name="style-directiveness"',
        "Language of therapy",
        'value="Spanish"',
    ):
        assert visible in essentials
    assert essentials.count("<details") == 2  # more concerns, more languages
    summaries = re.findall(r"<summary><h2>([^<]+)</h2>", optional)
    assert summaries == [
        "More about how sessions feel",
        "Therapy approaches",
        "Your therapist's background",
        "Cost and insurance",
        "Times, ages and who comes",
    ]
    assert '<details class="step optional" open' not in html  # closed when empty
    assert "<script" not in html  # the form works without JavaScript
    assert "?)?" not in html and "matter (" not in html
    assert ">Either</span>" not in html  # one "no preference" per scale


@pytest.mark.parametrize(
    ("fields", "section"),
    [
        ({"max_fee": "120"}, "Cost and insurance"),
        ({"gender-value": ["woman"]}, "Your therapist's background"),
        ({"style-challenge": "2"}, "More about how sessions feel"),
        ({"availability-value": ["evenings"]}, "Times, ages and who comes"),
        ({"max_fee": "abc"}, "Cost and insurance"),  # an error is never hidden
    ],
)
def test_a_section_holding_an_answer_or_error_is_shown_open(client, fields, section):
    html = client.post("/results", data=form_data(fields, state="")).get_data(
        as_text=True
    )
    opened = re.findall(
        r'<details class="step optional" open>\s*<summary><h2>([^<]+)', html
    )
    assert opened == [section]


def test_an_answer_in_the_essentials_opens_no_optional_section(client):
    fields = form_data(
        {"style-directiveness": "2", "languages-value": ["Spanish"]}, state=""
    )
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert '<details class="step optional" open' not in html
    assert 'checked id="style-directiveness-6"' in html


def test_a_rarer_concern_chosen_keeps_its_section_open(client):
    html = client.post(
        "/results", data=form_data(state="", concerns=["autism"])
    ).get_data(as_text=True)
    assert re.search(
        r'<details class="more" open>\s*<summary>More concerns \(23\)', html
    )
    assert 'checked id="concerns-' in html


def test_a_profile_links_back_to_the_results_without_answers_in_the_link(client):
    results = client.post("/results", data=form_data(concerns=["anxiety"]))
    html = results.get_data(as_text=True)
    assert 'target="_blank"' not in html.split('class="cards"')[1]  # same tab
    assert 'data-page="results"' in html and "search-tab.js" in html
    profile = client.get("/therapists/ma-cbt").get_data(as_text=True)
    assert '<a id="back-to-results" href="/results">' in profile


def test_the_results_rebuilt_from_the_tab_match_the_first_search(client):
    first = client.post("/results", data=form_data(concerns=["anxiety"]))
    carried = hidden_value(first.get_data(as_text=True), "request_json")
    again = client.post(
        "/results/again", data={"request_json": carried, "relaxed": ""}
    ).get_data(as_text=True)
    assert ranked_ids(again) == ranked_ids(first.get_data(as_text=True))
    assert "loosen what you required" not in again
    relaxed = client.post(
        "/results/again", data={"request_json": carried, "relaxed": "1"}
    ).get_data(as_text=True)
    assert "loosen what you required" in relaxed and 'data-relaxed="1"' in relaxed


@pytest.mark.parametrize("carried", ["", "nonsense", '{"state": "ZZ"}'])
def test_unreadable_answers_from_the_tab_show_the_form_again(client, carried):
    response = client.post("/results/again", data={"request_json": carried})
    assert response.status_code == 400
    assert "couldn&#39;t read your earlier answers" in response.get_data(as_text=True)


def test_too_long_answers_get_a_413_page_that_says_what_to_do(client):
    response = client.post("/results", data=form_data(concerns_text="x" * 70_000))
    text = visible_text(response.get_data(as_text=True))
    assert response.status_code == 413
    assert "Your answers were too long to send" in text
    assert "shorten the text you typed" in text
    assert "exceeds the capacity limit" not in text


def test_too_large_an_api_request_gets_a_field_message_in_plain_words(client):
    response = client.post(
        "/api/v1/matches",
        data=json.dumps({"state": "MA", "concerns_text": "x" * 70_000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    message = response.get_json()["errors"]["request"]
    assert "larger than 65,536 bytes, the most this API accepts" in message
    assert "capacity limit" not in message
