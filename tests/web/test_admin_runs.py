"""Admins see each re-score run: counts, and what changed for which request."""

from __future__ import annotations

import json

from matcher import store
from matcher.batch import batch
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv

REQUESTS = [{"request_id": "intake-7", "state": "MA", "limit": 2}]


def rescore(db, tmp_path) -> int:
    """Run the batch re-score over a JSON Lines file, as the script does."""
    path = tmp_path / "requests.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REQUESTS))
    source = batch.read_input(path)
    run = batch.open_run(db, source, batch.Settings(k=2))
    batch.execute(db, run, source)
    return run.id


def test_runs_list_counts_and_the_run_page_names_changes(admin_db, logged_in, tmp_path):
    first = rescore(admin_db, tmp_path)
    ids = ("ma-0001", "ma-0002", "ma-0003")
    rows = [profile(id=i, accepting_new_clients="false") for i in ids]
    assert import_bytes(admin_db, to_csv(rows), "full.csv").ok
    second = rescore(admin_db, tmp_path)
    listing = logged_in.get("/admin/runs").get_data(as_text=True)
    assert f"#{first}" in listing and f"#{second}" in listing
    page = logged_in.get(f"/admin/runs/{second}").get_data(as_text=True)
    assert "intake-7" in page
    assert "not accepting" in page, page[page.find("<h2") : page.find("All runs")]
    assert logged_in.get("/admin/runs/9999").status_code == 404
    assert store.runs.get_run(admin_db, second)["requests_changed"] == 1


def test_run_pages_are_closed_without_a_session(admin_db, admin_client, tmp_path):
    run_id = rescore(admin_db, tmp_path)
    for path in ("/admin/runs", f"/admin/runs/{run_id}"):
        assert admin_client.get(path).status_code in (302, 401)
