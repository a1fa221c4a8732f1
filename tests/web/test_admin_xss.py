"""Markup typed into any profile field is shown as text, on admin and client pages."""

from __future__ import annotations

import pytest

from matcher import store
from matcher.directory import importer
from matcher.directory.schema import PROFILE_FIELDS
from tests.conftest import profile, to_jsonl
from tests.web.admin_fixtures import HTML, edit_data, post, upload

PAYLOAD = "<script>alert(1)</script><svg onload=alert(2)>"  # fits every field
TIGHT_PAYLOAD = '"><svg/onload=alert(1)>'  # no spaces, for emails
TEXT_KINDS = {"text", "vocab_text", "list"}
RAW_MARKUP = ["<script>alert", "<svg onload", "<svg/onload"]


def hostile_profile(therapist_id: str = "xss-1") -> dict[str, str]:
    """Return a valid profile with markup in every field that takes free text."""
    fields = {f.name: PAYLOAD for f in PROFILE_FIELDS if f.kind in TEXT_KINDS}
    return profile(
        **fields
        | {
            "id": therapist_id,
            "email": TIGHT_PAYLOAD + "@example.org",
            "website": "https://x.example/" + PAYLOAD,
            "languages": "English;" + PAYLOAD,  # English keeps it matchable
        }
    )


def assert_shown_as_text(html: str) -> None:
    """Check that no payload markup survived and that it is there, escaped."""
    for markup in RAW_MARKUP:
        assert markup not in html
    assert "&lt;script&gt;alert(" in html


@pytest.fixture
def hostile(admin_db):
    """The admin database with the hostile profile imported."""
    report = importer.import_bytes(admin_db, to_jsonl([hostile_profile()]), "x.jsonl")
    assert report.ok, report.errors
    return admin_db


def test_every_text_field_carries_the_payload(hostile):
    stored = store.get_profile(hostile, "xss-1")
    for spec in PROFILE_FIELDS:
        if spec.kind in TEXT_KINDS:
            value = stored[spec.name]
            assert PAYLOAD in (value if isinstance(value, list) else [value]), spec.name


@pytest.mark.parametrize(
    "path",
    ["/admin/therapists?q=xss", "/admin/therapists/xss-1", "/admin/",
     "/admin/audit"],
)  # fmt: skip
def test_admin_pages_show_markup_as_text(hostile, logged_in, path):
    post(logged_in, "/admin/therapists/xss-1", edit_data(hostile, "xss-1", city="X"))
    html = logged_in.get(path, headers=HTML).get_data(as_text=True)
    for markup in RAW_MARKUP:
        assert markup not in html
    if "xss-1" in path:
        assert "&lt;script&gt;alert(" in html


def test_the_import_report_shows_markup_as_text(logged_in):
    rows = [hostile_profile("xss-2"), profile(id="bad id", name=PAYLOAD)]
    html = upload(logged_in, to_jsonl(rows), "x.jsonl").get_data(as_text=True)
    assert_shown_as_text(html)
    valid = upload(logged_in, to_jsonl(rows[:1]), PAYLOAD + ".jsonl")
    assert_shown_as_text(valid.get_data(as_text=True))


def test_invalid_edits_echo_markup_as_text(hostile, logged_in):
    data = edit_data(hostile, "xss-1", fee=PAYLOAD, license_states=PAYLOAD)
    html = post(logged_in, "/admin/therapists/xss-1", data).get_data(as_text=True)
    assert_shown_as_text(html)


def test_the_client_therapist_page_shows_markup_as_text(hostile, admin_app):
    rules = {rule.rule for rule in admin_app.url_map.iter_rules()}
    if not any(rule.startswith("/therapists/<") for rule in rules):
        pytest.skip("the client therapist page is not built yet")
    response = admin_app.test_client().get("/therapists/xss-1")
    assert response.status_code == 200
    assert_shown_as_text(response.get_data(as_text=True))
