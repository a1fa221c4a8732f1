"""Upload: a dry run with the full report first, then the same file applied whole."""

from __future__ import annotations

import json
import re
import sqlite3
from html import escape as html_escape

import pytest

from matcher import accounts, store
from matcher.directory import importer, upkeep
from matcher.engine.matcher import Matcher
from tests.conftest import profile, to_csv, to_jsonl
from tests.hostile_files import corpus
from tests.web.admin_fixtures import (
    ADMIN_NAME,
    HTML,
    build_admin_app,
    confirm,
    hidden_value,
    login,
    post,
    upload,
)

NEWCOMER = profile(
    id="vt-0001", name="Ari Lindqvist", license_states="VT", specialties="insomnia"
)
BAD_ROWS = [
    NEWCOMER,
    profile(id="bad id!", name="Row Three"),
    profile(id="ma-0100", name="", license_states="ZZ"),
    profile(id="ma-0101", style_directiveness="9", website="javascript:alert(1)"),
]


def directory_state(db) -> tuple[int, int, int]:
    """Return (profiles, directory version, import runs) to see that nothing moved."""
    return (
        store.count_profiles(db, active_only=False),
        store.directory_version(db),
        len(store.import_runs(db)),
    )


def test_upload_page_offers_the_whole_directory_choice(logged_in):
    html = logged_in.get("/admin/upload").get_data(as_text=True)
    assert 'type="file"' in html
    assert "This file is the whole directory" in html


def test_bad_rows_are_all_reported_and_nothing_is_applied(logged_in, admin_db):
    before = directory_state(admin_db)
    response = upload(logged_in, to_csv(BAD_ROWS))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was applied" in html
    report = importer.import_bytes(admin_db, to_csv(BAD_ROWS), "x.csv", dry_run=True)
    assert len(report.errors) >= 5
    for error in report.errors:
        assert f"<td>{error.row}</td><td>{error.field}</td>" in html
        assert str(error.reason).replace("'", "&#39;") in html
    assert 'name="token"' not in html  # nothing to confirm
    assert directory_state(admin_db) == before
    assert store.get_profile(admin_db, "vt-0001") is None


def test_a_valid_file_is_checked_then_applied_on_confirmation(logged_in, admin_db):
    rows = [NEWCOMER, profile(id="ma-0002", name="Sam Okafor", city="Lowell")]
    checked = upload(logged_in, to_csv(rows))
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert "nothing is applied yet" in html
    assert "<th>New profiles</th><td>1</td>" in html
    assert "<th>Updated</th><td>1</td>" in html
    assert store.get_profile(admin_db, "vt-0001") is None  # still a dry run
    applied = confirm(logged_in, html)
    assert applied.status_code == 200
    assert "<h1>Applied</h1>" in applied.get_data(as_text=True)
    assert store.get_profile(admin_db, "vt-0001")["name"] == "Ari Lindqvist"
    assert store.get_profile(admin_db, "ma-0002")["city"] == "Lowell"
    assert store.import_runs(admin_db)[0]["actor"] == ADMIN_NAME


def test_fixing_the_file_and_confirming_changes_the_matches(logged_in, admin_db):
    request = {"state": "VT", "concerns": ["insomnia"]}
    matcher = Matcher().fit(store.load_directory(admin_db))
    assert matcher.rank(request).matches == []
    assert upload(logged_in, to_csv(BAD_ROWS)).status_code == 422
    fixed = upload(logged_in, to_csv(BAD_ROWS[:1]))
    confirm(logged_in, fixed.get_data(as_text=True))
    matcher = Matcher().fit(store.load_directory(admin_db))
    assert [m.therapist_id for m in matcher.rank(request).matches] == ["vt-0001"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("profiles.json", json.dumps([NEWCOMER]).encode()),
        ("profiles.jsonl", to_jsonl([NEWCOMER])),
        ("profiles.csv", to_csv([NEWCOMER])),
    ],
)
def test_csv_json_and_json_lines_are_accepted(logged_in, admin_db, name, content):
    checked = upload(logged_in, content, name)
    assert checked.status_code == 200, checked.get_data(as_text=True)
    confirm(logged_in, checked.get_data(as_text=True))
    assert store.get_profile(admin_db, "vt-0001") is not None


