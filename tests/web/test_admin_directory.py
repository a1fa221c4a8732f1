"""Directory upkeep: search and pages, edit with the import's rules, (de)activation."""

from __future__ import annotations

import re

import pytest

from matcher import store
from matcher.directory import importer
from matcher.engine.matcher import Matcher
from tests.conftest import profile, to_csv
from tests.web.admin_fixtures import HTML, build_admin_app, edit_data, login, post


def listed_ids(response) -> list[str]:
    """Return the therapist ids in the list's table, in order."""
    html = response.get_data(as_text=True)
    return re.findall(r'<a href="/admin/therapists/([^"]+)">', html)


def test_the_list_shows_what_admins_check(logged_in):
    html = logged_in.get("/admin/therapists").get_data(as_text=True)
    for heading in ["Name", "Id", "State", "Accepting", "Last confirmed", "Status"]:
        assert f"<th>{heading}</th>" in html
    assert "Dana Reyes" in html and "ma-0001" in html and "2020-01-02" in html


def test_stale_profiles_come_first_and_are_marked(logged_in):
    response = logged_in.get("/admin/therapists")
    # ma-0003 was never confirmed, ma-0001 long ago, ma-0002 today.
    assert listed_ids(response) == ["ma-0003", "ma-0001", "ma-0002"]
    assert response.get_data(as_text=True).count('class="badge stale"') == 2
    stale = logged_in.get("/admin/therapists?status=stale")
    assert listed_ids(stale) == ["ma-0003", "ma-0001"]


def test_the_stale_age_is_configurable(admin_db, db_path):
    client = build_admin_app(db_path, STALE_AFTER_DAYS=100_000).test_client()
    login(client)
    assert listed_ids(client.get("/admin/therapists?status=stale")) == ["ma-0003"]


def test_stale_profiles_stay_matchable_with_a_caveat(admin_db):
    answer = Matcher().fit(store.load_directory(admin_db)).rank({"state": "MA"})
    stale = next(m for m in answer.matches if m.therapist_id == "ma-0001")
    assert any("last confirmed" in caveat for caveat in stale.caveats)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("dana", ["ma-0001"]), ("MA-0002", ["ma-0002"]), ("salem", ["ma-0003"]),
     ("%", []), ("_", [])],
)  # fmt: skip
def test_the_list_is_searchable(logged_in, query, expected):
    response = logged_in.get("/admin/therapists", query_string={"q": query})
    assert listed_ids(response) == expected


def test_the_list_is_paginated(admin_db, db_path):
    client = build_admin_app(db_path, ADMIN_PAGE_SIZE=2).test_client()
    login(client)
    first = client.get("/admin/therapists?order=id")
    assert listed_ids(first) == ["ma-0001", "ma-0002"]
    assert "Page 1 of 2" in first.get_data(as_text=True)
    second = client.get("/admin/therapists?order=id&page=2")
    assert listed_ids(second) == ["ma-0003"]
    assert listed_ids(client.get("/admin/therapists?order=id&page=abc")) == [
        "ma-0001",
        "ma-0002",
    ]
    beyond = client.get("/admin/therapists?order=id&q=ma&page=99999")
    assert beyond.status_code == 302
    assert beyond.headers["Location"] == "/admin/therapists?order=id&q=ma&page=2"
    assert client.get("/admin/audit?page=99999").status_code == 302


def test_an_edit_is_validated_saved_and_bumps_the_version(logged_in, admin_db):
    version = store.directory_version(admin_db)
    data = edit_data(admin_db, "ma-0001", city="Cambridge", specialties="anxiety; ocd")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 302
    saved = store.get_profile(admin_db, "ma-0001")
    assert saved["city"] == "Cambridge"
    assert saved["specialties"] == ["anxiety", "ocd"]
    assert store.directory_version(admin_db) == version + 1
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved ma-0001: city, specialties" in page


def test_an_edited_profile_matches_what_the_import_would_store(logged_in, admin_db):
    data = edit_data(admin_db, "ma-0001", city="Cambridge", postal_code="02139")
    post(logged_in, "/admin/therapists/ma-0001", data)
    same = profile(id="ma-0001", name="Dana Reyes", city="Cambridge",
                   updated_at="2020-01-02", postal_code="02139")  # fmt: skip
    report = importer.import_bytes(admin_db, to_csv([same]), "x.csv", dry_run=True)
    assert report.unchanged == 1
    assert store.get_profile(admin_db, "ma-0001")["geo_latitude"] is not None


