"""Saved requests in the store: tokens, consent-only storage, expiry, delete, purge."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re

import pytest

from matcher.store import saved

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
REQUEST = {"state": "MA", "concerns": ["anxiety"], "request_id": "web"}


def stored_text(db) -> str:
    """Return every value the saved-request table holds, as one text."""
    rows = db.execute("SELECT * FROM saved_requests").fetchall()
    return " ".join(str(value) for row in rows for value in row)


def test_a_token_is_256_random_bits_and_only_its_digest_is_stored(db):
    token = saved.save_request(db, REQUEST, now=NOW)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert token not in stored_text(db)
    digest = db.execute("SELECT token_digest FROM saved_requests").fetchone()[0]
    assert digest == hashlib.sha256(token.encode()).hexdigest()


def test_tokens_never_repeat(db):
    tokens = {saved.save_request(db, REQUEST, now=NOW) for _ in range(200)}
    assert len(tokens) == 200


def test_the_token_opens_the_request_until_it_expires(db):
    token = saved.save_request(db, REQUEST, now=NOW)
    found = saved.get_saved(db, token, NOW + dt.timedelta(days=89, hours=23))
    assert found.request == REQUEST and found.key == f"saved:{found.id}"
    assert saved.get_saved(db, token, NOW + dt.timedelta(days=90)) is None


@pytest.mark.parametrize("ttl_days", [1, 7, 365])
def test_the_expiry_is_configurable(db, ttl_days):
    token = saved.save_request(db, REQUEST, ttl_days, NOW)
    just_before = NOW + dt.timedelta(days=ttl_days) - dt.timedelta(seconds=1)
    assert saved.get_saved(db, token, just_before) is not None
    assert saved.get_saved(db, token, NOW + dt.timedelta(days=ttl_days)) is None


def test_a_ttl_below_one_day_is_refused(db):
    with pytest.raises(ValueError, match="ttl_days"):
        saved.save_request(db, REQUEST, 0, NOW)


def test_a_wrong_or_altered_token_opens_nothing(db):
    token = saved.save_request(db, REQUEST, now=NOW)
    assert saved.get_saved(db, token[:-1], NOW) is None
    assert saved.get_saved(db, token.upper(), NOW) is None
    assert saved.get_saved(db, "", NOW) is None


def test_delete_blanks_the_request_at_once_and_the_token_stops_working(db):
    token = saved.save_request(db, REQUEST, now=NOW)
    assert saved.delete_saved(db, token, NOW)
    assert saved.get_saved(db, token, NOW) is None
    assert "anxiety" not in stored_text(db)
    assert not saved.delete_saved(db, token, NOW)  # a second click finds nothing


def test_purge_removes_expired_and_deleted_requests_and_keeps_live_ones(db):
    live = saved.save_request(db, REQUEST, 90, NOW)
    expired = saved.save_request(db, REQUEST, 1, NOW - dt.timedelta(days=2))
    deleted = saved.save_request(db, REQUEST, 90, NOW)
    saved.delete_saved(db, deleted, NOW)
    assert saved.purge(db, NOW) == 2
    assert saved.get_saved(db, live, NOW) is not None
    assert saved.get_saved(db, expired, NOW) is None
    assert db.execute("SELECT count(*) FROM saved_requests").fetchone()[0] == 1
    assert saved.purge(db, NOW) == 0


def test_live_saved_lists_only_live_requests_up_to_an_id(db):
    first = saved.save_request(db, REQUEST, 90, NOW)
    saved.save_request(db, REQUEST, 1, NOW - dt.timedelta(days=2))
    saved.save_request(db, {"state": "NY"}, 90, NOW)
    first_id = saved.get_saved(db, first, NOW).id
    assert [s.request["state"] for s in saved.live_saved(db, NOW)] == ["MA", "NY"]
    assert [s.id for s in saved.live_saved(db, NOW, max_id=first_id)] == [first_id]


def test_mark_viewed_records_what_the_client_saw(db):
    token = saved.save_request(db, REQUEST, now=NOW, seen_ids=["a", "b"])
    entry = saved.get_saved(db, token, NOW)
    assert entry.seen_ids == ("a", "b") and entry.last_viewed_run is None
    saved.mark_viewed(db, entry.id, 7, ["c"])
    entry = saved.get_saved(db, token, NOW)
    assert entry.seen_ids == ("c",) and entry.last_viewed_run == 7


def test_a_naive_moment_is_taken_as_utc():
    naive = dt.datetime(2026, 11, 1, 12, 0)
    assert saved.stamp(naive) == saved.stamp(NOW) == "2026-11-01T12:00:00+00:00"
