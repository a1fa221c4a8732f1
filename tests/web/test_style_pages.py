"""Estimated style on the web: the API, the therapist page and the admin accept."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv
from tests.web.admin_fixtures import HTML, post
from web.openapi import openapi_document

STRUCTURED_BIO = "Sessions are structured, with homework and practical tools."
ROWS = [
    profile(id="ma-guess", name="Robin Vale", approaches="cbt;dbt", bio=STRUCTURED_BIO),
    profile(
        id="ma-says",
        name="Kai Moss",
        approaches="cbt",
        bio=STRUCTURED_BIO,
        style_directiveness="-1",
    ),  # fmt: skip
    profile(id="ma-blank", name="Jo Blank", approaches="", bio=""),
]


def therapist_schema() -> Draft202012Validator:
    document = openapi_document()
    schema = {"$ref": "#/components/schemas/Therapist"}
    return Draft202012Validator(schema | {"components": document["components"]})


@pytest.fixture
def style_client(make_app):
    return make_app(ROWS).test_client()


def test_the_api_returns_style_estimates_in_the_documented_shape(style_client):
    reply = style_client.get("/api/v1/therapists/ma-guess").get_json()
    therapist_schema().validate(reply)
    found = reply["style_estimates"]["directiveness"]
    assert found["value"] >= 2 and 0.5 <= found["confidence"] <= 0.95
    assert 'Their description says "homework"' in found["evidence"]
    assert reply["style_directiveness"] is None  # never stored as stated


def test_a_stated_scale_is_not_estimated_and_nothing_to_go_on_gives_none(
    style_client,
):
    says = style_client.get("/api/v1/therapists/ma-says").get_json()
    assert says["style_directiveness"] == -1
    assert "directiveness" not in says["style_estimates"]
    blank = style_client.get("/api/v1/therapists/ma-blank").get_json()
    assert blank["style_estimates"] == {}


def test_the_therapist_page_marks_the_style_as_estimated_with_evidence(style_client):
    html = style_client.get("/therapists/ma-guess").get_data(as_text=True)
    assert "Style in sessions, estimated" in html
    assert '<span class="badge estimated">Estimated</span>' in html
    assert "Seems to work in a structured, therapist-directed way" in html
    assert "Practises Cognitive Behavioral Therapy (CBT)" in html
    assert "Their description says &#34;homework&#34;" in html


def test_the_therapist_page_shows_no_estimate_where_nothing_bears_on_style(
    style_client,
):
    html = style_client.get("/therapists/ma-blank").get_data(as_text=True)
    assert "estimated" not in html.lower()


@pytest.fixture
def with_guess(admin_db):
    rows = [profile(id="ma-guess", name="Robin Vale", approaches="cbt;dbt",
                    bio=STRUCTURED_BIO)]  # fmt: skip
    assert import_bytes(admin_db, to_csv(rows), "guess.csv").ok
    return admin_db


def accept(client, therapist_id: str, dimension: str, content_hash: str):
    return post(
        client,
        f"/admin/therapists/{therapist_id}/accept-style/{dimension}",
        {"content_hash": content_hash},
    )


def test_admin_sees_the_estimate_beside_the_empty_field_and_accepts_it(
    with_guess, logged_in
):
    page = logged_in.get("/admin/therapists/ma-guess", headers=HTML)
    html = page.get_data(as_text=True)
    assert 'id="style_directiveness-estimate"' in html
    assert "Accept +3 as stated" in html
    content_hash = store.get_profile(with_guess, "ma-guess")["content_hash"]
    response = accept(logged_in, "ma-guess", "directiveness", content_hash)
    assert response.status_code == 302
    stored = store.get_profile(with_guess, "ma-guess")
    assert stored["style_directiveness"] == 3
    after = logged_in.get("/admin/therapists/ma-guess", headers=HTML)
    html = after.get_data(as_text=True)
    assert 'id="style_directiveness-estimate"' not in html
    assert "the estimate +3 is now stated" in html
    events = store.audit.audit_events(with_guess, limit=5, offset=0)[0]
    event = events[0]
    assert (event["action"], event["target"]) == ("accept_style_estimate", "ma-guess")
    assert event["detail"]["field"] == "style_directiveness"
    assert event["detail"]["value"] == 3


def test_accepting_from_a_page_that_went_stale_saves_nothing(with_guess, logged_in):
    response = accept(logged_in, "ma-guess", "directiveness", "not-the-hash")
    assert response.status_code == 302
    assert store.get_profile(with_guess, "ma-guess")["style_directiveness"] is None
    html = logged_in.get("/admin/therapists/ma-guess", headers=HTML).get_data(
        as_text=True
    )
    assert "someone changed this profile meanwhile" in html


def test_a_stated_scale_has_no_estimate_to_accept(with_guess, logged_in):
    rows = [profile(id="ma-says", name="Kai Moss", approaches="cbt",
                    bio=STRUCTURED_BIO, style_directiveness="-1")]  # fmt: skip
    assert import_bytes(with_guess, to_csv(rows), "says.csv").ok
    stored = store.get_profile(with_guess, "ma-says")
    html = logged_in.get("/admin/therapists/ma-says", headers=HTML).get_data(
        as_text=True
    )
    assert 'id="style_directiveness-estimate"' not in html
    response = accept(logged_in, "ma-says", "directiveness", stored["content_hash"])
    assert response.status_code == 302
    after = store.get_profile(with_guess, "ma-says")
    assert after["style_directiveness"] == -1
    assert after["content_hash"] == stored["content_hash"]


def test_accepting_needs_a_logged_in_admin(with_guess, admin_client):
    content_hash = store.get_profile(with_guess, "ma-guess")["content_hash"]
    response = admin_client.post(
        "/admin/therapists/ma-guess/accept-style/directiveness",
        data={"content_hash": content_hash},
    )
    assert response.status_code in (302, 400, 401, 403)
    assert store.get_profile(with_guess, "ma-guess")["style_directiveness"] is None
