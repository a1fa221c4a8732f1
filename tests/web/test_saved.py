"""Saved searches on the web: consent, the private link, new matches, delete, logs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import threading
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from matcher import store
from matcher.batch import batch
from matcher.directory.importer import import_bytes
from matcher.store import saved
from tests.conftest import to_csv
from tests.engine_helpers import therapist

REQUEST = {"state": "MA", "concerns": ["anxiety"]}
LINK = re.compile(r"/saved/([A-Za-z0-9_-]{43})")


def save(client, consent: str | None = "yes", request=REQUEST, **extra):
    """Post the results page's save form, as the page sends it."""
    form = {"request_json": json.dumps(request, sort_keys=True), **extra}
    if consent is not None:
        form["consent"] = consent
    return client.post("/saved", data=form)


def token_of(response) -> str:
    """Read the private token from the page that shows the link."""
    return LINK.search(response.get_data(as_text=True)).group(1)


def saved_rows(db_path: Path) -> list[tuple]:
    """Return every stored saved-request row."""
    db = store.connect(db_path)
    rows = db.execute("SELECT * FROM saved_requests").fetchall()
    db.conn.close()
    return rows


def rescore_saved(db_path: Path) -> None:
    """Run the batch re-score over every saved request, as the script does."""
    db = store.connect(db_path)
    source = batch.read_saved(db)
    batch.execute(db, batch.open_run(db, source, batch.Settings()), source)
    db.conn.close()


@pytest.mark.parametrize("consent", [None, "", "false"])
def test_without_the_ticked_box_nothing_is_stored(client, db_path, consent):
    response = save(client, consent)
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert saved_rows(db_path) == []


def test_unreadable_answers_are_not_saved(client, db_path):
    response = client.post("/saved", data={"request_json": "{oops", "consent": "yes"})
    assert response.status_code == 400 and saved_rows(db_path) == []
    assert save(client, request={"state": "ZZ"}).status_code == 400
    assert saved_rows(db_path) == []


def test_ticking_the_box_saves_and_shows_the_private_link_once(client, db_path):
    response = save(client)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    token = token_of(response)
    [row] = saved_rows(db_path)
    assert token not in " ".join(map(str, row))
    assert hashlib.sha256(token.encode()).hexdigest() in row
    assert json.loads(row[2]) == REQUEST
    assert "Delete my saved search" in response.get_data(as_text=True)


def test_each_save_gets_its_own_unguessable_token(client):
    tokens = {token_of(save(client)) for _ in range(20)}
    assert len(tokens) == 20


def test_the_private_link_shows_fresh_matches(client):
    token = token_of(save(client))
    response = client.get(f"/saved/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Dana Reyes" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "since you last looked" not in page


def test_a_rescore_run_shows_new_matches_since_the_client_last_looked(client, db_path):
    token = token_of(save(client))
    db = store.connect(db_path)
    newcomer = therapist("ma-new", name="Robin Newcomer", specialties=["anxiety"])
    assert import_bytes(db, to_csv([newcomer]), "new.csv").ok
    db.conn.close()
    rescore_saved(db_path)

    page = " ".join(client.get(f"/saved/{token}").get_data(as_text=True).split())
    assert "1 new match since you last looked" in page
    assert page.count("New since you last looked") == 1
    assert page.index("New since you last looked") < page.index("Robin Newcomer")
    again = client.get(f"/saved/{token}").get_data(as_text=True)
    assert "since you last looked" not in again


def test_one_click_deletes_the_search_and_the_link_stops_working(client, db_path):
    token = token_of(save(client))
    rescore_saved(db_path)
    response = client.post(f"/saved/{token}/delete")
    assert response.status_code == 200
    assert "Your saved search is deleted" in response.get_data(as_text=True)
    assert client.get(f"/saved/{token}").status_code == 404
    assert client.post(f"/saved/{token}/delete").status_code == 404
    [row] = saved_rows(db_path)
    assert row[2] is None  # the answers are gone at once, before any purge
    db = store.connect(db_path)
    assert db.execute("SELECT count(*) FROM rescore_results").fetchone()[0] == 0
    db.conn.close()


def test_unknown_and_expired_links_find_nothing(client, db_path):
    db = store.connect(db_path)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=91)
    expired = saved.save_request(db, REQUEST, 90, long_ago)
    db.conn.close()
    assert client.get(f"/saved/{expired}").status_code == 404
    assert client.get(f"/saved/{saved.new_token()}").status_code == 404


