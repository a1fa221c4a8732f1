"""An admin keeps the directory in a real browser: log in, upload, fix, confirm."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher import accounts, store
from matcher.directory import importer, upkeep
from matcher.engine.matcher import Matcher
from web import create_app

ADMIN = "browser.admin"
PASSWORD = "quiet harbour lantern 7"
COLUMNS = ["id", "name", "license_states", "city", "in_person", "telehealth",
           "specialties", "approaches", "bio"]  # fmt: skip
NEWCOMER = {
    "id": "ak-browser-1", "name": "Noor Haddad", "license_states": "AK",
    "city": "Juneau", "in_person": "true", "telehealth": "true",
    "specialties": "insomnia;anxiety", "approaches": "cbt", "bio": "Sleep first.",
}  # fmt: skip
BAD_ROWS = [
    NEWCOMER,
    NEWCOMER | {"id": "ak browser 2"},
    NEWCOMER | {"id": "ak-browser-3", "license_states": "XX", "name": ""},
    NEWCOMER | {"id": "ak-browser-4", "in_person": "maybe"},
]
PAYLOAD = "<script>alert(1)</script><svg onload=alert(2)>"
HOSTILE = NEWCOMER | {
    "id": "ak-browser-xss", "name": PAYLOAD, "city": PAYLOAD, "bio": PAYLOAD,
    "specialties": "anxiety;" + PAYLOAD, "approaches": PAYLOAD,
}  # fmt: skip
REQUEST = {"state": "AK", "concerns": ["insomnia", "anxiety"], "limit": 100}


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """Render profile rows as CSV bytes in the import format."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def demo_db(demo_db_path: Path) -> Iterator[object]:
    """The live server's database, with this test's admin account in it."""
    db = store.connect(demo_db_path)
    try:
        accounts.create_admin(db, ADMIN, PASSWORD)
    except store.accounts.AccountExistsError:
        pass
    yield db
    for therapist_id in (NEWCOMER["id"], HOSTILE["id"]):  # leave the demo as it was
        upkeep.set_active(db, therapist_id, False)
    db.conn.close()


def log_in(page: Page, base: str) -> None:
    """Open an admin page, get sent to login, log in and come back."""
    page.goto(base + "/admin/therapists")
    expect(page).to_have_url(base + "/admin/login?next=/admin/therapists")
    page.get_by_label("Account name").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/admin/therapists")


