"""The demo directory states open slots, so the waitlist assignment runs on it."""

from __future__ import annotations

import json
from collections import Counter

from matcher import Matcher, store
from matcher.assign import assign, parse_waitlist, slots_of
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv


def test_open_slots_follow_taking_new_clients():
    rows = make_profiles(400)
    cells = Counter((r["accepting_new_clients"], r["open_slots"]) for r in rows)
    assert {slots for taking, slots in cells if taking == "false"} == {"0"}
    stated = {s for taking, s in cells if taking != "false"}
    assert stated == {"", "0", "1", "2", "3", "4"}
    open_now = sum(n for (t, s), n in cells.items() if s not in ("", "0"))
    assert 0.3 < open_now / len(rows) < 0.6


def test_open_slots_import_as_stated():
    rows = make_profiles(60, seed=3)
    db = store.connect(memory=True)
    assert import_bytes(db, to_csv(rows), "demo.csv").ok
    for row in rows:
        kept = store.get_profile(db, row["id"])["open_slots"]
        assert kept == (int(row["open_slots"]) if row["open_slots"] else None)


def test_a_demo_waitlist_is_assigned_within_the_slots():
    db = store.connect(memory=True)
    assert import_bytes(db, to_csv(make_profiles(300)), "demo.csv").ok
    profiles = store.load_directory(db)
    slots = slots_of(profiles)
    assert slots and all(n > 0 for n in slots.values())
    lines = "\n".join(json.dumps(r) for r in make_requests(40))
    waitlist = parse_waitlist(lines.encode())
    result = assign(Matcher().fit(profiles), waitlist.clients, slots)
    placed = Counter(p.therapist_id for p in result.placements if p.therapist_id)
    assert placed and all(placed[t] <= slots[t] for t in placed)
