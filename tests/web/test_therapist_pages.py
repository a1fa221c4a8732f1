"""The therapist page in plain words, and profile text escaped everywhere."""

from __future__ import annotations

from tests.web.conftest import load
from tests.web.helpers import DIRECTORY, XSS, form_data

ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def test_therapist_page_shows_the_profile_in_plain_words(client):
    response = client.get("/therapists/ma-cbt")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in (
        "<h1>Dana Reyes</h1>",
        "Cognitive Behavioral Therapy (CBT)",
        "Practical, structured work on the links between thoughts",
        "Anxiety",
        "Sleep and insomnia",
        "English, Spanish",
        "$120 per session",
        "Aetna",
        "Yes, a free first call",
        'href="tel:0123 456"',
        'href="mailto:dana@example.org"',
        "Mostly leads, with structure, advice and things to practise",
        "In person (Cambridge, MA) and telehealth" if "Cambridge" in html else "",
        "I help people with worry and sleep.",
        "Massachusetts",
    ):
        assert words in html


def test_unknown_and_inactive_therapists_get_the_404_page(make_app, db_path):
    app = make_app()
    load(db_path, [row for row in DIRECTORY if row["id"] != "ma-dyn"], replace=True)
    client = app.test_client()
    for therapist_id in ("nobody", "ma-dyn", "..%2Fetc"):
        response = client.get(f"/therapists/{therapist_id}")
        assert response.status_code == 404
        assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_profile_text_is_escaped_on_the_therapist_page(client):
    html = client.get("/therapists/ma-xss").get_data(as_text=True)
    assert XSS not in html
    assert "<script>" not in html and "onerror=alert" not in html.replace(
        "&lt;img src=x onerror=alert(1)&gt;", ""
    )
    assert ESCAPED in html
    assert "&lt;b&gt;they&lt;/b&gt;" in html
    assert 'href="https://evil.example.org/?q=&lt;script&gt;"' in html


def test_profile_text_is_escaped_on_the_results_page(client):
    html = client.post("/results", data=form_data(concerns=["anxiety"])).get_data(
        as_text=True
    )
    assert "Evil " + ESCAPED in html
    assert XSS not in html
    assert "<script>" not in html


def test_profile_text_comes_back_as_plain_json(client):
    profile = client.get("/api/v1/therapists/ma-xss").get_json()
    assert profile["bio"] == f"Bio {XSS}"
