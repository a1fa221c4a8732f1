"""Admin pages read as sentences: dates and counts written for people."""

from __future__ import annotations

import datetime as dt
import re

from matcher import store
from tests.conftest import to_csv
from tests.test_outcomes_admin import outcome_rows, send
from tests.web import admin_fixtures as fixtures
from tests.web.admin_fixtures import HTML
from tests.web.test_client_pages import visible_text

admin_db = fixtures.admin_db
admin_app = fixtures.admin_app
admin_client = fixtures.admin_client
logged_in = fixtures.logged_in


def test_the_last_outcome_import_and_episode_counts_read_plainly(logged_in, admin_db):
    assert send(logged_in, to_csv(outcome_rows(count=400))).status_code == 200
    stamp = store.outcomes.last_outcome_import(admin_db)
    html = logged_in.get("/admin/outcomes", headers=HTML).get_data(as_text=True)
    text = " ".join(visible_text(html).split())
    line = re.search(r"Last outcome import: [^.]*? UTC", text).group(0)
    moment = dt.datetime.fromisoformat(stamp)
    assert line == f"Last outcome import: {moment:%-d %b %Y, %H:%M} UTC"
    assert "+00:00" not in text
    assert '<td data-label="Episodes">1,200</td>' in html  # 3 therapists x 400 episodes
