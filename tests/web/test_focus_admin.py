"""The admin edit page edits top_specialties and refuses one not listed."""

from __future__ import annotations

from matcher import store
from tests.web.admin_fixtures import edit_data, post


def test_top_specialties_are_edited_on_the_therapist_page(logged_in, admin_db):
    page = logged_in.get("/admin/therapists/ma-0001").get_data(as_text=True)
    assert 'name="top_specialties"' in page
    listed = "trauma;grief;ocd"
    data = edit_data(
        admin_db, "ma-0001", specialties=listed, top_specialties="grief;trauma"
    )
    assert post(logged_in, "/admin/therapists/ma-0001", data).status_code == 302
    assert store.get_profile(admin_db, "ma-0001")["top_specialties"] == [
        "grief",
        "trauma",
    ]
    data = edit_data(admin_db, "ma-0001", top_specialties="insomnia")
    response = post(logged_in, "/admin/therapists/ma-0001", data)
    assert response.status_code == 422
    assert "must also be in specialties" in response.get_data(as_text=True)
    assert store.get_profile(admin_db, "ma-0001")["top_specialties"] == [
        "grief",
        "trauma",
    ]