def test_the_whole_directory_choice_deactivates_the_rest(logged_in, admin_db):
    checked = upload(logged_in, to_csv([NEWCOMER]), replace="y")
    html = checked.get_data(as_text=True)
    assert "<th>Deactivated</th><td>3</td>" in html
    assert "3 active profiles not in the file would be deactivated" in html
    assert store.count_profiles(admin_db) == 3
    confirm(logged_in, html)
    assert store.count_profiles(admin_db) == 1
    assert store.get_profile(admin_db, "ma-0001")["inactive_reason"] == "replace"


def test_without_the_choice_other_profiles_are_left_alone(logged_in, admin_db):
    html = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    assert "<th>Deactivated</th><td>0</td>" in html
    assert "left as they are" in html
    confirm(logged_in, html)
    assert store.count_profiles(admin_db) == 4


def test_unrecognised_values_are_reported(logged_in):
    row = profile(id="vt-0002", specialties="anxiety;Underwater basket weaving")
    html = upload(logged_in, to_csv([row])).get_data(as_text=True)
    assert "Unrecognised values" in html
    assert "<td>specialties</td><td>Underwater basket weaving</td>" in html


def test_an_unreadable_file_says_why(logged_in):
    response = upload(logged_in, b"\x00\x01binary", "sheet.xlsx")
    assert response.status_code == 422
    assert "binary file" in response.get_data(as_text=True)


def test_the_confirmed_digest_must_be_the_checked_files(logged_in, admin_db):
    html = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    response = confirm(logged_in, html, digest="0" * 64)
    assert response.status_code == 302
    assert store.get_profile(admin_db, "vt-0001") is None
    assert confirm(logged_in, html).status_code == 200  # the real one still works


def test_a_token_works_once_and_only_for_its_admin(logged_in, admin_app, admin_db):
    html = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    accounts.create_admin(admin_db, "other.admin", "another long passphrase")
    other = admin_app.test_client()
    login(other, "other.admin", "another long passphrase")
    assert confirm(other, html).status_code == 302
    assert store.get_profile(admin_db, "vt-0001") is None
    assert confirm(logged_in, html).status_code == 200
    again = confirm(logged_in, html, follow_redirects=False)
    assert again.status_code == 302
    assert store.import_runs(admin_db)[0]["file_name"] == "profiles.csv"
    assert len([r for r in store.import_runs(admin_db) if r["new"] == 1]) == 1


def test_an_expired_upload_cannot_be_applied(admin_db, db_path):
    app = build_admin_app(db_path, ADMIN_UPLOAD_LIFETIME_MINUTES=0)
    client = app.test_client()
    login(client)
    html = upload(client, to_csv([NEWCOMER])).get_data(as_text=True)
    response = confirm(client, html)
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "expired or was already applied" in follow
    assert store.get_profile(admin_db, "vt-0001") is None


def test_a_directory_change_before_confirming_gives_a_fresh_report(logged_in, admin_db):
    html = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    importer.import_bytes(admin_db, to_csv([NEWCOMER]), "meanwhile.csv")
    response = confirm(logged_in, html)
    page = response.get_data(as_text=True)
    assert "The directory changed since this file was" in page
    assert "<th>Unchanged</th><td>1</td>" in page
    runs = len(store.import_runs(admin_db))
    assert confirm(logged_in, page).status_code == 200
    assert len(store.import_runs(admin_db)) == runs + 1


def test_discarding_a_checked_file_forgets_it(logged_in, admin_db):
    html = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    data = {
        "token": hidden_value(html, "token"),
        "digest": hidden_value(html, "digest"),
    }
    assert post(logged_in, "/admin/upload/cancel", data).status_code == 302
    assert confirm(logged_in, html).status_code == 302
    assert store.get_profile(admin_db, "vt-0001") is None


def test_files_over_the_limit_get_a_clear_413_page(admin_db, db_path):
    app = build_admin_app(db_path, MAX_CONTENT_LENGTH=2048)
    client = app.test_client()
    login(client)
    response = upload(client, to_csv([NEWCOMER]) + b"#" * 4096)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "That file is too large" in page
    assert "2,048 bytes" in page


def test_a_missing_file_is_asked_for_again(logged_in):
    response = post(logged_in, "/admin/upload", {}, headers=HTML)
    assert response.status_code == 400
    assert "This field is required" in response.get_data(as_text=True)