def test_saving_a_search_removes_those_past_their_expiry(client, db_path):
    db = store.connect(db_path)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=91)
    saved.save_request(
        db, {"state": "MA", "concerns_text": "old worries"}, 90, long_ago
    )
    db.conn.close()
    assert len(saved_rows(db_path)) == 1
    token = token_of(save(client))
    rows = saved_rows(db_path)
    assert len(rows) == 1  # the new one; the expired one is gone for good
    assert "old worries" not in json.dumps(rows)
    assert client.get(f"/saved/{token}").status_code == 200


@pytest.mark.parametrize(("proxies", "scheme"), [(1, "https"), (0, "http")])
def test_the_private_link_takes_the_scheme_the_trusted_proxy_reports(
    make_app, proxies, scheme
):
    client = make_app(ADMIN_TRUSTED_PROXIES=proxies).test_client()
    headers = {"X-Forwarded-Proto": "https", "Host": "matcher.example.org"}
    form = {"request_json": json.dumps(REQUEST), "consent": "yes"}
    page = client.post("/saved", data=form, headers=headers).get_data(as_text=True)
    assert f"{scheme}://matcher.example.org/saved/" in page


def test_the_expiry_comes_from_the_app_config(make_app, db_path):
    client = make_app(SAVED_TTL_DAYS=7).test_client()
    token = token_of(save(client))
    entry = saved.get_saved(store.connect(db_path), token)
    created = dt.datetime.fromisoformat(entry.created_at)
    assert dt.datetime.fromisoformat(entry.expires_at) - created == dt.timedelta(7)


def test_saving_and_deleting_need_the_form_token(make_app, db_path):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert save(client).status_code == 400
    assert saved_rows(db_path) == []
    existing = saved.save_request(store.connect(db_path), REQUEST)
    assert client.post(f"/saved/{existing}/delete").status_code == 400
    page = client.get(f"/saved/{existing}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert save(client, csrf_token=csrf).status_code == 201
    deleted = client.post(f"/saved/{existing}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 200


def test_the_app_never_logs_the_token(client, db_path, caplog):
    caplog.set_level(logging.DEBUG)
    token = token_of(save(client))
    client.get(f"/saved/{token}")
    rescore_saved(db_path)
    client.get(f"/saved/{token}")
    client.post(f"/saved/{token}/delete")
    assert token not in caplog.text


def test_the_development_servers_request_log_redacts_the_token(app, caplog):
    token = saved.save_request(store.connect(app.config["DATABASE"]), REQUEST)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        url = f"http://127.0.0.1:{server.server_port}/saved/{token}"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("/saved/[private]" in line for line in lines)
    assert token not in caplog.text


def test_the_results_page_offers_saving_with_an_unticked_box(client, db_path):
    page = client.post(
        "/results", data={"state": "MA", "concerns": "anxiety"}
    ).get_data(as_text=True)
    form = re.search(r'<form method="post" action="/saved">(.*?)</form>', page, re.S)
    assert form is not None
    box = re.search(r'<input type="checkbox" name="consent"[^>]*>', form.group(1))
    assert box is not None and "checked" not in box.group(0)
    carried = re.search(r'name="request_json" value="([^"]+)"', form.group(1))
    assert carried is not None
    assert saved_rows(db_path) == []  # showing results stores nothing
