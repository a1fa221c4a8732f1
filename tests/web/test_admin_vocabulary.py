"""The admin area's vocabulary page: unrecognised values, teaching, removing."""

from __future__ import annotations

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.labels import teach
from tests.conftest import profile, to_csv
from tests.web.admin_fixtures import HTML, post


def youth_directory(admin_db) -> None:
    rows = [
        profile(id=f"vt-{i}", license_states="VT", populations="Youth", specialties=s)
        for i, s in enumerate(["Anxeity", "Anxeity", "Knitting"])
    ]
    assert import_bytes(admin_db, to_csv(rows), "youth.csv").ok


def page(client) -> str:
    return client.get("/admin/vocabulary", headers=HTML).get_data(as_text=True)


def test_the_page_lists_values_with_counts_and_suggested_keys(logged_in, admin_db):
    youth_directory(admin_db)
    html = page(logged_in)
    assert '<a href="/admin/vocabulary">Vocabulary</a>' in html
    assert 'data-field="specialties" data-value="Anxeity"' in html
    assert "specialties ·\n            2 profiles" in html
    assert "Accept anxiety" in html and "(score 85.7)" in html
    assert 'list="keys-populations"' in html
    assert "No aliases taught yet." in html


def test_accepting_re_maps_and_logs_then_removing_restores(logged_in, admin_db):
    youth_directory(admin_db)
    version = store.directory_version(admin_db)
    data = {"field": "populations", "value": "Youth", "key": "adolescents"}
    response = post(logged_in, "/admin/vocabulary/accept", data)
    assert response.status_code == 303
    assert store.get_profile(admin_db, "vt-0")["populations"] == ["adolescents"]
    assert store.directory_version(admin_db) == version + 1
    html = page(logged_in)
    assert "populations: &#39;Youth&#39; now stands for adolescents; 3 profiles" in html
    assert 'data-value="Youth"' not in html  # no longer unrecognised
    taught = '<td data-label="Value">Youth</td><td data-label="Key">adolescents</td>'
    assert taught in html
    [event] = store.audit.audit_events(admin_db, limit=1)[0]
    assert (event["action"], event["actor"], event["target"]) == (
        "vocab.alias_accept",
        "dana.admin",
        "Youth",
    )
    response = post(logged_in, "/admin/vocabulary/remove", data)
    assert response.status_code == 303
    assert store.get_profile(admin_db, "vt-0")["populations"] == ["Youth"]
    assert store.audit.audit_events(admin_db, limit=1)[0][0]["action"] == (
        "vocab.alias_remove"
    )
    teach([])


def test_a_key_that_is_not_a_key_is_an_error_next_to_the_value(logged_in, admin_db):
    youth_directory(admin_db)
    before = store.directory_version(admin_db)
    data = {"field": "specialties", "value": "Knitting", "key": "crafts"}
    response = post(logged_in, "/admin/vocabulary/accept", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = "&#39;crafts&#39; is not a key of specialties (or &#39;none&#39;)"
    assert '<p class="field-error" id="error-' in html and error in html
    assert 'value="crafts"' in html  # what was typed is kept
    assert store.directory_version(admin_db) == before
    assert store.aliases.stored_aliases(admin_db) == []
    empty = post(logged_in, "/admin/vocabulary/accept", {**data, "key": ""})
    assert empty.status_code == 400
    assert "Type a key, or none" in empty.get_data(as_text=True)


def test_the_forms_need_their_csrf_token(logged_in, admin_db):
    youth_directory(admin_db)
    data = {"field": "populations", "value": "Youth", "key": "adolescents"}
    response = logged_in.post("/admin/vocabulary/accept", data=data, headers=HTML)
    assert response.status_code == 400
    assert store.aliases.stored_aliases(admin_db) == []
    removed = logged_in.post("/admin/vocabulary/remove", data=data, headers=HTML)
    assert removed.status_code == 400


def test_the_page_needs_an_admin(admin_client):
    response = admin_client.get("/admin/vocabulary", headers=HTML)
    assert response.status_code in (302, 303, 401)