def test_the_upload_uses_the_import_scripts_code_path():
    assert upkeep.import_bytes is importer.import_bytes


def test_the_report_and_the_list_have_unique_ids_and_named_buttons(logged_in):
    report = upload(logged_in, to_csv([NEWCOMER])).get_data(as_text=True)
    listing = logged_in.get("/admin/therapists").get_data(as_text=True)
    for page in (report, listing):
        ids = re.findall(r'\bid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # Each row's button says whose profile it changes, for a screen reader.
    assert re.search(r'Deactivate<span class="visually-hidden"> [^<]+</span>', listing)


# ------------------------------------------------------------ hostile uploads


@pytest.mark.parametrize("hostile", corpus(), ids=lambda f: f.name)
def test_a_hostile_file_gets_its_report_not_a_500(logged_in, admin_db, hostile):
    before = directory_state(admin_db)
    response = upload(logged_in, hostile.data, hostile.name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nothing was applied" in html
    assert html_escape(hostile.says) in html
    assert 'name="token"' not in html
    assert directory_state(admin_db) == before


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("a\x00b.csv", "a_b.csv"),
        ("list\x85\x7fSet-Cookie: x.csv", "list__Set-Cookie: x.csv"),
        ("../../etc/pass\twd.csv", "pass_wd.csv"),
        ("dir\x1b[31m.csv", "dir_[31m.csv"),
    ],
)
def test_a_file_name_is_cleaned_before_it_is_stored_or_shown(
    logged_in, admin_db, sent, kept
):
    html = upload(logged_in, to_csv([NEWCOMER]), sent).get_data(as_text=True)
    assert f"<strong>{html_escape(kept)}</strong>" in html
    applied = confirm(logged_in, html)
    assert applied.status_code == 200
    assert store.import_runs(admin_db)[0]["file_name"] == kept
    targets = [e["target"] for e in store.audit.audit_events(admin_db)[0]]
    assert kept in targets and sent not in targets


def test_checked_files_are_capped_per_admin_and_in_all(admin_db, db_path):
    app = build_admin_app(db_path, ADMIN_UPLOADS_PER_ADMIN=2, ADMIN_UPLOADS_TOTAL=3)
    client = app.test_client()
    login(client)
    pages = [
        upload(client, to_csv([profile(id=f"cap-{n}")])).get_data(as_text=True)
        for n in range(4)
    ]
    assert admin_db.execute("SELECT count(*) FROM pending_uploads").fetchone()[0] == 2
    assert confirm(client, pages[0]).status_code == 302  # the oldest went
    assert confirm(client, pages[3]).status_code == 200
    other = accounts.create_admin(admin_db, "second-admin", "another long password")
    for n in range(3):
        upkeep.stage_upload(
            admin_db, other, to_csv([profile(id=f"o-{n}")]), "o.csv",
            replace=False, per_admin=5, total=3,
        )  # fmt: skip
    users = [r[0] for r in admin_db.execute("SELECT user_id FROM pending_uploads")]
    assert len(users) == 3


def test_a_file_with_too_many_columns_gets_a_short_report(logged_in, admin_db):
    # Under 500 KB: the test client spools larger bodies to a file it leaves open.
    columns = list(NEWCOMER) + [f"x{n}" for n in range(40_000)]
    response = upload(logged_in, to_csv([NEWCOMER], columns))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"{len(columns):,} columns" in html and "at most 200" in html
    assert len(html) < 20_000


def test_a_storage_fault_while_checking_is_a_503_with_the_cause(
    logged_in, admin_db, monkeypatch
):
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store.uploads, "save_pending_upload", full)
    response = upload(logged_in, to_csv([NEWCOMER]))
    assert response.status_code == 503
    assert "the disk is full" in response.get_data(as_text=True)


def test_invisible_characters_removed_are_listed_in_the_report(logged_in, admin_db):
    rows = [profile(id="vt-0002", name="Ann Lee\u202e DSW", bio="Hi\u200b there")]
    html = upload(logged_in, to_csv(rows)).get_data(as_text=True)
    assert 'id="report-warnings"' in html
    assert "<td>2</td><td>name</td>" in html and "U+202E" in html
    assert "<td>2</td><td>bio</td>" in html and "U+200B" in html
    confirm(logged_in, html)
    assert store.get_profile(admin_db, "vt-0002")["name"] == "Ann Lee DSW"
