"""What a search keeps between requests: word parts per fit, cards per version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.engine.matcher import Matcher
from matcher.engine.word_parts import WordParts
from tests.conftest import to_csv
from tests.engine_helpers import therapist
from web.refit import ProfileCards, VersionReader

TODAY = dt.date(2026, 6, 1)


def load(db_path: Path, rows) -> None:
    """Import rows into the database file and close the connection."""
    db = store.connect(db_path)
    assert import_bytes(db, to_csv(rows), "rows.csv").ok
    db.conn.close()


def fitted(db_path: Path, **options) -> Matcher:
    """Return a Matcher fitted on the database file as it is now."""
    db = store.connect(db_path)
    try:
        version = store.directory_version(db)
        return Matcher(**options).fit(store.load_directory(db), version)
    finally:
        db.conn.close()


def queries(reader: VersionReader) -> list[str]:
    """Start recording the statements the reader's kept connection runs."""
    reader.version()  # opens the kept connection
    seen: list[str] = []
    reader._db.conn.set_trace_callback(seen.append)
    return seen


def test_listing_caveats_are_kept_per_day_and_setting(db_path):
    load(db_path, [therapist("ma-1", updated_at="2026-05-01")])
    parts = WordParts(fitted(db_path).index_)
    fresh = parts.status_caveats(0, TODAY, 365)
    stale = parts.status_caveats(0, TODAY + dt.timedelta(days=500), 365)  # 531 days
    strict = parts.status_caveats(0, TODAY, 10)
    assert fresh == ()
    assert stale and "last confirmed 17 months ago" in stale[0]
    assert strict and "last confirmed 1 months ago" in strict[0]
    assert parts.status_caveats(0, TODAY, 365) is fresh  # kept, not worded again


def test_word_parts_start_afresh_when_full(db_path):
    load(db_path, [therapist(f"ma-{i}") for i in range(3)])
    parts = WordParts(fitted(db_path).index_, max_kept=2)
    first = parts.profile(0)
    parts.profile(1)
    parts.profile(2)  # full: the kept rows are dropped
    assert parts.profile(0) == first and parts.profile(0) is not first
    assert len(parts._profiles) <= 2


def test_a_new_fit_words_from_the_new_directory(db_path):
    load(db_path, [therapist("ma-1", specialties=["anxiety"])])
    request = {"state": "MA", "concerns": ["anxiety"], "limit": 10}
    before = fitted(db_path, today=TODAY).rank(request).matches[0]
    load(db_path, [therapist("ma-1", specialties=["depression"])])
    after = fitted(db_path, today=TODAY).rank(request).matches[0]
    assert before.factors[0].detail == "Anxiety is their main specialty"
    assert after.factors[0].detail == "Doesn't list anxiety"


def test_cards_are_read_once_per_version(db_path):
    load(db_path, [therapist("ma-1", name="Ada"), therapist("ma-2", name="Bo")])
    reader = VersionReader(str(db_path))
    cards, version = ProfileCards(reader), reader.version()
    seen = queries(reader)
    first = cards.get(version, ["ma-2", "ma-1", "ma-9"])
    assert [first[i]["name"] for i in first] == ["Bo", "Ada"]  # the order asked
    read = len(seen)
    assert cards.get(version, ["ma-1", "ma-2"]) == {
        k: first[k] for k in ("ma-1", "ma-2")
    }
    assert len(seen) == read  # no query the second time
    assert read > 0


def test_cards_follow_a_new_version_and_keep_no_mix(db_path):
    load(db_path, [therapist("ma-1", name="Ada")])
    reader = VersionReader(str(db_path))
    cards, old = ProfileCards(reader), reader.version()
    assert cards.get(old, ["ma-1"])["ma-1"]["name"] == "Ada"
    load(db_path, [therapist("ma-1", name="Ada Lovelace"), therapist("ma-2")])
    new = reader.version()
    assert new != old
    assert cards.get(new, ["ma-1"])["ma-1"]["name"] == "Ada Lovelace"
    # An answer still from the old version: a card not kept for it is read as
    # the database holds it now, and is not kept under the old version.
    assert cards.get(old, ["ma-2"])["ma-2"]["id"] == "ma-2"
    assert cards._kept[0] == new


def test_cards_start_afresh_when_full(db_path):
    load(db_path, [therapist(f"ma-{i}") for i in range(4)])
    reader = VersionReader(str(db_path))
    cards, version = ProfileCards(reader, max_kept=2), reader.version()
    cards.get(version, ["ma-0", "ma-1"])
    got = cards.get(version, ["ma-2"])
    assert list(got) == ["ma-2"]
    assert len(cards._kept[1]) <= 2


def test_kept_concern_words_tell_apart_what_they_read():
    from matcher.engine.explain import _concern_words

    listed = {"specialties": ["anxiety", "grief"], "top_specialties": ["anxiety"]}
    speaks = {**listed, "bio_focus": {"anxiety": 1.0}}
    quiet = {**listed, "bio_focus": {"anxiety": 0.1}}
    broad = {**speaks, "top_specialties": ["grief"]}
    asked = ("anxiety",)
    worded = [_concern_words(p, asked, asked) for p in (speaks, quiet, broad, speaks)]
    assert worded[0] == worded[3]  # the same values: the same (kept) words
    assert len({worded[0][2], worded[1][2], worded[2][2]}) == 3  # caveats differ
    assert worded[0][2] is None and "says little about" in worded[1][2]
    assert "not among their top specialties" in worded[2][2]