def test_invalid_edits_are_refused_field_by_field(logged_in, admin_db):
    before = store.get_profile(admin_db, "ma-0001")
    data = edit_data(
        admin_db, "ma-0001", license_states="ZZ", style_directiveness="9",
        website="javascript:alert(1)", name="", telehealth="false",
        in_person="false",
    )  # fmt: skip
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved" in html
    messages = [
        "not US state or territory codes: ZZ",
        "must be at most 3",
        "must start with http:// or https://",
        "is required",
        "at least one of in_person and telehealth must be true",
    ]
    for message in messages:
        assert message in html
    assert store.get_profile(admin_db, "ma-0001") == before


def test_the_id_cannot_be_changed_by_an_edit(logged_in, admin_db):
    data = edit_data(admin_db, "ma-0001", id="ma-9999", city="Quincy")
    post(logged_in, "/admin/therapists/ma-0001", data)
    assert store.get_profile(admin_db, "ma-9999") is None
    assert store.get_profile(admin_db, "ma-0001")["city"] == "Quincy"


def test_an_edit_over_a_newer_version_is_refused(logged_in, admin_db):
    data = edit_data(admin_db, "ma-0001", city="Quincy")
    changed = profile(id="ma-0001", name="Dana Reyes", city="Newton")
    importer.import_bytes(admin_db, to_csv([changed]), "meanwhile.csv")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 409
    assert "Someone changed this profile" in response.get_data(as_text=True)
    assert store.get_profile(admin_db, "ma-0001")["city"] == "Newton"


def test_an_untouched_bio_with_crlf_line_breaks_is_not_a_change(logged_in, admin_db):
    row = profile(id="ma-0001", name="Dana Reyes", bio="First line.\nSecond line.")
    importer.import_bytes(admin_db, to_csv([row]), "bio.csv")
    version = store.directory_version(admin_db)
    data = edit_data(admin_db, "ma-0001")
    data["bio"] = data["bio"].replace("\n", "\r\n")  # as a browser posts a textarea
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 302
    assert store.directory_version(admin_db) == version
    assert store.get_profile(admin_db, "ma-0001")["bio"] == "First line.\nSecond line."


def test_deactivating_removes_from_matches_and_survives_imports(logged_in, admin_db):
    response = post(logged_in, "/admin/therapists/ma-0001/deactivate")
    assert response.status_code == 302
    stored = store.get_profile(admin_db, "ma-0001")
    assert (stored["active"], stored["inactive_reason"]) == (0, "admin")
    answer = Matcher().fit(store.load_directory(admin_db)).rank({"state": "MA"})
    assert "ma-0001" not in [m.therapist_id for m in answer.matches]
    again = profile(id="ma-0001", name="Dana Reyes", city="Boston")
    importer.import_bytes(admin_db, to_csv([again]), "again.csv")
    assert store.get_profile(admin_db, "ma-0001")["active"] == 0


def test_reactivating_brings_a_profile_back(logged_in, admin_db):
    post(logged_in, "/admin/therapists/ma-0001/deactivate")
    version = store.directory_version(admin_db)
    post(logged_in, "/admin/therapists/ma-0001/reactivate")
    stored = store.get_profile(admin_db, "ma-0001")
    assert (stored["active"], stored["inactive_reason"]) == (1, None)
    assert store.directory_version(admin_db) == version + 1


def test_deactivating_twice_changes_nothing_the_second_time(logged_in, admin_db):
    post(logged_in, "/admin/therapists/ma-0001/deactivate")
    version = store.directory_version(admin_db)
    post(logged_in, "/admin/therapists/ma-0001/deactivate")
    assert store.directory_version(admin_db) == version


def test_an_action_returns_to_the_list_it_came_from(logged_in):
    back = "/admin/therapists?q=dana"
    response = post(logged_in, "/admin/therapists/ma-0001/deactivate", {"next": back})
    assert response.headers["Location"] == back
    elsewhere = {"next": "https://evil.example/"}
    response = post(logged_in, "/admin/therapists/ma-0001/reactivate", elsewhere)
    assert response.headers["Location"] == "/admin/therapists/ma-0001"


def test_the_overview_counts_profiles_and_lists_imports(logged_in):
    html = logged_in.get("/admin/", headers=HTML).get_data(as_text=True)
    assert "<strong>3</strong> active profiles" in html
    assert "<strong>2</strong>\n      stale" in html
    assert "seed.csv" in html
