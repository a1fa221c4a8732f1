"""Admin tables on a phone: each row reads in full, the page never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher import accounts, store

ADMIN = "phone.admin"
PASSWORD = "narrow window heron 4"
PHONE = 390
LEVELS = ("urgent", "high", "normal")
SUMMARY = {
    "placed": {"urgent": 1, "high": 0, "normal": 1},
    "waiting": {"urgent": 1, "high": 1, "normal": 2},
    "placed_total": 2, "total_fit": 161.5, "mean_fit": 80.75, "worst_fit": 71.25,
    "first_choice": 1,
}  # fmt: skip
ROWS = [
    {"request_id": "phone-waiting-client-0001", "priority": "urgent",
     "therapist_id": "ca-00001", "score": 90.25, "choice_rank": 1,
     "first_choice_id": "ca-00001"},
    {"request_id": "phone-waiting-client-0002", "priority": "high",
     "reason": "no eligible therapist has an open slot",
     "first_choice_id": "ca-00002", "first_choice_note": "has no open slot"},
    {"request_id": "phone-waiting-client-0003", "priority": "normal",
     "therapist_id": "ca-00003", "score": 71.25, "choice_rank": 3,
     "first_choice_id": "ca-00004",
     "first_choice_note": "its slot went to urgent clients"},
]  # fmt: skip


@pytest.fixture
def run_id(demo_db_path: Path) -> Iterator[int]:
    """An admin account and a stored assignment run in the live server's database."""
    db = store.connect(demo_db_path)
    try:
        accounts.create_admin(db, ADMIN, PASSWORD)
    except store.accounts.AccountExistsError:
        pass
    yield store.assignments.save_run(db, ROWS, SUMMARY, SUMMARY, source="upload")
    db.conn.close()


def overflow(page: Page) -> dict[str, object]:
    """The page's width, and the admin cells that reach past the viewport or hide."""
    return page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            cut: [...document.querySelectorAll('.admin-table')].flatMap(table =>
                [...table.querySelectorAll('td, th')]
                    .filter(cell => cell.getClientRects().length)
                    .filter(cell => table.scrollWidth > table.clientWidth + 0.5
                        || cell.getBoundingClientRect().right > innerWidth + 0.5
                        || cell.getBoundingClientRect().left < -0.5)
                    .map(cell => table.id + ': ' + cell.textContent.trim())),
        })"""
    )


def test_admin_tables_read_on_a_phone_without_sideways_scrolling(
    live_server: str, browser, run_id: int, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server + "/admin/login")
    page.get_by_label("Account name").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_contain_text("Directory overview")
    paths = ["/admin/", "/admin/assignments", f"/admin/assignments/{run_id}",
             "/admin/audit", "/admin/outcomes", "/admin/vocabulary"]  # fmt: skip
    for path in paths:
        page.goto(live_server + path)
        assert page.locator(".admin-table").count() or path in (
            "/admin/outcomes",
            "/admin/vocabulary",
        ), path
        widths = overflow(page)
        assert widths["page"] <= PHONE, (path, widths)
        assert widths["cut"] == [], (path, widths)
    page.screenshot(path=artifacts / "admin-assignment-phone.png", full_page=True)

    # Each stacked cell carries its column's words, as on a wide screen.
    page.goto(live_server + f"/admin/assignments/{run_id}")
    third = page.locator("#assignment-rows tbody tr").nth(2)
    expect(third).to_contain_text("its slot went to urgent clients")
    label = third.locator('td[data-label="Why not first choice"]')
    assert label.evaluate("c => getComputedStyle(c, '::before').content") == (
        '"Why not first choice"'
    )
    context.close()
