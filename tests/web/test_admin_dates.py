"""Admin pages write times as people read them: "29 Nov 2026, 22:44 UTC"."""

from __future__ import annotations

import re

import pytest

from matcher import store
from tests.web.admin_fixtures import HTML
from tests.web.test_client_pages import visible_text
from web.admin.dates import when, when_words

ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("2026-11-29T22:44:15Z", "29 Nov 2026, 22:44 UTC"),
        ("2026-11-29T22:44:15+00:00", "29 Nov 2026, 22:44 UTC"),
        ("2026-11-30T00:14:15+01:30", "29 Nov 2026, 22:44 UTC"),  # shown in UTC
        ("2026-01-05T07:03:00", "5 Jan 2026, 07:03 UTC"),  # the store's UTC
        ("2020-01-02", "2 Jan 2020"),  # a date alone stays a date
        ("soon", "soon"),  # not a time: shown as stored
        (None, ""),
        ("", ""),
    ],
)
def test_stored_times_read_as_dates_and_times(stored, read):
    assert when_words(stored) == read


def test_the_element_keeps_the_stored_time_to_the_second():
    shown = str(when("2026-11-29T22:44:15+00:00"))
    assert shown == (
        '<time datetime="2026-11-29T22:44:15+00:00"><span class="nowrap">'
        '29 Nov 2026,</span> <span class="nowrap">22:44 UTC</span></time>'
    )
    assert str(when("2020-01-02")) == '<time datetime="2020-01-02">2 Jan 2020</time>'
    escaped = "&#34;&gt;&lt;b&gt;"  # a stored value is text, never markup
    assert str(when('"><b>')) == f'<time datetime="{escaped}">{escaped}</time>'


def page_text(client, path: str) -> str:
    html = client.get(path, headers=HTML).get_data(as_text=True)
    return " ".join(visible_text(html).split())


def test_overview_edit_and_audit_pages_show_no_raw_timestamps(logged_in, admin_db):
    run = store.import_runs(admin_db, 1)[0]
    overview = page_text(logged_in, "/admin/")
    assert when_words(run["finished_at"]) in overview
    profile = store.get_profile(admin_db, "ma-0001")
    edit = page_text(logged_in, "/admin/therapists/ma-0001")
    assert "last confirmed 2 Jan 2020" in edit
    assert f"changed {when_words(profile['last_changed_at'])}" in edit
    events, _ = store.audit.audit_events(admin_db, limit=10)
    audit = page_text(logged_in, "/admin/audit")
    assert when_words(events[0]["at"]) in audit
    for text in (overview, edit, audit):
        assert not ISO_TIME.search(text)
