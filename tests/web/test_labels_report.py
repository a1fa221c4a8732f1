"""The upload report shows labels mapped beyond an exact alias, and suggestions."""

from __future__ import annotations

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
