"""An admin reviews a waitlist assignment in a real browser and confirms it once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher import accounts, store
from matcher.directory import upkeep
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv
from tests.engine_helpers import therapist

ADMIN = "assign.admin"
PASSWORD = "amber kettle orchard 9"
MISSOURI = {"license_states": "MO", "state": "MO", "postal_code": "63101"}
TEAM = [
    therapist("mo-assign-any", open_slots=1, **MISSOURI),
    therapist("mo-assign-es", languages="English;Spanish", open_slots=1, **MISSOURI),
]
WAITLIST = [
    {"request_id": "A", "state": "MO", "waiting_since": "2026-01-01",
     "languages": {"value": ["Spanish"]}},
    {"request_id": "B", "state": "MO", "waiting_since": "2026-02-01",
     "priority": "urgent", "languages": {"value": ["Spanish"], "importance": "must"}},
]  # fmt: skip


@pytest.fixture
def team_db(demo_db_path: Path) -> Iterator[object]:
    """The live server's database with an admin and a two-therapist team in MO."""
    db = store.connect(demo_db_path)
    try:
        accounts.create_admin(db, ADMIN, PASSWORD)
    except store.accounts.AccountExistsError:
        pass
    assert import_bytes(db, to_csv(TEAM), "team.csv").ok
    yield db
    for row in TEAM:  # leave the demo as it was
        upkeep.set_active(db, row["id"], False)
    db.conn.close()


def slots(db) -> list[int]:
    """Return the team's open slots as stored."""
    return [store.get_profile(db, row["id"])["open_slots"] for row in TEAM]


def confirmations(db) -> int:
    """Count the assignment confirmations in the audit log."""
    events, _ = store.audit.audit_events(db, limit=1000)
    return sum(1 for event in events if event["action"] == "assignment-confirm")


def test_admin_reviews_and_confirms_an_assignment_once(
    live_server: str, page: Page, team_db, artifacts: Path
) -> None:
    already = confirmations(team_db)
    page.goto(live_server + "/admin/assignments")
    page.get_by_label("Account name").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server + "/admin/assignments")

    lines = "".join(json.dumps(row) + "\n" for row in WAITLIST).encode()
    page.get_by_label("Waitlist (JSON Lines").set_input_files(
        {"name": "waitlist.jsonl", "mimeType": "application/json", "buffer": lines}
    )
    page.get_by_role("button", name="Assign this waitlist").click()
    expect(page.locator("h1")).to_contain_text("Assignment run #")
    rows = page.locator("#assignment-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("mo-assign-es")  # B, urgent, needs Spanish
    expect(rows.nth(0)).to_contain_text("mo-assign-any")
    summary = page.locator("#assignment-summary")
    expect(summary).to_contain_text("First come, first served")
    page.screenshot(path=artifacts / "admin-assignment-review.png", full_page=True)
    assert slots(team_db) == [1, 1]  # nothing changes before confirmation

    stale = page.context.new_page()  # a second tab, still showing the button
    stale.goto(page.url)
    page.get_by_role("button", name="Confirm this assignment").click()
    expect(page.locator(".flash")).to_contain_text("Confirmed: open slots lowered")
    expect(page.locator("#confirmed")).to_be_visible()
    assert slots(team_db) == [0, 0]

    stale.get_by_role("button", name="Confirm this assignment").click()
    expect(stale.locator(".flash")).to_contain_text("Already confirmed")
    assert slots(team_db) == [0, 0]
    assert confirmations(team_db) == already + 1
