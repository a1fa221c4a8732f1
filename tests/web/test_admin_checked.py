"""An upload form posted without its file shows its own page again, with 400."""

from __future__ import annotations

import pytest

from matcher import store
from tests.web.admin_fixtures import post


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/admin/assignments", "Waitlist assignments"),
        ("/admin/outcomes", "Outcome records and track records"),
    ],
)
def test_a_form_without_its_file_is_refused_on_its_page(
    logged_in, admin_db, path, heading
):
    response = post(logged_in, path, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert heading in html and "This field is required." in html
    assert store.assignments.list_runs(admin_db) == []
    assert store.outcomes.last_outcome_import(admin_db) is None