def upload(page: Page, base: str, rows: list[dict[str, str]]) -> None:
    """Upload rows as a CSV file through the form and wait for the report."""
    page.goto(base + "/admin/upload")
    page.get_by_label("Profile file").set_input_files(
        {"name": "profiles.csv", "mimeType": "text/csv", "buffer": to_csv(rows)}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_be_visible()


def client_therapist_page_exists() -> bool:
    """Tell whether the client pages have a page per therapist yet."""
    rules = create_app({"SECRET_KEY": "rules"}).url_map.iter_rules()
    return any(rule.rule.startswith("/therapists/<") for rule in rules)


# How many lines each matched cell's text takes: a word broken in two is two.
HEADER_LINES = """selector => [...document.querySelectorAll(selector)].map(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
})"""


def ranked_ids(db) -> list[str]:
    """Return the therapist ids the engine ranks for the test request."""
    matcher = Matcher().fit(store.load_directory(db))
    return [match.therapist_id for match in matcher.rank(REQUEST).matches]


def test_admin_fixes_a_file_and_the_matches_change(
    live_server: str, page: Page, demo_db, artifacts: Path
) -> None:
    before = (store.count_profiles(demo_db), store.directory_version(demo_db))
    assert NEWCOMER["id"] not in ranked_ids(demo_db)
    log_in(page, live_server)

    upload(page, live_server, BAD_ROWS)
    expect(page.locator("h1")).to_have_text("Nothing was applied")
    expected = importer.import_bytes(demo_db, to_csv(BAD_ROWS), "x.csv", dry_run=True)
    rows = page.locator("#report-errors tbody tr")
    expect(rows).to_have_count(len(expected.errors))
    for number, error in enumerate(expected.errors):
        cells = rows.nth(number).locator("td")
        expect(cells.nth(0)).to_have_text(str(error.row))
        expect(cells.nth(1)).to_have_text(error.field)
        expect(cells.nth(2)).to_have_text(error.reason)
    expect(page.get_by_role("button", name="Apply these changes")).to_have_count(0)
    page.screenshot(path=artifacts / "admin-report-invalid.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "admin-report-invalid-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(HEADER_LINES, "#report-errors th") == [1, 1, 1]
    page.set_viewport_size({"width": 1280, "height": 900})
    assert (store.count_profiles(demo_db), store.directory_version(demo_db)) == before

    upload(page, live_server, BAD_ROWS[:1])
    expect(page.locator("h1")).to_have_text("Check passed: nothing is applied yet")
    counts = page.locator("#report-counts")
    expect(counts.get_by_role("row", name="New profiles")).to_contain_text("1")
    assert store.get_profile(demo_db, NEWCOMER["id"]) is None
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.locator("h1")).to_have_text("Applied")
    page.screenshot(path=artifacts / "admin-report-applied.png", full_page=True)

    assert store.count_profiles(demo_db) == before[0] + 1
    assert NEWCOMER["id"] in ranked_ids(demo_db)
    page.goto(live_server + "/admin/audit")
    expect(page.locator("#audit-log tbody tr").first).to_contain_text("import")


def test_markup_in_profiles_is_shown_as_text(
    live_server: str, page: Page, demo_db, artifacts: Path
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server)
    upload(page, live_server, [HOSTILE])
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.locator("h1")).to_have_text("Applied")

    page.goto(live_server + "/admin/therapists?q=ak-browser-xss")
    expect(page.locator("#therapist-list tbody tr").first).to_contain_text(PAYLOAD)
    page.goto(live_server + f"/admin/therapists/{HOSTILE['id']}")
    expect(page.locator(".profile-name")).to_have_text(PAYLOAD)
    expect(page.get_by_label("city", exact=True)).to_have_value(PAYLOAD)
    assert page.locator("script").count() == 0
    page.screenshot(path=artifacts / "admin-edit.png", full_page=True)
    if client_therapist_page_exists():
        page.goto(live_server + f"/therapists/{HOSTILE['id']}")
        expect(page.get_by_text(PAYLOAD).first).to_be_visible()
        # Only the page's own script (the way back to the results) is there.
        own = "script[src='/static/search-tab.js']"
        assert page.locator(f"script:not({own})").count() == 0
        assert page.locator(own).count() == 1
    assert dialogs == []


def test_cookie_flags_and_logout_ends_the_session_for_good(
    live_server: str, page: Page, browser, demo_db
) -> None:
    log_in(page, live_server)
    cookies = page.context.cookies()
    session = next(c for c in cookies if c["name"] == "session")
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Lax"
    assert session["secure"] is False  # plain HTTP here; MATCHER_SECURE_COOKIES=1
    assert 8 * 3600 < session["expires"] - time.time() <= 10 * 3600

    page.get_by_role("button", name=f"Log out {ADMIN}").click()
    expect(page).to_have_url(live_server + "/admin/login")
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    replay = browser.new_context()
    try:
        replay.add_cookies(cookies)
        replayed = replay.new_page()
        replayed.goto(live_server + "/admin/")
        expect(replayed).to_have_url(live_server + "/admin/login?next=/admin/")
    finally:
        replay.close()


def test_a_wrong_password_gets_the_same_message_as_an_unknown_name(
    live_server: str, page: Page, demo_db
) -> None:
    messages = []
    for name, password in [(ADMIN, "not the password"), ("nobody", PASSWORD)]:
        page.goto(live_server + "/admin/login")
        page.get_by_label("Account name").fill(name)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        messages.append(page.locator(".form-errors").inner_text())
    assert messages == ["Wrong account name or password."] * 2
