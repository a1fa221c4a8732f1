"""The admin's outcome pages: upload all or nothing, the overview, report cards."""

from __future__ import annotations

import io

import numpy as np

from matcher import store
from tests.conftest import to_csv
from tests.web import admin_fixtures as fixtures
from tests.web.admin_fixtures import HTML, post

admin_db = fixtures.admin_db
admin_app = fixtures.admin_app
admin_client = fixtures.admin_client
logged_in = fixtures.logged_in

IDS = ("ma-0001", "ma-0002", "ma-0003")


def outcome_rows(count: int = 20, seed: int = 5) -> list[dict]:
    """PHQ-9 episodes for the admin directory: ma-0001 helps more than the rest."""
    rng = np.random.default_rng(seed)
    rows = []
    for therapist in IDS:
        lift = 6 if therapist == "ma-0001" else 0
        for number in range(count):
            baseline = int(rng.integers(10, 27))
            change = 0.4 * baseline + lift + rng.normal(0, 3)
            rows.append({
                "episode_id": f"{therapist}-{number}", "therapist_id": therapist,
                "domain": "depression", "measure": "PHQ-9", "baseline": baseline,
                "final": int(np.clip(round(baseline - change), 0, 27)),
                "completed": "true" if number % 5 else "false",
                "alliance": 7,
            })  # fmt: skip
    return rows


def send(client, content: bytes, name: str = "outcomes.csv", **fields):
    data = {"file": (io.BytesIO(content), name), **fields}
    return post(client, "/admin/outcomes", data, content_type="multipart/form-data")


def stored(db) -> int:
    return db.execute("SELECT count(*) FROM outcome_records").fetchone()[0]


def test_an_upload_imports_and_the_report_card_shows_every_column(logged_in, admin_db):
    response = send(logged_in, to_csv(outcome_rows()))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Imported" in response.get_data(as_text=True)
    assert stored(admin_db) == 60
    overview = logged_in.get("/admin/outcomes", headers=HTML).get_data(as_text=True)
    assert 'id="outcome-domains"' in overview and "depression" in overview
    assert store.outcomes.last_outcome_import(admin_db)[:10] in overview
    card = logged_in.get("/admin/outcomes/ma-0001", headers=HTML)
    html = card.get_data(as_text=True)
    assert card.status_code == 200
    for heading in ("Episodes", "Effect", "Interval", "Class", "Dropout", "Alliance"):
        assert f"<th>{heading}" in html
    assert "effective" in html and "20% of 20" in html and "7.0 (20 ratings)" in html


def test_a_bad_row_imports_nothing_and_is_reported(logged_in, admin_db):
    rows = outcome_rows()
    rows[3]["baseline"] = 30
    response = send(logged_in, to_csv(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in html and "outside the PHQ-9 range 0-27" in html
    assert stored(admin_db) == 0


def test_an_identifying_column_refuses_the_file_and_names_it(logged_in, admin_db):
    rows = [{**row, "date_of_birth": "1970-01-01"} for row in outcome_rows(3)]
    response = send(logged_in, to_csv(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "date_of_birth" in html and "Nothing was imported" in html
    assert stored(admin_db) == 0


def test_a_check_only_upload_changes_nothing(logged_in, admin_db):
    version = store.directory_version(admin_db)
    response = send(logged_in, to_csv(outcome_rows()), dry_run="y")
    assert "Check passed" in response.get_data(as_text=True)
    assert stored(admin_db) == 0
    assert store.directory_version(admin_db) == version


def test_the_upload_needs_a_csrf_token_and_a_login(logged_in, admin_client, admin_db):
    data = {"file": (io.BytesIO(to_csv(outcome_rows(3))), "o.csv")}
    response = logged_in.post(
        "/admin/outcomes", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert stored(admin_db) == 0


def test_pages_without_a_login_are_closed(admin_client):
    for path in ("/admin/outcomes", "/admin/outcomes/ma-0001"):
        assert admin_client.get(path, headers=HTML).status_code == 302


def test_a_therapist_without_records_has_no_card(logged_in):
    send(logged_in, to_csv(outcome_rows()))
    assert logged_in.get("/admin/outcomes/ma-0099", headers=HTML).status_code == 404
