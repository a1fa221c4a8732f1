"""The demo directory has real directories' breadth: focused and box-ticking."""

from __future__ import annotations

from matcher.demo import make_profiles
from matcher.directory.schema import parse_profile


def test_demo_profiles_range_from_focused_to_box_ticking():
    rows = make_profiles(1000, seed=3)
    counts = [len(r["specialties"].split(";")) for r in rows]
    focused = sum(3 <= c <= 6 for c in counts) / len(rows)
    ticking = sum(20 <= c <= 30 for c in counts) / len(rows)
    assert 0.3 < focused < 0.7 and 0.15 < ticking < 0.35
    given = [r for r in rows if r["top_specialties"]]
    assert 0.2 < len(given) / len(rows) < 0.4
    for row in given:
        parsed = parse_profile(row)
        assert not parsed.errors, parsed.errors
        top = parsed.values["top_specialties"]
        assert top == parsed.values["specialties"][: len(top)]
