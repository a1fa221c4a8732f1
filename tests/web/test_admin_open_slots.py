"""The admin edit page lists open_slots with the other fields and saves it."""

from __future__ import annotations

from matcher import store
from tests.web.admin_fixtures import edit_data, post


def test_open_slots_is_edited_on_the_therapist_page(logged_in, admin_db):
    page = logged_in.get("/admin/therapists/ma-0001").get_data(as_text=True)
    assert 'name="open_slots"' in page
    data = edit_data(admin_db, "ma-0001", open_slots="2")
    assert post(logged_in, "/admin/therapists/ma-0001", data).status_code == 302
    assert store.get_profile(admin_db, "ma-0001")["open_slots"] == 2
    data = edit_data(admin_db, "ma-0001", open_slots="-3")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 422
    assert store.get_profile(admin_db, "ma-0001")["open_slots"] == 2
