"""The edit form applies the import's rules to invisible format characters."""

from __future__ import annotations

from matcher import store
from tests.web.admin_fixtures import edit_data, post


def test_an_edit_with_a_bidi_control_in_the_phone_is_refused(logged_in, admin_db):
    before = store.get_profile(admin_db, "ma-0001")
    data = edit_data(admin_db, "ma-0001", phone="\u202e2410-555 (716)")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 422
    assert "invisible formatting characters (U+202E)" in response.get_data(True)
    assert store.get_profile(admin_db, "ma-0001") == before


def test_an_edit_strips_invisible_characters_from_the_name_and_says_so(
    logged_in, admin_db
):
    data = edit_data(admin_db, "ma-0001", name="Dana\u200b Reyes\u2066 PhD")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invisible formatting characters removed from name" in page
    assert store.get_profile(admin_db, "ma-0001")["name"] == "Dana Reyes PhD"
