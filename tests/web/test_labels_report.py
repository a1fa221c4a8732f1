"""The upload report shows labels mapped beyond an exact alias, and suggestions."""

from __future__ import annotations

from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv
from tests.web.admin_fixtures import upload


def test_the_report_shows_each_mapping_with_its_stage(logged_in):
    row = profile(id="vt-0003", approaches="Internal Family Sytems;CBT")
    html = upload(logged_in, to_csv([row])).get_data(as_text=True)
    assert 'id="report-mapped"' in html
    assert (
        "<td>approaches</td><td>Internal Family Sytems</td><td>ifs</td>\n"
        "        <td>fuzzy</td>"
    ) in html
    assert "<td>CBT</td>" not in html  # exact aliases are not listed


def test_unrecognised_values_show_their_suggested_keys(logged_in):
    row = profile(id="vt-0004", specialties="Anxeity")
    html = upload(logged_in, to_csv([row])).get_data(as_text=True)
    assert "<td>anxiety (85.7)</td>" in html


def test_the_overview_flags_a_filter_the_stored_labels_blind(logged_in, admin_db):
    rows = [
        profile(id=f"vt-1{i}", license_states="VT", populations="Youth")
        for i in range(3)
    ]
    import_bytes(admin_db, to_csv(rows), "youth.csv")
    html = logged_in.get("/admin/").get_data(as_text=True)
    assert 'id="blind-filters"' in html
    assert (
        "populations in VT: 3 of the 3 therapists licensed there have no recognised "
        "value, 3 of them because every value they wrote is unrecognised"
    ) in html
    assert (
        " in MA:" not in html
    )  # the fixture's MA profiles are left empty, not unknown
