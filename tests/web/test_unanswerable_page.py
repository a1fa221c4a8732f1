"""The results page shows the notice for a filter the directory cannot answer."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.conftest import profile
from tests.web.helpers import form_data
from tests.web.test_client_pages import visible_text
from web.openapi import openapi_document


def test_an_age_group_the_labels_cannot_answer_is_explained(make_app):
    rows = [
        profile(id=f"vt-{i}", license_states="VT", populations="Youth")
        for i in range(10)
    ]
    client = make_app(rows).test_client()
    html = client.post(
        "/results", data=form_data(state="VT", age_group="adolescents")
    ).get_data(as_text=True)
    text = visible_text(html)
    assert "The directory cannot answer one of your filters yet" in text
    assert "10 of the 10 therapists licensed in Vermont" in text
    assert "Leave the age group unanswered" in text
    anyone = client.post("/results", data=form_data(state="VT"))
    assert "cannot answer" not in anyone.get_data(as_text=True)


def test_the_notice_offers_to_search_without_the_filter(make_app):
    rows = [
        profile(id=f"vt-{i}", license_states="VT", populations="Youth")
        for i in range(10)
    ]
    client = make_app(rows).test_client()
    html = client.post(
        "/results", data=form_data(state="VT", age_group="adolescents")
    ).get_data(as_text=True)
    notice = html[html.index('class="no-coverage unanswerable"') :]
    notice = notice[: notice.index("</section>")]
    assert 'name="change" value="age_group=none"' in notice
    words = " ".join(visible_text(notice).split())
    assert "Search without this filter (adds 10 therapists)" in words
    assert html.count('value="age_group=none"') == 1  # not offered twice
    assert 'id="suggestions-heading"' not in html


def test_the_api_answer_carries_the_drop_and_conforms_to_the_document(make_app):
    rows = [
        profile(id=f"vt-{i}", license_states="VT", populations="Youth")
        for i in range(10)
    ]
    client = make_app(rows).test_client()
    body = {"state": "VT", "age_group": "adolescents"}
    answer = client.post("/api/v1/matches", json=body).get_json()
    assert answer["notices"][0]["change"] == "age_group=none"
    assert answer["suggestions"][0]["change"] == "age_group=none"
    assert answer["suggestions"][0]["adds"] == 10
    document = openapi_document()
    schema = {"$ref": "#/components/schemas/Answer"} | {
        "components": document["components"]
    }
    Draft202012Validator(schema).validate(answer)
    relaxed = client.post("/api/v1/matches", json={"state": "VT"}).get_json()
    assert relaxed["eligible"] == 10 and relaxed["notices"] == []
