"""Track records in a real browser: an admin uploads outcomes, a client sees why."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from matcher import accounts, store
from matcher.directory.importer import import_bytes
from web import create_app

ADMIN = "outcomes.admin"
PASSWORD = "copper meadow signal 31"
IDS = [f"ak-out-{i}" for i in range(8)]
HELPS_MORE = "ak-out-3"
REASON = (
    "Clients treated here for depression by this therapist improved more than "
    "expected (30 cases)"
)


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def outcome_file() -> bytes:
    """PHQ-9 episodes, 30 per therapist; HELPS_MORE's clients improve far more."""
    rng = np.random.default_rng(21)
    rows = []
    for therapist in IDS:
        lift = 6 if therapist == HELPS_MORE else 0
        for number in range(30):
            baseline = int(rng.integers(10, 28))
            change = 0.4 * baseline + lift + rng.normal(0, 3)
            rows.append({
                "episode_id": f"{therapist}-{number}", "therapist_id": therapist,
                "domain": "depression", "measure": "PHQ-9", "baseline": baseline,
                "final": int(np.clip(round(baseline - change), 0, 27)),
            })  # fmt: skip
    return as_csv(rows)


@pytest.fixture(scope="module")
def clinic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on its own database: eight Alaska therapists, one admin."""
    path = tmp_path_factory.mktemp("outcomes") / "clinic.db"
    db = store.connect(path)
    profiles = [
        {"id": key, "name": f"Therapist {key[-1]}", "license_states": "AK",
         "in_person": "false", "telehealth": "true", "specialties": "depression"}
        for key in IDS
    ]  # fmt: skip
    assert import_bytes(db, as_csv(profiles), "clinic.csv").ok
    accounts.create_admin(db, ADMIN, PASSWORD)
    db.conn.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "outcome-browser"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_admin_uploads_outcomes_and_a_client_sees_the_track_record(
    clinic_server: str, page: Page, browser, artifacts: Path
) -> None:
    page.goto(clinic_server + "/admin/outcomes")
    page.get_by_label("Account name").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(clinic_server + "/admin/outcomes")
    expect(page.locator("#last-outcome-import")).to_contain_text("none yet")

    page.get_by_label("Outcome file").set_input_files(
        {"name": "outcomes.csv", "mimeType": "text/csv", "buffer": outcome_file()}
    )
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("h1")).to_have_text("Imported")
    expect(page.locator("#report-counts")).to_contain_text("240")

    page.get_by_role("link", name="Outcome records").click()
    expect(page.locator("#outcome-domains")).to_contain_text("depression")
    page.get_by_role("link", name=HELPS_MORE).click()
    card = page.locator("#report-card")
    expect(card.locator("tbody tr")).to_have_count(1)
    expect(card).to_contain_text("effective")
    page.screenshot(path=artifacts / "admin-report-card.png", full_page=True)

    client = browser.new_context(viewport={"width": 1200, "height": 900})
    person = client.new_page()
    person.goto(clinic_server + "/")
    person.get_by_label("State you live in").select_option("AK")
    person.get_by_label("Feeling down, empty or hopeless").check()
    person.get_by_role("button", name="Show my matches").click()
    first = person.locator("article.card").first
    expect(first.locator(".reasons")).to_contain_text(REASON)
    expect(person.locator("body")).not_to_contain_text("too_few")
    person.screenshot(path=artifacts / "client-track-record.png", full_page=True)
    client.close()
