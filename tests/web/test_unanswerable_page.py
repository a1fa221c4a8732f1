"""The results page shows the notice for a filter the directory cannot answer."""

from __future__ import annotations

from tests.conftest import profile
from tests.web.helpers import form_data
from tests.web.test_client_pages import visible_text


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
