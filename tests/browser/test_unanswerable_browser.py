"""A client whose age filter the directory cannot answer searches without it."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher import accounts, store
from matcher.directory import importer, upkeep
from tests.browser.test_admin_browser import ADMIN, PASSWORD, log_in
from tests.browser.test_client_browser import eligible_count, submit
from tests.conftest import profile, to_csv

# Montana has no demo therapist: these four are the state's whole directory.
MONTANA = [
    profile(id=f"mt-youth-{i}", name=f"Montana Therapist {i}", license_states="MT",
            populations="Youth", specialties="anxiety")
    for i in range(4)
]  # fmt: skip


def eligible_in_montana(base: str) -> int:
    """Ask the live server's API how many therapists a Montana client may see."""
    asked = urllib.request.Request(
        base + "/api/v1/matches", data=json.dumps({"state": "MT"}).encode(),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(asked, timeout=30) as answer:
        return json.load(answer)["eligible"]


@pytest.fixture
def montana_db(demo_db_path: Path, live_server: str) -> Iterator[object]:
    """The live server's database with four MT profiles whose age labels are unknown."""
    db = store.connect(demo_db_path)
    assert importer.import_bytes(db, to_csv(MONTANA), "mt.csv").ok
    for row in MONTANA:  # an earlier test may have left them inactive
        upkeep.set_active(db, row["id"], True)
    # Clients are answered from the last fit until the server has refitted.
    deadline = time.monotonic() + 60
    while eligible_in_montana(live_server) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    yield db
    for row in MONTANA:  # leave the demo as it was
        upkeep.set_active(db, row["id"], False)
    db.conn.close()


def test_client_drops_an_age_filter_the_directory_cannot_answer(
    live_server: str, page: Page, montana_db, artifacts: Path
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("State you live in").select_option("MT")
    page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
    page.get_by_label("Who is the therapy for?").select_option("adolescents")
    submit(page)
    notice = page.locator("section.unanswerable")
    expect(notice).to_contain_text("The directory cannot answer one of your filters")
    expect(notice).to_contain_text("4 of the 4 therapists licensed in Montana")
    assert not page.locator(".cards .card-title").count()
    button = notice.get_by_role("button", name="Search without this filter (adds 4")
    expect(button).to_be_visible()
    expect(page.locator(".suggestions")).to_have_count(0)  # not offered twice
    for width, name in ((390, "unanswerable-phone.png"),
                        (1200, "unanswerable.png")):  # fmt: skip
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / name, full_page=True)

    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    assert eligible_count(page) == 4
    shown = " | ".join(page.locator(".cards .card-title").all_inner_texts())
    assert all(row["name"] in shown for row in MONTANA), shown
    expect(page.locator("section.unanswerable")).to_have_count(0)


def test_the_overview_flags_the_filter_the_stored_labels_blind(
    live_server: str, page: Page, montana_db, artifacts: Path
) -> None:
    try:
        accounts.create_admin(montana_db, ADMIN, PASSWORD)
    except store.accounts.AccountExistsError:
        pass
    log_in(page, live_server)
    page.goto(live_server + "/admin/")
    flagged = page.locator("#blind-filters")
    expect(flagged).to_contain_text(
        "populations in MT: 4 of the 4 therapists licensed there have no recognised"
    )
    for width, name in ((390, "admin-overview-phone.png"),
                        (1200, "admin-overview.png")):  # fmt: skip
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / name, full_page=True)
