"""/admin/assignments: a stored run is reviewed, compared and confirmed once."""

from __future__ import annotations

import io

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv, to_jsonl
from tests.engine_helpers import therapist
from tests.web.admin_fixtures import post

SPANISH = ["English", "Spanish"]
WAITLIST = [
    {"request_id": "A", "state": "MA", "waiting_since": "2026-01-01",
     "languages": {"value": ["Spanish"]}},
    {"request_id": "B", "state": "MA", "waiting_since": "2026-02-01",
     "priority": "urgent", "languages": {"value": ["Spanish"], "importance": "must"}},
]  # fmt: skip


@pytest.fixture
def team(admin_db):
    """Two therapists with one slot each; only t-es speaks Spanish."""
    rows = [
        therapist("t-any", open_slots=1),
        therapist("t-es", languages=SPANISH, open_slots=1),
    ]
    assert import_bytes(admin_db, to_csv(rows), "team.csv").ok
    return admin_db


def upload_waitlist(client, rows=WAITLIST, content=None):
    """Upload a waitlist on the page and return the response."""
    data = {"file": (io.BytesIO(content or to_jsonl(rows)), "waitlist.jsonl")}
    return post(client, "/admin/assignments", data, content_type="multipart/form-data")


def slots(db) -> dict[str, int | None]:
    """Return every therapist's open slots as stored."""
    return {t: store.get_profile(db, t)["open_slots"] for t in ("t-any", "t-es")}


def test_an_uploaded_waitlist_is_stored_and_shown_without_changing_slots(
    logged_in, team
):
    response = upload_waitlist(logged_in)
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Confirm this assignment" in page
    assert "t-es" in page and "t-any" in page
    assert "First come, first served" in page
    assert "This is the first stored run." in page
    assert slots(team) == {"t-any": 1, "t-es": 1}
    listed = logged_in.get("/admin/assignments").get_data(as_text=True)
    assert "to review" in listed


def test_confirm_lowers_the_slots_once_even_when_clicked_twice(logged_in, team):
    run_page = upload_waitlist(logged_in).headers["Location"]
    confirm = run_page + "/confirm"
    first = post(logged_in, confirm, follow_redirects=True)
    assert "Confirmed: open slots lowered for 2 therapists" in first.get_data(
        as_text=True
    )
    second = post(logged_in, confirm, follow_redirects=True)
    assert "Already confirmed" in second.get_data(as_text=True)
    assert slots(team) == {"t-any": 0, "t-es": 0}
    events, _ = store.audit.audit_events(team)
    confirmations = [e for e in events if e["action"] == "assignment-confirm"]
    assert len(confirmations) == 1
    assert confirmations[0]["detail"]["therapists"] == {"t-any": 1, "t-es": 1}


def test_the_next_run_shows_what_changed(logged_in, team):
    upload_waitlist(logged_in)
    later = [*WAITLIST[1:], {"request_id": "C", "state": "MA", "priority": "high"}]
    page = logged_in.get(upload_waitlist(logged_in, later).headers["Location"])
    html = page.get_data(as_text=True)
    assert 'id="assignment-changes"' in html
    assert "not on the waitlist" in html  # A left, C is new


def test_a_malformed_waitlist_is_refused_line_by_line(logged_in, team):
    bad = b'{"state": "MA"}\n{"state": "MA", "priority": "soon"}\n'
    response = upload_waitlist(logged_in, content=bad)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "line 2: priority: must be urgent, high or normal" in html
    assert store.assignments.list_runs(team) == []


def test_a_confirm_after_the_slots_went_elsewhere_changes_nothing(logged_in, team):
    run_page = upload_waitlist(logged_in).headers["Location"]
    team.execute("UPDATE therapists SET open_slots = 0 WHERE id = 't-es'")
    response = post(logged_in, run_page + "/confirm", follow_redirects=True)
    assert "Not confirmed: t-es has 0 open slots" in response.get_data(as_text=True)
    assert slots(team) == {"t-any": 1, "t-es": 0}


def test_assignment_pages_need_an_admin(admin_client, team):
    assert admin_client.get("/admin/assignments").status_code in (302, 401, 403)


def upload_named(client, file_name: str):
    """Upload the waitlist under a file name of the client's choosing."""
    data = {"file": (io.BytesIO(to_jsonl(WAITLIST)), file_name)}
    return post(client, "/admin/assignments", data, content_type="multipart/form-data")


def test_the_run_list_and_page_show_the_uploaded_file_name(logged_in, team):
    run_page = upload_named(logged_in, "march waitlist.jsonl").headers["Location"]
    page = logged_in.get(run_page).get_data(as_text=True)
    assert "march waitlist.jsonl" in page
    listed = logged_in.get("/admin/assignments").get_data(as_text=True)
    assert '<td data-label="File" class="file-name">march waitlist.jsonl</td>' in listed
    assert store.assignments.list_runs(team)[0]["file_name"] == "march waitlist.jsonl"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("intake/march/waitlist.jsonl", "waitlist.jsonl"),
        ("../../etc/waitlist.jsonl", "waitlist.jsonl"),
        ("wait\tlist\x7f.jsonl", "wait_list_.jsonl"),
        ("w" * 500 + ".jsonl", "w" * 200),
    ],
)
def test_an_uploaded_file_name_keeps_no_path_and_is_bounded(
    logged_in, team, sent, kept
):
    assert upload_named(logged_in, sent).status_code == 302
    assert store.assignments.list_runs(team)[0]["file_name"] == kept


def test_an_uploaded_file_name_is_escaped_in_the_pages(logged_in, team):
    run_page = upload_named(logged_in, "<b onclick=x>wait.jsonl").headers["Location"]
    for html in (
        logged_in.get(run_page).get_data(as_text=True),
        logged_in.get("/admin/assignments").get_data(as_text=True),
    ):
        assert "&lt;b onclick=x&gt;wait.jsonl" in html
        assert "<b onclick=x>" not in html
