"""Estimated style in a real browser: the therapist page and an admin's accept."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from matcher import accounts, store
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv
from web import create_app

ADMIN = "style.admin"
PASSWORD = "amber kettle orchard 19"
GUESSED = profile(
    id="ma-style-guess",
    name="Robin Vale",
    approaches="cbt;dbt",
    bio="Sessions are structured, with homework and practical tools.",
)


@pytest.fixture
def style_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The real app on its own database (an accept must not touch the demo's)."""
    path = tmp_path / "style.db"
    db = store.connect(path)
    accounts.create_admin(db, ADMIN, PASSWORD)
    assert import_bytes(db, to_csv([GUESSED]), "style.csv").ok
    db.conn.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "style-browser"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", path
    server.shutdown()
    thread.join(timeout=5)


def test_the_therapist_page_shows_the_estimated_style_with_its_evidence(
    style_server, page: Page
) -> None:
    base, _ = style_server
    page.goto(base + "/therapists/ma-style-guess")
    section = page.locator("section.style-estimate")
    expect(section.get_by_role("heading")).to_have_text("Style in sessions, estimated")
    expect(section.locator(".badge.estimated").first).to_have_text("Estimated")
    expect(section).to_contain_text("not their own statement")
    structured = section.locator(
        ".estimates > li", has_text="Seems to work in a structured, therapist-directed"
    )
    evidence = structured.locator(".evidence li")
    expect(evidence.filter(has_text='description says "homework"')).to_have_count(1)
    expect(evidence.filter(has_text="Practises Cognitive Behavioral")).to_have_count(1)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_admin_accepts_an_estimate_and_it_reads_as_stated(
    style_server, page: Page
) -> None:
    base, path = style_server
    page.goto(base + "/admin/therapists/ma-style-guess")
    page.get_by_label("Account name").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    note = page.locator("#style_directiveness-estimate")
    expect(note).to_contain_text("Estimated")
    expect(page.locator("#style_directiveness")).to_have_value("")
    note.get_by_role("button", name="Accept +3 as stated").click()

    expect(page.locator(".flash")).to_contain_text("the estimate +3 is now stated")
    expect(page.locator("#style_directiveness")).to_have_value("3")
    expect(page.locator("#style_directiveness-estimate")).to_have_count(0)
    db = store.connect(path)
    assert store.get_profile(db, "ma-style-guess")["style_directiveness"] == 3
    page.goto(base + "/admin/audit")
    expect(page.locator("table")).to_contain_text("accept_style_estimate")
    page.goto(base + "/therapists/ma-style-guess")
    expect(
        page.get_by_role("heading", name="Style in sessions", exact=True)
    ).to_be_visible()
    expect(page.locator("section", has_text="Style in sessions").first).to_contain_text(
        "Strongly leads, with structure"
    )
    db.conn.close()
